import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TranscriptEvent } from '../asr/types';
import { createCore, type Core } from '../core';
import { activeBattlecard, activePlaybook } from '../hints/content-store';
import { createHintEngine } from '../hints/hint-engine';
import type { Analysis, Analyzer } from '../nlp/types';
import { createRollingSentiment } from '../nlp/rolling-sentiment';
import { tempDir } from '../../../test/helpers';
import type { LiveEvent } from './call-session';
import { createSessionRecorder, MAX_PAINT_LAG_MS, recordHintAction } from './session-recorder';
import { freshStores } from '../../../test/stores';
import { seedBundledContent } from '../hints/bundled';
import { insertHint } from '../hints/hint-store';
import { createStreamClock } from './stream-clock';
import { all, first, run } from '../store/query';
import { insertCallRow } from '../store/calls';

const analyzer: Analyzer = {
  async analyze(text) {
    const objections: Analysis['objections'] = [];
    if (/too expensive/.test(text)) objections.push({ type: 'price', confidence: 0.93 });
    if (/next quarter/.test(text)) objections.push({ type: 'timing', confidence: 0.9 });
    if (/my boss/.test(text)) objections.push({ type: 'authority', confidence: 0.9 });
    const competitors = /Gong/.test(text) ? [{ id: 'gong', name: 'Gong', confidence: 0.99 }] : [];
    return { text, language: 'en', sentiment: { label: 'negative', score: -0.5 }, objections, competitors };
  },
  close: async () => undefined,
};
const final = (startMs: number, endMs: number, text: string): TranscriptEvent => ({ type: 'final', speaker: 'customer', channel: 'system', startMs, endMs, text, language: 'en', engine: 'reference' });

describe('session recorder: the overlay paint report', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  /** A real-time call whose wall clock the test moves by hand (stream time = wall - 100 s). */
  const setup = () => {
    const t = tempDir();
    const core: Core = createCore({ dataDir: t.dir });
    cleanups.push(async () => {
      await core.close();
      t.cleanup();
    });
    let wall = 103_000;
    const clock = createStreamClock(true, () => wall);
    clock.observe({ channel: 'system', samples: new Float32Array(48_000), startMs: 0 }); // 0–3000 ms arrived at wall 103 000
    const events: LiveEvent[] = [];
    const callId = crypto.randomUUID();
    const recorder = createSessionRecorder({
      core, callId, emit: (e) => events.push(e), clock, language: 'en', tailor: null, rolling: createRollingSentiment(), analyzer,
      engine: createHintEngine({ playbook: (type, lang) => activePlaybook(core.store, type, lang), battlecard: (id, lang) => activeBattlecard(core.store, id, lang) }),
    });
    recorder.createCall('test call', 'live');
    const say = async (atWall: number, ev: TranscriptEvent): Promise<string> => {
      wall = atWall;
      const before = events.filter((e) => e.event === 'live.hint').length;
      recorder.transcript(ev);
      await recorder.drain();
      const emitted = events.filter((e) => e.event === 'live.hint');
      expect(emitted).toHaveLength(before + 1);
      return (emitted.at(-1)!.payload as { id: string }).id;
    };
    const stored = (id: string) => first(core.store, core.store.db.selectFrom('hints').select(['shown_ms as shownMs', 'latency_ms as latencyMs']).where('id', '=', id));
    const paint = (atWall: number, id: string) => {
      wall = atWall;
      return recorder.hintRendered(id);
    };
    return { recorder, say, stored, paint };
  };

  it('records the first paint while the call is live; late overlays, second paints and post-call paints change nothing', async () => {
    const { recorder, say, stored, paint } = setup();

    // Overlay open: the hint emitted 400 ms after speech ended is painted 50 ms later.
    const price = await say(103_400, final(1000, 3000, 'This is far too expensive for us'));
    expect(stored(price)).toEqual({ shownMs: 3400, latencyMs: 400 });
    expect(paint(103_450, price)).toBe(3450);
    expect(stored(price)).toEqual({ shownMs: 3450, latencyMs: 450 });
    // A second paint (card re-mounted) never counts.
    expect(paint(104_000, price)).toBeNull();
    expect(stored(price)).toEqual({ shownMs: 3450, latencyMs: 450 });

    // Overlay closed when these hints came; one opened mid-call re-paints them much later.
    const gong = await say(109_400, final(7000, 9000, 'We already use Gong for that'));
    const timing = await say(120_400, final(18_000, 20_000, 'Maybe next quarter'));
    expect(paint(118_666, gong)).toBeNull();
    expect(stored(gong)).toEqual({ shownMs: 9400, latencyMs: 400 });
    // Within the bound of its emission the mid-call overlay's paint is the first paint of record.
    expect(paint(120_400 + MAX_PAINT_LAG_MS, timing)).toBe(20_400 + MAX_PAINT_LAG_MS);
    expect(stored(timing)).toEqual({ shownMs: 22_400, latencyMs: 2400 });

    // After the call: an overlay opened now re-paints a hint it never showed: no change.
    const late = await say(128_400, final(26_000, 28_000, 'I need to ask my boss'));
    const before = stored(late);
    recorder.finishCall(30_000);
    expect(paint(130_549, late)).toBeNull();
    expect(stored(late)).toEqual(before);
    expect(stored(gong)).toEqual({ shownMs: 9400, latencyMs: 400 });
  });

  it('once the call has finished no report counts, even one within the bound of its hint', async () => {
    const { recorder, say, stored, paint } = setup();
    const price = await say(103_400, final(1000, 3000, 'This is far too expensive for us'));
    recorder.finishCall(3500);
    expect(paint(103_450, price)).toBeNull();
    expect(stored(price)).toEqual({ shownMs: 3400, latencyMs: 400 });
  });
});

describe('recordHintAction: the rep acting on a hint', () => {
  const fresh = freshStores((store) => {
    seedBundledContent(store);
    insertCallRow(store, { id: 'c1', title: 'Acme', started_at: 1, created_at: 1 });
  });
  const decision = { kind: 'objection', trigger: 'price', sourceId: 'playbook:price:en', title: 'Price', text: 'Show the ROI', details: null, language: 'en', confidence: 0.9, priority: 2, fromPartial: false, utterance: 'too expensive' } as const;

  it('records the action; once the call has ended it re-queues the call insight with the new hint-use figures, in the same transaction', () => {
    const store = fresh();
    const hint = insertHint(store, { callId: 'c1', decision, speechEndMs: 0, shownMs: 10 });
    const insights = () => all(store, store.db.selectFrom('sync_outbox').select('payload').where('entity', '=', 'call_insight')).map((r) => r.payload);
    expect(recordHintAction(store, hint.id, 'pin').status).toBe('pinned');
    expect(insights()).toEqual([]); // the call is still running: its insight goes up when it ends
    run(store, store.db.updateTable('calls').set({ ended_at: 99 }).where('id', '=', 'c1'));
    expect(recordHintAction(store, hint.id, 'used')).toMatchObject({ id: hint.id, status: 'used' });
    expect(insights().map((p) => (JSON.parse(p) as { hints: unknown }).hints)).toEqual([{ shown: 1, used: 1, dismissed: 0 }]);
    expect(() => recordHintAction(store, 'nope', 'copy')).toThrow(/no hint with id nope/);
    expect(insights()).toHaveLength(1);
  });
});
