import { InvalidArgumentError } from 'commander';
import type { CommandModule } from '../program';
import { retryPushes, setStatus } from '../../core/calls/follow-up-tasks';
import { taskView } from '../../core/api/tasks-handlers';
import { listFollowUpTasks } from '../../core/store/follow-up-tasks';
import type { FollowUpTaskView } from '../../../src-shared/ipc/deals';

/** A date (YYYY-MM-DD: 09:00 local time that day) or a date and time (YYYY-MM-DDTHH:MM, local). */
const untilDate = (v: string): number => {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(v.trim());
  const t = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), m[4] ? Number(m[4]) : 9, m[5] ? Number(m[5]) : 0).getTime() : NaN;
  if (!m || Number.isNaN(t)) throw new InvalidArgumentError('must be a date as YYYY-MM-DD (09:00 that day) or YYYY-MM-DDTHH:MM');
  return t;
};
const when = (t: number): string => new Date(t).toISOString().slice(0, 16).replace('T', ' ');
const line = (t: FollowUpTaskView): string => {
  const state = t.status === 'done' ? 'done' : t.due ? 'DUE' : t.status === 'snoozed' ? `snoozed until ${when(t.snoozedUntil!)}` : `due ${when(t.dueAt)}`;
  const push = t.push.state === 'pushed' ? ', in the CRM' : t.push.state === 'failed' ? `, CRM push failed (${t.push.error}; retried)` : '';
  return `${t.id}  ${state}  ${t.dealName ?? t.dealId}: ${t.title}${push}\n`;
};

/** `salesedge tasks [done|snooze|reopen|push]`: the follow-up tasks made when linked calls end (issue 15, point 4). */
export const tasksCommand: CommandModule = (program, ctx) => {
  const cmd = program
    .command('tasks')
    .description('follow-up tasks made when a call linked to a deal ends: list them (due first), done, snooze, reopen, push to the CRM again')
    .option('--all', 'include the done ones')
    .action((opts: { all?: boolean }) => {
      const core = ctx.openCore({ readonlyIfDenied: true });
      const now = Date.now();
      const rank = (v: FollowUpTaskView) => (v.due ? 0 : v.status === 'done' ? 2 : 1);
      const tasks = listFollowUpTasks(core.store)
        .map((t) => taskView(core, t, now))
        .filter((t) => opts.all || t.status !== 'done')
        .sort((a, b) => rank(a) - rank(b) || (a.snoozedUntil ?? a.dueAt) - (b.snoozedUntil ?? b.dueAt));
      const due = tasks.filter((t) => t.due).length;
      if (ctx.globals().json) {
        for (const t of tasks) ctx.printJson({ type: 'task', ...t });
        ctx.printJson({ type: 'summary', tasks: tasks.length, due });
        return;
      }
      if (tasks.length === 0) process.stdout.write('no follow-up tasks (one is made when a call linked to a deal ends: salesedge deals link CALL_ID)\n');
      else process.stdout.write(`${tasks.map(line).join('')}${due} due now\n`);
    });
  const change = (name: 'done' | 'reopen', description: string, status: 'done' | 'open') =>
    cmd
      .command(name)
      .description(description)
      .argument('<id>', 'the task (salesedge tasks)')
      .action((id: string) => {
        const core = ctx.openCore();
        const t = taskView(core, setStatus(core, id, { status }));
        if (ctx.globals().json) ctx.printJson({ type: 'task', ...t });
        else process.stdout.write(line(t));
      });
  change('done', 'mark a task done', 'done');
  change('reopen', 'open a done or snoozed task again', 'open');
  cmd
    .command('snooze')
    .description('snooze a task until a date (it is due again then)')
    .argument('<id>', 'the task (salesedge tasks)')
    .requiredOption('--until <date>', 'YYYY-MM-DD (09:00 local that day) or YYYY-MM-DDTHH:MM', untilDate)
    .action((id: string, opts: { until: number }) => {
      const core = ctx.openCore();
      const t = taskView(core, setStatus(core, id, { status: 'snoozed', until: opts.until }));
      if (ctx.globals().json) ctx.printJson({ type: 'task', ...t });
      else process.stdout.write(line(t));
    });
  cmd
    .command('push')
    .description('push the tasks not yet in the CRM again (HubSpot: SALESEDGE_HUBSPOT_TOKEN; a failed push is kept and retried)')
    .action(async () => {
      const core = ctx.openCore();
      const r = await retryPushes(core, core.tasks.connectorFor);
      if (ctx.globals().json) ctx.printJson({ type: 'push', ...r });
      else process.stdout.write(`${r.pushed} of ${r.tried} pushed to the CRM\n`);
    });
};
