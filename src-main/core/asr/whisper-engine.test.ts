// Whisper proven without real weights: the project's addon (native/whisper, built from source)
// really loads with the best CPU kernels for this machine, a shape-identical random-weight model
// (scripts/make-random-ggml.py) loads and runs off the JS thread, decodes are sized to the
// utterance, an abort stops a decode mid-way, and missing, corrupt or wrong-kind models give the
// model manager's one-line error. With SALESEDGE_WHISPER_MODEL=/path/ggml-base.bin the same tests
// also check real words.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { checkWhisperModelHeader, cpuLevelOf, gpuDevicePresent, loadWhisperAddon, openWhisperContext, physicalCores, probeWhisperBackend } from '../../../native/whisper';
import { audioCtxFor, maxTokensFor, openWhisperEngine, promptTail } from './whisper-engine';
import { createAsrStatus, openAsrEngine } from './select-engine';
import { readWavFile } from '../audio/wav';
import { quantizedRandomWhisperModel, randomWhisperModel } from '../../../test/fixture-cache';
import { createCore, type Core } from '../core';
import { appHandlers } from '../api/app-handlers';
import { createLogger } from '../logger';

const repoRoot = path.resolve(__dirname, '../../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-whisper-'));
// Random-weight tiny model (77.7 MB), made once and cached by the generator's content.
const randomTiny = randomWhisperModel('tiny');
const realModel = process.env.SALESEDGE_WHISPER_MODEL;
const speech = (name: string) => readWavFile(path.resolve(repoRoot, 'test/fixtures/speech', name)).channels[0]!;
const cores: Core[] = [];
const newCore = () => {
  const core = createCore({ dataDir: fs.mkdtempSync(path.join(tmp, 'data-')), log: createLogger('silent') });
  cores.push(core);
  return core;
};

afterAll(async () => {
  for (const c of cores) await c.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The CPU flags ggml's variants are chosen by, from /proc/cpuinfo. */
const cpuFlags = (): Set<string> => new Set((/^flags\s*:(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '').trim().split(/\s+/));

describe('the whisper.cpp addon (native/whisper)', () => {
  it('loads from the source build with the best CPU kernels this CPU has, and says which', () => {
    const a = loadWhisperAddon();
    expect(a.whisperVersion).toMatch(/^1\.\d+\.\d+/);
    expect(a.devices.some((d) => d.type === 'cpu')).toBe(true);
    // The portable build ships one CPU library per instruction-set level...
    const variants = fs.readdirSync(a.dir).filter((f) => /^libggml-cpu-.+\.so$/.test(f));
    expect(variants).toEqual(expect.arrayContaining(['libggml-cpu-x64.so', 'libggml-cpu-sse42.so', 'libggml-cpu-haswell.so', 'libggml-cpu-skylakex.so']));
    // ...and ggml keeps the best one for this machine.
    const flags = cpuFlags();
    const want = flags.has('avx512f') ? 'AVX-512' : flags.has('avx2') ? 'AVX2' : flags.has('avx') ? 'AVX' : 'SSE';
    expect(a.cpuLevel).toBe(want);
    expect(probeWhisperBackend()).toEqual({ backend: a.backend, cpuLevel: a.cpuLevel });
    if (process.platform === 'linux' && !gpuDevicePresent('CUDA', 'linux').ok && !gpuDevicePresent('Vulkan', 'linux').ok) expect(a.backend).toBe('CPU');
    expect(cpuLevelOf('CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 |')).toBe('AVX2');
    expect(cpuLevelOf('CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | AVX512 = 1 |')).toBe('AVX-512');
    expect(physicalCores()).toBeGreaterThan(0);
    expect(physicalCores({ SALESEDGE_WHISPER_THREADS: '3' })).toBe(3);
  });

  it('runs a pinned older CPU variant too (SALESEDGE_WHISPER_CPU_VARIANT), in a process of its own', () => {
    // Backends load once per process, so a child process pins the AVX-only library and decodes.
    const script = `
      const { openWhisperContext, loadWhisperAddon } = require(${JSON.stringify(path.join(repoRoot, 'native/whisper/index.ts'))});
      (async () => {
        const a = loadWhisperAddon();
        const ctx = await openWhisperContext(${JSON.stringify(randomTiny)});
        const out = await ctx.transcribe(new Float32Array(16000), { language: 'en', threads: 1, audioCtx: 64, maxTokens: 2 });
        await ctx.release();
        console.log(JSON.stringify({ level: a.cpuLevel, tokens: out.tokens }));
      })().catch((e) => { console.error(e.message); process.exit(1); });`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', env: { ...process.env, SALESEDGE_WHISPER_CPU_VARIANT: 'sandybridge' }, timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({ level: 'AVX', tokens: expect.any(Number) });
    const bad = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', env: { ...process.env, SALESEDGE_WHISPER_CPU_VARIANT: 'nosuch' }, timeout: 60_000 });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^SALESEDGE_WHISPER_CPU_VARIANT=nosuch: no libggml-cpu-nosuch\.so in \S+$/);
  }, 180_000);

  it('decodes quantised models (q8_0, q4_0) with the best kernels this CPU has, AMX included where it has it, in a process of its own', () => {
    // On an AMX CPU (Sapphire Rapids and later) ggml runs q8_0/q4_0 on AMX tiles; unpatched, that
    // was an illegal instruction that killed the process (native/whisper/patches.mjs).
    const script = `
      const { openWhisperContext, loadWhisperAddon } = require(${JSON.stringify(path.join(repoRoot, 'native/whisper/index.ts'))});
      (async () => {
        const a = loadWhisperAddon();
        for (const model of process.argv.slice(1)) {
          const ctx = await openWhisperContext(model);
          const out = await ctx.transcribe(new Float32Array(32000), { language: 'en', threads: 2, audioCtx: 128, maxTokens: 3 });
          await ctx.release();
          console.log(JSON.stringify({ amx: /AMX_INT8 = 1/.test(a.systemInfo), tokens: out.tokens }));
        }
      })().catch((e) => { console.error(e.message); process.exit(1); });`;
    const models = [quantizedRandomWhisperModel('tiny', 'q8_0'), quantizedRandomWhisperModel('tiny', 'q4_0')];
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script, ...models], { encoding: 'utf8', timeout: 300_000 });
    expect({ status: r.status, signal: r.signal, stderr: r.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { amx: boolean; tokens: number });
    expect(rows).toHaveLength(2);
    const flags = cpuFlags();
    for (const row of rows) {
      // ggml's sapphirerapids variant: what it needs beside AMX decides whether it is picked.
      expect(row.amx).toBe(['amx_tile', 'amx_int8', 'avx512_bf16', 'avx512vbmi', 'avx512_vnni', 'avx512bw'].every((f) => flags.has(f)));
      expect(row.tokens).toBeGreaterThan(0);
    }
  }, 600_000);

  it('loads and decodes on CPUs this machine is not: an AVX2-only Haswell and an SSE4.2 Nehalem under qemu-user, each with its own kernels', () => {
    // scripts/check-portable-whisper.mjs runs Node under `qemu-x86_64 -cpu MODEL` (CI installs qemu-user).
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/check-portable-whisper.mjs'), randomTiny, 'Haswell', 'Nehalem'], { encoding: 'utf8', timeout: 600_000 });
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { cpu: string; level: string; tokens: number });
    expect(rows.map((x) => [x.cpu, x.level])).toEqual([
      ['Haswell', 'AVX2'],
      ['Nehalem', 'SSE'],
    ]);
    for (const x of rows) expect(x.tokens).toBeGreaterThan(0);
    expect(r.status).toBe(0);
  }, 600_000);

  it('keeps a random-weight tiny model resident and decodes off the JS thread: the event loop never stalls 20 ms', async () => {
    expect(fs.statSync(randomTiny).size).toBeGreaterThan(75_000_000); // same tensors as ggml-tiny.bin (77.7 MB)
    const engine = await openWhisperEngine({ modelPath: realModel ?? randomTiny, modelName: realModel ? 'real' : 'tiny-random' });
    expect(engine.backend).toMatch(/^whisper\.cpp (tiny-random|real) \((CUDA|Vulkan|Metal|CPU (AVX-512|AVX2|AVX|SSE|NEON|baseline))\)$/);
    const samples = speech('005.wav');
    const opts = { language: 'en' as const, startMs: 0, endMs: 3500, speaker: 'customer' as const };
    await engine.transcribe(samples, opts); // warm-up: first-use allocations
    // Several decodes back to back, the loop watched at 1 ms resolution the whole time, and the
    // JS thread's own busy time (event-loop utilisation: time not parked in epoll). A decode that
    // ran on the JS thread would make the thread busy for the whole decode (utilisation near 1);
    // one off the thread leaves it idle (about 0.05 on a quiet machine). Both figures also count
    // the OS scheduler taking the core away on a 2-core machine that runs two decode threads and
    // other test files: a 40 ms max delay was seen that way in CI, and utilisation 0.103 (the
    // 1 ms histogram's own wake-ups run slower on a contended core). So the histogram is held to
    // its 99th percentile and the utilisation to half: still a clear fail for an on-thread
    // decode, never one for load. Speed itself is the benchmark's job (npm run bench).
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const elu0 = performance.eventLoopUtilization();
    const started = performance.now();
    let res = { text: '', language: null as 'pt' | 'en' | null };
    for (let i = 0; i < 3; i++) res = await engine.transcribe(samples, opts);
    const elapsed = performance.now() - started;
    const busy = performance.eventLoopUtilization(elu0);
    h.disable();
    expect(typeof res.text).toBe('string');
    expect(res.language).toBe('en');
    if (realModel) expect(res.text.toLowerCase()).toMatch(/spades|clubs|hearts/);
    expect(elapsed).toBeGreaterThan(100); // it did real work
    expect(h.percentile(99) / 1e6).toBeLessThan(20);
    expect(busy.utilization).toBeLessThan(0.5); // the thread stayed mostly free: the work was elsewhere
    // Sized to the utterance: 3.5 s of audio → 175 frames + 50 margin → 256, and a bounded decode.
    expect(engine.last!.audioCtx).toBe(256);
    expect(engine.last!.tokens).toBeLessThanOrEqual(maxTokensFor(samples.length));
    await engine.close();
  }, 300_000);

  it('sizes the encoder and the decoder to the utterance', () => {
    expect(audioCtxFor(16_000 * 4)).toBe(256); // 4 s: 200 + 50 → 256
    expect(audioCtxFor(16_000 * 1)).toBe(128);
    expect(audioCtxFor(16_000 * 10)).toBe(576);
    expect(audioCtxFor(16_000 * 40)).toBe(1500); // never more than Whisper's window
    expect(audioCtxFor(16_000 * 4, 'full')).toBe(1500);
    expect(audioCtxFor(16_000 * 4, 0)).toBe(256);
    expect(maxTokensFor(16_000 * 4)).toBe(38); // a 4 s utterance never decodes 200 tokens
    expect(maxTokensFor(16_000 * 60)).toBe(224);
  });

  it('bounds a random-weight decode by the utterance length, and by a tighter caller bound', async () => {
    const ctx = await openWhisperContext(randomTiny);
    const four = new Float32Array(16_000 * 4).map((_, i) => 0.1 * Math.sin(i / 7));
    const bounded = await ctx.transcribe(four, { language: 'pt', audioCtx: audioCtxFor(four.length), maxTokens: maxTokensFor(four.length) });
    expect(bounded.tokens).toBeLessThanOrEqual(maxTokensFor(four.length));
    const tight = await ctx.transcribe(four, { language: 'pt', audioCtx: 256, maxTokens: 5 });
    expect(tight.tokens).toBeLessThanOrEqual(5);
    expect(tight.audioCtx).toBe(256);
    expect(ctx.tokenCount('go forward ten meters')).toBeGreaterThan(3);
    await ctx.release();
    await expect(ctx.transcribe(four, { language: 'en' })).rejects.toThrow('whisper context already released');
  }, 120_000);

  it('aborts a decode mid-way with an AbortError, and the model keeps working', async () => {
    const ctx = await openWhisperContext(randomTiny);
    const long = new Float32Array(16_000 * 20).map((_, i) => 0.1 * Math.sin(i / 5));
    // Full window, no bound: seconds of work on this CPU.
    const full = { language: 'en', threads: 2, audioCtx: 1500, maxTokens: 0 };
    const ctrl = new AbortController();
    const t0 = performance.now();
    const run = ctx.transcribe(long, { ...full, signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 50);
    const err = (await run.catch((e: Error) => e)) as Error;
    const abortedAfter = performance.now() - t0;
    expect(err.name).toBe('AbortError');
    expect(err.message).toBe('whisper decode aborted');
    // One unaborted full-window decode, to compare: the abort cut it short.
    const t1 = performance.now();
    await ctx.transcribe(long, { ...full, maxTokens: 8 });
    const fullMs = performance.now() - t1;
    expect(abortedAfter).toBeLessThan(fullMs);
    // An already-aborted signal never starts.
    await expect(ctx.transcribe(long, { ...full, signal: AbortSignal.abort() })).rejects.toThrow('whisper decode aborted');
    const after = await ctx.transcribe(long.subarray(0, 16_000), { language: 'en', audioCtx: 64, maxTokens: 2 });
    expect(after.tokens).toBeLessThanOrEqual(2);
    await ctx.release();
  }, 120_000);

  it('says which command fixes a missing model file, in one line', async () => {
    await expect(openWhisperEngine({ modelPath: path.join(tmp, 'nope.bin'), modelName: 'base' })).rejects.toThrow(
      "Whisper model 'base' is not installed: run `salesedge models fetch base`",
    );
  });

  it('says what is wrong with a corrupt or wrong-kind model file, in one line, and does not crash', async () => {
    const garbage = path.join(tmp, 'garbage.bin');
    fs.writeFileSync(garbage, Buffer.alloc(4096, 7));
    const truncated = path.join(tmp, 'truncated.bin');
    fs.writeFileSync(truncated, fs.readFileSync(randomTiny).subarray(0, 3_000_000));
    const gguf = path.join(tmp, 'llama.gguf');
    fs.writeFileSync(gguf, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(4096)]));
    const notWhisper = path.join(tmp, 'not-whisper.bin'); // ggml magic, other hyper-parameters
    const head = Buffer.alloc(4096);
    head.writeUInt32LE(0x67676d6c, 0);
    head.writeInt32LE(32000, 4);
    fs.writeFileSync(notWhisper, head);
    const tiny = path.join(tmp, 'tiny.bin');
    fs.writeFileSync(tiny, 'ggml');
    const cases: [string, string][] = [
      [garbage, 'it is not a whisper.cpp ggml model (bad magic)'],
      [gguf, 'it is a GGUF file (a llama.cpp model?), not a whisper.cpp ggml model'],
      [notWhisper, 'its header is not a Whisper model’s (wrong vocabulary, context or mel size)'],
      [tiny, 'it is only 4 bytes'],
    ];
    for (const [file, why] of cases) {
      expect(checkWhisperModelHeader(file)).toBe(why);
      const err = (await openWhisperEngine({ modelPath: file, modelName: 'base' }).catch((e: Error) => e)) as Error;
      expect(err.message).toBe(`Whisper model 'base' at ${file} is corrupt (whisper.cpp could not load it: ${why}): run \`salesedge models fetch base\` to download it again`);
    }
    // A good header with the tensors cut off: whisper.cpp's own loader refuses it.
    expect(checkWhisperModelHeader(truncated)).toBeNull();
    const err = (await openWhisperEngine({ modelPath: truncated, modelName: 'base' }).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/^Whisper model 'base' at \S+truncated\.bin is corrupt \(whisper\.cpp could not load it: [^\n]+\): run `salesedge models fetch base` to download it again$/);
  });
});

describe('openAsrEngine', () => {
  it('with --engine whisper and no model: the missing-model error naming the fetch command', async () => {
    const core = newCore();
    await expect(openAsrEngine(core, { engine: 'whisper', env: {} })).rejects.toThrow("Whisper model 'base' is not installed: run `salesedge models fetch base`");
  });

  it('with a corrupt installed model: the model manager error (checksum), never undefined', async () => {
    const core = newCore();
    fs.mkdirSync(path.join(core.dataDir, 'models'));
    fs.copyFileSync(randomTiny, path.join(core.dataDir, 'models', 'ggml-tiny.bin'));
    await expect(openAsrEngine(core, { engine: 'whisper', env: {} })).rejects.toThrow(
      /^Whisper model 'tiny' at .*ggml-tiny\.bin is corrupt \(size \d+ bytes, expected 77691713\): run `salesedge models fetch tiny` to download it again$/,
    );
    // Without --engine it says why and falls back to pocketsphinx for English.
    const { engine, note } = await openAsrEngine(core, { env: {}, language: 'en' });
    expect(engine.id).toBe('pocketsphinx');
    expect(note).toMatch(/is corrupt .*salesedge models fetch tiny.*; using pocketsphinx en-us \(CPU\)$/);
    await engine.close();
  });

  it('without --engine: pocketsphinx when no Whisper model, Whisper when one is there; tells core.asr', async () => {
    const base = newCore();
    const core = { ...base, asr: createAsrStatus(base, { env: {} }) };
    expect(core.asr.backend()).toMatch(/^pocketsphinx en-us \(CPU\); whisper\.cpp ready \((CUDA|Vulkan|Metal|CPU [\w-]+)\), no model: salesedge models fetch base$/);
    expect(appHandlers['app.info'](undefined as never, core).asrBackend).toBe(core.asr.backend());
    const first = await openAsrEngine(core, { env: {} });
    expect(first.engine.id).toBe('pocketsphinx');
    expect(first.note).toBe('no Whisper model installed (run `salesedge models fetch base`); using pocketsphinx en-us (CPU)');
    await first.engine.close();
    await expect(openAsrEngine(core, { env: {}, language: 'pt' })).rejects.toThrow('no Whisper model installed (run `salesedge models fetch base`); Portuguese needs Whisper');

    const env = { SALESEDGE_WHISPER_MODEL: randomTiny };
    const probed = createAsrStatus(newCore(), { env });
    expect(probed.backend()).toMatch(/^whisper\.cpp tiny-random \((CUDA|Vulkan|Metal|CPU [\w-]+)\)$/);
    const second = await openAsrEngine(core, { env });
    expect(second.engine.id).toBe('whisper');
    expect(second.note).toMatch(/^using whisper\.cpp tiny-random \((CUDA|Vulkan|Metal|CPU [\w-]+)\)$/);
    expect(core.asr.backend()).toBe(second.engine.backend);
    await second.engine.close();
    const badPath = 'SALESEDGE_WHISPER_MODEL points to /no/such/ggml-base.bin, which does not exist: fix the path or unset it and run `salesedge models fetch base`';
    await expect(openAsrEngine(core, { engine: 'whisper', env: { SALESEDGE_WHISPER_MODEL: '/no/such/ggml-base.bin' } })).rejects.toThrow(badPath);
    // Without --engine the same problem is the note, and English still gets transcribed.
    const third = await openAsrEngine(core, { env: { SALESEDGE_WHISPER_MODEL: '/no/such/ggml-base.bin' } });
    expect(third.note).toBe(`${badPath}; using pocketsphinx en-us (CPU)`);
    await third.engine.close();
  });
});

describe('promptTail', () => {
  it('keeps the end of the previous utterance within the token budget, at a word boundary', () => {
    const count = (t: string) => t.split(' ').length; // one token a word
    expect(promptTail('a b c d e f g h', 3, count)).toBe('f g h');
    expect(promptTail('short', 48, count)).toBe('short');
    // No spaces (a random-weight model's output): cut by characters.
    const chars = (t: string) => t.length;
    expect(promptTail('x'.repeat(400), 48, chars).length).toBeLessThanOrEqual(48);
  });
});
