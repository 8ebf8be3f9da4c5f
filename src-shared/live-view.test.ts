import { describe, expect, it } from 'vitest';
import type { CallState, Hint, TranscriptLine } from './ipc/live';
import { emptyLiveView, MAX_FINALS, reduceLive, snapshotOf, viewFromSnapshot, type LiveEvent, type LiveView } from './live-view';

const IDLE: CallState = { callId: null, state: 'idle', kind: null, title: null, language: null, positionMs: 0, message: null };
const state = (s: CallState['state'], callId: string | null = 'c1'): LiveEvent => ({ event: 'live.state', payload: { ...IDLE, callId, state: s } });
const line = (type: 'partial' | 'final', speaker: 'rep' | 'customer', text: string, startMs = 0): LiveEvent => ({ event: 'live.transcript', payload: { callId: 'c1', type, speaker, startMs, endMs: startMs + 900, text, language: 'en' } satisfies TranscriptLine });
const hint = (id: string, status: Hint['status'] = 'shown'): Hint => ({
  id, callId: 'c1', kind: 'objection', trigger: 'price', sourceId: 'pb-price-en', title: 'Price', text: 'Anchor on value', details: null, language: 'en', confidence: 0.9,
  utterance: 'too expensive', speechEndMs: 1000, shownMs: 1300, latencyMs: 300, fromPartial: false, status, priority: 1,
});
const reduceAll = (events: LiveEvent[], from: LiveView = emptyLiveView()) => events.reduce(reduceLive, from);

describe('reduceLive', () => {
  it('keeps finals in order and only the latest partial per speaker; a final ends its speaker\'s partial', () => {
    const v = reduceAll([state('starting'), state('running'), line('partial', 'customer', 'it is'), line('partial', 'rep', 'so'), line('partial', 'customer', 'it is too'), line('final', 'customer', 'it is too expensive')]);
    expect(v.finals.map((l) => l.text)).toEqual(['it is too expensive']);
    expect(v.partials).toEqual({ rep: expect.objectContaining({ text: 'so' }) });
    expect(v.state?.state).toBe('running');
  });

  it('adds a hint once (a repeated event changes nothing), replaces it on update, and keeps tailoring by hint', () => {
    const v = reduceAll([{ event: 'live.hint', payload: hint('h1') }, { event: 'live.hint', payload: hint('h1') }, { event: 'live.hint.updated', payload: hint('h1', 'used') }, { event: 'live.hint.tailored', payload: { callId: 'c1', hintId: 'h1', text: 'Tailored', done: true, error: null } }]);
    expect(v.hints.map((h) => [h.id, h.status])).toEqual([['h1', 'used']]);
    expect(v.tailored.h1?.text).toBe('Tailored');
  });

  it("shows the customer's sentiment only, and keeps meters per channel", () => {
    const v = reduceAll([
      { event: 'live.sentiment', payload: { callId: 'c1', speaker: 'customer', atMs: 1, label: 'negative', score: -0.6, rolling: -0.6 } },
      { event: 'live.sentiment', payload: { callId: 'c1', speaker: 'rep', atMs: 2, label: 'positive', score: 0.9, rolling: 0.9 } },
      { event: 'live.level', payload: { channel: 'mic', atMs: 1, rmsDb: -30, peakDb: -10, speech: true } },
      { event: 'live.level', payload: { channel: 'system', atMs: 1, rmsDb: -40, peakDb: -20, speech: false } },
    ]);
    expect(v.sentiment?.score).toBe(-0.6);
    expect(Object.keys(v.levels).sort()).toEqual(['mic', 'system']);
  });

  it('a new call starts empty (meters stay), and the last finals are kept up to MAX_FINALS', () => {
    const many = Array.from({ length: MAX_FINALS + 20 }, (_, i) => line('final', 'rep', `line ${i}`, i * 1000));
    const first = reduceAll([state('running'), ...many, { event: 'live.hint', payload: hint('h1') }, { event: 'live.level', payload: { channel: 'mic', atMs: 1, rmsDb: -30, peakDb: -10, speech: true } }]);
    expect(first.finals).toHaveLength(MAX_FINALS);
    expect(first.finals[0]!.text).toBe('line 20');
    const next = reduceLive(first, state('starting', null));
    expect(next.finals).toEqual([]);
    expect(next.hints).toEqual([]);
    expect(next.levels.mic).toBeDefined();
  });
});

describe('snapshots', () => {
  it('a page that opens mid-call from the core\'s snapshot sees what a page open from the start sees', () => {
    const before = [state('starting'), state('running'), line('final', 'customer', 'hello'), line('partial', 'customer', 'but the'), { event: 'live.hint', payload: hint('h1') } as LiveEvent];
    const after = [line('final', 'customer', 'but the price is high'), { event: 'live.hint.updated', payload: hint('h1', 'used') } as LiveEvent];
    const core = reduceAll(before); // the core's view when the page opens
    const fromStart = reduceAll([...before, ...after]);
    const lateOpener = reduceAll(after, viewFromSnapshot(snapshotOf(core, IDLE)));
    expect(lateOpener).toEqual(fromStart);
  });

  it('an idle core answers its idle state', () => {
    expect(snapshotOf(emptyLiveView(), IDLE)).toEqual({ state: IDLE, transcript: [], hints: [], sentiment: null });
  });
});
