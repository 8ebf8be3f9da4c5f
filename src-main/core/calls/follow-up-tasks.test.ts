// Follow-ups that happen (issue 15, point 4): a call linked to a deal run through the real
// session path (the demo recording, the real VAD and segmenter, reference transcripts, the
// real NLP) ends and its task is there by itself, once, with its due date and drafted e-mail,
// pushed to a HubSpot on 127.0.0.1 that answers as HubSpot's CRM v3 API does; a failed push is
// kept and retried; due and snooze times; the reminder's event.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { createLogger } from '../logger';
import { createFileSource } from '../audio/file-source';
import { createReferenceEngine, loadCallScript } from '../asr/reference-engine';
import { runCallSession } from '../live/call-session';
import { defaultLiveDeps, openLiveAnalyzer } from '../live/default-deps';
import { importDeals } from '../deals/import';
import { linkCall } from '../deals/link';
import { hubspotConnector } from '../deals/hubspot';
import { callForLink, findDeals } from '../store/deals';
import { listFollowUpTasks, getFollowUpTask } from '../store/follow-up-tasks';
import { dueAfter } from './deal-follow-up';
import { announceDue, dueTasks, ensureFollowUpTask, envConnectorFor, followUpOnCallEnd, nextDueAt, retryPushes, setStatus, startReminders, type Timers } from './follow-up-tasks';
import { seedCall } from './seed-calls';
import { enCall } from './sample-calls';
import { createDispatcher } from '../api/dispatch';
import { handlers } from '../api/handlers';
import { repoRoot, tempDir } from '../../../test/helpers';

const TOKEN = 'pat-na1-test-token';
const crm = { notes: [] as Record<string, unknown>[], tasks: [] as Record<string, unknown>[], failNext: 0 };
let server: http.Server;
let baseUrl: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' });
      if (crm.failNext > 0) {
        crm.failNext--;
        return send(502, { status: 'error', message: 'Bad gateway', category: 'INTERNAL_ERROR' });
      }
      if (req.method === 'POST' && (req.url === '/crm/v3/objects/notes' || req.url === '/crm/v3/objects/tasks')) {
        const body = JSON.parse(raw) as Record<string, unknown>;
        const list = req.url.endsWith('notes') ? crm.notes : crm.tasks;
        const id = String(9000 + crm.notes.length + crm.tasks.length);
        list.push(body);
        return send(201, { id, properties: body.properties, createdAt: '2025-04-01T10:00:00Z', updatedAt: '2025-04-01T10:00:00Z', archived: false });
      }
      send(404, { status: 'error', message: `no route ${req.method} ${req.url}`, category: 'OBJECT_NOT_FOUND' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  crm.notes = [];
  crm.tasks = [];
  crm.failNext = 0;
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
const hubspotHere = (source: string | null) => (source === 'hubspot' ? hubspotConnector({ token: TOKEN, baseUrl }) : null);
const newCore = (o: { connectorFor?: typeof hubspotHere } = {}): Core => {
  const t = tempDir();
  const core = createCore({ dataDir: t.dir, log: createLogger('silent'), connectorFor: o.connectorFor ?? hubspotHere });
  cleanups.push(async () => {
    await core.close();
    t.cleanup();
  });
  importDeals(core.store, path.join(repoRoot, 'test/fixtures/crm/exports/hubspot-en.csv'));
  importDeals(core.store, path.join(repoRoot, 'test/fixtures/crm/exports/salesforce-pt.csv'));
  return core;
};
const FABRIKAM = '9845120333';

describe('follow-up tasks at call end', () => {
  it('a linked call run through the session ends with its task (due, drafted e-mail), pushed to HubSpot once; ending again makes none more', async () => {
    const core = newCore();
    const demo = { wav: path.join(repoRoot, 'resources/demo/demo-en.wav'), script: path.join(repoRoot, 'resources/demo/demo-en.script.json') };
    const script = loadCallScript(demo.script);
    const analyzer = await openLiveAnalyzer(core);
    const changed: string[] = [];
    core.events.on('tasks.changed', (e) => changed.push(e.reason));
    const { callId } = await runCallSession({
      core, source: await createFileSource(demo.wav, { realtime: false }), asr: createReferenceEngine(script), analyzer, kind: 'replay', realtime: false,
      language: 'en', pipeline: defaultLiveDeps().pipeline, tailor: null,
      // Linked while it runs (as the Live page's deal picker would): the end makes the follow-up.
      onStart: (h) => void linkCall(core.store, h.callId, FABRIKAM),
    });
    await analyzer.close();
    await core.tasks.settled();
    const tasks = listFollowUpTasks(core.store);
    expect(tasks).toHaveLength(1);
    const t = tasks[0]!;
    const call = callForLink(core.store, callId)!;
    expect(t).toMatchObject({ call_id: callId, deal_id: findDeals(core.store, FABRIKAM)[0]!.id, status: 'open', language: 'en', push_state: 'pushed', push_error: null });
    expect(t.due_at).toBe(dueAfter(call.ended_at!).getTime());
    expect(t.title.length).toBeGreaterThan(0);
    expect(t.body.length).toBeGreaterThan(40);
    expect(changed).toEqual(['created', 'pushed']);
    // HubSpot got the note (the summary) and the task (the drafted e-mail), on the deal.
    expect(crm.notes).toHaveLength(1);
    expect(crm.tasks).toHaveLength(1);
    expect(crm.tasks[0]).toMatchObject({ properties: { hs_task_subject: t.title, hs_task_body: t.body, hs_timestamp: new Date(t.due_at).toISOString() }, associations: [{ to: { id: FABRIKAM } }] });
    expect(t.crm_task_id).toBe('9001');
    expect(t.crm_note_id).toBe('9000');

    // Idempotent: the end reported again, or linked again, makes no second task and no second push.
    core.events.emit('live.state', { callId, state: 'ended', kind: 'replay', title: call.title, language: 'en', positionMs: 0, message: null });
    await core.tasks.settled();
    expect(await followUpOnCallEnd(core, callId, hubspotHere)).toMatchObject({ id: t.id });
    expect(ensureFollowUpTask(core, callId)).toMatchObject({ created: false, task: { id: t.id } });
    expect(listFollowUpTasks(core.store)).toHaveLength(1);
    expect(crm.tasks).toHaveLength(1);
  }, 120_000);

  it('a call linked to no deal makes no task; a deal from a CSV-only CRM gets a local task, not pushed', async () => {
    const core = newCore();
    const callId = seedCall(core.store, enCall({ startedAt: Date.UTC(2025, 3, 3, 15) }));
    expect(await followUpOnCallEnd(core, callId, hubspotHere)).toBeNull();
    linkCall(core.store, callId, '0065g00000AbC04');
    expect(await followUpOnCallEnd(core, callId, hubspotHere)).toMatchObject({ push_state: 'none', due_at: Date.parse('2025-04-07T12:00:00.000Z') });
    expect(crm.tasks).toHaveLength(0);
  });

  it('a push that fails is kept with its error and retried, not lost', async () => {
    const core = newCore();
    const callId = seedCall(core.store, enCall({ startedAt: Date.UTC(2025, 3, 3, 15) }));
    linkCall(core.store, callId, FABRIKAM);
    crm.failNext = 1;
    const failed = await followUpOnCallEnd(core, callId, hubspotHere);
    expect(failed).toMatchObject({ push_state: 'failed' });
    expect(failed!.push_error).toMatch(/HubSpot POST \/crm\/v3\/objects\/notes answered 502: INTERNAL_ERROR: Bad gateway/);
    expect(await retryPushes(core, hubspotHere)).toEqual({ tried: 1, pushed: 1 });
    expect(getFollowUpTask(core.store, failed!.id)).toMatchObject({ push_state: 'pushed', push_error: null });
    expect(crm.tasks).toHaveLength(1);
    expect(await retryPushes(core, hubspotHere)).toEqual({ tried: 0, pushed: 0 });
  });

  it('a long-running host retries the failed pushes when its reminders start', async () => {
    const core = newCore();
    const callId = seedCall(core.store, enCall({ startedAt: Date.UTC(2025, 3, 3, 15) }));
    linkCall(core.store, callId, FABRIKAM);
    crm.failNext = 2; // the call's end and nothing else
    expect(await followUpOnCallEnd(core, callId, core.tasks.connectorFor)).toMatchObject({ push_state: 'failed' });
    crm.failNext = 0;
    const due: string[] = [];
    core.events.on('tasks.due', (e) => due.push(e.taskId));
    core.tasks.startReminders();
    await core.tasks.settled();
    const t = listFollowUpTasks(core.store)[0]!;
    expect(t).toMatchObject({ push_state: 'pushed' });
    // Its due time (2025) has passed: told at once.
    expect(due).toEqual([t.id]);
  });

  it('the connector: HubSpot with a token, none without, none when the policy forbids cloud services', () => {
    expect(envConnectorFor({ policy: null }, { SALESEDGE_HUBSPOT_TOKEN: 'x' })('hubspot')?.source).toBe('hubspot');
    expect(envConnectorFor({ policy: null }, {})('hubspot')).toBeNull();
    expect(envConnectorFor({ policy: null }, { SALESEDGE_HUBSPOT_TOKEN: 'x' })('salesforce')).toBeNull();
    expect(envConnectorFor({ policy: { allowCloud: false } as never }, { SALESEDGE_HUBSPOT_TOKEN: 'x' })('hubspot')).toBeNull();
  });
});

describe('due, snooze and the reminder', () => {
  const THU = Date.UTC(2025, 3, 3, 15);
  const DUE = Date.parse('2025-04-07T12:00:00.000Z');
  const setup = async () => {
    const core = newCore({ connectorFor: () => null });
    const callId = seedCall(core.store, enCall({ startedAt: THU }));
    linkCall(core.store, callId, FABRIKAM);
    const task = (await followUpOnCallEnd(core, callId, () => null))!;
    return { core, task };
  };

  it('due at its due time; a snooze moves it to the snooze end; done is never due; reopen is due again', async () => {
    const { core, task } = await setup();
    expect(dueTasks(core, DUE - 1)).toHaveLength(0);
    expect(nextDueAt(core, DUE - 1)).toBe(DUE);
    expect(dueTasks(core, DUE).map((t) => t.id)).toEqual([task.id]);
    const until = DUE + 86_400_000;
    expect(() => setStatus(core, task.id, { status: 'snoozed', until: DUE - 5 }, DUE)).toThrow(/a snooze ends in the future/);
    setStatus(core, task.id, { status: 'snoozed', until }, DUE);
    expect(dueTasks(core, DUE + 1)).toHaveLength(0);
    expect(nextDueAt(core, DUE + 1)).toBe(until);
    expect(dueTasks(core, until)).toHaveLength(1);
    setStatus(core, task.id, { status: 'done' }, until);
    expect(getFollowUpTask(core.store, task.id)).toMatchObject({ status: 'done', snoozed_until: null, done_at: until });
    expect(dueTasks(core, until + 1e10)).toHaveLength(0);
    expect(nextDueAt(core, 0)).toBeNull();
    setStatus(core, task.id, { status: 'open' }, until);
    expect(dueTasks(core, until)).toHaveLength(1);
  });

  it('the reminder emits tasks.due once when a task falls due, again after a snooze ends', async () => {
    const { core, task } = await setup();
    let now = DUE - 10_000;
    const timers: { fn: () => void; at: number }[] = [];
    const fake: Timers = { now: () => now, setTimeout: (fn, ms) => (timers.push({ fn, at: now + ms }), timers.length - 1), clearTimeout: (h) => void (timers[h as number] = { fn: () => {}, at: Infinity }) };
    const due: { taskId: string; due: number }[] = [];
    core.events.on('tasks.due', (e) => due.push({ taskId: e.taskId, due: e.due }));
    const r = startReminders(core, fake);
    cleanups.push(() => r.stop());
    expect(due).toEqual([]);
    // The timer is set for the due time.
    expect(timers.at(-1)!.at).toBe(DUE);
    now = DUE;
    timers.at(-1)!.fn();
    expect(due).toEqual([{ taskId: task.id, due: 1 }]);
    // Checking again tells nothing new.
    r.check();
    expect(due).toHaveLength(1);
    // Snoozed an hour: told again when the hour is up (the change re-arms the timer).
    setStatus(core, task.id, { status: 'snoozed', until: DUE + 3_600_000 }, now);
    expect(timers.at(-1)!.at).toBe(DUE + 60_000); // at most a minute's wait
    now = DUE + 3_600_000;
    r.check();
    expect(due).toHaveLength(2);
    expect(announceDue(core, now + 1)).toEqual([]);
  });

  it('tasks.list, done, snooze and reopen over the contract; the due count', async () => {
    const { core, task } = await setup();
    const dispatch = createDispatcher(core, handlers);
    const list = await dispatch('tasks.list', {});
    expect(list).toMatchObject({ ok: true, result: { due: 1, tasks: [{ id: task.id, dealName: 'Fabrikam - Enterprise', due: true, status: 'open', push: { state: 'none' } }] } });
    const until = Date.now() + 86_400_000;
    expect(await dispatch('tasks.snooze', { id: task.id, until })).toMatchObject({ ok: true, result: { due: 0, task: { status: 'snoozed', snoozedUntil: until, due: false } } });
    expect(await dispatch('tasks.snooze', { id: task.id, until: 1000 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await dispatch('tasks.done', { id: task.id })).toMatchObject({ ok: true, result: { due: 0, task: { status: 'done' } } });
    expect(await dispatch('tasks.reopen', { id: task.id })).toMatchObject({ ok: true, result: { due: 1, task: { status: 'open', due: true } } });
    expect(await dispatch('tasks.done', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
