/**
 * VAD and segmenter figures (issue 3): Silero VAD real-time factor and per-window cost, the
 * whole front half of the pipeline (2 channels, VAD + echo suppression + segmenter) as a real-
 * time factor, and end-of-speech detection delay: how long after the customer really stopped
 * the segmenter says so, for several end-of-speech settings, measured on the espeak-ng echo
 * fixtures whose line timings are known exactly (scripts/make-echo-fixtures.sh).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFileSource } from '../src-main/core/audio/file-source';
import { segmentSource } from '../src-main/core/audio/pipeline';
import { resampleTo16k } from '../src-main/core/audio/resample';
import type { AudioFrame, AudioSource } from '../src-main/core/audio/types';
import { createVad, VAD_WINDOW } from '../src-main/core/audio/vad';
import { readWavFile } from '../src-main/core/audio/wav';

const repoRoot = path.resolve(__dirname, '..');
const speechDir = path.resolve(repoRoot, 'test/fixtures/speech');
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function vadRtf() {
  // All the real speech fixtures, looped to one minute of audio.
  const parts: Float32Array[] = [];
  for (const f of fs.readdirSync(speechDir).filter((f) => f.endsWith('.wav'))) {
    const w = readWavFile(path.join(speechDir, f));
    parts.push(await resampleTo16k(w.channels[0]!, w.sampleRate));
  }
  const one = Float32Array.from(parts.flatMap((p) => [...p]));
  const audio = new Float32Array(16_000 * 60);
  for (let o = 0; o < audio.length; o += one.length) audio.set(one.subarray(0, Math.min(one.length, audio.length - o)), o);
  const vad = await createVad();
  for (let i = 0; i < 50; i++) await vad.process(audio.subarray(i * VAD_WINDOW, (i + 1) * VAD_WINDOW)); // warm up
  vad.reset();
  const times: number[] = [];
  const t0 = performance.now();
  for (let o = 0; o + VAD_WINDOW <= audio.length; o += VAD_WINDOW) {
    const t = performance.now();
    await vad.process(audio.subarray(o, o + VAD_WINDOW));
    times.push(performance.now() - t);
  }
  const took = performance.now() - t0;
  console.log(`silero vad (1 channel, 60 s of speech fixtures): RTF ${(took / 60_000).toFixed(4)} (${(60_000 / took).toFixed(0)}x real time), per 32 ms window p50 ${pct(times, 50).toFixed(3)} ms, p95 ${pct(times, 95).toFixed(3)} ms`);
}

/** Wraps a source to know the stream time of the last frame handed to the pipeline. */
function clocked(source: AudioSource) {
  const clock = { nowMs: 0 };
  const wrapped: AudioSource = {
    ...source,
    async *frames(signal) {
      for await (const f of source.frames(signal) as AsyncIterable<AudioFrame>) {
        clock.nowMs = Math.max(clock.nowMs, f.startMs + f.samples.length / 16);
        yield f;
      }
    },
  };
  return { wrapped, clock };
}

async function pipelineFigures() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vad-bench-'));
  try {
    execFileSync(path.join(repoRoot, 'scripts/make-echo-fixtures.sh'), [dir], { stdio: 'pipe' });
  } catch (err) {
    console.log(`pipeline figures: skipped, echo fixtures could not be generated (${(err as Error).message.split('\n')[0]})`);
    return;
  }
  const fixtures = fs.readdirSync(dir).sort();
  let audioMs = 0;
  let tookMs = 0;
  const rows: string[] = [];
  for (const f of fixtures) {
    const lines = readTimeline(path.join(dir, f, 'timeline.tsv'));
    const score = async (echo: boolean | { residual: false }, timed: boolean) => {
      const source = await createFileSource({ mic: path.join(dir, f, 'mic.wav'), system: path.join(dir, f, 'system.wav') });
      const t0 = performance.now();
      const reps: { startMs: number; endMs: number }[] = [];
      let dropped = 0;
      for await (const e of segmentSource(source, { endOfSpeechMs: 500, signal: new AbortController().signal, echo })) {
        if (e.type === 'speech-end' && e.utterance.channel === 'mic') reps.push(e.utterance);
        if (e.type === 'echo-dropped') dropped += 1;
      }
      if (timed) tookMs += performance.now() - t0;
      // A rep utterance that mostly overlaps no rep line is a duplicate of the customer.
      const own = (u: { startMs: number; endMs: number }) => lines.some((l) => l.speaker === 'rep' && Math.min(u.endMs, l.end) - Math.max(u.startMs, l.start) > 0.5 * (u.endMs - u.startMs));
      const found = lines.filter((l) => l.speaker === 'rep' && reps.some((u) => Math.min(u.endMs, l.end) - Math.max(u.startMs, l.start) > 0.8 * (l.end - l.start))).length;
      return { duplicates: reps.filter((u) => !own(u)).length, found, dropped };
    };
    const on = await score(true, true);
    const off = await score(false, false);
    const linear = await score({ residual: false }, false);
    audioMs += readWavFile(path.join(dir, f, 'system.wav')).channels[0]!.length / 16;
    rows.push(`| ${f} | ${off.duplicates} | ${linear.duplicates} | ${on.duplicates} | ${on.found}/2 | ${on.dropped} |`);
  }
  console.log('| fixture | duplicate rep lines: no suppression | linear canceller only | full suppression | rep lines kept (1 over the customer) | echo-dropped reports |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(`pipeline (mic + system, VAD + echo suppression + segmenter, ${fixtures.length} calls, ${(audioMs / 1000).toFixed(0)} s): RTF ${(tookMs / audioMs).toFixed(3)} (${(audioMs / tookMs).toFixed(1)}x real time)`);

  // Per-frame processing cost in a paced (realtime) replay: the time from a frame being handed
  // to the pipeline until it asks for the next one, i.e. what a live call adds to latency.
  {
    const f = fixtures[0]!;
    const source = await createFileSource({ mic: path.join(dir, f, 'mic.wav'), system: path.join(dir, f, 'system.wav') }, { realtime: true });
    const costs: number[] = [];
    const timed: AudioSource = {
      ...source,
      async *frames(signal) {
        for await (const fr of source.frames(signal)) {
          const t = performance.now();
          yield fr;
          costs.push(performance.now() - t);
        }
      },
    };
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 8000);
    for await (const _e of segmentSource(timed, { endOfSpeechMs: 500, signal: ac.signal })) void _e;
    console.log(`live replay (${f}, first 8 s, realtime): processing per frame p50 ${pct(costs, 50).toFixed(2)} ms, p95 ${pct(costs, 95).toFixed(2)} ms, max ${Math.max(...costs).toFixed(1)} ms`);
  }

  // End-of-speech detection delay on the customer lines (true ends from timeline.tsv).
  for (const eos of [300, 500, 800]) {
    const delays: number[] = [];
    const endErr: number[] = [];
    for (const f of fixtures) {
      const lines = readTimeline(path.join(dir, f, 'timeline.tsv'))
        .filter((l) => l.speaker === 'customer')
        .map((l) => l.end);
      const { wrapped, clock } = clocked(await createFileSource({ mic: path.join(dir, f, 'mic.wav'), system: path.join(dir, f, 'system.wav') }));
      for await (const e of segmentSource(wrapped, { endOfSpeechMs: eos, signal: new AbortController().signal })) {
        if (e.type !== 'speech-end' || e.utterance.channel !== 'system') continue;
        const trueEnd = lines.reduce((best, l) => (Math.abs(l - e.utterance.endMs) < Math.abs(best - e.utterance.endMs) ? l : best), Infinity);
        delays.push(clock.nowMs - trueEnd);
        endErr.push(e.utterance.endMs - trueEnd);
      }
    }
    console.log(
      `end-of-speech ${eos} ms: detected ${mean(delays).toFixed(0)} ms after the customer stopped (p95 ${pct(delays, 95).toFixed(0)} ms, n=${delays.length}); utterance end ${mean(endErr) >= 0 ? '+' : ''}${mean(endErr).toFixed(0)} ms vs truth`,
    );
  }
}

async function main() {
  await vadRtf();
  await pipelineFigures();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/** The fixture's true utterance times (timeline.tsv: speaker, start s, end s), in ms. */
function readTimeline(file: string): { speaker: string; start: number; end: number }[] {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .map(([speaker, start, end]) => ({ speaker: speaker ?? '', start: Number(start) * 1000, end: Number(end) * 1000 }));
}
