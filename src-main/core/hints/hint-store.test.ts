import { describe, expect, it } from 'vitest';
import { freshStores } from '../../../test/stores';
import { seedBundledContent } from './bundled';
import { getHintRow, hintFromRow, insertHint, listHints, setHintShown, setHintSpeechEnd, setHintStatus } from './hint-store';
import type { HintDecision } from './hint-engine';
import { run } from '../store/query';
import { insertCallRow } from '../store/calls';
import { insertSegmentRow } from '../store/segments';
import { playbookTitle } from '../store/hints';
import { pendingCount } from '../store/outbox';

const decision = (over: Partial<HintDecision> = {}): Omit<HintDecision, 'playbookLines'> => ({
  kind: 'objection', trigger: 'price', sourceId: 'playbook:price:en', title: 'Price', text: 'Show the ROI', details: null, language: 'en',
  confidence: 0.9, priority: 2, fromPartial: true, utterance: 'too expensive', ...over,
});

describe('hint store', () => {
  const fresh = freshStores((store) => {
  seedBundledContent(store);
  insertCallRow(store, { id: 'c1', title: 'Acme', started_at: 1, created_at: 1 });
  insertSegmentRow(store, { id: 7, call_id: 'c1', speaker: 'customer', start_ms: 0, end_ms: 1000, text: 'It is too expensive' });
  });

  it('stores a hint with its stream times and reads it back the same, title and utterance from what it refers to', () => {
    const store = fresh();
    const hint = insertHint(store, { callId: 'c1', decision: decision(), speechEndMs: 1000.4, shownMs: 1180.6, segmentId: null });
    expect(hint).toMatchObject({ callId: 'c1', speechEndMs: 1000, shownMs: 1181, latencyMs: 181, fromPartial: true, status: 'shown', priority: 2, title: 'Price' });
    expect(getHintRow(store, hint.id)).toMatchObject({ call_id: 'c1', segment_id: null, latency_ms: 181, from_partial: 1, status: 'shown' });
    // The final arrives: real end of speech and its segment; a later null segment keeps it.
    setHintSpeechEnd(store, hint.id, 1100.2, 7);
    setHintSpeechEnd(store, hint.id, 1120, null);
    setHintShown(store, hint.id, 1300);
    const [back] = listHints(store, 'c1');
    expect(back).toMatchObject({ id: hint.id, speechEndMs: 1120, shownMs: 1300, latencyMs: 180, utterance: 'It is too expensive', priority: 0 });
    expect(back!.title).toBe(playbookTitle(store, 'playbook:price:en'));
    expect(getHintRow(store, hint.id)!.segment_id).toBe(7);
  });

  it('a competitor hint gets its battlecard name and details back; an unknown source keeps the trigger', () => {
    const store = fresh();
    const hint = insertHint(store, { callId: 'c1', decision: decision({ kind: 'competitor', trigger: 'gong', sourceId: 'battlecard:gong:en', title: 'x' }), speechEndMs: 0, shownMs: 10 });
    const back = hintFromRow(store, getHintRow(store, hint.id)!);
    expect(back.title).toBe('Gong');
    expect(back.details?.landmines.length).toBeGreaterThan(0);
    const orphan = insertHint(store, { callId: 'c1', decision: decision({ sourceId: 'gone' }), speechEndMs: 0, shownMs: 5 });
    expect(hintFromRow(store, getHintRow(store, orphan.id)!).title).toBe('price');
    expect(listHints(store, 'c1').map((h) => h.id)).toEqual([orphan.id, hint.id]);
  });

  it("records the rep's action and refuses an unknown id; it queues nothing for sync (the recorder does: recordHintAction)", () => {
    const store = fresh();
    const hint = insertHint(store, { callId: 'c1', decision: decision(), speechEndMs: 0, shownMs: 10 });
    run(store, store.db.updateTable('calls').set({ ended_at: 99 }).where('id', '=', 'c1'));
    expect(setHintStatus(store, hint.id, 'pin').status).toBe('pinned');
    expect(setHintStatus(store, hint.id, 'used')).toMatchObject({ id: hint.id, status: 'used' });
    expect(pendingCount(store)).toBe(0);
    expect(() => setHintStatus(store, 'nope', 'copy')).toThrow(/no hint with id nope/);
  });
});
