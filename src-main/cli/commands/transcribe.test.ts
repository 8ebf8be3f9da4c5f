import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WaveFile } from 'wavefile';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../program';
import { transcribeCommand } from './transcribe';
import { modelsCommand } from './models';
import { readWavFile } from '../../core/audio/wav';

const repoRoot = path.resolve(__dirname, '../../..');
const speech = (f: string) => path.resolve(repoRoot, 'test/fixtures/speech', f);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-transcribe-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function cli(args: string[], dataDir = fs.mkdtempSync(path.join(tmp, 'data-'))) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
  const code = await runCli(['--data-dir', dataDir, ...args], [transcribeCommand, modelsCommand]);
  vi.restoreAllMocks();
  return { code, stdout: out.join(''), stderr: err.join(''), dataDir };
}

/** A stereo call recording: left (rep) "go forward ten meters", right (customer) "ten of clubs" then "seven of clubs". */
function stereoCall(): string {
  const rep = readWavFile(speech('goforward.wav')).channels[0]!;
  const c1 = readWavFile(speech('001.wav')).channels[0]!;
  const c3 = readWavFile(speech('003.wav')).channels[0]!;
  const n = 16_000 * 9;
  const left = new Int16Array(n);
  const right = new Int16Array(n);
  const put = (dst: Int16Array, src: Float32Array, atS: number) => src.forEach((v, i) => (dst[Math.round(atS * 16_000) + i] = Math.round(v * 32767)));
  put(right, c1, 0.3);
  put(left, rep, 2.2);
  put(right, c3, 6.0);
  const wav = new WaveFile();
  wav.fromScratch(2, 16_000, '16', [left, right]);
  const file = path.join(tmp, 'call.wav');
  fs.writeFileSync(file, wav.toBuffer());
  return file;
}

type Line = { speaker: string; start: number; end: number; text: string; language: string | null; engine: string; partial: boolean };

describe('salesedge transcribe', () => {
  it('prints one JSON object per utterance with speaker, timing, text, language, engine; says which engine on stderr', async () => {
    const file = stereoCall();
    const res = await cli(['--json', 'transcribe', file, '--language', 'en']);
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('salesedge: no Whisper model installed (run `salesedge models fetch base`); using pocketsphinx en-us (CPU)\n');
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(['speaker', 'start', 'end', 'text', 'language', 'engine', 'partial']);
      expect(l).toMatchObject({ engine: 'pocketsphinx', partial: false, language: 'en' });
      expect(l.end).toBeGreaterThan(l.start);
    }
    const rep = lines.filter((l) => l.speaker === 'rep');
    const customer = lines.filter((l) => l.speaker === 'customer');
    expect(rep.map((l) => l.text).join(' ')).toMatch(/forward/);
    expect(customer.map((l) => l.text).join(' ')).toMatch(/clubs.*clubs/);
    // In stream order: customer at 0.3 s, rep at 2.2 s, customer at 6 s.
    expect(lines.map((l) => l.speaker)).toEqual(['customer', 'rep', 'customer']);
    expect(customer[0]!.start).toBeLessThan(1);
    expect(rep[0]!.start).toBeGreaterThan(1.9);
    expect(rep[0]!.end).toBeLessThan(5.5);
    expect(customer[1]!.start).toBeGreaterThan(5.7);
  }, 120_000);

  it('--engine pocketsphinx --partials also prints partial lines before the finals', async () => {
    const res = await cli(['--json', 'transcribe', speech('005.wav'), '--engine', 'pocketsphinx', '--partials', '--language', 'en']);
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('salesedge: using pocketsphinx en-us (CPU) (--engine pocketsphinx)\n');
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
    expect(lines.at(-1)!.partial).toBe(false);
    expect(lines.filter((l) => !l.partial).map((l) => l.text).join(' ')).toMatch(/clubs/);
    // A mono file is the customer unless --mono rep says otherwise.
    expect(new Set(lines.map((l) => l.speaker))).toEqual(new Set(['customer']));
  }, 120_000);

  it('fails with one line: Whisper without a model, Portuguese on pocketsphinx, a missing file, a bad option', async () => {
    const noModel = await cli(['transcribe', speech('001.wav'), '--engine', 'whisper']);
    expect([noModel.code, noModel.stderr]).toEqual([1, "salesedge: Whisper model 'base' is not installed: run `salesedge models fetch base`\n"]);
    const pt = await cli(['transcribe', speech('001.wav'), '--engine', 'pocketsphinx', '--language', 'pt']);
    expect(pt.code).toBe(1);
    expect(pt.stderr.trim().split('\n').at(-1)).toBe('salesedge: pocketsphinx has an English model only: use --engine whisper for Portuguese (salesedge models fetch base)');
    const missing = await cli(['transcribe', path.join(tmp, 'nope.wav')]);
    expect([missing.code, missing.stderr]).toEqual([1, `salesedge: audio file not found: ${path.join(tmp, 'nope.wav')}\n`]);
    const bad = await cli(['transcribe', speech('001.wav'), '--engine', 'vosk']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/argument 'vosk' is invalid\. must be one of whisper, pocketsphinx/);
  }, 60_000);
});

describe('salesedge models', () => {
  it('list --json: the manifest models (six f16, their q8_0/q5_1 files), none installed', async () => {
    const res = await cli(['--json', 'models', 'list']);
    expect(res.code).toBe(0);
    const rows = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string; installed: boolean; digest: string; quantization: string; url: string });
    expect(rows.filter((r) => r.quantization === 'f16').map((r) => r.name)).toEqual(['tiny', 'tiny.en', 'base', 'base.en', 'small', 'small.en']);
    expect(rows.filter((r) => r.quantization !== 'f16').map((r) => r.name)).toEqual(expect.arrayContaining(['tiny-q8_0', 'base-q8_0', 'base-q5_1']));
    expect(rows.every((r) => !r.installed && (r.quantization === 'f16' ? /^sha256:[0-9a-f]{64}$/ : /^sha1:[0-9a-f]{40}$/).test(r.digest))).toBe(true);
  });

  it('fetch prints progress and refuses a download that fails its checksum; verify reports a corrupt model', async () => {
    const body = Buffer.alloc(200_000, 1);
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-length': body.length }).end(body));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    process.env.SALESEDGE_MODELS_MIRROR = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const res = await cli(['--json', 'models', 'fetch', 'tiny']);
      expect(res.code).toBe(1);
      const progress = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; received: number; total: number });
      expect(progress[0]).toMatchObject({ event: 'progress', received: 0, total: 77_691_713 });
      expect(progress.at(-1)!.received).toBe(body.length);
      expect(res.stderr).toMatch(/^salesedge: download of 'tiny' from http:\/\/127\.0\.0\.1:\d+\/ggml-tiny\.bin failed its checksum \(size 200000 bytes, expected 77691713\); run `salesedge models fetch tiny` again\n$/);
    } finally {
      delete process.env.SALESEDGE_MODELS_MIRROR;
      await new Promise<void>((r) => server.close(() => r()));
    }
    const dataDir = fs.mkdtempSync(path.join(tmp, 'data-'));
    fs.mkdirSync(path.join(dataDir, 'models'));
    fs.writeFileSync(path.join(dataDir, 'models', 'ggml-base.bin'), 'not a model');
    const verify = await cli(['--json', 'models', 'verify'], dataDir);
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.stdout.trim())).toMatchObject({ name: 'base', ok: false, source: 'user' });
    expect(verify.stderr).toBe('salesedge: base failed verification: run `salesedge models fetch base`\n');
    const unknown = await cli(['models', 'fetch', 'huge']);
    expect(unknown.stderr).toMatch(/^salesedge: unknown model 'huge' \(known: tiny, tiny\.en, base, base\.en, small, small\.en, tiny-q5_1, .*, small-q8_0\)\n$/);
  }, 60_000);
});
