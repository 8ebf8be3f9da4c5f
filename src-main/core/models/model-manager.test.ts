import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createModelManager, sha256File } from './model-manager';
import { bundledManifest, type Manifest } from './manifest';

// A real HTTP server on 127.0.0.1 serving a 3 MB "model" with Range support, and a switch
// that cuts the first response half-way, to prove resume.
const payload = crypto.randomBytes(3 * 1024 * 1024 + 123);
const sha = crypto.createHash('sha256').update(payload).digest('hex');
let server: http.Server;
let base = '';
let requests: { range: string | undefined }[] = [];
let cutAfter: number | null = null;
let ignoreRange = false;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push({ range: req.headers.range });
    if (req.url !== '/ggml-test.bin') {
      res.writeHead(404).end();
      return;
    }
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m && !ignoreRange ? Number(m[1]) : 0;
    if (start >= payload.length) {
      res.writeHead(416).end();
      return;
    }
    const body = payload.subarray(start);
    res.writeHead(start > 0 ? 206 : 200, {
      'content-length': body.length,
      ...(start > 0 ? { 'content-range': `bytes ${start}-${payload.length - 1}/${payload.length}` } : {}),
    });
    if (cutAfter !== null) {
      const n = cutAfter;
      cutAfter = null;
      res.write(body.subarray(0, n), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

let dataDir = '';
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-models-'));
  requests = [];
  cutAfter = null;
  ignoreRange = false;
});

const testManifest = (overrides: Partial<Manifest['models'][number]> = {}): Manifest => ({
  schema: 1,
  models: [
    {
      name: 'test',
      engine: 'whisper',
      version: 't',
      file: 'ggml-test.bin',
      languages: 'multilingual',
      url: `${base}/ggml-test.bin`,
      size: payload.length,
      sha256: sha,
      license: 'MIT',
      quantization: 'f16',
      ...overrides,
    },
  ],
});

describe('bundled manifest', () => {
  it('lists tiny, base and small (multilingual and .en) in f16 with size and sha256, and their q8_0/q5_1 files with SHA-1', () => {
    const f16 = bundledManifest.models.filter((m) => m.quantization === 'f16');
    expect(f16.map((m) => m.name).sort()).toEqual(['base', 'base.en', 'small', 'small.en', 'tiny', 'tiny.en']);
    for (const m of bundledManifest.models) {
      expect(m.url).toBe(`https://huggingface.co/ggerganov/whisper.cpp/resolve/main/${m.file}`);
      expect(m.license).toMatch(/MIT/);
      if (m.quantization === 'f16') {
        expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(m.size).toBeGreaterThan(70_000_000);
      } else {
        expect(m.name).toBe(`${m.file.replace(/^ggml-|\.bin$/g, '')}`);
        expect(m.name.endsWith(`-${m.quantization}`)).toBe(true);
        expect(m.sha1).toMatch(/^[0-9a-f]{40}$/);
        expect(m.approxMiB).toBeGreaterThan(20);
        // Each quantised file has its f16 original in the manifest.
        expect(f16.some((o) => `${o.name}-${m.quantization}` === m.name)).toBe(true);
      }
    }
    for (const q of ['tiny-q8_0', 'tiny-q5_1', 'base-q8_0', 'base-q5_1']) expect(bundledManifest.models.some((m) => m.name === q)).toBe(true);
  });
});

describe('model manager', () => {
  it('fetches with progress, checks sha256, then lists the model as installed', async () => {
    const mm = createModelManager({ dataDir, env: {}, manifest: testManifest() });
    expect(mm.list()[0]!.installed).toBe(false);
    const progress: number[] = [];
    const res = await mm.fetch('test', { onProgress: (p) => progress.push(p.received) });
    expect(res).toMatchObject({ downloaded: true, resumedFrom: 0, source: 'user' });
    expect(progress.at(-1)).toBe(payload.length);
    expect(progress.length).toBeGreaterThan(2);
    expect(await sha256File(res.path)).toBe(sha);
    expect(fs.existsSync(`${res.path}.part`)).toBe(false);
    expect(mm.list()[0]).toMatchObject({ installed: true, source: 'user', path: res.path });
    expect((await mm.resolve('test')).path).toBe(res.path);
    // Already there: no second download.
    const again = await mm.fetch('test');
    expect(again.downloaded).toBe(false);
    expect(requests).toHaveLength(1);
  });

  it('resumes an interrupted download with an HTTP Range request', async () => {
    const mm = createModelManager({ dataDir, env: {}, manifest: testManifest() });
    cutAfter = 1_000_000;
    await expect(mm.fetch('test')).rejects.toThrow(/interrupted at .* run `salesedge models fetch test` again to resume/);
    const part = path.join(dataDir, 'models', 'ggml-test.bin.part');
    const have = fs.statSync(part).size;
    expect(have).toBeGreaterThan(0);
    expect(have).toBeLessThan(payload.length);
    const res = await mm.fetch('test');
    expect(res.resumedFrom).toBe(have);
    expect(requests.at(-1)!.range).toBe(`bytes=${have}-`);
    expect(await sha256File(res.path)).toBe(sha);
  });

  it('starts over when the server ignores Range', async () => {
    const mm = createModelManager({ dataDir, env: {}, manifest: testManifest() });
    fs.mkdirSync(path.join(dataDir, 'models'));
    fs.writeFileSync(path.join(dataDir, 'models', 'ggml-test.bin.part'), payload.subarray(0, 5000));
    ignoreRange = true;
    const res = await mm.fetch('test');
    expect(res.resumedFrom).toBe(0);
    expect(await sha256File(res.path)).toBe(sha);
  });

  it('rejects a download whose checksum does not match and installs nothing', async () => {
    const mm = createModelManager({ dataDir, env: {}, manifest: testManifest({ sha256: '0'.repeat(64) }) });
    await expect(mm.fetch('test')).rejects.toThrow(/failed its checksum .*salesedge models fetch test/);
    expect(fs.existsSync(path.join(dataDir, 'models', 'ggml-test.bin'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'models', 'ggml-test.bin.part'))).toBe(false);
  });

  it('uses the IT-provided folder (SALESEDGE_MODELS_DIR) before any download', async () => {
    const itDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-it-'));
    fs.writeFileSync(path.join(itDir, 'ggml-test.bin'), payload);
    const mm = createModelManager({ dataDir, env: { SALESEDGE_MODELS_DIR: itDir }, manifest: testManifest() });
    const res = await mm.fetch('test');
    expect(res).toMatchObject({ downloaded: false, source: 'it', path: path.join(itDir, 'ggml-test.bin') });
    expect(requests).toHaveLength(0);
    expect(mm.list()[0]).toMatchObject({ installed: true, source: 'it' });
    // The policy option works the same way.
    const viaPolicy = createModelManager({ dataDir, env: {}, itModelsDir: itDir, manifest: testManifest() });
    expect((await viaPolicy.resolve('test')).source).toBe('it');
  });

  it('picks by default base before small and tiny, multilingual before .en, and q8_0 before f16 before q5_1 within a size', () => {
    const itDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-it-'));
    const names = ['tiny', 'base.en-q8_0', 'small', 'base-q5_1', 'base', 'base-q8_0', 'tiny-q8_0'];
    for (const n of names) fs.writeFileSync(path.join(itDir, `ggml-${n}.bin`), 'x');
    const manifest: Manifest = { schema: 1, models: names.map((n) => ({ ...testManifest().models[0]!, name: n, file: `ggml-${n}.bin`, languages: n.includes('.en') ? 'en' : 'multilingual' })) };
    const mm = createModelManager({ dataDir, env: { SALESEDGE_MODELS_DIR: itDir }, manifest });
    expect(mm.installed().map((m) => m.name)).toEqual(['base-q8_0', 'base', 'base-q5_1', 'small', 'tiny-q8_0', 'tiny', 'base.en-q8_0']);
  });

  it('downloads from SALESEDGE_MODELS_MIRROR instead of the manifest host', async () => {
    const mm = createModelManager({ dataDir, env: { SALESEDGE_MODELS_MIRROR: `${base}/` }, manifest: testManifest({ url: 'https://example.invalid/x/ggml-test.bin' }) });
    expect((await mm.fetch('test')).downloaded).toBe(true);
  });

  it('gives one-line errors naming the fixing command for missing, truncated and corrupt models', async () => {
    const mm = createModelManager({ dataDir, env: {}, manifest: testManifest() });
    await expect(mm.resolve('test')).rejects.toThrow("Whisper model 'test' is not installed: run `salesedge models fetch test`");
    fs.mkdirSync(path.join(dataDir, 'models'));
    const file = path.join(dataDir, 'models', 'ggml-test.bin');
    fs.writeFileSync(file, payload.subarray(0, 100));
    await expect(mm.resolve('test')).rejects.toThrow(/is corrupt \(size 100 bytes, expected \d+\): run `salesedge models fetch test`/);
    const flipped = Buffer.from(payload);
    flipped[1000] = flipped[1000]! ^ 0xff;
    fs.writeFileSync(file, flipped);
    const err = await mm.resolve('test').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/corrupt \(sha256 .*\): run `salesedge models fetch test`/);
    expect((err as Error).message).not.toContain('\n');
    const verify = await mm.verify(['test']);
    expect(verify[0]).toMatchObject({ ok: false });
    // fetch repairs it.
    const fixed = await mm.fetch('test');
    expect(fixed.downloaded).toBe(true);
    expect((await mm.verify())[0]).toMatchObject({ ok: true, problem: null });
    await expect(mm.resolve('nope')).rejects.toThrow("unknown model 'nope' (known: test)");
  });

  it('fetches a model that has only a SHA-1 and no size (the quantised files): size from the server, SHA-1 checked', async () => {
    const sha1 = crypto.createHash('sha1').update(payload).digest('hex');
    const mm = createModelManager({ dataDir, env: {}, manifest: testManifest({ size: undefined, sha256: undefined, sha1, approxMiB: 3, quantization: 'q8_0' }) });
    const totals: number[] = [];
    const res = await mm.fetch('test', { onProgress: (p) => totals.push(p.total) });
    expect(res.downloaded).toBe(true);
    expect(res.bytes).toBe(payload.length);
    expect(totals.at(-1)).toBe(payload.length);
    expect(mm.list()[0]).toMatchObject({ installed: true, sizeExact: false, digest: `sha1:${sha1}`, quantization: 'q8_0' });
    expect((await mm.verify())[0]).toMatchObject({ ok: true });
    const bad = createModelManager({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-models-')), env: {}, manifest: testManifest({ size: undefined, sha256: undefined, sha1: '0'.repeat(40) }) });
    await expect(bad.fetch('test')).rejects.toThrow(/^download of 'test' from \S+ failed its checksum \(sha1 [0-9a-f]{12}…, expected 000000000000…\); run `salesedge models fetch test` again$/);
  });

  it('reports a server that is not there as a one-line error', async () => {
    // A port that was just free: nothing listens there.
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const mm = createModelManager({ dataDir, env: {}, manifest: testManifest({ url: `http://127.0.0.1:${port}/ggml-test.bin` }) });
    await expect(mm.fetch('test')).rejects.toThrow(new RegExp(`^cannot download test from http://127\\.0\\.0\\.1:${port}/ggml-test\\.bin: ECONNREFUSED`));
  });
});
