import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCliCaptured } from '../../../test/cli-capture';
import { dealsCommand } from './deals';
import { tasksCommand } from './tasks';
import { repoRoot } from '../../../test/helpers';
import { openStore } from '../../core/store/db';
import { seedCall } from '../../core/calls/seed-calls';
import { enCall } from '../../core/calls/sample-calls';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-tasks-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const cli = (args: string[]) => runCliCaptured(['--data-dir', dir, ...args], [dealsCommand, tasksCommand]);

describe('salesedge tasks', () => {
  it('linking an ended call makes its task; list, snooze --until, done, reopen; one-line errors', async () => {
    expect((await cli(['tasks'])).stdout).toMatch(/^no follow-up tasks/);
    expect((await cli(['deals', 'import', path.join(repoRoot, 'test/fixtures/crm/exports/hubspot-en.csv')])).code).toBe(0);
    const store = openStore(dir);
    const callId = seedCall(store, enCall({ startedAt: Date.UTC(2025, 3, 3, 15) }));
    store.close();
    const link = await cli(['--json', 'deals', 'link', callId, '9845120333']);
    const taskId = link.lines()[0]!.taskId as string;
    expect(taskId).toEqual(expect.any(String));
    // Linking again makes no second task.
    expect((await cli(['--json', 'deals', 'link', callId, '9845120333'])).lines()[0]!.taskId).toBe(taskId);

    const list = await cli(['--json', 'tasks']);
    expect(list.lines()).toEqual([
      expect.objectContaining({ type: 'task', id: taskId, callId, dealName: 'Fabrikam - Enterprise', status: 'open', due: true, dueAt: Date.parse('2025-04-07T12:00:00Z'), push: { state: 'none', error: null, at: null } }),
      { type: 'summary', tasks: 1, due: 1 },
    ]);
    expect((await cli(['tasks'])).stdout).toMatch(new RegExp(`^${taskId}  DUE  Fabrikam - Enterprise: .+\\n1 due now\\n$`));

    const snooze = await cli(['--json', 'tasks', 'snooze', taskId, '--until', '2999-01-02']);
    expect(snooze.lines()[0]).toMatchObject({ status: 'snoozed', snoozedUntil: new Date(2999, 0, 2, 9).getTime(), due: false });
    expect((await cli(['--json', 'tasks'])).lines().at(-1)).toEqual({ type: 'summary', tasks: 1, due: 0 });
    expect((await cli(['tasks', 'snooze', taskId, '--until', 'tomorrow'])).stderr).toMatch(/--until.*must be a date as YYYY-MM-DD/);
    expect((await cli(['tasks', 'snooze', taskId, '--until', '2001-01-01'])).stderr).toMatch(/^salesedge: a snooze ends in the future/);

    expect((await cli(['tasks', 'done', taskId])).stdout).toMatch(new RegExp(`^${taskId}  done  `));
    expect((await cli(['--json', 'tasks'])).lines()).toEqual([{ type: 'summary', tasks: 0, due: 0 }]);
    expect((await cli(['--json', 'tasks', '--all'])).lines()[0]).toMatchObject({ id: taskId, status: 'done' });
    expect((await cli(['--json', 'tasks', 'reopen', taskId])).lines()[0]).toMatchObject({ status: 'open', due: true });
    const missing = await cli(['tasks', 'done', 'nope']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toBe('salesedge: no task nope (salesedge tasks lists them)\n');
    // No token: nothing to push.
    expect((await cli(['--json', 'tasks', 'push'])).lines()).toEqual([{ type: 'push', tried: 0, pushed: 0 }]);
  });
});
