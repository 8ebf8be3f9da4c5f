// Why is the addon slower than whisper-cli on tiny models only? A probe (not part of `npm run bench`):
// the same transcribe call on tiny q8_0 (u4.0s's audio), after each of five conditions, interleaved:
//   hot     right after the previous call
//   idle    after 300 ms asleep
//   spin    after 300 ms of a busy JS thread (the CPU awake, little memory traffic)
//   stream  after 300 ms writing a 256 MB buffer (caches flushed, the CPU awake)
//   cli     right after a whisper-cli process ran (what the bench's alternation does)
//   npx tsx bench/whisper-warmth.probe.ts [tiny|base] [q8_0|f16]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { openWhisperContext, physicalCores } from '../native/whisper';
import fs from 'node:fs';
import { WaveFile } from 'wavefile';
import { readWavFile } from '../src-main/core/audio/wav';
import { audioCtxFor } from '../src-main/core/asr/whisper-engine';
import { benchModelDir, quantised, randomModel, whisperTool } from './random-models';

const [size = 'tiny', quant = 'q8_0'] = process.argv.slice(2);
const f16 = randomModel(size);
const model = quant === 'f16' ? f16 : quantised(f16, quant);
const speech = readWavFile(path.join(__dirname, '../test/fixtures/speech/005.wav')).channels[0]!;
const samples = new Float32Array(64_000);
samples.set(speech.subarray(0, 64_000));
const wav = path.join(benchModelDir, 'probe-u4.0s.wav');
fs.mkdirSync(benchModelDir, { recursive: true });
const w = new WaveFile();
w.fromScratch(1, 16_000, '16', Int16Array.from(samples, (x) => Math.max(-32768, Math.min(32767, Math.round(x * 32767)))));
fs.writeFileSync(wav, w.toBuffer());
const threads = physicalCores();
const audioCtx = audioCtxFor(samples.length);
const opts = { language: 'en', threads, audioCtx, maxTokens: 0, temperatureFallback: false, beamSize: 0, singleSegment: false, noTimestamps: false };
const cli = whisperTool('whisper-cli');
const big = new Float64Array(32 * 1024 * 1024);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const ctx = await openWhisperContext(model, { useGpu: false });
  const conditions: Record<string, () => Promise<void> | void> = {
    hot: () => {},
    idle: () => new Promise((r) => setTimeout(r, 300)),
    spin: () => {
      const end = performance.now() + 300;
      while (performance.now() < end);
    },
    stream: () => {
      const end = performance.now() + 300;
      for (let k = 0; performance.now() < end; k++) for (let i = 0; i < big.length; i += 8) big[i] = k;
    },
    cli: () => {
      spawnSync(cli, ['-m', model, '-f', wav, '-t', String(threads), '-ac', String(audioCtx), '-fa', '-nf', '-bs', '1', '-bo', '1', '-l', 'en'], { encoding: 'utf8' });
    },
  };
  const times: Record<string, { total: number[]; encode: number[] }> = Object.fromEntries(Object.keys(conditions).map((k) => [k, { total: [], encode: [] }]));
  await ctx.transcribe(samples, opts);
  for (let round = 0; round < 8; round++) {
    for (const [name, before] of Object.entries(conditions)) {
      await ctx.transcribe(samples, opts); // the call before: "hot" follows it directly
      await before();
      const t0 = performance.now();
      const out = await ctx.transcribe(samples, opts);
      times[name]!.total.push(performance.now() - t0);
      times[name]!.encode.push(out.encodeMs);
    }
  }
  console.log(`${size} ${quant}, audio_ctx ${audioCtx}, ${threads} threads, 8 interleaved rounds: p50 total (encode) per condition`);
  for (const [name, t] of Object.entries(times)) console.log(`${name.padEnd(7)} ${median(t.total).toFixed(0)} ms (${median(t.encode).toFixed(0)} ms)  all: ${t.total.map((x) => x.toFixed(0)).join(' ')}`);
  await ctx.release();
}
void main();
