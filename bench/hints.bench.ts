/**
 * Hint latency over a set of espeak-ng calls replayed in real time through the real
 * `salesedge serve-ui` process (Silero VAD, segmenter, Whisper, NLP, hint engine) with the
 * overlay open in Chromium (playwright-core):
 *   - speech end → hint event: the core's stream clock when the hint was emitted, minus the
 *     end of the customer's speech (negative: the hint was up before they finished);
 *   - speech end → overlay render: the overlay reports its paint (hints.rendered).
 * Both are also given against the TRUE end of speech from the call script (the VAD's end sits
 * ~150 ms after it: kept tail + hang-over), which is what the customer experiences.
 *
 * ASR is in the loop. SALESEDGE_BENCH_ASR=base-q8_0 (default) | base | tiny | small (-q8_0, -q5_1…) runs Whisper of that size
 * on every partial and final the live path asks for (same audio, cadence, threads, queue,
 * aborts). Without real weights (none can be downloaded here) the model has random weights
 * (scripts/make-random-ggml.py) and the session uses the `whisper-script` engine: Whisper's full
 * compute, the words from the call script. SALESEDGE_WHISPER_MODEL=/path/ggml-base.bin runs the
 * real model with its own words instead. SALESEDGE_BENCH_ASR=reference: no ASR (the old figure).
 * Each hint's ASR share: for a hint on a final, what recognition added after the end of speech was
 * confirmed (0 when the speculative final was ready); on a partial, that partial's decode time.
 * SALESEDGE_BENCH_EOS_MS: end-of-speech silence (default: the Settings default).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';
import { makeCall } from '../scripts/make-call.mjs';
import { randomModelFor } from './random-models';

type Hint = { id: string; trigger: string; shownMs: number; speechEndMs: number; fromPartial: boolean; kind: string };
const repo = path.resolve(__dirname, '..');
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]! : NaN);
const fmt = (xs: number[]) => (xs.length ? `p50 ${pct(xs, 50)} ms, p95 ${pct(xs, 95)} ms, max ${Math.max(...xs)} ms (n=${xs.length})` : 'none');

async function main() {
  if (!fs.existsSync(path.join(repo, 'out/main/cli.js'))) execFileSync('npx', ['electron-vite', 'build'], { cwd: repo, stdio: 'ignore' });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hints-bench-'));
  const calls = [path.join(repo, 'resources/demo/demo-en.wav'), path.join(repo, 'resources/demo/demo-pt.wav')];
  for (const name of ['budget-hubspot-en', 'confianca-salesforce-pt']) {
    const out = path.join(tmp, `${name}.wav`);
    makeCall(JSON.parse(fs.readFileSync(path.join(repo, `test/fixtures/calls/${name}.json`), 'utf8')), out);
    calls.push(out);
  }

  // The default is the model the app picks first when installed (model-manager.ts `installed`).
  const asrKind = process.env.SALESEDGE_BENCH_ASR ?? 'base-q8_0';
  const realModel = process.env.SALESEDGE_WHISPER_MODEL;
  let model: string | undefined = realModel;
  if (!model && asrKind !== 'reference') model = randomModelFor(asrKind);
  const engine = asrKind === 'reference' ? 'reference' : realModel ? 'whisper' : 'whisper-script';
  console.log(`ASR: ${engine === 'reference' ? 'reference transcripts (no ASR)' : `${path.basename(model!)} (${realModel ? 'real weights, its own words' : "random weights: Whisper's compute, the script's words"})`}`);
  const child = spawn(process.execPath, [path.join(repo, 'bin/salesedge.js'), '--data-dir', path.join(tmp, 'data'), '--json', 'serve-ui'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...(model ? { SALESEDGE_WHISPER_MODEL: model } : {}) },
  });
  const url = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout! }).on('line', (l) => l.includes('listening') && resolve((JSON.parse(l) as { url: string }).url)));
  const token = new URL(url).searchParams.get('token')!;
  const ws = new WebSocket(`ws://127.0.0.1:${new URL(url).port}/ws?token=${token}`);
  await new Promise((r) => ws.once('open', r));
  let nextId = 1;
  const pending = new Map<number, (v: { ok: boolean; result?: unknown; error?: { message: string } }) => void>();
  const listeners: ((event: string, payload: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { kind: string; id?: number; event?: string; payload?: unknown; ok?: boolean };
    if (msg.kind === 'response') pending.get(msg.id!)?.(msg as never);
    else if (msg.kind === 'event') listeners.forEach((l) => l(msg.event!, msg.payload));
  });
  const invoke = (channel: string, payload: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (r) => (r.ok ? resolve(r.result) : reject(new Error(r.error?.message))));
      ws.send(JSON.stringify({ kind: 'request', id, channel, payload }));
    });

  // End-of-speech silence (the Settings value) bounds the hints that wait for the final.
  const defaults = (await invoke('settings.get', {})) as { audio: { endOfSpeechMs: number } };
  const eos = Number(process.env.SALESEDGE_BENCH_EOS_MS ?? defaults.audio.endOfSpeechMs);
  await invoke('settings.update', { audio: { endOfSpeechMs: eos } });
  console.log(`end-of-speech silence: ${eos} ms`);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 420, height: 600 } });
  await page.goto(`${url}#/overlay`);

  const eventLatency: number[] = [];
  const renderLatency: number[] = [];
  const finalLatency: number[] = [];
  const trueEvent: number[] = [];
  const trueRender: number[] = [];
  const asrAfterEnd: number[] = [];
  const asrPartial: number[] = [];
  const asrCompute: number[] = [];
  let beforeEnd = 0;
  let total = 0;
  let phraseHints = 0;
  for (const wav of calls.slice(0, Number(process.env.SALESEDGE_BENCH_CALLS ?? calls.length))) {
    const first = new Map<string, Hint>();
    const last = new Map<string, Hint>();
    type Line = { type: string; speaker: string; endMs: number; phrase?: boolean; asr?: { computeMs: number; afterEndMs: number | null; speculative: boolean } };
    const lines: Line[] = [];
    const ended = new Promise<void>((resolve) => {
      listeners.length = 0;
      listeners.push((event, payload) => {
        const h = payload as Hint;
        if (event === 'live.hint') first.set(h.id, h);
        if (event === 'live.hint' || event === 'live.hint.updated') last.set(h.id, h);
        if (event === 'live.transcript') lines.push(payload as Line);
        if (event === 'live.state' && ['ended', 'error'].includes((payload as { state: string }).state)) resolve();
      });
    });
    const script = JSON.parse(fs.readFileSync(wav.replace(/\.wav$/, '.script.json'), 'utf8')) as { utterances: { speaker: string; startMs: number; endMs: number }[] };
    const trueEnd = (vadEnd: number) => script.utterances.filter((u) => u.speaker === 'customer' && vadEnd >= u.startMs && vadEnd <= u.endMs + 600).at(0)?.endMs ?? vadEnd;
    await invoke('live.start', { source: { kind: 'file', path: wav, realtime: true }, engine });
    await ended;
    await new Promise((r) => setTimeout(r, 300));
    /** The transcript line a hint came from: the customer's final ending at its speech end, or the last partial before it showed. */
    const sourceOf = (h: Hint, fin: Hint): Line | undefined =>
      h.fromPartial
        ? lines.filter((l) => l.type === 'partial' && l.speaker === 'customer' && l.endMs <= h.shownMs + 1).at(-1)
        : lines.find((l) => l.type === 'final' && l.speaker === 'customer' && Math.abs(l.endMs - fin.speechEndMs) <= 1);
    const shares: string[] = [];
    for (const [id, h] of first) {
      if (h.kind === 'llm') continue;
      const fin = last.get(id)!;
      const src = sourceOf(h, fin);
      if (src?.asr) {
        asrCompute.push(src.asr.computeMs);
        if (h.fromPartial) asrPartial.push(src.asr.computeMs);
        else asrAfterEnd.push(src.asr.afterEndMs ?? 0);
        if (h.fromPartial && src.phrase) phraseHints += 1;
        shares.push(h.fromPartial ? `${h.trigger}*: ${src.phrase ? 'phrase (speculative final at the pause)' : 'partial'} decode ${src.asr.computeMs} ms` : `${h.trigger}: ASR after end ${src.asr.afterEndMs} ms (decode ${src.asr.computeMs} ms${src.asr.speculative ? ', speculative' : ''})`);
      }
      total += 1;
      eventLatency.push(h.shownMs - fin.speechEndMs);
      renderLatency.push(fin.shownMs - fin.speechEndMs);
      if (!h.fromPartial) finalLatency.push(h.shownMs - fin.speechEndMs);
      trueEvent.push(h.shownMs - trueEnd(fin.speechEndMs));
      trueRender.push(fin.shownMs - trueEnd(fin.speechEndMs));
      if (h.shownMs < fin.speechEndMs) beforeEnd += 1;
    }
    console.log(`${path.basename(wav)}: ${first.size} hints (vs VAD end / true end): ${[...first.values()].map((h) => `${h.trigger}${h.fromPartial ? '*' : ''} ${h.shownMs - last.get(h.id)!.speechEndMs} / ${h.shownMs - trueEnd(last.get(h.id)!.speechEndMs)} ms`).join(', ')}`);
    if (shares.length) console.log(`  ASR share: ${shares.join('; ')}`);
    const finals = lines.filter((l) => l.type === 'final' && l.asr);
    if (finals.length) console.log(`  finals: ${finals.length}, speculative kept ${finals.filter((l) => l.asr!.speculative).length}; ASR after end of speech ${fmt(finals.map((l) => l.asr!.afterEndMs ?? 0))}`);
  }
  console.log(`calls: ${calls.length}, hints: ${total} (* = fired on a partial transcript, ${phraseHints} of them on a phrase; ${beforeEnd} shown before the customer finished)`);
  console.log(`speech end → hint event:     ${fmt(eventLatency)}`);
  console.log(`speech end → overlay render: ${fmt(renderLatency)}`);
  if (finalLatency.length) console.log(`  (hints that waited for the final: ${fmt(finalLatency)})`);
  console.log(`true end of speech (script) → hint event:     ${fmt(trueEvent)}`);
  console.log(`true end of speech (script) → overlay render: ${fmt(trueRender)}`);
  if (asrCompute.length) {
    console.log(`ASR share per hint: on finals, recognition after the end of speech ${fmt(asrAfterEnd)}; on partials and phrases, their decode ${fmt(asrPartial)}`);
  }
  await browser.close();
  ws.close();
  child.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
