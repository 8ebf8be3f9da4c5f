import { describe, expect, it, vi } from 'vitest';
import type { Store } from './db';
import { insertCallRow, listCallRows } from './calls';
import { run } from './query';
import {
  countDetections, countSegments, detectedCompetitorIds, insertDetectionRow, insertSegmentRow, insertSentimentRow, listDetectionRows, listSegmentRows, listSentimentRows, segmentTexts,
} from './segments';
import { freshStores } from '../../../test/stores';

describe('store: segments, sentiment, detections', () => {
  const fresh = freshStores((s) => {
    for (const id of ['a', 'b']) insertCallRow(s, { id, title: id, source: 'live', language: 'en', started_at: 0, created_at: 0 });
  });
  const segment = (store: Store, callId: string, startMs: number, text: string, speaker: 'rep' | 'customer' = 'customer') =>
    insertSegmentRow(store, { call_id: callId, speaker, start_ms: startMs, end_ms: startMs + 1000, text, language: 'en', engine: 'test' });

  it('a stored segment gets its id, is searchable at once, and a call’s segments read back in spoken order', () => {
    const store = fresh();
    const late = segment(store, 'a', 5000, 'second thing', 'rep');
    const early = segment(store, 'a', 1000, 'first thing');
    const tie = segment(store, 'a', 5000, 'same start');
    expect(new Set([late, early, tie]).size).toBe(3);
    expect(late).toBeLessThan(tie);
    expect(countSegments(store, 'a')).toBe(3);
    expect(countSegments(store, 'b')).toBe(0);
    expect(listSegmentRows(store, 'a')).toEqual([
      { id: early, speaker: 'customer', start_ms: 1000, end_ms: 2000, text: 'first thing' },
      { id: late, speaker: 'rep', start_ms: 5000, end_ms: 6000, text: 'second thing' },
      { id: tie, speaker: 'customer', start_ms: 5000, end_ms: 6000, text: 'same start' },
    ]);
    segment(store, 'b', 0, 'other call');
    expect(segmentTexts(store, ['a', 'b', 'none'])).toEqual(
      new Map([['a', ['first thing', 'second thing', 'same start']], ['b', ['other call']], ['none', []]]),
    );
    expect(segmentTexts(store, [])).toEqual(new Map());
    expect(listCallRows(store, { fts: '"second"' }, { limit: 10, offset: 0 }).rows.map((r) => r.id)).toEqual(['a']);
  });

  it('the live path’s inserts are prepared once per connection however many utterances a call has', () => {
    const store = fresh();
    const get = vi.spyOn(store.statements, 'get');
    const prepare = vi.spyOn(store.sqlite, 'prepare');
    for (let i = 0; i < 20; i += 1) {
      const seg = segment(store, 'a', i * 1000, `utterance ${i}`);
      insertSentimentRow(store, { call_id: 'a', segment_id: seg, at_ms: i * 1000 + 1000, label: 'neutral', score: 0, rolling: 0 });
      insertDetectionRow(store, { call_id: 'a', segment_id: seg, kind: 'objection', value: 'price', confidence: 0.9, at_ms: i * 1000 + 1000 });
      insertDetectionRow(store, { call_id: 'a', segment_id: seg, kind: 'competitor', value: 'gong', confidence: 0.8, at_ms: i * 1000 + 1000 });
    }
    expect(get).toHaveBeenCalledTimes(80);
    expect(prepare).toHaveBeenCalledTimes(3);
  });

  it('sentiment points in time order with who spoke, null when the point has no segment', () => {
    const store = fresh();
    const rep = segment(store, 'a', 0, 'hello', 'rep');
    const customer = segment(store, 'a', 1000, 'too expensive');
    insertSentimentRow(store, { call_id: 'a', segment_id: customer, at_ms: 2000, label: 'negative', score: -0.6, rolling: -0.6 });
    insertSentimentRow(store, { call_id: 'a', segment_id: rep, at_ms: 1000, label: 'positive', score: 0.4, rolling: null });
    insertSentimentRow(store, { call_id: 'a', segment_id: null, at_ms: 2000, label: 'neutral', score: 0, rolling: null });
    insertSentimentRow(store, { call_id: 'b', segment_id: null, at_ms: 0, label: 'neutral', score: 0, rolling: null });
    expect(listSentimentRows(store, 'a')).toEqual([
      { at_ms: 1000, score: 0.4, rolling: null, label: 'positive', speaker: 'rep' },
      { at_ms: 2000, score: -0.6, rolling: -0.6, label: 'negative', speaker: 'customer' },
      { at_ms: 2000, score: 0, rolling: null, label: 'neutral', speaker: null },
    ]);
  });

  it('detections per call in time order, counted per call most frequent first (ties by value), and every competitor seen once', () => {
    const store = fresh();
    const det = (callId: string, kind: 'objection' | 'competitor', value: string, atMs: number) =>
      insertDetectionRow(store, { call_id: callId, segment_id: null, kind, value, confidence: 0.9, at_ms: atMs });
    det('a', 'objection', 'timing', 3000);
    det('a', 'objection', 'price', 1000);
    det('a', 'competitor', 'gong', 2000);
    det('a', 'objection', 'timing', 4000);
    det('b', 'competitor', 'gong', 1000);
    det('b', 'competitor', 'hubspot', 1000);
    expect(listDetectionRows(store, 'a')).toEqual([
      { at_ms: 1000, kind: 'objection', value: 'price', confidence: 0.9 },
      { at_ms: 2000, kind: 'competitor', value: 'gong', confidence: 0.9 },
      { at_ms: 3000, kind: 'objection', value: 'timing', confidence: 0.9 },
      { at_ms: 4000, kind: 'objection', value: 'timing', confidence: 0.9 },
    ]);
    expect(countDetections(store, ['a'])).toEqual([
      { call_id: 'a', kind: 'objection', value: 'timing', n: 2 },
      { call_id: 'a', kind: 'competitor', value: 'gong', n: 1 },
      { call_id: 'a', kind: 'objection', value: 'price', n: 1 },
    ]);
    expect(countDetections(store, ['a', 'b']).filter((c) => c.call_id === 'b')).toEqual([
      { call_id: 'b', kind: 'competitor', value: 'gong', n: 1 },
      { call_id: 'b', kind: 'competitor', value: 'hubspot', n: 1 },
    ]);
    expect(countDetections(store, [])).toEqual([]);
    expect(detectedCompetitorIds(store).sort()).toEqual(['gong', 'hubspot']);
    run(store, store.db.deleteFrom('detections').where('kind', '=', 'competitor'));
    expect(detectedCompetitorIds(store)).toEqual([]);
  });
});
