import { describe, expect, it, vi } from 'vitest';
import type { Store } from './db';
import { callIdsStartedBefore, endCallRow, getCallListRow, insertCallRow, listCallIds, listCallRows, setCallLanguage, type CallWhere } from './calls';
import { first, run } from './query';
import { insertDetectionRow, insertSegmentRow, insertSentimentRow } from './segments';
import { freshStores } from '../../../test/stores';

describe('store: calls', () => {
  const fresh = freshStores();
  const callRow = (store: Store, id: string) => first(store, store.db.selectFrom('calls').selectAll().where('id', '=', id));

  /** A call with one customer segment (text, sentiment score, detections), ended unless `open`. */
  const call = (
    store: Store,
    id: string,
    o: { startedAt: number; text?: string; score?: number; objection?: string; competitor?: string; dealId?: string; open?: boolean },
  ) => {
    insertCallRow(store, { id, title: `Call ${id}`, source: 'live', language: null, started_at: o.startedAt, created_at: o.startedAt, deal_id: o.dealId ?? null });
    const seg = insertSegmentRow(store, { call_id: id, speaker: 'customer', start_ms: 0, end_ms: 7000, text: o.text ?? 'hello there', language: 'en', engine: 'test' });
    if (o.score !== undefined) insertSentimentRow(store, { call_id: id, segment_id: seg, at_ms: 7000, label: 'neutral', score: o.score, rolling: o.score });
    if (o.objection) insertDetectionRow(store, { call_id: id, segment_id: seg, kind: 'objection', value: o.objection, confidence: 0.9, at_ms: 7000 });
    if (o.competitor) insertDetectionRow(store, { call_id: id, segment_id: seg, kind: 'competitor', value: o.competitor, confidence: 0.9, at_ms: 7000 });
    if (!o.open) endCallRow(store, id, { endedAt: o.startedAt + 9000, durationMs: 8000, sentimentAvg: o.score ?? null, language: 'en' });
  };
  const ids = (store: Store, where: CallWhere, page = { limit: 50, offset: 0 }) => listCallRows(store, where, page).rows.map((r) => r.id);

  it('a call is created, learns its language, and ends keeping the language it had (or taking the one given)', () => {
    const store = fresh();
    insertCallRow(store, { id: 'a', title: 'A', source: 'import', language: null, started_at: 10, created_at: 11 });
    insertCallRow(store, { id: 'b', title: 'B', source: 'live', language: null, started_at: 20, created_at: 21 });
    expect(callRow(store, 'a')).toMatchObject({ source: 'import', language: null, ended_at: null, duration_ms: null, sentiment_avg: null });
    setCallLanguage(store, 'a', 'pt');
    endCallRow(store, 'a', { endedAt: 500, durationMs: 480, sentimentAvg: -0.25, language: 'en' });
    endCallRow(store, 'b', { endedAt: 600, durationMs: 570, sentimentAvg: null, language: 'en' });
    expect(callRow(store, 'a')).toMatchObject({ language: 'pt', ended_at: 500, duration_ms: 480, sentiment_avg: -0.25 });
    expect(callRow(store, 'b')).toMatchObject({ language: 'en', ended_at: 600, duration_ms: 570, sentiment_avg: null });
    expect(callIdsStartedBefore(store, 20)).toEqual(['a']);
    expect(callIdsStartedBefore(store, 21).sort()).toEqual(['a', 'b']);
  });

  it('lists newest first (ties by id) with the deal name, and a still-open call’s length and sentiment from its rows', () => {
    const store = fresh();
    run(store, store.db.insertInto('deals').values({ id: 'd1', name: 'Acme expansion', created_at: 0, updated_at: 0 }));
    call(store, 'b', { startedAt: 2000, score: 0.5, dealId: 'd1' });
    call(store, 'a', { startedAt: 2000, score: 0.1 });
    call(store, 'open', { startedAt: 1000, score: -0.4, open: true });
    const { rows, total } = listCallRows(store, {}, { limit: 50, offset: 0 });
    expect(total).toBe(3);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'open']);
    expect(rows[1]).toEqual({
      id: 'b', title: 'Call b', started_at: 2000, source: 'live', language: 'en', customer: null, deal_id: 'd1', deal_name: 'Acme expansion', duration_ms: 8000, sentiment: 0.5,
    });
    // No duration, no end: the last segment's end; no average: the mean of its scores.
    expect(rows[2]).toMatchObject({ duration_ms: 7000, sentiment: -0.4, deal_name: null });
    expect(getCallListRow(store, 'open')).toEqual(rows[2]);
    expect(getCallListRow(store, 'none')).toBeUndefined();
    expect(listCallRows(store, {}, { limit: 1, offset: 1 })).toEqual({ rows: [rows[1]], total: 3 });
  });

  it('narrows by search (accents ignored), start range (inclusive), objection, competitor ids (any case) and sentiment band', () => {
    const store = fresh();
    call(store, 'pt', { startedAt: 100, text: 'O preço está alto', score: -0.15, objection: 'price' });
    call(store, 'en', { startedAt: 200, text: 'HubSpot is cheaper', score: 0.15, competitor: 'HubSpot' });
    call(store, 'mid', { startedAt: 300, text: 'the price is fine', score: 0.14, objection: 'timing', competitor: 'gong' });
    expect(ids(store, { fts: '"preco"' })).toEqual(['pt']);
    expect(ids(store, { fts: '"pri"*' })).toEqual(['mid']);
    expect(ids(store, { from: 200 })).toEqual(['mid', 'en']);
    expect(ids(store, { from: 100, to: 200 })).toEqual(['en', 'pt']);
    expect(ids(store, { objection: 'price' })).toEqual(['pt']);
    expect(ids(store, { competitorIds: ['hubspot'] })).toEqual(['en']);
    expect(ids(store, { competitorIds: ['nope', 'GONG'] })).toEqual(['mid']);
    // The threshold belongs to the band it bounds: -0.15 is negative, 0.15 positive.
    const band = (tag: 'negative' | 'neutral' | 'positive') => ids(store, { sentiment: { tag, threshold: 0.15 } });
    expect([band('negative'), band('neutral'), band('positive')]).toEqual([['pt'], ['mid'], ['en']]);
    // Every filter at once narrows to their intersection.
    expect(ids(store, { fts: '"price"', from: 300, objection: 'timing', competitorIds: ['gong'], sentiment: { tag: 'neutral', threshold: 0.15 } })).toEqual(['mid']);
    expect(ids(store, { fts: '"price"', objection: 'price' })).toEqual([]);
    expect(listCallIds(store, { to: 250 })).toEqual(['en', 'pt']);
    expect(listCallIds(store, { fts: '"zanzibar"' })).toEqual([]);
  });

  it('a search matches once per query, counts in the same pass, and still counts for a page past the end', () => {
    const store = fresh();
    for (let i = 0; i < 5; i += 1) call(store, `c${i}`, { startedAt: i, text: i % 2 ? 'budget talk' : 'price talk' });
    const get = vi.spyOn(store.statements, 'get');
    expect(listCallRows(store, { fts: '"talk"' }, { limit: 2, offset: 0 })).toMatchObject({ total: 5, rows: [{ id: 'c4' }, { id: 'c3' }] });
    expect(get).toHaveBeenCalledTimes(1);
    expect(get.mock.calls[0]![0].match(/MATCH/g)).toHaveLength(1);
    // Rows come back without the window's count.
    expect(Object.keys(listCallRows(store, { fts: '"talk"' }, { limit: 1, offset: 0 }).rows[0]!)).not.toContain('total');
    get.mockClear();
    expect(listCallRows(store, { fts: '"budget"' }, { limit: 10, offset: 10 })).toEqual({ rows: [], total: 2 });
    expect(get).toHaveBeenCalledTimes(2);
    expect(listCallRows(store, { fts: '"zanzibar"' }, { limit: 10, offset: 0 })).toEqual({ rows: [], total: 0 });
    expect(listCallRows(store, {}, { limit: 10, offset: 10 })).toEqual({ rows: [], total: 5 });
  });

  it('search text is a parameter, not SQL: text that would break the statement reaches FTS5 only', () => {
    const store = fresh();
    call(store, 'x', { startedAt: 1, text: 'drop the table' });
    expect(ids(store, { fts: '"drop"' })).toEqual(['x']);
    expect(() => listCallRows(store, { fts: "x') OR 1=1; DELETE FROM calls; --" }, { limit: 10, offset: 0 })).toThrow(/^fts5: syntax error/);
    expect(listCallRows(store, {}, { limit: 10, offset: 0 }).total).toBe(1);
  });
});
