/**
 * Streaming transcription: segmenter events in, partial and final transcripts out.
 *
 * - Partials come from re-transcribing the utterance so far on `speech-progress`, filtered by
 *   LocalAgreement-2: a word is shown only once two consecutive hypotheses agree on it, and a
 *   shown word is never taken back, so the partial line only grows (no flicker).
 * - Exactly one final per utterance, on `speech-end`, from the whole utterance (authoritative,
 *   may differ from the partials). Its text may be '' when the engine heard no words.
 * - A slow engine never piles up work: events are read concurrently; only the latest
 *   progress per channel waits, older ones are dropped, and a partial whose utterance has
 *   already ended is dropped too. Finals go first, and a partial still decoding when its
 *   utterance pauses or ends is aborted. Partials keep to a duty cycle of the engine's measured
 *   cost (`partialDuty`), so a final never waits behind them.
 * - Speculative finals: on `speech-pause` (the segmenter's first silence) the final is decoded
 *   at once; `speech-end` with the same audio keeps it (no second decode), `speech-resume`
 *   aborts it. The final is then ready about when the end of speech is confirmed.
 * - Phrases: a speculative final's text is also offered at once, while the silence is still being
 *   confirmed, as a partial marked `phrase` (the whole utterance so far, decoded at a pause, not
 *   a growing prefix), so hints need not wait for the end-of-speech silence (`phrases`, default on).
 * - Whisper conditions on what the same speaker said last (the previous final, as prompt).
 * - Speaker comes from the channel (mic = rep, system = customer).
 */
import { speakerOf, type Channel, type SegmenterEvent, type Utterance } from '../audio/types';
import type { AsrEngine, AsrLanguage, TranscriptEvent } from './types';

export type StreamStats = {
  partialRequests: number;
  partialsDropped: number;
  partialsEmitted: number;
  /** Partials aborted mid-decode because their utterance paused or ended. */
  partialsAborted: number;
  finals: number;
  /** Speculative finals started, kept (used as the final), and aborted (speech went on). */
  speculative: number;
  speculativeKept: number;
  speculativeAborted: number;
  /** Speculative finals offered as `phrase` partials while the end of speech was being confirmed. */
  phrasesEmitted: number;
};

export const emptyStreamStats = (): StreamStats => ({
  partialRequests: 0,
  partialsDropped: 0,
  partialsEmitted: 0,
  partialsAborted: 0,
  finals: 0,
  speculative: 0,
  speculativeKept: 0,
  speculativeAborted: 0,
  phrasesEmitted: 0,
});

type TranscribeStreamOptions = {
  language: AsrLanguage;
  partials?: boolean;
  /**
   * Channels that get partials (default both). With both channels captured, the pipeline only
   * judges a mic utterance to be echo at its end, so its partials could show the customer's
   * leaked voice as the rep; pass ['system'] there if that matters more than rep partials.
   */
  partialChannels?: readonly Channel[];
  /** Filled in as the stream runs (benchmarks, tests, logs). */
  stats?: StreamStats;
  /** Channels whose finals start on `speech-pause` (default the customer's, where hints come from); [] = off. */
  speculativeChannels?: readonly Channel[];
  /**
   * Share of wall time partials may take (default 0.5): after a partial that cost C ms, the next
   * one waits C × (1 − duty) / duty. 1 = back to back.
   */
  partialDuty?: number;
  /** Offer each ready speculative final as a `phrase` partial before the end of speech is confirmed (default true). */
  phrases?: boolean;
  /** Most characters of the speaker's previous final passed as prompt (default 200; 0 = none). */
  promptChars?: number;
  /** Extra options for every engine call (the hints bench bounds random-weight decodes with it). */
  engineOptions?: (utterance: { channel: Channel; startMs: number; endMs: number; partial: boolean }) => { maxTokens?: number };
};

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/** LocalAgreement-2 over word lists: commits the longest prefix two consecutive hypotheses share. */
export class LocalAgreement {
  private committed: string[] = [];
  private previous: string[] | null = null;

  /** Feeds a hypothesis; returns the committed text if it grew, else null. */
  push(hypothesis: string): string | null {
    const cur = words(hypothesis);
    const prev = this.previous;
    this.previous = cur;
    if (!prev) return null;
    let n = 0;
    while (n < cur.length && n < prev.length && norm(cur[n]!) === norm(prev[n]!)) n++;
    // Only extend what is already committed; a hypothesis that disagrees with it commits nothing.
    if (n <= this.committed.length) return null;
    for (let i = 0; i < this.committed.length; i++) if (norm(cur[i]!) !== norm(this.committed[i]!)) return null;
    this.committed = cur.slice(0, n);
    return this.committed.join(' ');
  }

  get text(): string {
    return this.committed.join(' ');
  }
}

// Agreement ignores case and trailing punctuation, which Whisper changes between passes.
const norm = (w: string) => w.toLowerCase().replace(/[.,!?;:]+$/u, '');

type Progress = Extract<SegmenterEvent, { type: 'speech-progress' }>;

const isAbort = (err: unknown) => err instanceof Error && err.name === 'AbortError';
const sameAudio = (a: Utterance, b: Utterance) => a.channel === b.channel && a.startMs === b.startMs && a.endMs === b.endMs && a.samples.length === b.samples.length;

type Decoded = { text: string; language: TranscriptEvent['language']; asrMs: number };
type Speculation = {
  utterance: Utterance;
  ctrl: AbortController;
  /** Set once the decode ran (or failed). */
  result?: Decoded | { error: unknown };
  started: boolean;
};
/** A final to emit, in utterance order: decoded here, or taken from a kept speculation. `endedAt`: when speech-end was read (performance.now). */
type FinalItem = { utterance: Utterance; spec?: Speculation; endedAt: number };

export async function* transcribeStream(
  events: AsyncIterable<SegmenterEvent>,
  engine: AsrEngine,
  options: TranscribeStreamOptions,
): AsyncIterable<TranscriptEvent> {
  const stats = options.stats ?? emptyStreamStats();
  const wantPartials = options.partials ?? true;
  const speculative = new Set(options.speculativeChannels ?? ['system']);
  const duty = Math.min(1, Math.max(0.05, options.partialDuty ?? 0.5));
  const promptChars = options.promptChars ?? 200;
  const phrases = options.phrases ?? true;
  const finals: FinalItem[] = [];
  const pending = new Map<Channel, Progress>();
  const specs = new Map<Channel, Speculation>();
  const toStart: Speculation[] = [];
  // Per channel, the utterance in progress (by start time) and its agreement state.
  const open = new Map<Channel, { startMs: number; agreement: LocalAgreement; shown: string }>();
  // Per channel, the previous final's text (the prompt) and when the next partial may start.
  const previous = new Map<Channel, string>();
  const nextPartialAt = new Map<Channel, number>();
  let running: { channel: Channel; ctrl: AbortController } | null = null;
  let done = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  /** A partial of this channel still decoding is now stale: stop it. */
  const abortPartial = (channel: Channel) => {
    if (running && running.channel === channel) {
      running.ctrl.abort();
      running = null;
      stats.partialsAborted++;
    }
  };
  const dropSpec = (channel: Channel) => {
    const spec = specs.get(channel);
    if (!spec) return;
    specs.delete(channel);
    spec.ctrl.abort();
    stats.speculativeAborted++;
  };
  const promptFor = (channel: Channel) => {
    const p = previous.get(channel);
    return p && promptChars > 0 ? p.slice(-promptChars) : undefined;
  };

  const iterator = events[Symbol.asyncIterator]();
  const reader = (async () => {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        const ev = next.value;
        if (ev.type === 'speech-start') {
          open.set(ev.channel, { startMs: ev.startMs, agreement: new LocalAgreement(), shown: '' });
        } else if (ev.type === 'speech-progress') {
          if (!wantPartials || (options.partialChannels && !options.partialChannels.includes(ev.channel))) continue;
          if (!open.has(ev.channel) || open.get(ev.channel)!.startMs !== ev.startMs) {
            open.set(ev.channel, { startMs: ev.startMs, agreement: new LocalAgreement(), shown: '' });
          }
          if (pending.has(ev.channel)) stats.partialsDropped++;
          pending.set(ev.channel, ev);
        } else if (ev.type === 'speech-pause') {
          const ch = ev.utterance.channel;
          if (!speculative.has(ch)) continue;
          dropSpec(ch);
          abortPartial(ch);
          const spec: Speculation = { utterance: ev.utterance, ctrl: new AbortController(), started: false };
          specs.set(ch, spec);
          toStart.push(spec);
        } else if (ev.type === 'speech-resume') {
          dropSpec(ev.channel);
        } else if (ev.type === 'speech-end') {
          const ch = ev.utterance.channel;
          if (pending.has(ch)) {
            stats.partialsDropped++;
            pending.delete(ch);
          }
          abortPartial(ch);
          open.delete(ch);
          const spec = specs.get(ch);
          if (spec && sameAudio(spec.utterance, ev.utterance)) {
            specs.delete(ch);
            stats.speculativeKept++;
            finals.push({ utterance: ev.utterance, spec, endedAt: performance.now() });
          } else {
            dropSpec(ch);
            finals.push({ utterance: ev.utterance, endedAt: performance.now() });
          }
        } else if (ev.type === 'echo-dropped') {
          if (pending.delete(ev.channel)) stats.partialsDropped++;
          abortPartial(ev.channel);
          dropSpec(ev.channel);
          open.delete(ev.channel);
        }
        notify();
      }
    } catch (err) {
      failure = err;
    } finally {
      done = true;
      notify();
    }
  })();

  const decodeFinal = async (utt: Utterance, signal?: AbortSignal): Promise<Decoded> => {
    const t0 = performance.now();
    const res = await engine.transcribe(utt.samples, {
      language: options.language,
      startMs: utt.startMs,
      endMs: utt.endMs,
      speaker: utt.speaker,
      prompt: promptFor(utt.channel),
      signal,
      ...options.engineOptions?.({ channel: utt.channel, startMs: utt.startMs, endMs: utt.endMs, partial: false }),
    });
    return { text: res.text.trim(), language: res.language, asrMs: Math.round(performance.now() - t0) };
  };

  try {
    for (;;) {
      if (failure) throw failure;
      // Speculations run inline (awaited below), so a kept one has its result by now, or never started.
      const item = finals.shift();
      if (item) {
        if (item.spec && !item.spec.started) item.spec.ctrl.abort();
        let res: Decoded;
        const r = item.spec?.result;
        const speculative = Boolean(r && !('error' in r));
        if (r && !('error' in r)) res = r;
        else if (r && 'error' in r && !isAbort(r.error)) throw r.error;
        else res = await decodeFinal(item.utterance);
        stats.finals++;
        previous.set(item.utterance.channel, res.text || (previous.get(item.utterance.channel) ?? ''));
        yield {
          type: 'final',
          speaker: item.utterance.speaker,
          channel: item.utterance.channel,
          startMs: item.utterance.startMs,
          endMs: item.utterance.endMs,
          text: res.text,
          language: res.language,
          engine: engine.id,
          asrMs: res.asrMs,
          afterEndMs: Math.round(performance.now() - item.endedAt),
          speculative,
        };
        continue;
      }
      const spec = toStart.shift();
      if (spec) {
        if (spec.ctrl.signal.aborted) continue;
        spec.started = true;
        stats.speculative++;
        try {
          spec.result = await decodeFinal(spec.utterance, spec.ctrl.signal);
        } catch (err) {
          spec.result = { error: err };
        }
        const r = spec.result;
        const ch = spec.utterance.channel;
        // Still the channel's speculation (speech-end, speech-resume and echo-dropped all take it
        // out of `specs`): the customer is still pausing, so the text is worth acting on now.
        if (phrases && !('error' in r) && r.text && specs.get(ch) === spec) {
          stats.phrasesEmitted++;
          const u = spec.utterance;
          yield { type: 'partial', speaker: u.speaker, channel: ch, startMs: u.startMs, endMs: u.endMs, text: r.text, language: r.language, engine: engine.id, asrMs: r.asrMs, phrase: true };
        }
        continue;
      }
      const next = [...pending.entries()].find(([ch]) => (nextPartialAt.get(ch) ?? 0) <= performance.now());
      if (next) {
        const [channel, ev] = next;
        pending.delete(channel);
        const state = open.get(channel);
        if (!state || state.startMs !== ev.startMs) continue;
        stats.partialRequests++;
        let text: string;
        let language: TranscriptEvent['language'];
        let asrMs = 0;
        const ctrl = new AbortController();
        running = { channel, ctrl };
        const t0 = performance.now();
        try {
          const res = await engine.transcribe(ev.samples, {
            language: options.language,
            startMs: ev.startMs,
            endMs: ev.nowMs,
            speaker: speakerOf(channel),
            partial: true,
            prompt: promptFor(channel),
            signal: ctrl.signal,
            ...options.engineOptions?.({ channel, startMs: ev.startMs, endMs: ev.nowMs, partial: true }),
          });
          text = res.text;
          language = res.language;
          asrMs = Math.round(performance.now() - t0);
        } catch {
          // Aborted (stale), or failed: a partial is not worth stopping for; the final reports a real problem.
          continue;
        } finally {
          if (running?.ctrl === ctrl) running = null;
          const cost = performance.now() - t0;
          nextPartialAt.set(channel, performance.now() + (cost * (1 - duty)) / duty);
        }
        // The utterance ended (or was dropped as echo) while we decoded: the partial is stale.
        const still = open.get(channel);
        if (!still || still.startMs !== ev.startMs) {
          stats.partialsDropped++;
          continue;
        }
        const committed = still.agreement.push(text);
        if (committed !== null && committed !== still.shown) {
          still.shown = committed;
          stats.partialsEmitted++;
          yield { type: 'partial', speaker: speakerOf(channel), channel, startMs: ev.startMs, endMs: ev.nowMs, text: committed, language, engine: engine.id, asrMs };
        }
        continue;
      }
      if (done) {
        if (failure) throw failure;
        if (finals.length === 0 && toStart.length === 0) break;
        continue;
      }
      // Sleep until an event arrives, or until the earliest waiting partial may start.
      const waits = [...pending.keys()].map((ch) => (nextPartialAt.get(ch) ?? 0) - performance.now());
      await new Promise<void>((resolve) => {
        const timer = waits.length > 0 ? setTimeout(() => notify(), Math.max(1, Math.min(...waits))) : null;
        wake = () => {
          if (timer) clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    for (const ch of [...specs.keys()]) dropSpec(ch);
    // The consumer stopped early (or we failed): stop reading upstream too.
    // Not awaited when upstream is still mid-read: a live source may not answer until its next frame.
    if (!done) void iterator.return?.();
    else await reader;
  }
}
