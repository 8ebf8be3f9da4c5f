// Whisper compute cost through the real whisper.cpp binding (@fugood/whisper.node), model resident.
// Without SALESEDGE_WHISPER_MODEL the weights are RANDOM (scripts/make-random-ggml.py, shapes and
// vocabulary of tiny and base): the figures are compute cost, not accuracy, and a random model
// stops decoding after a token or two, so a fixed 32-token decode is also given, computed from
// whisper.cpp's own fixed-work bench (encode + 256 single-token decodes).
// SALESEDGE_WHISPER_MODEL=/path/ggml-base.bin measures that real model instead.
// SALESEDGE_BENCH_WHISPER=tiny (or tiny,base) picks the random models; SALESEDGE_WHISPER_BACKEND=cpu forces CPU.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWhisperContext, loadWhisperBinding } from '../native/whisper';
import { readWavFile } from '../src-main/core/audio/wav';
import { openPocketsphinxEngine } from '../src-main/core/asr/pocketsphinx-engine';

const repoRoot = path.resolve(__dirname, '..');
const TOKENS = 32;

function randomModel(name: string): string {
  const dir = path.join(os.tmpdir(), 'salesedge-bench-ggml');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `ggml-${name}-random.bin`);
  if (!fs.existsSync(file)) execFileSync('python3', [path.join(repoRoot, 'scripts/make-random-ggml.py'), name, file], { stdio: 'inherit' });
  return file;
}

async function main() {
  const binding = loadWhisperBinding();
  const threads = Math.max(1, Math.min(8, os.cpus().length));
  console.log(`whisper.cpp binding ${binding.variant}, backend ${binding.backend}, ${threads} threads`);
  if (binding.tried.length) console.log(`  (not loadable here: ${binding.tried.join('; ')})`);
  const real = process.env.SALESEDGE_WHISPER_MODEL;
  const models: { label: string; file: string }[] = real
    ? [{ label: `real ${path.basename(real)}`, file: real }]
    : (process.env.SALESEDGE_BENCH_WHISPER ?? 'tiny,base').split(',').map((n) => ({ label: `${n.trim()} (random weights)`, file: randomModel(n.trim()) }));
  const utterance = readWavFile(path.resolve(repoRoot, '../shared/fixtures/speech/goforward.wav')).channels[0]!;
  const uttMs = (utterance.length / 16_000) * 1000;

  for (const m of models) {
    const t0 = performance.now();
    const ctx = openWhisperContext(m.file);
    const loadMs = performance.now() - t0;
    // whisper.cpp's fixed-work bench: one 30 s-window encode, 256 one-token decodes.
    const b = await ctx.bench(threads);
    // whisper.cpp reports per-call averages: decodeMs is one single-token decode step.
    const perToken = b.decodeMs;
    const fixed = b.encodeMs + TOKENS * perToken;
    // A real call of the engine path (PCM in, text out), as a partial would run it (no fallback).
    const t1 = performance.now();
    const out = await ctx.transcribe(utterance, { language: 'en', threads, fallback: false });
    const wallMs = performance.now() - t1;
    await ctx.release();
    console.log(`\n${m.label} on ${ctx.backend}:`);
    console.log(`  model load (resident afterwards): ${loadMs.toFixed(0)} ms`);
    console.log(`  encode (one 30 s window): ${b.encodeMs.toFixed(0)} ms; decode ${perToken.toFixed(2)} ms/token; 256-token prompt ${b.promptMs.toFixed(0)} ms`);
    console.log(`  per-utterance latency, ${TOKENS} decoded tokens (encode + ${TOKENS} x decode): ${fixed.toFixed(0)} ms; real-time factor on a ${(uttMs / 1000).toFixed(1)} s utterance: ${(fixed / uttMs).toFixed(2)}`);
    console.log(`  measured transcribe() of that utterance: ${wallMs.toFixed(0)} ms (RTF ${(wallMs / uttMs).toFixed(2)}), text ${JSON.stringify(out.text.slice(0, 40))}`);
    console.log(`  system: ${b.systemInfo.trim()}`);
  }

  // The fallback engine, for comparison: same utterance, real weights (Debian en-us model).
  const ps = await openPocketsphinxEngine();
  const runs: number[] = [];
  let text = '';
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    text = (await ps.transcribe(utterance, { language: 'en', startMs: 0, endMs: uttMs, speaker: 'customer' })).text;
    runs.push(performance.now() - t);
  }
  await ps.close();
  runs.sort((a, b) => a - b);
  console.log(`
pocketsphinx en-us (CPU), in process: median ${runs[2]!.toFixed(0)} ms per ${(uttMs / 1000).toFixed(1)} s utterance (RTF ${(runs[2]! / uttMs).toFixed(2)}), text ${JSON.stringify(text)}`);
}

void main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
