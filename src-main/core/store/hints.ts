/**
 * The hints table family: hints as the live path stores them, the rep's actions on them, and
 * what a stored hint refers to (its playbook or battlecard, its utterance, its call's end).
 * hints/hint-store.ts turns these rows into the `Hint`s of the contract.
 */
import { all, first, run } from './query';
import type { Store } from './db';
import type { Database, Row } from './schema';
import type { Insertable } from 'kysely';

export type HintRow = Row<'hints'>;

export function insertHintRow(store: Store, row: Insertable<Database['hints']>): void {
  run(store, store.db.insertInto('hints').values(row));
}

/** The utterance ended: its end of speech, and its segment once there is one. */
export function updateHintSpeechEnd(store: Store, id: string, speechEndMs: number, segmentId: number | null): void {
  run(
    store,
    store.db
      .updateTable('hints')
      .set((eb) => ({ speech_end_ms: speechEndMs, segment_id: eb.fn.coalesce(eb.val(segmentId), eb.ref('segment_id')) }))
      .where('id', '=', id),
  );
}

export function updateHintShown(store: Store, id: string, shownMs: number): void {
  run(store, store.db.updateTable('hints').set({ shown_ms: shownMs }).where('id', '=', id));
}

/** Sets the status; returns how many hints had that id (0 or 1). */
export function updateHintStatus(store: Store, id: string, status: HintRow['status']): number {
  return run(store, store.db.updateTable('hints').set({ status }).where('id', '=', id));
}

export const getHintRow = (store: Store, id: string): HintRow | undefined => first(store, store.db.selectFrom('hints').selectAll().where('id', '=', id));

/** A call's hints in the order they were shown. */
export const listHintRows = (store: Store, callId: string): HintRow[] =>
  all(store, store.db.selectFrom('hints').selectAll().where('call_id', '=', callId).orderBy('shown_ms').orderBy('created_at'));

/** When the hint's call ended (null while it runs, undefined if there is no such call). */
export const callEndedAt = (store: Store, callId: string): number | null | undefined =>
  first(store, store.db.selectFrom('calls').select('ended_at').where('id', '=', callId))?.ended_at;

/** The title of the playbook a hint used. */
export const playbookTitle = (store: Store, id: string): string | undefined => first(store, store.db.selectFrom('playbooks').select('title').where('id', '=', id))?.title;

/** The fields of the battlecard a hint used that its details show. */
export const battlecardDetails = (store: Store, id: string) =>
  first(store, store.db.selectFrom('battlecards').select(['aliases', 'positioning', 'landmines', 'proof_points']).where('id', '=', id));

/** The text of the segment (utterance) a hint answered. */
export const segmentText = (store: Store, id: number): string | undefined => first(store, store.db.selectFrom('segments').select('text').where('id', '=', id))?.text;

type CallHintRow = Pick<HintRow, 'id' | 'kind' | 'trigger' | 'text' | 'shown_ms' | 'status'> & { latency_ms: number };

/** A call's hints as its detail page lists them, in the order they were shown. */
export const listCallHintRows = (store: Store, callId: string): CallHintRow[] =>
  all(
    store,
    store.db
      .selectFrom('hints')
      .select(['id', 'kind', 'trigger', 'text', 'shown_ms', 'latency_ms', 'status'])
      // Generated from shown_ms and speech_end_ms, both NOT NULL: never null.
      .$narrowType<{ latency_ms: number }>()
      .where('call_id', '=', callId)
      .orderBy('shown_ms')
      .orderBy('id'),
  );
