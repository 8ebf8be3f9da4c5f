// transcribeStream's timing rules (speculative finals, aborted and rationed partials) on a fake
// engine and virtual time; streaming.test.ts runs it on real audio with pocketsphinx.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyStreamStats, transcribeStream } from './streaming';
import type { AsrEngine, TranscriptEvent } from './types';
import type { SegmenterEvent } from '../audio/types';

describe('transcribeStream: speculative finals and aborted partials', () => {
  // Virtual time: the segmenter's pauses, the engine's decode cost and the clock transcribeStream
  // reads (performance.now) all run on vitest's fake timers, so the test takes no real time
  // and the same interleavings happen on a loaded machine as on a quiet one.
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] }));
  afterEach(() => void vi.useRealTimers());
  const utt = (startMs: number, endMs: number, channel: 'system' | 'mic' = 'system') => ({
    speaker: channel === 'system' ? ('customer' as const) : ('rep' as const),
    channel,
    startMs,
    endMs,
    samples: new Float32Array(((endMs - startMs) * 16) | 0).fill(startMs),
  });
  /** Events with a pause (ms) before each, like a live segmenter. */
  async function* feed(steps: [number, SegmenterEvent][]) {
    for (const [waitMs, e] of steps) {
      await new Promise((r) => setTimeout(r, waitMs));
      yield e;
    }
  }
  /** An engine that takes `costMs` per decode, honours aborts, and logs every call. */
  const fakeEngine = (costMs: number) => {
    const calls: { partial: boolean; endMs: number; aborted: boolean; prompt?: string }[] = [];
    const engine: AsrEngine = {
      id: 'whisper',
      backend: 'fake',
      transcribe: (samples, opts) =>
        new Promise((resolve, reject) => {
          const call = { partial: opts.partial ?? false, endMs: opts.endMs, aborted: false, prompt: opts.prompt };
          calls.push(call);
          const timer = setTimeout(() => resolve({ text: `heard ${opts.startMs}-${opts.endMs}`, language: 'en' }), costMs);
          opts.signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            call.aborted = true;
            const err = new Error('aborted');
            err.name = 'AbortError';
            reject(err);
          });
        }),
      close: async () => undefined,
    };
    return { engine, calls };
  };
  /** Runs the stream to its end on virtual time: every pause and decode cost passes at once. */
  const collect = async (steps: [number, SegmenterEvent][], engine: AsrEngine, stats = emptyStreamStats(), options: { phrases?: boolean } = {}) => {
    const out: TranscriptEvent[] = [];
    const run = (async () => {
      for await (const t of transcribeStream(feed(steps), engine, { language: 'en', stats, ...options })) out.push(t);
    })();
    await vi.runAllTimersAsync();
    await run;
    return out;
  };

  it('decodes the final at the first silence and keeps it when the silence holds: one decode, ready at once', async () => {
    const { engine, calls } = fakeEngine(120);
    const u = utt(0, 2000);
    const stats = emptyStreamStats();
    const out = await collect(
      [
        [0, { type: 'speech-start', channel: 'system', startMs: 0 }],
        [0, { type: 'speech-pause', utterance: u }],
        [200, { type: 'speech-end', utterance: { ...u, samples: u.samples.slice() } }],
      ],
      engine,
      stats,
    );
    expect(calls).toEqual([{ partial: false, endMs: 2000, aborted: false, prompt: undefined }]);
    // Its text is offered as a phrase as soon as it is decoded (120 ms into the silence), then the
    // final (the same decode) when the silence is confirmed.
    expect(out.map((t) => [t.type, t.text, t.phrase ?? false])).toEqual([
      ['partial', 'heard 0-2000', true],
      ['final', 'heard 0-2000', false],
    ]);
    expect(out[0]).toMatchObject({ speaker: 'customer', channel: 'system', startMs: 0, endMs: 2000, asrMs: 120 });
    expect(out[1]).toMatchObject({ type: 'final', text: 'heard 0-2000', speculative: true });
    // The decode finished during the silence: the final follows speech-end at once.
    expect(out[1]!.afterEndMs).toBeLessThan(60);
    expect(stats).toMatchObject({ speculative: 1, speculativeKept: 1, speculativeAborted: 0, finals: 1, phrasesEmitted: 1 });
  });

  it('offers no phrase when it is turned off, when speech resumes first, or when the end came before the decode finished', async () => {
    const steps = (endAfterMs: number): [number, SegmenterEvent][] => [
      [0, { type: 'speech-start', channel: 'system', startMs: 0 }],
      [0, { type: 'speech-pause', utterance: utt(0, 2000) }],
      [endAfterMs, { type: 'speech-end', utterance: utt(0, 2000) }],
    ];
    const off = await collect(steps(300), fakeEngine(100).engine, emptyStreamStats(), { phrases: false });
    expect(off.map((t) => t.type)).toEqual(['final']);
    // The end of speech was confirmed while the decode ran: the final goes out, no phrase before it.
    const late = emptyStreamStats();
    const ended = await collect(steps(50), fakeEngine(100).engine, late);
    expect(ended.map((t) => [t.type, t.speculative])).toEqual([['final', true]]);
    expect(late.phrasesEmitted).toBe(0);
    // An empty decode (no words heard) is no phrase either.
    const silent: AsrEngine = { ...fakeEngine(10).engine, transcribe: async () => ({ text: '', language: null }) };
    expect((await collect(steps(300), silent)).map((t) => t.type)).toEqual(['final']);
  });

  it('aborts the speculation when speech resumes, and decodes the longer utterance at its end', async () => {
    const { engine, calls } = fakeEngine(150);
    const stats = emptyStreamStats();
    const out = await collect(
      [
        [0, { type: 'speech-start', channel: 'system', startMs: 0 }],
        [0, { type: 'speech-pause', utterance: utt(0, 1000) }],
        [40, { type: 'speech-resume', channel: 'system', startMs: 0, atMs: 1100 }],
        [50, { type: 'speech-end', utterance: utt(0, 2500) }],
      ],
      engine,
      stats,
    );
    expect(calls.map((c) => [c.endMs, c.aborted])).toEqual([
      [1000, true],
      [2500, false],
    ]);
    expect(out.map((t) => [t.type, t.text, t.speculative])).toEqual([['final', 'heard 0-2500', false]]);
    expect(stats).toMatchObject({ speculative: 1, speculativeKept: 0, speculativeAborted: 1 });
  });

  it('a speech-end with other audio than the speculation (speech came back and ended) decodes again', async () => {
    const { engine, calls } = fakeEngine(50);
    const out = await collect(
      [
        [0, { type: 'speech-start', channel: 'system', startMs: 0 }],
        [0, { type: 'speech-pause', utterance: utt(0, 1000) }],
        [100, { type: 'speech-end', utterance: utt(0, 1400) }],
      ],
      engine,
    );
    expect(calls.map((c) => c.endMs)).toEqual([1000, 1400]);
    // The phrase at the pause went out (the decode took 50 ms of the 100 ms silence); the final is the longer decode.
    expect(out.map((t) => [t.type, t.text])).toEqual([
      ['partial', 'heard 0-1000'],
      ['final', 'heard 0-1400'],
    ]);
  });

  it('aborts a partial still decoding when its utterance pauses, and prompts with the speaker’s previous final', async () => {
    const { engine, calls } = fakeEngine(300);
    const stats = emptyStreamStats();
    const out = await collect(
      [
        [0, { type: 'speech-start', channel: 'system', startMs: 0 }],
        [0, { type: 'speech-pause', utterance: utt(0, 800) }],
        [0, { type: 'speech-end', utterance: utt(0, 800) }],
        [350, { type: 'speech-start', channel: 'system', startMs: 3000 }],
        [0, { type: 'speech-progress', channel: 'system', startMs: 3000, nowMs: 3400, samples: new Float32Array(6400) }],
        [50, { type: 'speech-pause', utterance: utt(3000, 3600) }],
        [0, { type: 'speech-end', utterance: utt(3000, 3600) }],
      ],
      engine,
      stats,
    );
    const partial = calls.find((c) => c.partial)!;
    expect(partial.aborted).toBe(true);
    expect(stats.partialsAborted).toBe(1);
    expect(out.map((t) => t.text)).toEqual(['heard 0-800', 'heard 3000-3600']);
    // The second utterance's decodes were conditioned on what the customer said before.
    expect(calls.filter((c) => c.endMs >= 3400).every((c) => c.prompt === 'heard 0-800')).toBe(true);
  });

  it('keeps partials to the duty cycle of their measured cost: no back-to-back decodes on a slow engine', async () => {
    const { engine, calls } = fakeEngine(200);
    const steps: [number, SegmenterEvent][] = [[0, { type: 'speech-start', channel: 'system', startMs: 0 }]];
    for (let i = 1; i <= 12; i++) steps.push([50, { type: 'speech-progress', channel: 'system', startMs: 0, nowMs: i * 50, samples: new Float32Array(i * 800) }]);
    steps.push([0, { type: 'speech-end', utterance: utt(0, 700) }]);
    const stats = emptyStreamStats();
    await collect(steps, engine, stats);
    // 600 ms of progress at 200 ms per decode and a 0.5 duty: at most 2 partials (a partial, a 200 ms rest, another).
    expect(stats.partialRequests).toBeLessThanOrEqual(2);
    expect(calls.filter((c) => !c.partial)).toHaveLength(1);
  });
});
