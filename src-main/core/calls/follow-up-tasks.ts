/**
 * Follow-ups that happen (issue 15, point 4). When a call linked to a deal ends (or an ended
 * call is linked), its follow-up task is made by itself: the local summary's drafted e-mail,
 * due two working days after the call (deal-follow-up.ts), one per call however often it is
 * asked. Then it goes to the deal's CRM when a live connector has it (HubSpot with a token, and
 * a policy that allows cloud services): the note and the task, the outcome kept on the task; a
 * failure stays 'failed' with its error and is tried again (retryPushes) instead of lost.
 *
 * Due times: a task is due at its due time, a snoozed one when its snooze ends; the reminder
 * (startReminders) emits `tasks.due` once per due time, which the Electron shell turns into a
 * desktop notification and the renderer into its badge.
 */
import { CoreError, oneLine } from '../../../src-shared/errors';
import type { CoreContext } from '../context';
import { hubspotConnector, type CrmConnector } from '../deals/hubspot';
import { callForLink, getDeal } from '../store/deals';
import { dueTime, getFollowUpTask, insertFollowUpTask, listFollowUpTasks, markTaskNotified, setTaskPush, setTaskStatus, taskForCall, type FollowUpTaskRow } from '../store/follow-up-tasks';
import { draftDealFollowUp } from './deal-follow-up';

export type TasksContext = Pick<CoreContext, 'store' | 'events' | 'log' | 'policy'>;
/** The live connector for a deal's source, or null (none, no token, or the policy says no cloud). */
export type ConnectorFor = (source: string | null) => CrmConnector | null;

/** HubSpot when SALESEDGE_HUBSPOT_TOKEN is set and the policy allows cloud services (SALESEDGE_HUBSPOT_URL: another base, tests). */
export const envConnectorFor =
  (ctx: Pick<CoreContext, 'policy'>, env: NodeJS.ProcessEnv = process.env): ConnectorFor =>
  (source) => {
    if (source !== 'hubspot' || !env.SALESEDGE_HUBSPOT_TOKEN) return null;
    if (ctx.policy?.allowCloud === false) return null;
    return hubspotConnector({ token: env.SALESEDGE_HUBSPOT_TOKEN, baseUrl: env.SALESEDGE_HUBSPOT_URL || undefined });
  };

/** The ended, linked call's task (made now, or the one it has); null when the call is not linked or not ended. */
export function ensureFollowUpTask(ctx: Pick<CoreContext, 'store'>, callId: string, now = Date.now()): { task: FollowUpTaskRow; created: boolean } | null {
  const existing = taskForCall(ctx.store, callId);
  if (existing) return { task: existing, created: false };
  const call = callForLink(ctx.store, callId);
  if (!call || !call.deal_id || call.ended_at === null) return null;
  const f = draftDealFollowUp(ctx.store, callId);
  return insertFollowUpTask(ctx.store, { dealId: f.deal.id, callId, title: f.task.subject, body: f.task.body, note: f.note, language: f.language, dueAt: Date.parse(f.task.dueAt) }, now);
}

/** Writes the task and its note to the deal in its CRM; records the outcome (pushed, or failed with why). Null: no connector for it. */
export async function pushTask(ctx: TasksContext, taskId: string, connectorFor: ConnectorFor, now = () => Date.now()): Promise<FollowUpTaskRow | null> {
  const task = getFollowUpTask(ctx.store, taskId);
  if (!task) throw new CoreError('not_found', `no task ${taskId} (salesedge tasks lists them)`);
  if (task.push_state === 'pushed') return task;
  const deal = getDeal(ctx.store, task.deal_id);
  const connector = deal ? connectorFor(deal.source) : null;
  if (!deal?.external_id || !connector) return null;
  try {
    const note = task.note ? await connector.addNote(deal.external_id, { body: task.note, at: new Date(now()) }) : null;
    const crm = await connector.addTask(deal.external_id, { subject: task.title, body: task.body, dueAt: new Date(task.due_at) });
    setTaskPush(ctx.store, taskId, { state: 'pushed', crmTaskId: crm.id, crmNoteId: note?.id ?? null }, now());
  } catch (err) {
    setTaskPush(ctx.store, taskId, { state: 'failed', error: oneLine(err) }, now());
    ctx.log.warn({ err, taskId }, 'follow-up task not pushed to the CRM (kept for a retry)');
  }
  return getFollowUpTask(ctx.store, taskId)!;
}

/** What happens at call end: the task, then its push; never throws (the call has ended either way). */
export async function followUpOnCallEnd(ctx: TasksContext, callId: string, connectorFor: ConnectorFor): Promise<FollowUpTaskRow | null> {
  try {
    const r = ensureFollowUpTask(ctx, callId);
    if (!r) return null;
    if (r.created) ctx.events.emit('tasks.changed', { reason: 'created', taskId: r.task.id });
    const pushed = r.task.push_state === 'pushed' ? r.task : await pushTask(ctx, r.task.id, connectorFor);
    if (pushed && pushed.push_state !== r.task.push_state) ctx.events.emit('tasks.changed', { reason: 'pushed', taskId: r.task.id });
    return pushed ?? r.task;
  } catch (err) {
    ctx.log.warn({ err, callId }, 'follow-up task not made at call end');
    return null;
  }
}

/** Pushes again the tasks whose push failed (or that were made before a connector was set). */
export async function retryPushes(ctx: TasksContext, connectorFor: ConnectorFor): Promise<{ tried: number; pushed: number }> {
  let tried = 0;
  let pushed = 0;
  for (const t of listFollowUpTasks(ctx.store).filter((t) => t.push_state !== 'pushed')) {
    const r = await pushTask(ctx, t.id, connectorFor);
    if (!r) continue;
    tried++;
    if (r.push_state === 'pushed') pushed++;
  }
  return { tried, pushed };
}

/** The tasks due at `now` (open past their due time, snoozed past their snooze). */
export const dueTasks = (ctx: Pick<CoreContext, 'store'>, now: number): FollowUpTaskRow[] =>
  listFollowUpTasks(ctx.store).filter((t) => {
    const at = dueTime(t);
    return at !== null && at <= now;
  });

/** The next time a not-yet-due task becomes due, or null. */
export function nextDueAt(ctx: Pick<CoreContext, 'store'>, now: number): number | null {
  let next: number | null = null;
  for (const t of listFollowUpTasks(ctx.store)) {
    const at = dueTime(t);
    if (at !== null && at > now && (next === null || at < next)) next = at;
  }
  return next;
}

/**
 * Emits `tasks.due` for each task that has become due and was not told yet (once per due
 * time: a snooze or a reopen tells again when it is due again); returns them.
 */
export function announceDue(ctx: Pick<CoreContext, 'store' | 'events'>, now: number): FollowUpTaskRow[] {
  const fresh = dueTasks(ctx, now).filter((t) => t.notified_at === null);
  for (const t of fresh) {
    markTaskNotified(ctx.store, t.id, now);
    ctx.events.emit('tasks.due', { taskId: t.id, title: t.title, dealId: t.deal_id, dueAt: dueTime(t)!, language: t.language, due: dueTasks(ctx, now).length });
  }
  return fresh;
}

export type Timers = { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void; now(): number };
const realTimers: Timers = { setTimeout: (fn, ms) => setTimeout(fn, ms).unref(), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout), now: () => Date.now() };
/** Longest single wait (a timer further off is re-armed; also picks up tasks made meanwhile). */
const MAX_WAIT_MS = 60_000;

/** The reminder loop: announces what is due now, then sleeps until the next due time (or a minute). */
export function startReminders(ctx: Pick<CoreContext, 'store' | 'events' | 'log'>, timers: Timers = realTimers): { stop(): void; check(): void } {
  let handle: unknown = null;
  let stopped = false;
  const check = () => {
    if (stopped) return;
    if (handle !== null) timers.clearTimeout(handle);
    try {
      const now = timers.now();
      announceDue(ctx, now);
      const next = nextDueAt(ctx, now);
      handle = timers.setTimeout(check, Math.max(50, Math.min(MAX_WAIT_MS, next === null ? MAX_WAIT_MS : next - now)));
    } catch (err) {
      ctx.log.warn({ err }, 'task reminder check failed');
      handle = timers.setTimeout(check, MAX_WAIT_MS);
    }
  };
  const off = ctx.events.on('tasks.changed', () => check());
  check();
  return {
    check,
    stop() {
      stopped = true;
      off();
      if (handle !== null) timers.clearTimeout(handle);
    },
  };
}

/** Done, snoozed until a time (in the future), or open again. */
export function setStatus(ctx: Pick<CoreContext, 'store' | 'events'>, taskId: string, s: { status: 'done' | 'open' } | { status: 'snoozed'; until: number }, now = Date.now()): FollowUpTaskRow {
  if (!getFollowUpTask(ctx.store, taskId)) throw new CoreError('not_found', `no task ${taskId} (salesedge tasks lists them)`);
  if (s.status === 'snoozed' && !(s.until > now)) throw new CoreError('bad_request', `a snooze ends in the future: ${new Date(s.until).toISOString()} has passed`);
  setTaskStatus(ctx.store, taskId, { status: s.status, snoozedUntil: s.status === 'snoozed' ? s.until : null }, now);
  ctx.events.emit('tasks.changed', { reason: s.status, taskId });
  return getFollowUpTask(ctx.store, taskId)!;
}

const RETRY_MS = 10 * 60_000;

export type TasksService = {
  /** The live connector for a deal's source (or null). */
  connectorFor: ConnectorFor;
  /** Starts the due-time reminders (hosts that run long: the app, serve-ui). */
  startReminders(): void;
  /** Resolves when the follow-ups of the calls that have ended so far are made and pushed. */
  settled(): Promise<void>;
  close(): Promise<void>;
};

/** Makes the follow-up of each call that ends (its `live.state` ended), pushes it, and reminds when tasks fall due. */
export function createTasksService(ctx: TasksContext, o: { connectorFor?: ConnectorFor; timers?: Timers } = {}): TasksService {
  const connectorFor = o.connectorFor ?? envConnectorFor(ctx);
  const pending = new Set<Promise<unknown>>();
  let reminders: ReturnType<typeof startReminders> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  const off = ctx.events.on('live.state', (s) => {
    if (s.state !== 'ended' || !s.callId || ctx.store.readonly) return;
    const p = followUpOnCallEnd(ctx, s.callId, connectorFor).finally(() => pending.delete(p));
    pending.add(p);
  });
  return {
    connectorFor,
    startReminders() {
      if (reminders) return;
      reminders = startReminders(ctx, o.timers);
      // Pushes that failed (offline, HubSpot down) or waited for a token: now, then every ten minutes.
      const retry = () => {
        const p = retryPushes(ctx, connectorFor).catch((err: unknown) => ctx.log.warn({ err }, 'follow-up push retry failed')).finally(() => pending.delete(p));
        pending.add(p);
      };
      retry();
      retryTimer = setInterval(retry, RETRY_MS).unref();
    },
    settled: async () => {
      await Promise.allSettled([...pending]);
    },
    async close() {
      off();
      reminders?.stop();
      if (retryTimer) clearInterval(retryTimer);
      await Promise.allSettled([...pending]);
    },
  };
}
