/**
 * The calls table family, utterance side: a call's segments (what was said, by whom, when),
 * the sentiment of each and the objections and competitors detected in it. The live path writes
 * one of each per utterance (live/session-recorder.ts), so these inserts are single-row, of one
 * shape each: their statements are prepared once per connection (statements.ts). The segments
 * triggers keep the transcript search (`segments_fts`) in step with every write.
 */
import type { Insertable } from 'kysely';
import type { Store } from './db';
import { all, first, run } from './query';
import type { Database, Row } from './schema';

/** Stores a segment; returns its id (the FTS5 rowid of its words). */
export const insertSegmentRow = (store: Store, row: Insertable<Database['segments']>): number =>
  first(store, store.db.insertInto('segments').values(row).returning('id'))!.id;

export function insertSentimentRow(store: Store, row: Insertable<Database['sentiment']>): void {
  run(store, store.db.insertInto('sentiment').values(row));
}

export function insertDetectionRow(store: Store, row: Insertable<Database['detections']>): void {
  run(store, store.db.insertInto('detections').values(row));
}

/** How many segments a call has. */
export const countSegments = (store: Store, callId: string): number =>
  first(store, store.db.selectFrom('segments').select((eb) => eb.fn.countAll<number>().as('n')).where('call_id', '=', callId))!.n;

type SegmentRow = Pick<Row<'segments'>, 'id' | 'speaker' | 'start_ms' | 'end_ms' | 'text'>;

/** A call's segments in the order they were spoken. */
export const listSegmentRows = (store: Store, callId: string): SegmentRow[] =>
  all(store, store.db.selectFrom('segments').select(['id', 'speaker', 'start_ms', 'end_ms', 'text']).where('call_id', '=', callId).orderBy('start_ms').orderBy('id'));

/** The words of each call's segments in the order they were spoken (search snippets), in one query for a page of calls. */
export function segmentTexts(store: Store, callIds: readonly string[]): Map<string, string[]> {
  const texts = new Map<string, string[]>(callIds.map((id) => [id, []]));
  if (callIds.length === 0) return texts;
  const rows = all(store, store.db.selectFrom('segments').select(['call_id', 'text']).where('call_id', 'in', callIds).orderBy('call_id').orderBy('start_ms').orderBy('id'));
  for (const r of rows) texts.get(r.call_id)!.push(r.text);
  return texts;
}

type SentimentPoint = Pick<Row<'sentiment'>, 'at_ms' | 'score' | 'rolling' | 'label'> & { speaker: Row<'segments'>['speaker'] | null };

/** A call's sentiment points in time order, each with who spoke (null when its segment is gone). */
export const listSentimentRows = (store: Store, callId: string): SentimentPoint[] =>
  all(
    store,
    store.db
      .selectFrom('sentiment as s')
      .leftJoin('segments as g', 'g.id', 's.segment_id')
      .select(['s.at_ms', 's.score', 's.rolling', 's.label', 'g.speaker'])
      .where('s.call_id', '=', callId)
      .orderBy('s.at_ms')
      .orderBy('s.id'),
  );

type DetectionRow = Pick<Row<'detections'>, 'at_ms' | 'kind' | 'value' | 'confidence'>;

/** A call's detections in time order. */
export const listDetectionRows = (store: Store, callId: string): DetectionRow[] =>
  all(store, store.db.selectFrom('detections').select(['at_ms', 'kind', 'value', 'confidence']).where('call_id', '=', callId).orderBy('at_ms').orderBy('id'));

type DetectionCount = { call_id: string; kind: Row<'detections'>['kind']; value: string; n: number };

/** How often each objection and competitor was detected in each of these calls, most frequent first. */
export const countDetections = (store: Store, callIds: readonly string[]): DetectionCount[] =>
  callIds.length === 0
    ? []
    : all(
        store,
        store.db
          .selectFrom('detections')
          .select((eb) => ['call_id', 'kind', 'value', eb.fn.countAll<number>().as('n')])
          .where('call_id', 'in', callIds)
          .groupBy(['call_id', 'kind', 'value'])
          .orderBy('n', 'desc')
          .orderBy('value'),
      );

/** The id of every competitor detected in any call. */
export const detectedCompetitorIds = (store: Store): string[] =>
  all(store, store.db.selectFrom('detections').select('value').distinct().where('kind', '=', 'competitor')).map((r) => r.value);
