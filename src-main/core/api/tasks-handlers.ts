import type { Handlers } from './dispatch';
import type { Core } from '../core';
import { dueTasks, setStatus } from '../calls/follow-up-tasks';
import { listFollowUpTasks, dueTime, type FollowUpTaskRow } from '../store/follow-up-tasks';
import { getDeal, callForLink } from '../store/deals';
import type { FollowUpTaskView } from '../../../src-shared/ipc/deals';

/** A task as the list shows it (its deal's and call's names, whether it is due now). */
export function taskView(core: Pick<Core, 'store'>, t: FollowUpTaskRow, now = Date.now()): FollowUpTaskView {
  const at = dueTime(t);
  return {
    id: t.id,
    dealId: t.deal_id,
    dealName: getDeal(core.store, t.deal_id)?.name ?? null,
    callId: t.call_id,
    callTitle: t.call_id ? (callForLink(core.store, t.call_id)?.title ?? null) : null,
    title: t.title,
    body: t.body,
    dueAt: t.due_at,
    status: t.status,
    snoozedUntil: t.snoozed_until,
    due: at !== null && at <= now,
    push: { state: t.push_state, error: t.push_error, at: t.pushed_at },
  };
}

const dueCount = (core: Pick<Core, 'store'>, now = Date.now()) => dueTasks(core, now).length;
const result = (core: Core, t: FollowUpTaskRow) => ({ task: taskView(core, t), due: dueCount(core) });

export const tasksHandlers = {
  'tasks.list': (p, core) => {
    const now = Date.now();
    const views = listFollowUpTasks(core.store, { status: p.status }).map((t) => taskView(core, t, now));
    // Due first, then open/snoozed by due time, done last.
    const rank = (v: FollowUpTaskView) => (v.due ? 0 : v.status === 'done' ? 2 : 1);
    views.sort((a, b) => rank(a) - rank(b) || (a.status === 'snoozed' ? a.snoozedUntil! : a.dueAt) - (b.status === 'snoozed' ? b.snoozedUntil! : b.dueAt));
    return { tasks: views, due: views.filter((v) => v.due).length };
  },
  'tasks.done': (p, core) => result(core, setStatus(core, p.id, { status: 'done' })),
  'tasks.reopen': (p, core) => result(core, setStatus(core, p.id, { status: 'open' })),
  'tasks.snooze': (p, core) => result(core, setStatus(core, p.id, { status: 'snoozed', until: p.until })),
} satisfies Pick<Handlers, `tasks.${string}` & keyof Handlers>;
