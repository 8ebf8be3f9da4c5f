/**
 * What the sync client reads from the local tables to build its payloads (sync/insights.ts)
 * and to make them safe at push time (sync/engine.ts forPush): a call's aggregates, a call's
 * customer and transcript lines.
 */
import type { Store } from './db';
import { all, first } from './query';
import type { Row } from './schema';

type CallAggregates = {
  call: Row<'calls'>;
  detections: { kind: Row<'detections'>['kind']; value: string; n: number }[];
  sentiment: { label: Row<'sentiment'>['label']; n: number; avg: number }[];
  hints: { status: Row<'hints'>['status']; n: number }[];
};

/** A call and its detection, sentiment and hint counts; undefined when there is no such call. */
export function callAggregates(store: Store, callId: string): CallAggregates | undefined {
  const call = first(store, store.db.selectFrom('calls').selectAll().where('id', '=', callId));
  if (!call) return undefined;
  return {
    call,
    detections: all(store, store.db.selectFrom('detections').select((eb) => ['kind', 'value', eb.fn.countAll<number>().as('n')]).where('call_id', '=', callId).groupBy(['kind', 'value'])),
    sentiment: all(store, store.db.selectFrom('sentiment').select((eb) => ['label', eb.fn.countAll<number>().as('n'), eb.fn.avg<number>('score').as('avg')]).where('call_id', '=', callId).groupBy('label')),
    hints: all(store, store.db.selectFrom('hints').select((eb) => ['status', eb.fn.countAll<number>().as('n')]).where('call_id', '=', callId).groupBy('status')),
  };
}

/** The customer's name on a call (a known name for the PII redactor). */
export const callCustomer = (store: Store, callId: string): string | null =>
  first(store, store.db.selectFrom('calls').select('customer').where('id', '=', callId))?.customer ?? null;

/** A call's transcript lines in time order, at most `limit`. */
export const transcriptLines = (store: Store, callId: string, limit: number): Pick<Row<'segments'>, 'speaker' | 'start_ms' | 'text'>[] =>
  all(store, store.db.selectFrom('segments').select(['speaker', 'start_ms', 'text']).where('call_id', '=', callId).orderBy('start_ms').limit(limit));
