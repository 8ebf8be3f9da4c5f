import { afterEach, describe, expect, it } from 'vitest';
import type { TranscriptEvent } from '../asr/types';
import type { AudioSource, SegmenterEvent } from '../audio/types';
import { createCore, type Core } from '../core';
import type { Analysis, Analyzer } from '../nlp/types';
import type { Tailor } from '../llm/tailor';
import { tempDir } from '../../../test/helpers';
import { runCallSession, type LiveEvent, type Pipeline } from './call-session';
import { sql } from 'kysely';
import { all, first } from '../store/query';

/** A keyword analyzer: enough to drive the orchestration; the real one is tested in nlp/. */
const fakeAnalyzer = (): Analyzer & { calls: string[] } => {
  const calls: string[] = [];
  return {
    calls,
    async analyze(text) {
      calls.push(text);
      const lower = text.toLowerCase();
      const objections: Analysis['objections'] = [];
      if (/too expensive/.test(lower)) objections.push({ type: 'price', confidence: lower.split(' ').length > 5 ? 0.93 : 0.6 });
      if (/next quarter/.test(lower)) objections.push({ type: 'timing', confidence: 0.7 });
      const competitors = /gong/.test(lower) ? [{ id: 'gong', name: 'Gong', confidence: 0.99 }] : [];
      const score = objections.length ? -0.6 : 0.4;
      return { text, language: 'en', sentiment: { label: score < 0 ? 'negative' : 'positive', score }, objections, competitors };
    },
    close: async () => undefined,
  };
};

const silentSource: AudioSource = { kind: 'file', channels: ['mic', 'system'], async *frames() {
  yield* [];
} };

/** Replays scripted transcript events (what streaming ASR would produce). */
const scriptedPipeline = (events: TranscriptEvent[]): Pipeline => ({
  async *segment(source, { signal }): AsyncGenerator<SegmenterEvent> {
    // Reads the source to its end; the scripted transcripts stand in for what it would yield.
    for await (const _ of source.frames(signal)) yield* [];
  },
  async *transcribe(segments) {
    for await (const _ of segments) void _;
    for (const e of events) {
      await new Promise((r) => setImmediate(r));
      yield e;
    }
  },
});

const ev = (type: 'partial' | 'final', speaker: 'rep' | 'customer', startMs: number, endMs: number, text: string): TranscriptEvent => ({
  type, speaker, channel: speaker === 'rep' ? 'mic' : 'system', startMs, endMs, text, language: 'en', engine: 'reference',
});

const CALL: TranscriptEvent[] = [
  ev('final', 'rep', 0, 2000, 'Thanks for joining, let me show you the product'),
  ev('partial', 'customer', 3000, 3600, 'Honestly'),
  ev('partial', 'customer', 3000, 4200, 'Honestly this is too expensive'),
  ev('partial', 'customer', 3000, 4800, 'Honestly this is too expensive for a team'),
  ev('partial', 'customer', 3000, 5400, 'Honestly this is too expensive for a team of our size'),
  ev('partial', 'customer', 3000, 6000, 'Honestly this is too expensive for a team of our size right now'),
  ev('final', 'customer', 3000, 6400, 'Honestly this is too expensive for a team of our size right now'),
  ev('final', 'customer', 7000, 9000, 'We already use Gong for that'),
  ev('final', 'rep', 9500, 11_000, 'Gong is great for reviewing calls after the fact'),
  ev('final', 'customer', 12_000, 13_500, 'It is too expensive'),
];

describe('runCallSession', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  const core = (): Core => {
    const t = tempDir();
    const c = createCore({ dataDir: t.dir });
    cleanups.push(async () => {
      await c.close();
      t.cleanup();
    });
    return c;
  };

  it('stores the call, segments, sentiment, detections and hints, and emits live events', async () => {
    const c = core();
    const events: LiveEvent[] = [];
    const broadcast: string[] = [];
    c.events.onAny((name) => broadcast.push(name));
    const progress: number[] = [];
    const { callId } = await runCallSession({
      core: c, source: silentSource, asr: { id: 'reference', backend: 'x', transcribe: async () => ({ text: '', language: null }), close: async () => undefined },
      analyzer: fakeAnalyzer(), kind: 'replay', title: 'Test call', realtime: false, language: 'en', pipeline: scriptedPipeline(CALL), tailor: null,
      onEvent: (e) => events.push(e), onProgress: (f) => progress.push(f), durationMs: 14_000,
    });
    const store = c.store;
    expect(first(store, store.db.selectFrom('calls').select((eb) => ['title', 'source', 'language', eb('ended_at', 'is not', null).as('ended')]).where('id', '=', callId))).toEqual({ title: 'Test call', source: 'replay', language: 'en', ended: 1 });
    const segs = all(store, store.db.selectFrom('segments').select(['speaker', 'start_ms', 'end_ms', 'text']).where('call_id', '=', callId).orderBy('start_ms'));
    expect(segs.map((s) => s.speaker)).toEqual(['rep', 'customer', 'customer', 'rep', 'customer']);
    const sent = all(store, store.db.selectFrom('sentiment').select(['label', 'score', 'rolling']).where('call_id', '=', callId).orderBy('at_ms'));
    expect(sent).toHaveLength(5);
    expect(sent[0]!.rolling).toBeNull(); // rep rows carry no customer rolling score
    expect(sent[1]!.rolling).toBeCloseTo(-0.6);
    const det = all(store, store.db.selectFrom('detections').select(['kind', 'value']).where('call_id', '=', callId).orderBy('at_ms'));
    expect(det).toEqual([{ kind: 'objection', value: 'price' }, { kind: 'competitor', value: 'gong' }, { kind: 'objection', value: 'price' }]);

    const hints = all(store, store.db.selectFrom('hints').select(['kind', 'trigger', 'source_id', 'language', 'speech_end_ms', 'shown_ms', 'latency_ms', 'from_partial', 'status']).where('call_id', '=', callId).orderBy('shown_ms'));
    // Price fires on a partial once it held while the utterance grew by 3+ words (the 5-word
    // one is below the partial threshold), before the customer finished: negative latency;
    // Gong's battlecard on the final; the repeated price objection is inside the cooldown.
    expect(hints).toEqual([
      { kind: 'objection', trigger: 'price', source_id: 'playbook:price:en', language: 'en', speech_end_ms: 6400, shown_ms: 5400, latency_ms: -1000, from_partial: 1, status: 'shown' },
      { kind: 'competitor', trigger: 'gong', source_id: 'battlecard:gong:en', language: 'en', speech_end_ms: 9000, shown_ms: 9000, latency_ms: 0, from_partial: 0, status: 'shown' },
    ]);
    const hintEvents = events.filter((e) => e.event === 'live.hint');
    expect(hintEvents.map((e) => (e.payload as { trigger: string }).trigger)).toEqual(['price', 'gong']);

    // The finished call's insight waits in the sync outbox; the rep's feedback on a hint
    // re-queues it with the new hint-use figures.
    const insights = () => all(store, store.db.selectFrom('sync_outbox').select(['op', 'payload']).where('entity', '=', 'call_insight').where('entity_id', '=', callId).orderBy('created_at').orderBy(sql`rowid`));
    expect(insights()).toHaveLength(1);
    expect(insights()[0]!.op).toBe('upsert');
    const { recordHintAction } = await import('./session-recorder');
    const firstHint = first(store, store.db.selectFrom('hints').select('id').where('call_id', '=', callId).orderBy('shown_ms').limit(1))!;
    const before = insights()[0]!.payload;
    recordHintAction(c.store, firstHint.id, 'used');
    // An unsent upsert for the same call is replaced, not duplicated.
    expect(insights()).toHaveLength(1);
    expect(insights()[0]!.payload).not.toBe(before);
    const updated = events.find((e) => e.event === 'live.hint.updated')!.payload as { speechEndMs: number; latencyMs: number };
    expect(updated).toMatchObject({ speechEndMs: 6400, latencyMs: -1000 });
    expect(events.filter((e) => e.event === 'live.transcript')).toHaveLength(CALL.length);
    expect(events.at(-1)).toMatchObject({ event: 'live.state', payload: { state: 'ended', callId } });
    expect(broadcast).toContain('live.hint');
    expect(progress.at(-1)).toBe(1);
  });

  it('a phrase (the speculative final at the customer\'s pause) fires its hint before the end of speech is confirmed, as a final would', async () => {
    const c = core();
    const events: LiveEvent[] = [];
    const said = 'Honestly it is too expensive for us';
    const phrase: TranscriptEvent = { ...ev('partial', 'customer', 3000, 4800, said), phrase: true, asrMs: 210 };
    const { callId } = await runCallSession({
      core: c, source: silentSource, asr: { id: 'reference', backend: 'x', transcribe: async () => ({ text: '', language: null }), close: async () => undefined },
      analyzer: fakeAnalyzer(), kind: 'replay', title: 'Phrase', realtime: false, language: 'en',
      pipeline: scriptedPipeline([ev('partial', 'customer', 3000, 4200, said), phrase, ev('final', 'customer', 3000, 4800, said)]),
      tailor: null, onEvent: (e) => events.push(e), durationMs: 6000,
    });
    // The plain partial has no streak yet; the phrase needs none.
    const hints = all(c.store, c.store.db.selectFrom('hints').select(['trigger', 'speech_end_ms', 'shown_ms', 'from_partial']).where('call_id', '=', callId));
    expect(hints).toEqual([{ trigger: 'price', speech_end_ms: 4800, shown_ms: 4800, from_partial: 1 }]);
    const lines = events.filter((e) => e.event === 'live.transcript').map((e) => e.payload as { type: string; phrase?: boolean; asr?: { computeMs: number } });
    expect(lines.map((l) => [l.type, l.phrase ?? false])).toEqual([['partial', false], ['partial', true], ['final', false]]);
    expect(lines[1]!.asr?.computeMs).toBe(210);
  });

  it('an import does not broadcast to the UI and analyses only the newest partial', async () => {
    const c = core();
    const seen: string[] = [];
    c.events.onAny((name) => seen.push(name));
    const analyzer = fakeAnalyzer();
    await runCallSession({
      core: c, source: silentSource, asr: { id: 'reference', backend: 'x', transcribe: async () => ({ text: '', language: null }), close: async () => undefined },
      analyzer, kind: 'import', realtime: false, pipeline: scriptedPipeline(CALL.slice(0, 7)), tailor: null,
    });
    expect(seen).toEqual([]);
    // Every final is analysed; partials at most once each, never after their final.
    expect(analyzer.calls.filter((t) => t === 'Honestly this is too expensive for a team of our size right now').length).toBeLessThanOrEqual(2);
  });

  it('streams a tailored reply after the local hint, and a failing model leaves the local hint alone', async () => {
    const c = core();
    const ok: Tailor = { model: 'm', async *stream(req) {
      yield 'Tailored: ';
      yield req.hint.title;
    } };
    const events: LiveEvent[] = [];
    const { callId } = await runCallSession({
      core: c, source: silentSource, asr: { id: 'reference', backend: 'x', transcribe: async () => ({ text: '', language: null }), close: async () => undefined },
      analyzer: fakeAnalyzer(), kind: 'replay', realtime: false, language: 'en', pipeline: scriptedPipeline(CALL.slice(7, 8)), tailor: ok, onEvent: (e) => events.push(e),
    });
    const tailored = events.filter((e) => e.event === 'live.hint.tailored').map((e) => e.payload as { text: string; done: boolean });
    expect(tailored.at(-1)).toMatchObject({ text: 'Tailored: Gong', done: true });
    const rows = all(c.store, c.store.db.selectFrom('hints').select(['kind', 'text']).where('call_id', '=', callId).orderBy('kind'));
    expect(rows).toEqual([{ kind: 'competitor', text: expect.stringContaining('Gong') }, { kind: 'llm', text: 'Tailored: Gong' }]);

    const failing: Tailor = { model: 'm', async *stream() {
      yield 'partial ';
      throw new Error('the language model failed: HTTP 500');
    } };
    const events2: LiveEvent[] = [];
    const second = await runCallSession({
      core: c, source: silentSource, asr: { id: 'reference', backend: 'x', transcribe: async () => ({ text: '', language: null }), close: async () => undefined },
      analyzer: fakeAnalyzer(), kind: 'replay', realtime: false, language: 'en', pipeline: scriptedPipeline(CALL.slice(7, 8)), tailor: failing, onEvent: (e) => events2.push(e),
    });
    expect(events2.filter((e) => e.event === 'live.hint.tailored').at(-1)!.payload).toMatchObject({ done: true, error: 'the language model failed: HTTP 500' });
    expect(all(c.store, c.store.db.selectFrom('hints').select('kind').where('call_id', '=', second.callId))).toEqual([{ kind: 'competitor' }]);
  });

  it('reports a failing pipeline as an error state and keeps what was stored', async () => {
    const c = core();
    const events: LiveEvent[] = [];
    const broken: Pipeline = {
      ...scriptedPipeline([]),
      async *transcribe() {
        yield ev('final', 'customer', 0, 1000, 'We already use Gong');
        throw new Error('recogniser crashed');
      },
    };
    await expect(
      runCallSession({ core: c, source: silentSource, asr: { id: 'reference', backend: 'x', transcribe: async () => ({ text: '', language: null }), close: async () => undefined }, analyzer: fakeAnalyzer(), kind: 'live', realtime: false, pipeline: broken, tailor: null, onEvent: (e) => events.push(e) }),
    ).rejects.toThrow('recogniser crashed');
    expect(events.at(-1)).toMatchObject({ event: 'live.state', payload: { state: 'error', message: 'recogniser crashed' } });
    expect(first(c.store, c.store.db.selectFrom('hints').select((eb) => eb.fn.countAll<number>().as('n')))).toEqual({ n: 1 });
  });
  it('names an untitled call with the local date and time (America/Sao_Paulo), not UTC', async () => {
    const previous = process.env.TZ;
    process.env.TZ = 'America/Sao_Paulo';
    try {
      const c = core();
      const before = Date.now();
      const { callId } = await runCallSession({
        core: c, source: silentSource, asr: { id: 'reference', backend: 'x', transcribe: async () => ({ text: '', language: null }), close: async () => undefined },
        analyzer: fakeAnalyzer(), kind: 'replay', realtime: false, language: 'en', pipeline: scriptedPipeline(CALL.slice(0, 1)), tailor: null,
      });
      const { title } = first(c.store, c.store.db.selectFrom('calls').select('title').where('id', '=', callId))!;
      const d = new Date(before);
      const local = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
      expect(d.getTimezoneOffset()).toBe(180);
      // The minute may have turned while the session ran.
      const after = new Date(before + 60_000);
      const next = `${after.getFullYear()}-${String(after.getMonth() + 1).padStart(2, '0')}-${String(after.getDate()).padStart(2, '0')} ${String(after.getHours()).padStart(2, '0')}:${String(after.getMinutes()).padStart(2, '0')}`;
      expect([`Replayed call ${local}`, `Replayed call ${next}`]).toContain(title);
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });
});
