/**
 * Turns per-window VAD probabilities into utterances for one channel: hysteresis (start at
 * `threshold`, end below `negThreshold`), a configurable end-of-speech silence, a short
 * pre-roll so first phonemes are not clipped, progress snapshots for streaming ASR, and a
 * hard cap so one endless utterance cannot starve the transcript.
 */
import { speakerOf, SAMPLE_RATE, type Channel, type SegmenterEvent } from './types';

export type SegmenterOptions = {
  endOfSpeechMs: number;
  threshold?: number;
  negThreshold?: number;
  /** Speech shorter than this is a click or a cough: dropped without any event. */
  minSpeechMs?: number;
  /** Audio kept before the first speech window. */
  preRollMs?: number;
  /** Silence kept after the last speech window. */
  tailMs?: number;
  progressEveryMs?: number;
  maxUtteranceMs?: number;
  /**
   * Silence after which `speech-pause` offers the utterance as it would end now, so a final can
   * be decoded while the end of speech is still being confirmed (at least `tailMs`, so the
   * offered audio is exactly what `speech-end` will carry if the silence holds). 0 = never.
   */
  pauseMs?: number;
};

export type Segmenter = {
  /** One VAD window (any length, normally 512 samples) with its stream time and speech probability. */
  push(samples: Float32Array, startMs: number, prob: number): SegmenterEvent[];
  /** Ends a pending utterance at end of stream. */
  flush(): SegmenterEvent[];
};

type Win = { samples: Float32Array; startMs: number; speech: boolean };

const concat = (wins: Win[]): Float32Array => {
  const out = new Float32Array(wins.reduce((n, w) => n + w.samples.length, 0));
  let o = 0;
  for (const w of wins) {
    out.set(w.samples, o);
    o += w.samples.length;
  }
  return out;
};
const endOf = (w: Win) => w.startMs + (w.samples.length * 1000) / SAMPLE_RATE;

export function createSegmenter(channel: Channel, options: SegmenterOptions): Segmenter {
  const threshold = options.threshold ?? 0.5;
  const negThreshold = options.negThreshold ?? Math.max(0.01, threshold - 0.15);
  const minSpeechMs = options.minSpeechMs ?? 200;
  const preRollMs = options.preRollMs ?? 96;
  const tailMs = options.tailMs ?? 96;
  const progressEveryMs = options.progressEveryMs ?? 400;
  const maxUtteranceMs = options.maxUtteranceMs ?? 28_000;
  const pauseMs = options.pauseMs ? Math.max(options.pauseMs, tailMs) : 0;

  let preRoll: Win[] = [];
  let wins: Win[] = []; // the utterance so far (pre-roll included)
  let active = false; // inside speech (hysteresis)
  let started = false; // speech-start emitted (minSpeechMs reached)
  let speechMs = 0;
  let silenceMs = 0;
  let lastSpeechIdx = -1;
  let lastProgressMs = 0;
  let paused = false; // speech-pause emitted for the current silence run

  const reset = () => {
    paused = false;
    wins = [];
    active = false;
    started = false;
    speechMs = 0;
    silenceMs = 0;
    lastSpeechIdx = -1;
  };

  /** The windows an utterance ending now keeps: up to the last speech plus a little trailing silence (word endings are quiet). */
  const keptEnd = (): number => {
    let end = lastSpeechIdx;
    while (end + 1 < wins.length && endOf(wins[end + 1]!) - endOf(wins[lastSpeechIdx]!) <= tailMs) end += 1;
    return end;
  };
  const utteranceUpTo = (end: number) => {
    const kept = wins.slice(0, end + 1);
    return { speaker: speakerOf(channel), channel, startMs: kept[0]!.startMs, endMs: endOf(kept[kept.length - 1]!), samples: concat(kept) };
  };

  const finish = (): SegmenterEvent[] => {
    const events: SegmenterEvent[] = [];
    if (started && lastSpeechIdx >= 0) {
      const end = keptEnd();
      events.push({ type: 'speech-end', utterance: utteranceUpTo(end) });
      // What follows the kept tail may hold the pre-roll of the next utterance.
      preRoll = wins.slice(end + 1);
    } else {
      preRoll = wins.slice();
    }
    reset();
    trimPreRoll();
    return events;
  };

  function trimPreRoll() {
    while (preRoll.length > 0 && preRoll.reduce((ms, w) => ms + (w.samples.length * 1000) / SAMPLE_RATE, 0) > preRollMs) preRoll.shift();
  }

  return {
    push(samples, startMs, prob) {
      const winMs = (samples.length * 1000) / SAMPLE_RATE;
      const events: SegmenterEvent[] = [];
      // A gap in the stream (device lost, dropped frames) is silence: close what was open.
      const last = wins[wins.length - 1] ?? preRoll[preRoll.length - 1];
      if (last && startMs - endOf(last) > 1) {
        if (wins.length > 0) {
          silenceMs += startMs - endOf(last);
          if (silenceMs >= options.endOfSpeechMs) events.push(...finish());
        }
        preRoll = [];
      }
      const speech = active ? prob >= negThreshold : prob >= threshold;
      const win: Win = { samples, startMs, speech };
      if (!active && wins.length === 0) {
        if (!speech) {
          preRoll.push(win);
          trimPreRoll();
          return events;
        }
        wins = [...preRoll, win];
        preRoll = [];
      } else {
        wins.push(win);
      }
      if (speech) {
        active = true;
        speechMs += winMs;
        silenceMs = 0;
        lastSpeechIdx = wins.length - 1;
        if (paused) {
          paused = false;
          events.push({ type: 'speech-resume', channel, startMs: wins[0]!.startMs, atMs: startMs });
        }
      } else {
        silenceMs += winMs;
        active = silenceMs < options.endOfSpeechMs;
      }
      const uttStart = wins[0]!.startMs;
      const now = startMs + winMs;
      if (!started && speechMs >= minSpeechMs) {
        started = true;
        lastProgressMs = now;
        events.push({ type: 'speech-start', channel, startMs: uttStart });
      }
      if (silenceMs >= options.endOfSpeechMs) {
        events.push(...finish());
        return events;
      }
      if (pauseMs > 0 && started && !paused && lastSpeechIdx >= 0 && silenceMs >= pauseMs) {
        paused = true;
        events.push({ type: 'speech-pause', utterance: utteranceUpTo(keptEnd()) });
      }
      if (started && speech && now - lastProgressMs >= progressEveryMs) {
        lastProgressMs = now;
        events.push({ type: 'speech-progress', channel, startMs: uttStart, nowMs: now, samples: concat(wins.slice(0, lastSpeechIdx + 1)) });
      }
      if (now - uttStart >= maxUtteranceMs) events.push(...finish());
      return events;
    },
    flush: () => finish(),
  };
}
