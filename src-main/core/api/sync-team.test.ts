import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { createDispatcher, type DispatchResult } from './dispatch';
import { handlers } from './handlers';
import { enqueueCallInsight } from '../sync/insights';
import { readState, writeState } from '../store/sync-state';
import { startServerProcess, type ServerProcess } from '../../../sync-server/test-support/server-process';
import { api, callOp, newEnrollmentToken, seedTenants, type TenantFixture } from '../../../sync-server/test-support/fixture';
import { createLogger } from '../logger';
import type { TeamResponse } from '../../../src-shared/sync-protocol';
import { transaction } from '../store/query';
import { insertCallRow } from '../store/calls';
import { insertDetectionRow, insertSegmentRow } from '../store/segments';
import { insertHintRow } from '../store/hints';

let srv: ServerProcess;
let T: TenantFixture;
const cores: Core[] = [];
const DAY = 86_400_000;
const now = Date.now();

beforeAll(async () => {
  srv = await startServerProcess({ args: ['--device-rps', '1000', '--auth-per-minute', '1000'] });
  [T] = (await seedTenants({ url: srv.url, dataDir: srv.dataDir }, ['teamco'])) as [TenantFixture];
}, 180_000); // real servers start here; slow on a loaded CI box
afterAll(async () => {
  for (const core of cores) await core.close();
  await srv?.kill();
});

function newCore(): { core: Core; dispatch: ReturnType<typeof createDispatcher> } {
  const core = createCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sync-team-')), log: createLogger('silent') });
  cores.push(core);
  return { core, dispatch: createDispatcher(core, handlers) };
}

const team = (r: DispatchResult): TeamResponse => {
  if (!r.ok) throw new Error(`sync.team failed: ${r.error.message}`);
  return r.result as TeamResponse;
};

/** A finished local call with two price objections, a competitor and one used hint of two. */
function insertCall(core: Core, id: string, startedAt: number): void {
  const store = core.store;
  transaction(store, () => {
    insertCallRow(store, { id, title: 'Renewal', source: 'live', language: 'pt', started_at: startedAt, duration_ms: 60000, created_at: startedAt });
    const seg = insertSegmentRow(store, { call_id: id, speaker: 'customer', start_ms: 0, end_ms: 2000, text: 'Está caro, a Salesforce cobra menos' });
    for (const at of [1000, 2000]) insertDetectionRow(store, { call_id: id, segment_id: seg, kind: 'objection', value: 'price', confidence: 0.9, at_ms: at });
    insertDetectionRow(store, { call_id: id, segment_id: seg, kind: 'competitor', value: 'salesforce', confidence: 0.8, at_ms: 2000 });
    for (const [n, status] of [[1, 'used'], [2, 'dismissed']] as const) {
      insertHintRow(store, { id: `h${n}-${id}`, call_id: id, kind: 'objection', trigger: 'price', text: 'Reply', language: 'pt', confidence: 0.9, speech_end_ms: 2000, shown_ms: 2300, status, created_at: startedAt });
    }
    enqueueCallInsight(store, id);
  });
}

it('not enrolled: a one-line error that says where to enroll; a reversed range is refused', async () => {
  const { dispatch } = newCore();
  expect(await dispatch('sync.team', { from: 0, to: now })).toEqual({
    ok: false,
    error: { code: 'unavailable', message: 'this device is not enrolled with a sync server: enroll it in Settings → Sync' },
  });
  const reversed = await dispatch('sync.team', { from: now, to: 0 });
  expect(reversed).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  expect(!reversed.ok && reversed.error.message).toMatch(/`from` must not be after `to`/);
});

it('a manager sees every rep of the tenant; a rep sees only their own figures', async () => {
  // rep@ takes a call on this laptop and syncs it through the real client path.
  const rep = newCore();
  expect(await rep.dispatch('sync.enroll', { serverUrl: srv.url, enrollmentToken: await newEnrollmentToken(srv, 'teamco', 'rep@teamco.test') })).toMatchObject({ ok: true });
  insertCall(rep.core, 'rep-call-1', now - 2 * DAY);
  // ...and rehearses on the Simulator page (issue 14): the finished run is stored and queued.
  const answers = [
    'Entendo, é um ano de corte. Me conta: o que mais pesa na decisão pra senhora hoje?',
    'Faz sentido. Nossos clientes usam 90% das licenças e o retorno vem em quatro meses, cada vendedor ganha cinco horas por semana.',
    'Compreendo. Podemos começar com um piloto em fases, pago no próximo trimestre. Cabe no centro de custo?',
    'É justo. Contrato anual com cláusula de saída e teto de reajuste pelo IPCA. Que termos o jurídico aceita?',
    'Próximo passo: agendo na terça às 10h uma reunião com o comitê para aprovar o piloto, combinado?',
  ];
  const practice = await rep.dispatch('simulator.finish', { scenario: 'cost-cutting-renewal', language: 'pt', seed: 3, answers, startedAt: now - DAY });
  expect(practice).toMatchObject({ ok: true, result: { passed: true } });
  const practised = (practice as { result: { score: number; categories: Record<string, number> } }).result;
  expect(await rep.dispatch('sync.now', {})).toMatchObject({ ok: true, result: { pending: 0, lastError: null } });

  // rep2@ pushes from another device: a call, a forecast and two simulations; one old call outside the range.
  const push = async (ops: unknown[]) => {
    const res = await api(srv.url, 'POST', '/v1/sync/push', { token: T.rep2.accessToken, body: { protocol: 1, ops } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const fc = { forecastId: 'f1', dealId: 'd1', dealName: 'Big deal', stage: 'proposal', amount: 120_000, winProbability: 0.5, expectedValue: 60_000, closeDate: null, model: 'logreg-v1', createdAt: now - DAY };
  const sim = (id: string, score: number) => ({ sessionId: id, scenario: 'price', language: 'pt', startedAt: now - DAY, endedAt: null, score });
  await push([
    callOp({ startedAt: now - 3 * DAY }),
    callOp({ startedAt: now - 60 * DAY }),
    { opId: 'op-forecast-f1', entity: 'forecast', entityId: 'f1', op: 'upsert', clientTs: now, payload: fc },
    { opId: 'op-simulation-s1', entity: 'simulation_result', entityId: 's1', op: 'upsert', clientTs: now, payload: sim('s1', 70) },
    { opId: 'op-simulation-s2', entity: 'simulation_result', entityId: 's2', op: 'upsert', clientTs: now, payload: sim('s2', 90) },
  ]);

  const range = { from: now - 30 * DAY, to: now };
  const manager = newCore();
  expect(await manager.dispatch('sync.enroll', { serverUrl: srv.url, enrollmentToken: await newEnrollmentToken(srv, 'teamco', 'manager@teamco.test') })).toMatchObject({ ok: true, result: { user: { role: 'manager' } } });
  // An expired access token is refreshed on the way.
  const creds = readState(manager.core.store, 'credentials')!;
  writeState(manager.core.store, 'credentials', { ...creds, accessExpiresAt: 0 });
  const all = team(await manager.dispatch('sync.team', range));
  const after = readState(manager.core.store, 'credentials')!;
  expect(after.refreshToken).not.toBe(creds.refreshToken);
  expect(after.accessExpiresAt).toBeGreaterThan(Date.now());
  expect(all.reps.map((r) => r.email).sort()).toEqual(['rep2@teamco.test', 'rep@teamco.test']);
  const mine = all.reps.find((r) => r.email === 'rep@teamco.test')!;
  const other = all.reps.find((r) => r.email === 'rep2@teamco.test')!;
  expect(mine).toMatchObject({ callsAnalysed: 1, objections: { price: 2 }, competitors: { salesforce: 1 }, hintsShown: 2, hintsUsed: 1, hintUseRate: 0.5, simulations: 1, avgSimulationScore: practised.score, forecastCount: 0 });
  expect(mine).toMatchObject({ simulationsPassed: 1, avgSimulationCategories: practised.categories, simulationScenarios: { 'cost-cutting-renewal': { runs: 1, failed: 0 } } });
  expect(other).toMatchObject({ callsAnalysed: 1, objections: { price: 2 }, competitors: { 'acme-crm': 1 }, hintsShown: 4, hintsUsed: 2, hintUseRate: 0.5, simulations: 2, avgSimulationScore: 80, forecastCount: 1, forecastAmount: 120_000, forecastExpected: 60_000 });
  expect(all.team).toMatchObject({ callsAnalysed: 2, objections: { price: 4 }, competitors: { salesforce: 1, 'acme-crm': 1 }, hintsShown: 6, hintsUsed: 3, hintUseRate: 0.5, simulations: 3, forecastAmount: 120_000 });
  expect(all.team.avgSimulationScore).toBeCloseTo((70 + 90 + practised.score) / 3);
  // The old call counts once the range reaches back to it.
  expect(team(await manager.dispatch('sync.team', { from: now - 90 * DAY, to: now })).team.callsAnalysed).toBe(3);

  // The rep asks for the same range, even naming their colleague: only their own data comes back.
  const own = team(await rep.dispatch('sync.team', { ...range, userId: other.userId }));
  expect(own.reps.map((r) => r.email)).toEqual(['rep@teamco.test']);
  expect(own.team).toMatchObject({ callsAnalysed: 1, hintsShown: 2, hintsUsed: 1, forecastCount: 0, simulations: 1 });
});

it('a server that refuses (403) or cannot be reached gives a one-line error', async () => {
  // A server that answers every request like a sync server refusing this account.
  const refusing = http.createServer((_req, res) => {
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'forbidden', message: 'managers and admins only' } }));
  });
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  const { core, dispatch } = newCore();
  const creds = {
    serverUrl: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`, deviceId: 'dev', deviceSecret: null, refreshToken: 'r', accessToken: 'a',
    accessExpiresAt: Date.now() + 600_000, tenant: { id: 't', slug: 'teamco', name: 'TEAMCO' }, user: { id: 'u', email: 'rep@teamco.test', role: 'rep' as const },
  };
  writeState(core.store, 'credentials', creds);
  try {
    expect(await dispatch('sync.team', { from: 0, to: now })).toEqual({ ok: false, error: { code: 'bad_request', message: 'the sync server refused the team view for this account: managers and admins only' } });
  } finally {
    await new Promise((resolve) => refusing.close(resolve));
  }
  // Nothing listens there any more.
  const gone = await dispatch('sync.team', { from: 0, to: now });
  expect(gone).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  expect(!gone.ok && gone.error.message).toMatch(new RegExp(`^cannot reach the sync server at ${creds.serverUrl} \\(ECONNREFUSED\\)$`));
});

it('a manager sets the quarter quota through the core; a rep is refused in one line; the roll-up carries it', async () => {
  const manager = newCore();
  expect(await manager.dispatch('sync.enroll', { serverUrl: srv.url, enrollmentToken: await newEnrollmentToken(srv, 'teamco', 'manager@teamco.test') })).toMatchObject({ ok: true });
  const rep = newCore();
  expect(await rep.dispatch('sync.enroll', { serverUrl: srv.url, enrollmentToken: await newEnrollmentToken(srv, 'teamco', 'rep@teamco.test') })).toMatchObject({ ok: true });
  const period = `${new Date(now).getUTCFullYear()}-Q${Math.floor(new Date(now).getUTCMonth() / 3) + 1}`;
  expect(await rep.dispatch('sync.setQuota', { period, currency: 'BRL', amount: 1000 })).toEqual({ ok: false, error: { code: 'bad_request', message: 'the sync server refused the team view for this account: managers and admins only' } });
  expect(await manager.dispatch('sync.setQuota', { period, currency: 'brl', amount: 1000 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  expect(await manager.dispatch('sync.setQuota', { period, currency: 'BRL', amount: 500_000 })).toEqual({ ok: true, result: { period, quotas: { BRL: 500_000 } } });
  expect(await manager.dispatch('sync.quota', { period })).toEqual({ ok: true, result: { period, quotas: { BRL: 500_000 } } });
  expect(await rep.dispatch('sync.quota', { period })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  const r = team(await manager.dispatch('sync.team', { from: now - DAY, to: now }));
  expect(r.rollup).toMatchObject({ period, byCurrency: expect.arrayContaining([expect.objectContaining({ currency: 'BRL', quota: 500_000 })]) });
});
