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
 *   already ended is dropped too. Finals go first.
 * - Speaker comes from the channel (mic = rep, system = customer).
 */
import { speakerOf, type Channel, type SegmenterEvent, type Utterance } from '../audio/types';
import type { AsrEngine, AsrLanguage, TranscriptEvent } from './types';

export type StreamStats = { partialRequests: number; partialsDropped: number; partialsEmitted: number; finals: number };

export type TranscribeStreamOptions = {
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

export async function* transcribeStream(
  events: AsyncIterable<SegmenterEvent>,
  engine: AsrEngine,
  options: TranscribeStreamOptions,
): AsyncIterable<TranscriptEvent> {
  const stats = options.stats ?? { partialRequests: 0, partialsDropped: 0, partialsEmitted: 0, finals: 0 };
  const wantPartials = options.partials ?? true;
  const finals: Utterance[] = [];
  const pending = new Map<Channel, Progress>();
  // Per channel, the utterance in progress (by start time) and its agreement state.
  const open = new Map<Channel, { startMs: number; agreement: LocalAgreement; shown: string }>();
  let done = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
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
        } else if (ev.type === 'speech-end') {
          const ch = ev.utterance.channel;
          if (pending.has(ch)) {
            stats.partialsDropped++;
            pending.delete(ch);
          }
          open.delete(ch);
          finals.push(ev.utterance);
        } else if (ev.type === 'echo-dropped') {
          if (pending.delete(ev.channel)) stats.partialsDropped++;
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

  try {
    for (;;) {
      if (failure) throw failure;
      const utt = finals.shift();
      if (utt) {
        const res = await engine.transcribe(utt.samples, { language: options.language, startMs: utt.startMs, endMs: utt.endMs, speaker: utt.speaker });
        stats.finals++;
        yield {
          type: 'final',
          speaker: utt.speaker,
          channel: utt.channel,
          startMs: utt.startMs,
          endMs: utt.endMs,
          text: res.text.trim(),
          language: res.language,
          engine: engine.id,
        };
        continue;
      }
      const next = pending.entries().next();
      if (!next.done) {
        const [channel, ev] = next.value;
        pending.delete(channel);
        const state = open.get(channel);
        if (!state || state.startMs !== ev.startMs) continue;
        stats.partialRequests++;
        let text: string;
        let language: TranscriptEvent['language'];
        try {
          const res = await engine.transcribe(ev.samples, {
            language: options.language,
            startMs: ev.startMs,
            endMs: ev.nowMs,
            speaker: speakerOf(channel),
            partial: true,
            prompt: state.agreement.text || undefined,
          });
          text = res.text;
          language = res.language;
        } catch {
          // A failed partial is not worth stopping for; the final will report a real problem.
          continue;
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
          yield { type: 'partial', speaker: speakerOf(channel), channel, startMs: ev.startMs, endMs: ev.nowMs, text: committed, language, engine: engine.id };
        }
        continue;
      }
      if (done) {
        if (failure) throw failure;
        if (finals.length === 0 && pending.size === 0) break;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    // The consumer stopped early (or we failed): stop reading upstream too.
    // Not awaited when upstream is still mid-read: a live source may not answer until its next frame.
    if (!done) void iterator.return?.();
    else await reader;
  }
}
