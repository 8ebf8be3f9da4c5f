/**
 * Follow-up tasks (issue 15, point 4; migration 0007): one per call linked to a deal, made
 * when the call ends (calls/follow-up-tasks.ts), listed, done, snoozed and reopened from the
 * task list, and their push to the deal's CRM recorded (a failure kept for a retry).
 */
import { randomUUID } from 'node:crypto';
import type { Store } from './db';
import { all, first, run } from './query';
import type { Row } from './schema';

export type FollowUpTaskRow = Row<'follow_up_tasks'>;
export type FollowUpTaskInput = { dealId: string; callId: string | null; title: string; body: string; note: string | null; language: 'pt' | 'en' | null; dueAt: number };

/** A task's effective due time: a snoozed one is due when its snooze ends. */
export const dueTime = (t: Pick<FollowUpTaskRow, 'status' | 'due_at' | 'snoozed_until'>): number | null =>
  t.status === 'done' ? null : t.status === 'snoozed' ? (t.snoozed_until ?? t.due_at) : t.due_at;

/** Inserts the call's task unless it has one already; returns the call's task and whether it is new. */
export function insertFollowUpTask(store: Store, t: FollowUpTaskInput, now: number): { task: FollowUpTaskRow; created: boolean } {
  if (t.callId) {
    const existing = taskForCall(store, t.callId);
    if (existing) return { task: existing, created: false };
  }
  const id = randomUUID();
  run(
    store,
    store.db
      .insertInto('follow_up_tasks')
      .values({ id, deal_id: t.dealId, call_id: t.callId, title: t.title, body: t.body, note: t.note, language: t.language, due_at: t.dueAt, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('call_id').where('call_id', 'is not', null).doNothing()),
  );
  const task = t.callId ? taskForCall(store, t.callId)! : getFollowUpTask(store, id)!;
  return { task, created: task.id === id };
}

export const getFollowUpTask = (store: Store, id: string): FollowUpTaskRow | undefined => first(store, store.db.selectFrom('follow_up_tasks').selectAll().where('id', '=', id));
export const taskForCall = (store: Store, callId: string): FollowUpTaskRow | undefined => first(store, store.db.selectFrom('follow_up_tasks').selectAll().where('call_id', '=', callId));

/** Every task (or those of one status, or one deal), soonest due first. */
export function listFollowUpTasks(store: Store, o: { status?: FollowUpTaskRow['status']; dealId?: string } = {}): FollowUpTaskRow[] {
  let q = store.db.selectFrom('follow_up_tasks').selectAll().orderBy('due_at').orderBy('created_at').orderBy('id');
  if (o.status) q = q.where('status', '=', o.status);
  if (o.dealId) q = q.where('deal_id', '=', o.dealId);
  return all(store, q);
}

export function setTaskStatus(store: Store, id: string, s: { status: FollowUpTaskRow['status']; snoozedUntil?: number | null }, now: number): void {
  run(
    store,
    store.db
      .updateTable('follow_up_tasks')
      .set({ status: s.status, snoozed_until: s.status === 'snoozed' ? (s.snoozedUntil ?? null) : null, done_at: s.status === 'done' ? now : null, notified_at: null, updated_at: now })
      .where('id', '=', id),
  );
}

export function setTaskPush(store: Store, id: string, p: { state: 'pushed'; crmTaskId: string; crmNoteId: string | null } | { state: 'failed'; error: string }, now: number): void {
  run(
    store,
    store.db
      .updateTable('follow_up_tasks')
      .set(p.state === 'pushed' ? { push_state: 'pushed', push_error: null, pushed_at: now, crm_task_id: p.crmTaskId, crm_note_id: p.crmNoteId, updated_at: now } : { push_state: 'failed', push_error: p.error, updated_at: now })
      .where('id', '=', id),
  );
}

export const markTaskNotified = (store: Store, id: string, now: number): number => run(store, store.db.updateTable('follow_up_tasks').set({ notified_at: now }).where('id', '=', id));
