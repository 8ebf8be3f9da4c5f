import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createCore } from '../core';
import { createDispatcher } from './dispatch';
import { handlers } from './handlers';
import { enqueueSampleSimulationResult } from '../sync/test-support/sample-ops';
import { first, transaction } from '../store/query';
import { startServerProcess, type ServerProcess } from '../../../sync-server/test-support/server-process';
import { api, newEnrollmentToken, seedTenants, type TenantFixture } from '../../../sync-server/test-support/fixture';
import { createLogger } from '../logger';

let srv: ServerProcess;
let T: TenantFixture;
beforeAll(async () => {
  srv = await startServerProcess();
  [T] = (await seedTenants({ url: srv.url, dataDir: srv.dataDir }, ['ipco'])) as [TenantFixture];
}, 180_000); // real servers (and PostgreSQL) start here; slow on a loaded CI box
afterAll(async () => {
  await srv?.kill();
});

it('with background sync on, a playbook the manager publishes reaches this device live', async () => {
  const core = createCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sync-live-')), log: createLogger('silent') });
  const dispatch = createDispatcher(core, handlers);
  core.sync.startBackground(); // as the app's core process and serve-ui do
  try {
    await dispatch('settings.update', { sync: { enabled: true } });
    expect(await dispatch('sync.enroll', { serverUrl: srv.url, enrollmentToken: await newEnrollmentToken(srv, 'ipco', 'rep2@ipco.test') })).toMatchObject({ ok: true });
    const row = () => first(core.store, core.store.db.selectFrom('playbooks').select('title').where('id', '=', 'tenant:live-pb'));
    // Wait until the live link is up (the first background round has run), then publish.
    await vi.waitFor(() => expect(core.sync.status().lastSyncAt).not.toBeNull(), { timeout: 10_000, interval: 50 });
    await api(srv.url, 'PUT', '/v1/tenant/playbooks/live-pb', { token: T.manager.accessToken, body: { objectionType: 'need', language: 'pt', title: 'Sem necessidade', replies: ['Entendo'] } });
    await vi.waitFor(() => expect(row()).toEqual({ title: 'Sem necessidade' }), { timeout: 10_000, interval: 50 });
  } finally {
    await core.close();
  }
});

it('a role-play persona the manager publishes reaches this device live: the library has it and open pages are told to reload', async () => {
  const core = createCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sync-live-sim-')), log: createLogger('silent') });
  const dispatch = createDispatcher(core, handlers);
  core.sync.startBackground();
  const reloads: string[] = [];
  core.events.on('simulator.libraryChanged', () => reloads.push('library'));
  try {
    await dispatch('settings.update', { sync: { enabled: true } });
    expect(await dispatch('sync.enroll', { serverUrl: srv.url, enrollmentToken: await newEnrollmentToken(srv, 'ipco', 'rep2@ipco.test') })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(core.sync.status().lastSyncAt).not.toBeNull(), { timeout: 10_000, interval: 50 });
    const body = {
      id: 'executive-impatient', language: 'en', name: 'Iris, Ipco VP of sales', role: 'VP of sales at Ipco', temperament: 'impatient', goals: 'Hit the number', hiddenConcern: 'Ramp time',
      objections: ['need', 'timing'], pushback: 2, opening: ['Iris here. Five minutes.'], reveal: ['New reps take too long to ramp.'],
    };
    await api(srv.url, 'PUT', '/v1/tenant/personas/iris.en', { token: T.manager.accessToken, body });
    const persona = async () => {
      const r = await dispatch('simulator.library', { language: 'en' });
      return r.ok ? (r.result as { personas: { id: string; name: string; origin: string }[] }).personas.find((p) => p.id === 'executive-impatient') : null;
    };
    await vi.waitFor(async () => expect(await persona()).toMatchObject({ name: 'Iris, Ipco VP of sales', origin: 'tenant' }), { timeout: 10_000, interval: 50 });
    expect(reloads.length).toBeGreaterThanOrEqual(1);
    const turn = await dispatch('simulator.turn', { scenario: 'executive-ten-minutes', language: 'en', seed: 1, answers: [] });
    expect(turn).toMatchObject({ ok: true, result: { transcript: [{ speaker: 'buyer', text: expect.stringContaining('Iris here. Five minutes.') }] } });
  } finally {
    await core.close();
  }
});

// Issue 16, point 2: the review's two walk-arounds, against a real server.
it('with syncServer locked, sync.enroll to another (real, working) server is refused, not only settings.update', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-policy-'));
  const policyFile = path.join(dir, 'policy.json');
  fs.writeFileSync(policyFile, JSON.stringify({ version: 1, syncServer: 'https://sync.acme.example' }));
  const core = createCore({ dataDir: path.join(dir, 'data'), policyFile, log: createLogger('silent') });
  const dispatch = createDispatcher(core, handlers);
  try {
    expect(await dispatch('settings.update', { sync: { serverUrl: srv.url } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const enroll = await dispatch('sync.enroll', { serverUrl: srv.url, enrollmentToken: await newEnrollmentToken(srv, 'ipco', 'rep2@ipco.test') });
    expect(enroll).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/^sync\.serverUrl is managed by your organisation/) } });
    expect(await dispatch('sync.status', {})).toMatchObject({ ok: true, result: { enrolled: false } });
  } finally {
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('with sync.enabled locked off, sync.now runs no round (a device enrolled before the policy came)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-policy-'));
  const dataDir = path.join(dir, 'data');
  const policyFile = path.join(dir, 'policy.json');
  const before = createCore({ dataDir, policyFile, log: createLogger('silent') });
  expect(await createDispatcher(before, handlers)('sync.enroll', { serverUrl: srv.url, enrollmentToken: await newEnrollmentToken(srv, 'ipco', 'rep2@ipco.test') })).toMatchObject({ ok: true });
  await before.close();
  fs.writeFileSync(policyFile, JSON.stringify({ version: 1, settings: { sync: { enabled: false } } }));
  const core = createCore({ dataDir, policyFile, log: createLogger('silent') });
  const dispatch = createDispatcher(core, handlers);
  try {
    const now = await dispatch('sync.now', {});
    expect(now).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/^sync\.enabled is managed by your organisation/) } });
    expect(await dispatch('sync.status', {})).toMatchObject({ ok: true, result: { enrolled: true, lastSyncAt: null } });
  } finally {
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('a device enrolled with another server before syncServer was locked does not sync in the background', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-policy-'));
  const dataDir = path.join(dir, 'data');
  const policyFile = path.join(dir, 'policy.json');
  const before = createCore({ dataDir, policyFile, log: createLogger('silent') });
  const first = createDispatcher(before, handlers);
  expect(await first('sync.enroll', { serverUrl: srv.url, enrollmentToken: await newEnrollmentToken(srv, 'ipco', 'rep2@ipco.test') })).toMatchObject({ ok: true });
  expect(await first('settings.update', { sync: { enabled: true } })).toMatchObject({ ok: true });
  expect(before.sync.backgroundRunning()).toBe(false); // a one-shot command's core never starts the loop
  before.sync.startBackground();
  expect(before.sync.backgroundRunning()).toBe(true); // a long-running host's does: enrolled and on
  await before.close();
  fs.writeFileSync(policyFile, JSON.stringify({ version: 1, syncServer: 'https://sync.acme.example' }));
  const core = createCore({ dataDir, policyFile, log: createLogger('silent') });
  try {
    core.sync.startBackground();
    expect(core.sync.backgroundRunning()).toBe(false);
    expect(await createDispatcher(core, handlers)('sync.status', {})).toMatchObject({ ok: true, result: { enrolled: true, lastSyncAt: null } });
  } finally {
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('sync.* over the typed contract: status, enroll, sync now, errors, sign out', async () => {
  const core = createCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sync-ipc-')), log: createLogger('silent') });
  const dispatch = createDispatcher(core, handlers);
  const statuses: unknown[] = [];
  core.events.on('sync.status', (s) => statuses.push(s));
  try {
    expect(await dispatch('sync.status', {})).toMatchObject({ ok: true, result: { enrolled: false, pending: 0, lastSyncAt: null } });
    const bad = await dispatch('sync.enroll', { serverUrl: 'not a url', enrollmentToken: 'enr_xxxxxxxx' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const wrong = await dispatch('sync.enroll', { serverUrl: srv.url, enrollmentToken: 'enr_not-valid' });
    expect(wrong).toEqual({ ok: false, error: { code: 'bad_request', message: 'sync server: enrollment token is unknown, used up or expired', notice: { key: 'sync.error.unauthorized', params: { server: srv.url } } } });
    const enrolled = await dispatch('sync.enroll', { serverUrl: srv.url, enrollmentToken: await newEnrollmentToken(srv, 'ipco', 'rep@ipco.test') });
    expect(enrolled).toMatchObject({ ok: true, result: { enrolled: true, tenant: { slug: 'ipco' }, user: { email: 'rep@ipco.test', role: 'rep' }, serverUrl: srv.url } });
    transaction(core.store, () => enqueueSampleSimulationResult(core.store, 's1', { scenario: 'price', language: 'pt', startedAt: 1, score: 70 }));
    expect(await dispatch('sync.status', {})).toMatchObject({ ok: true, result: { pending: 1 } });
    const now = await dispatch('sync.now', {});
    expect(now).toMatchObject({ ok: true, result: { pending: 0, lastError: null, running: false } });
    expect((now as { result: { lastSyncAt: number } }).result.lastSyncAt).toBeGreaterThan(0);
    expect(statuses.some((s) => (s as { running: boolean }).running)).toBe(true);
    // The server goes away: the round fails, the status says why in one line.
    await srv.kill('SIGKILL');
    transaction(core.store, () => enqueueSampleSimulationResult(core.store, 's2', { scenario: 'price', language: 'pt', startedAt: 1, score: 70 }));
    const failed = await dispatch('sync.now', {});
    expect(failed).toMatchObject({ ok: true, result: { pending: 1 } });
    expect((failed as { result: { lastError: string } }).result.lastError).toMatch(/^cannot reach the sync server at/);
    // …and in the UI's words (notice.sync.error.network in both catalogues).
    expect((failed as { result: { lastErrorNotice: unknown } }).result.lastErrorNotice).toEqual({ key: 'sync.error.network', params: { server: srv.url } });
    expect(await dispatch('sync.signOut', {})).toMatchObject({ ok: true, result: { enrolled: false } });
  } finally {
    await core.close();
  }
});
