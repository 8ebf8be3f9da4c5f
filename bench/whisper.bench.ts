// Whisper through the project's addon, side by side with whisper.cpp's own CLI built from the same
// sources, in one run, alternating A B A B (medians). Without SALESEDGE_WHISPER_MODEL the weights
// are RANDOM (scripts/make-random-ggml.py: shapes and vocabulary of the real models), so figures
// are compute cost, not accuracy.
//
//   npm run bench -- whisper                                  # tiny and base, random weights
//   SALESEDGE_BENCH_WHISPER=tiny,base,small npm run bench -- whisper
//   SALESEDGE_BENCH_QUANT=q8_0,q5_1 npm run bench -- whisper  # also quantised copies (whisper-quantize)
//   SALESEDGE_WHISPER_MODEL=/path/ggml-base.bin npm run bench -- whisper   # real weights: + WER per audio_ctx margin
//   SALESEDGE_BENCH_ROUNDS=7 …                                # rounds per comparison (default 5)
//
// Four parts:
//  1. Same work, A/B: the addon and whisper-cli on the same 3-5 s utterances with the same
//     settings (audio_ctx, flash attention, greedy, no fallback, threads). whisper-cli's own
//     "total time" less its model load is the reference; the addon is timed from the JS call to
//     the resolved promise. Both report their decode runs, so equal work is checked, not assumed.
//     Each round times the addon twice: right after the CLI ran (a column of its own) and then at
//     once; the second is compared, since the CLI's timed compute also follows its own work.
//  2. The live path's final: a 4 s utterance as the engine runs it (audio_ctx sized to the
//     utterance, tokens bounded by what the utterance says: the reference transcript's token
//     count, since random weights never stop by themselves).
//  3. With real weights only: WER on the speech fixtures at each audio_ctx margin.
//  4. From outside: `salesedge transcribe FILE --engine whisper --json`, cost per added utterance.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadWhisperAddon, openWhisperContext, physicalCores, type WhisperContext } from '../native/whisper';
import { WaveFile } from 'wavefile';
import { readWavFile } from '../src-main/core/audio/wav';
import { audioCtxFor, AUDIO_CTX_MARGIN, maxTokensFor } from '../src-main/core/asr/whisper-engine';
import { whisperTextTokens } from '../src-main/core/asr/token-estimate';
import { benchModelDir, quantised, randomModel, whisperTool as tool } from './random-models';

const repoRoot = path.resolve(__dirname, '..');
const speechDir = path.join(repoRoot, 'test/fixtures/speech');
const ROUNDS = Number(process.env.SALESEDGE_BENCH_ROUNDS ?? 5);
const THREADS = physicalCores();
const work = benchModelDir;
fs.mkdirSync(work, { recursive: true });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

type Utt = { name: string; samples: Float32Array; text: string; wav: string };

const transcripts = new Map(
  fs
    .readFileSync(path.join(speechDir, 'transcripts.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .map(([f, t]) => [f!, t ?? '']),
);
const load = (f: string) => readWavFile(path.join(speechDir, f)).channels[0]!;
const join = (...parts: Float32Array[]) => {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** 3-5 s utterances of real human speech, made from the 16 kHz fixtures. */
function utterances(): Utt[] {
  const gap = new Float32Array(1600); // 100 ms
  const make = (name: string, files: string[], padToS?: number): Utt => {
    let samples = join(...files.flatMap((f, i) => (i ? [gap, load(f)] : [load(f)])));
    if (padToS && samples.length < padToS * 16_000) samples = join(samples, new Float32Array(padToS * 16_000 - samples.length));
    const wav = path.join(work, `${name}.wav`);
    const w = new WaveFile();
    w.fromScratch(1, 16_000, '16', Int16Array.from(samples, (x) => Math.max(-32768, Math.min(32767, Math.round(x * 32767)))));
    fs.writeFileSync(wav, w.toBuffer());
    return { name, samples, text: files.map((f) => transcripts.get(f) ?? '').join(' '), wav };
  };
  // u4.0s is one utterance (005.wav's 3.5 s of speech, padded to 4 s): the live-path final and the CLI check use it.
  return [make('u3.5s', ['goforward.wav', '004.wav']), make('u4.0s', ['005.wav'], 4), make('u4.7s', ['002.wav', '003.wav', '001.wav'])];
}

type CliRun = { totalMs: number; loadMs: number; decodeRuns: number; encodeMs: number; decodeMs: number; wallMs: number };

function runCli(cli: string, model: string, wav: string, audioCtx: number): CliRun {
  const t0 = performance.now();
  const r = spawnSync(cli, ['-m', model, '-f', wav, '-t', String(THREADS), '-l', 'en', '-ac', String(audioCtx), '-fa', '-nf', '-bs', '1', '-bo', '1', ...(process.env.SALESEDGE_WHISPER_BACKEND?.toLowerCase() === 'cpu' ? ['-ng'] : [])], { encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`whisper-cli failed: ${r.stderr.split('\n').slice(-3).join(' ')}`);
  const num = (re: RegExp) => Number(re.exec(r.stderr)?.[1] ?? NaN);
  return {
    totalMs: num(/total time =\s*([\d.]+) ms/),
    loadMs: num(/load time =\s*([\d.]+) ms/),
    encodeMs: num(/encode time =\s*([\d.]+) ms/),
    decodeMs: ['decode', 'batchd', 'prompt'].reduce((sum, k) => sum + (Number(new RegExp(`${k} time =\\s*([\\d.]+) ms`).exec(r.stderr)?.[1]) || 0), 0),
    decodeRuns: num(/decode time =\s*[\d.]+ ms \/\s*(\d+) runs/),
    wallMs,
  };
}

async function sameWork(label: string, model: string, ctx: WhisperContext, utts: Utt[], cli: string) {
  console.log(`\n### ${label}: addon vs whisper-cli, same work (${THREADS} threads, flash attention, greedy, no fallback), ${ROUNDS} alternating rounds`);
  console.log('| utterance | audio_ctx | addon p50 | whisper-cli p50 (total − load) | ratio | addon p50 right after the CLI ran | decode runs addon / cli | encode p50 addon / cli | decode p50 addon / cli | addon outside whisper_full p50 | cli process wall p50 |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const ratios: number[] = [];
  for (const u of utts) {
    const audioCtx = audioCtxFor(u.samples.length);
    const a: number[] = [];
    const b: number[] = [];
    const bw: number[] = [];
    const aCold: number[] = [], aEnc: number[] = [], bEnc: number[] = [], aDec: number[] = [], bDec: number[] = [], aOut: number[] = [];
    let aRuns = 0;
    let bRuns = 0;
    // The CLI decodes with timestamps on and several segments: the addon is asked for the same.
    const opts = { language: 'en', threads: THREADS, audioCtx, maxTokens: 0, temperatureFallback: false, beamSize: 0, singleSegment: false, noTimestamps: false };
    await ctx.transcribe(u.samples, opts); // warm-up
    runCli(cli, model, u.wav, audioCtx);
    for (let i = 0; i < ROUNDS; i++) {
      // Timed twice: right after the CLI's process ran ("after the CLI"), then at once again. The
      // second is the comparison: whisper-cli's timed compute also follows its own process's work
      // (the model load), and on this VM the same call runs up to 2x slower after another process
      // or after idling than after its own work (bench/whisper-warmth.probe.ts, docs/benchmarks.md).
      let t0 = performance.now();
      await ctx.transcribe(u.samples, opts);
      aCold.push(performance.now() - t0);
      t0 = performance.now();
      const out = await ctx.transcribe(u.samples, opts);
      a.push(performance.now() - t0);
      aRuns = out.decodeRuns;
      aEnc.push(out.encodeMs);
      aDec.push(out.decodeMs + out.batchdMs + out.promptMs);
      aOut.push(a[a.length - 1]! - out.totalMs);
      const c = runCli(cli, model, u.wav, audioCtx);
      b.push(c.totalMs - c.loadMs);
      bw.push(c.wallMs);
      bRuns = c.decodeRuns;
      bEnc.push(c.encodeMs);
      bDec.push(c.decodeMs);
    }
    const ratio = median(a) / median(b);
    ratios.push(ratio);
    console.log(`| ${u.name} | ${audioCtx} | ${fmt(median(a))} | ${fmt(median(b))} | ${ratio.toFixed(2)}× | ${fmt(median(aCold))} | ${aRuns} / ${bRuns} | ${fmt(median(aEnc))} / ${fmt(median(bEnc))} | ${fmt(median(aDec))} / ${fmt(median(bDec))} | ${fmt(median(aOut))} | ${fmt(median(bw))} |`);
  }
  console.log(`worst ratio ${Math.max(...ratios).toFixed(2)}× (target ≤ 1.2×)`);
}

async function liveFinal(label: string, ctx: WhisperContext, utts: Utt[]) {
  const u = utts.find((x) => x.name === 'u4.0s')!;
  // The words, then end-of-text (random-weight models have a placeholder vocabulary: count with GPT-2's BPE).
  const tokens = (process.env.SALESEDGE_WHISPER_MODEL ? ctx.tokenCount(` ${u.text}`) : whisperTextTokens(u.text)) + 1;
  // As in a call: the same speaker's previous final is the prompt (on random weights the placeholder
  // vocabulary is one token per byte: cut to as many bytes as the real tokenizer makes tokens).
  const previous = transcripts.get('goforward.wav')!;
  const prompt = process.env.SALESEDGE_WHISPER_MODEL ? previous : previous.slice(-whisperTextTokens(previous));
  const audioCtx = audioCtxFor(u.samples.length);
  const runs: number[] = [];
  const bounded: number[] = [];
  const full: number[] = [];
  let decoded = 0;
  for (let i = 0; i < ROUNDS; i++) {
    let t0 = performance.now();
    const out = await ctx.transcribe(u.samples, { language: 'pt', threads: THREADS, audioCtx, maxTokens: tokens, prompt });
    runs.push(performance.now() - t0);
    decoded = out.tokens;
    t0 = performance.now();
    await ctx.transcribe(u.samples, { language: 'pt', threads: THREADS, audioCtx, maxTokens: maxTokensFor(u.samples.length), prompt });
    bounded.push(performance.now() - t0);
    if (i < 2) {
      t0 = performance.now();
      await ctx.transcribe(u.samples, { language: 'pt', threads: THREADS, audioCtx: 1500, maxTokens: tokens, prompt });
      full.push(performance.now() - t0);
    }
  }
  console.log(
    `\n${label}, 4 s final as the live path runs it (audio_ctx ${audioCtx}, ${decoded} tokens = the words + end): p50 ${fmt(median(runs))}` +
      ` | at the engine's worst-case bound (${maxTokensFor(u.samples.length)} tokens): ${fmt(median(bounded))} | same tokens, 30 s window: ${fmt(median(full))}`,
  );
}

const wer = (ref: string, hyp: string): { edits: number; n: number } => {
  const r = ref.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, '').split(/\s+/).filter(Boolean);
  const h = hyp.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, '').split(/\s+/).filter(Boolean);
  const d = Array.from({ length: r.length + 1 }, (_, i) => [i, ...new Array<number>(h.length).fill(0)]);
  for (let j = 1; j <= h.length; j++) d[0]![j] = j;
  for (let i = 1; i <= r.length; i++) for (let j = 1; j <= h.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (r[i - 1] === h[j - 1] ? 0 : 1));
  return { edits: d[r.length]![h.length]!, n: r.length };
};

async function werByMargin(ctx: WhisperContext) {
  const files = [...transcripts.entries()].filter(([f, t]) => t && !f.startsWith('Front') && !f.startsWith('Noise'));
  console.log('\n### WER on the speech fixtures by audio_ctx margin (real weights)');
  console.log('| margin (frames) | WER | p50 per utterance |');
  console.log('|---:|---:|---:|');
  const rows: { margin: number | 'full'; wer: number }[] = [];
  for (const margin of [0, 25, 50, 100, 200, 'full'] as const) {
    let edits = 0;
    let n = 0;
    const times: number[] = [];
    for (const [f, t] of files) {
      const s = load(f);
      const t0 = performance.now();
      const out = await ctx.transcribe(s, { language: 'en', threads: THREADS, audioCtx: audioCtxFor(s.length, margin), maxTokens: maxTokensFor(s.length) });
      times.push(performance.now() - t0);
      const w = wer(t, out.text);
      edits += w.edits;
      n += w.n;
    }
    rows.push({ margin, wer: edits / n });
    console.log(`| ${margin} | ${((100 * edits) / n).toFixed(1)} % | ${fmt(median(times))} |`);
  }
  const fullWer = rows.find((r) => r.margin === 'full')!.wer;
  const pick = rows.find((r) => r.margin !== 'full' && r.wer <= fullWer + 0.01);
  console.log(`smallest margin within 1 point of the full window: ${pick ? pick.margin : 'none (use full)'} (default in the engine: ${AUDIO_CTX_MARGIN})`);
}

/**
 * From outside, as others check it: `salesedge transcribe FILE --engine whisper --json` on files of
 * 2 and 4 utterances of ~4 s (1 s apart); the cost per added utterance is the time difference / 2,
 * next to the engine's worst-case bound from the table above (random weights decode to the bound).
 */
function cliPerUtterance(label: string, model: string, utts: Utt[]) {
  const cli = path.join(repoRoot, 'bin/salesedge.js');
  if (!fs.existsSync(path.join(repoRoot, 'out/main/cli.js'))) {
    console.log('\n(salesedge transcribe from outside: skipped, run `npm run build` first)');
    return;
  }
  const u = utts.find((x) => x.name === 'u4.0s')!;
  const file = (n: number) => {
    const gap = new Float32Array(16_000);
    const parts: Float32Array[] = [gap];
    for (let i = 0; i < n; i++) parts.push(u.samples, gap);
    const wav = path.join(work, `call-${n}x4s.wav`);
    const w = new WaveFile();
    w.fromScratch(1, 16_000, '16', Int16Array.from(join(...parts), (x) => Math.max(-32768, Math.min(32767, Math.round(x * 32767)))));
    fs.writeFileSync(wav, w.toBuffer());
    return wav;
  };
  const files = { 2: file(2), 4: file(4) };
  const dataDir = fs.mkdtempSync(path.join(work, 'cli-data-'));
  const run = (wav: string) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, '--data-dir', dataDir, 'transcribe', wav, '--engine', 'whisper', '--json', '--language', 'pt'], { encoding: 'utf8', env: { ...process.env, SALESEDGE_WHISPER_MODEL: model } });
    if (r.status !== 0) throw new Error(`salesedge transcribe failed: ${r.stderr.trim().split('\n').pop()}`);
    return { ms: performance.now() - t0, lines: r.stdout.trim().split('\n').filter(Boolean).length };
  };
  const t2: number[] = [];
  const t4: number[] = [];
  let lines = { 2: 0, 4: 0 };
  for (let i = 0; i < Math.max(3, Math.ceil(ROUNDS / 2)); i++) {
    const a = run(files[2]);
    const b = run(files[4]);
    t2.push(a.ms);
    t4.push(b.ms);
    lines = { 2: a.lines, 4: b.lines };
  }
  console.log(
    `\n${label}, from outside: \`SALESEDGE_WHISPER_MODEL=… salesedge transcribe FILE --engine whisper --json\`: 2 × 4 s utterances ${fmt(median(t2))} (${lines[2]} lines), ` +
      `4 × ${fmt(median(t4))} (${lines[4]} lines): **${fmt((median(t4) - median(t2)) / 2)} per added utterance** (engine's worst-case bound per 4 s final above)`,
  );
  fs.rmSync(dataDir, { recursive: true, force: true });
}

async function main() {
  const addon = loadWhisperAddon();
  console.log(`whisper.cpp ${addon.whisperVersion}, project addon from ${path.relative(repoRoot, addon.dir)}; backend ${addon.backend}, CPU kernels ${addon.cpuLevel}; ${THREADS} threads`);
  console.log(`system: ${addon.systemInfo.trim()}`);
  const cli = tool('whisper-cli');
  const utts = utterances();
  const real = process.env.SALESEDGE_WHISPER_MODEL;
  const names = (process.env.SALESEDGE_BENCH_WHISPER ?? 'tiny,base').split(',').map((n) => n.trim());
  const quants = (process.env.SALESEDGE_BENCH_QUANT ?? '').split(',').map((q) => q.trim()).filter(Boolean);
  const models: { label: string; file: string }[] = [];
  if (real) models.push({ label: `real ${path.basename(real)}`, file: real });
  else {
    for (const n of names) {
      const f = randomModel(n);
      models.push({ label: `${n} f16 (random weights)`, file: f });
      for (const q of quants) models.push({ label: `${n} ${q} (random weights)`, file: quantised(f, q) });
    }
  }
  for (const m of models) {
    const t0 = performance.now();
    const ctx = await openWhisperContext(m.file);
    console.log(`\n## ${m.label}: model load ${fmt(performance.now() - t0)} (resident afterwards), ${(fs.statSync(m.file).size / 2 ** 20).toFixed(0)} MiB`);
    await sameWork(m.label, m.file, ctx, utts, cli);
    await liveFinal(m.label, ctx, utts);
    if (real) await werByMargin(ctx);
    await ctx.release();
    cliPerUtterance(m.label, m.file, utts);
  }
}

void main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
