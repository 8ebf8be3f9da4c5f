import { describe, expect, it } from 'vitest';
import type { Store } from './db';
import { endCallRow, insertCallRow } from './calls';
import { deleteCallRows } from './delete-calls';
import { insertHintRow } from './hints';
import { all, run } from './query';
import { insertDetectionRow, insertSegmentRow, insertSentimentRow } from './segments';
import { freshStores } from '../../../test/stores';

describe('store: deleting calls', () => {
  const fresh = freshStores();
  const count = (store: Store, table: 'calls' | 'segments' | 'sentiment' | 'detections' | 'hints' | 'sync_outbox') =>
    all(store, store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')))[0]!.n;
  /** A call with `segments` segments, each with a sentiment point and a detection, and one hint; ended unless `open`. */
  const call = (store: Store, id: string, segments = 1, open = false) => {
    insertCallRow(store, { id, title: id, source: 'live', language: 'en', started_at: 0, created_at: 0 });
    let seg = 0;
    for (let i = 0; i < segments; i += 1) {
      seg = insertSegmentRow(store, { call_id: id, speaker: 'customer', start_ms: i, end_ms: i + 1, text: `words of ${id}`, language: 'en', engine: 'test' });
      insertSentimentRow(store, { call_id: id, segment_id: seg, at_ms: i + 1, label: 'neutral', score: 0, rolling: 0 });
      insertDetectionRow(store, { call_id: id, segment_id: seg, kind: 'objection', value: 'price', confidence: 0.9, at_ms: i + 1 });
    }
    insertHintRow(store, { id: `hint-${id}`, call_id: id, segment_id: seg, kind: 'objection', trigger: 'price', text: 'reply', language: 'en', confidence: 0.9, speech_end_ms: 1, shown_ms: 2, created_at: 0 });
    if (!open) endCallRow(store, id, { endedAt: 1234, durationMs: 1, sentimentAvg: 0, language: 'en' });
  };

  it('deletes each call with all its rows and queued ops, telling the caller which existed and when they ended', () => {
    const store = fresh();
    call(store, 'ended', 600); // more segments than one batch of bound parameters
    call(store, 'open', 1, true);
    call(store, 'kept');
    const op = (opId: string, entityId: string, payload: string) =>
      run(store, store.db.insertInto('sync_outbox').values({ op_id: opId, entity: 'x', entity_id: entityId, op: 'upsert', payload, created_at: 0 }));
    op('by-id', 'ended', '{}');
    op('by-hint', 'hint-open', '{}');
    op('by-payload', 'other', JSON.stringify({ callId: 'ended' }));
    op('kept', 'kept', JSON.stringify({ callId: 'kept' }));
    // A table a later feature adds, pointing at segments without a cascade: found and emptied first.
    store.sqlite.exec('CREATE TABLE segment_notes (id INTEGER PRIMARY KEY, segment_ref INTEGER REFERENCES segments(id), note TEXT)');
    store.sqlite.prepare('INSERT INTO segment_notes (segment_ref, note) SELECT id, text FROM segments').run();

    const seen: [string, number | null][] = [];
    expect(deleteCallRows(store, ['ended', 'missing', 'open'], (id, endedAt) => seen.push([id, endedAt]))).toBe(2);

    expect(seen).toEqual([['ended', 1234], ['open', null]]);
    expect([count(store, 'calls'), count(store, 'segments'), count(store, 'sentiment'), count(store, 'detections'), count(store, 'hints')]).toEqual([1, 1, 1, 1, 1]);
    expect(all(store, store.db.selectFrom('sync_outbox').select('op_id'))).toEqual([{ op_id: 'kept' }]);
    expect(store.sqlite.prepare('SELECT count(*) FROM segment_notes').pluck().get()).toBe(1);
    expect(store.sqlite.prepare('SELECT count(*) FROM segments_fts WHERE segments_fts MATCH ?').pluck().get('ended')).toBe(0);
    expect(deleteCallRows(store, [], () => seen.push(['never', null]))).toBe(0);
    expect(seen).toHaveLength(2);
  });

  it('what the caller writes for a deleted call commits with it, and a failure rolls the whole deletion back', () => {
    const store = fresh();
    call(store, 'a');
    call(store, 'b');
    expect(() =>
      deleteCallRows(store, ['a', 'b'], (id) => {
        run(store, store.db.insertInto('sync_outbox').values({ op_id: `tomb-${id}`, entity: 'call_insight', entity_id: id, op: 'delete', payload: 'null', created_at: 0 }));
        if (id === 'b') throw new Error('outbox full');
      }),
    ).toThrow('outbox full');
    expect([count(store, 'calls'), count(store, 'segments'), count(store, 'hints'), count(store, 'sync_outbox')]).toEqual([2, 2, 2, 0]);
    deleteCallRows(store, ['a'], (id) =>
      run(store, store.db.insertInto('sync_outbox').values({ op_id: `tomb-${id}`, entity: 'call_insight', entity_id: id, op: 'delete', payload: 'null', created_at: 0 })),
    );
    expect(all(store, store.db.selectFrom('sync_outbox').select(['op_id', 'entity_id']))).toEqual([{ op_id: 'tomb-a', entity_id: 'a' }]);
    expect(count(store, 'calls')).toBe(1);
  });
});
