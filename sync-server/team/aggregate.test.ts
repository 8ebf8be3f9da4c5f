import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../test-support/use-postgres';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { api, callOp, seedTenants, type TenantFixture } from '../test-support/fixture';
import { openServerDb } from '../db/database';
import { appendChanges } from '../sync/change-log';
import { MAX_AMOUNT, MAX_COUNT, MAX_PUSH_OPS, TeamResponse } from '../../src-shared/sync-protocol';

// The manager's Team page reads GET /v1/team and checks it with TeamResponse (src-main/core/sync/team.ts):
// nothing one rep pushes, nor anything stored by an older server, may make that answer unreadable.
const postgres = usePostgres();

let counter = 0;
const uid = () => `${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
const pushBody = (ops: unknown[]) => ({ protocol: 1, ops });
const forecastOp = (createdAt: number, payload: Record<string, unknown> = {}) => {
  const id = `fc-${uid()}`;
  return { opId: `op-${id}`, entity: 'forecast' as const, entityId: id, op: 'upsert' as const, clientTs: Date.now(), payload: { forecastId: id, dealId: 'deal-1', amount: 1000, winProbability: 0.5, model: 'lr', createdAt, ...payload } };
};
const callAt = (startedAt: number, payload: Record<string, unknown> = {}) => {
  const c = callOp({ startedAt });
  return { ...c, payload: { ...c.payload, ...payload } };
};

describe.each(['sqlite', 'postgres'] as const)('team aggregates on %s', (backend) => {
  let srv: ServerProcess;
  let databaseUrl: string | undefined;
  let A: TenantFixture;
  /** The Team page's request for one rep over one day, checked as the client checks it. */
  const teamOf = async (userId: string, day: number) => {
    const res = await api(srv.url, 'GET', `/v1/team?from=${day}&to=${day + 86400_000}&userId=${userId}`, { token: A.manager.accessToken });
    expect(res.status).toBe(200);
    const parsed = TeamResponse.safeParse(res.body);
    expect(parsed.error?.issues ?? [], JSON.stringify(res.body).slice(0, 500)).toEqual([]);
    return { rep: parsed.data!.reps[0]!, team: parsed.data!.team, raw: res.body as { reps: { competitors: Record<string, number> }[] } };
  };

  beforeAll(async () => {
    databaseUrl = await postgres.databaseFor(backend, 'team');
    srv = await startServerProcess({ databaseUrl, args: ['--device-rps', '1000', '--auth-per-minute', '1000'] });
    [A] = (await seedTenants({ url: srv.url, dataDir: srv.dataDir, databaseUrl }, ['teama'])) as [TenantFixture];
  }, 180_000); // real servers (and PostgreSQL) start here; slow on a loaded CI box
  afterAll(async () => {
    await srv?.kill();
  });

  it('forecasts near 1.7e308 are refused, so their sum can never become Infinity (sent as null)', async () => {
    const day = Date.UTC(2021, 0, 1);
    for (let i = 0; i < 2; i++) {
      const res = await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep.accessToken, body: pushBody([forecastOp(day + 1000, { amount: 1.7e308, expectedValue: 1.7e308 })]) });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^invalid push batch: ops\.0\.payload\.amount: /);
    }
    const { rep } = await teamOf(A.rep.user.id, day);
    expect(rep).toMatchObject({ forecastCount: 0, forecastAmount: 0, forecastExpected: 0 });
  });

  it('many maximal values sum to exact, finite figures within their meaning', async () => {
    const day = Date.UTC(2021, 0, 2);
    const forecasts = Array.from({ length: MAX_PUSH_OPS }, () => forecastOp(day + 1000, { amount: MAX_AMOUNT, expectedValue: MAX_AMOUNT, winProbability: 1 }));
    const calls = Array.from({ length: MAX_PUSH_OPS }, () =>
      callAt(day + 2000, { hints: { shown: MAX_COUNT, used: MAX_COUNT, dismissed: 0 }, objections: [{ type: 'price', count: MAX_COUNT }], competitors: [{ id: 'acme-crm', count: MAX_COUNT }] }),
    );
    for (const batch of [forecasts, calls]) expect((await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep.accessToken, body: pushBody(batch) })).status).toBe(200);
    const { rep, team } = await teamOf(A.rep.user.id, day);
    for (const t of [rep, team]) {
      expect(t).toMatchObject({
        forecastCount: MAX_PUSH_OPS, forecastAmount: MAX_PUSH_OPS * MAX_AMOUNT, forecastExpected: MAX_PUSH_OPS * MAX_AMOUNT,
        callsAnalysed: MAX_PUSH_OPS, hintsShown: MAX_PUSH_OPS * MAX_COUNT, hintsUsed: MAX_PUSH_OPS * MAX_COUNT, hintUseRate: 1,
        objections: { price: MAX_PUSH_OPS * MAX_COUNT }, competitors: { 'acme-crm': MAX_PUSH_OPS * MAX_COUNT },
      });
    }
  });

  it('rows stored before the bounds existed (amounts near 1.7e308, hints used > shown) are left out of the figures', async () => {
    const day = Date.UTC(2021, 0, 3);
    // Written straight into the change log, as a server without these checks stored them.
    const { writer, close } = await openServerDb({ dataDir: srv.dataDir, databaseUrl });
    try {
      const who = { tenantId: A.id, userId: A.rep2.user.id, deviceId: A.rep2.deviceId };
      const old = [
        forecastOp(day + 1000, { amount: 1.7e308, expectedValue: 1.7e308 }),
        forecastOp(day + 1000, { amount: 1.7e308, expectedValue: 1.7e308 }),
        forecastOp(day + 1000, { amount: 3000, expectedValue: 1500 }),
        callAt(day + 2000, { hints: { shown: 1, used: 500_000, dismissed: 0 } }),
        callAt(day + 2000, { hints: { shown: 4, used: 2, dismissed: 1 } }),
      ];
      await appendChanges(writer, who, old.map((o) => ({ opId: o.opId, entity: o.entity, entityId: o.entityId, op: o.op, payload: o.payload, occurredAt: o.entity === 'forecast' ? day + 1000 : day + 2000 })));
    } finally {
      await close();
    }
    const { rep } = await teamOf(A.rep2.user.id, day);
    expect(rep).toMatchObject({ forecastCount: 1, forecastAmount: 3000, forecastExpected: 1500, callsAnalysed: 1, hintsShown: 4, hintsUsed: 2, hintUseRate: 0.5 });
  });

  it('competitor ids named like Object.prototype members (constructor, __proto__, toString) count like any other', async () => {
    const day = Date.UTC(2021, 0, 4);
    const op = callAt(day + 1000, { competitors: [{ id: 'constructor', count: 2 }, { id: '__proto__', count: 3 }, { id: 'toString', count: 1 }, { id: 'acme-crm', count: 1 }] });
    expect((await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep.accessToken, body: pushBody([op, callAt(day + 2000, { competitors: [{ id: 'constructor', count: 5 }] })]) })).status).toBe(200);
    const { rep, raw } = await teamOf(A.rep.user.id, day);
    expect(Object.entries(raw.reps[0]!.competitors).sort()).toEqual([['__proto__', 3], ['acme-crm', 1], ['constructor', 7], ['toString', 1]]);
    // (zod's record, on the client, drops a `__proto__` key; the rest arrive as sent.)
    expect(Object.entries(rep.competitors).sort()).toEqual([['acme-crm', 1], ['constructor', 7], ['toString', 1]]);
  });
});
