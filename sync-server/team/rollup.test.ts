import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../test-support/use-postgres';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { api, seedTenants, type TenantFixture } from '../test-support/fixture';
import { TeamResponse } from '../../src-shared/sync-protocol';
import { quarterOf } from './quota';

// Issue 15, point 5: amounts per currency, the manager's quota and coverage, at-risk deals by rep.
const postgres = usePostgres();

let counter = 0;
const uid = () => `${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
const pushBody = (ops: unknown[]) => ({ protocol: 1, ops });
const forecastOp = (createdAt: number, payload: Record<string, unknown> = {}) => {
  const id = `fc-${uid()}`;
  return { opId: `op-${id}`, entity: 'forecast' as const, entityId: id, op: 'upsert' as const, clientTs: Date.now(), payload: { forecastId: id, dealId: id, amount: 1000, winProbability: 0.5, model: 'lr-l2', createdAt, ...payload } };
};
const card = (trainedAt: number, auc: number) => ({ trainedAt, deals: 6711, auc, brier: 0.2359, baseRateBrier: 0.2354, baseRate: 0.632, informative: false });

describe.each(['sqlite', 'postgres'] as const)('team roll-up on %s', (backend) => {
  let srv: ServerProcess;
  let A: TenantFixture;
  let B: TenantFixture;
  const day = Date.UTC(2026, 10, 3); // 2026-Q4
  const range = `from=${day}&to=${day + 86_400_000}`;
  const team = async (token: string, q = range) => {
    const res = await api(srv.url, 'GET', `/v1/team?${q}`, { token });
    expect(res.status).toBe(200);
    return TeamResponse.parse(res.body);
  };
  const push = async (token: string, ops: unknown[]) => expect((await api(srv.url, 'POST', '/v1/sync/push', { token, body: pushBody(ops) })).status).toBe(200);

  beforeAll(async () => {
    const databaseUrl = await postgres.databaseFor(backend, 'rollup');
    srv = await startServerProcess({ databaseUrl, args: ['--device-rps', '1000', '--auth-per-minute', '1000'] });
    [A, B] = (await seedTenants({ url: srv.url, dataDir: srv.dataDir, databaseUrl }, ['rolla', 'rollb'])) as [TenantFixture, TenantFixture];
    await push(A.rep.accessToken, [
      forecastOp(day + 1000, { amount: 100_000, expectedValue: 60_000, currency: 'BRL', dealName: 'Acme', modelCard: card(day, 0.61) }),
      forecastOp(day + 2000, { amount: 10_000, expectedValue: 1_000, winProbability: 0.1, currency: 'USD', dealName: 'Low one', modelCard: card(day + 500, 0.64) }),
      forecastOp(day + 3000, { amount: 5_000, expectedValue: 2_500 }), // an older device: no currency
    ]);
    await push(A.rep2.accessToken, [
      forecastOp(day + 1000, { amount: 50_000, expectedValue: 10_000, winProbability: 0.2, model: 'win-rate', currency: 'BRL', dealName: 'Win rate only' }),
      forecastOp(day + 1000, { amount: 40_000, expectedValue: 20_000, currency: 'BRL', stalled: true, dealName: 'Stalled' }),
      forecastOp(day + 1000, { amount: 30_000, expectedValue: 12_000, winProbability: 0.4, previousProbability: 0.6, currency: 'BRL', dealName: 'Slipping' }),
      forecastOp(day + 1000, { amount: 20_000, expectedValue: 9_000, winProbability: 0.45, previousProbability: 0.55, currency: 'BRL', dealName: 'Small drop' }),
    ]);
    await push(B.rep.accessToken, [forecastOp(day + 1000, { amount: 999, expectedValue: 999, winProbability: 1, currency: 'BRL' })]);
  }, 180_000);
  afterAll(async () => {
    await srv?.kill();
  });

  it('sums per currency, never BRL with USD; a forecast without one is summed apart (and in the old fields)', async () => {
    const t = await team(A.manager.accessToken);
    expect(t.team.forecastsByCurrency).toEqual({
      BRL: { count: 5, amount: 240_000, expected: 111_000 },
      USD: { count: 1, amount: 10_000, expected: 1_000 },
      XXX: { count: 1, amount: 5_000, expected: 2_500 },
    });
    expect(t.team).toMatchObject({ forecastCount: 7, forecastAmount: 5_000, forecastExpected: 2_500 });
    const rep = t.reps.find((r) => r.userId === A.rep.user.id)!;
    expect(Object.keys(rep.forecastsByCurrency).sort()).toEqual(['BRL', 'USD', 'XXX']);
  });

  it('refuses a currency that is not an ISO 4217 code and an amount past the bound, naming the field', async () => {
    for (const currency of ['brl', 'R$', 'REAL', '']) {
      const res = await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep.accessToken, body: pushBody([forecastOp(day, { currency })]) });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/currency/);
    }
  });

  it('a manager or admin sets the quarter quota; a rep may not; coverage = expected / quota; other tenants see none of it', async () => {
    const period = quarterOf(day);
    expect(period).toBe('2026-Q4');
    const rep = await api(srv.url, 'PUT', '/v1/team/quota', { token: A.rep.accessToken, body: { period, currency: 'BRL', amount: 200_000 } });
    expect(rep.status).toBe(403);
    expect((await api(srv.url, 'PUT', '/v1/team/quota', { token: A.manager.accessToken, body: { period: '2026-13', currency: 'BRL', amount: 1 } })).status).toBe(400);
    expect((await api(srv.url, 'PUT', '/v1/team/quota', { token: A.manager.accessToken, body: { period, currency: 'BRL', amount: -5 } })).status).toBe(400);
    const set = await api(srv.url, 'PUT', '/v1/team/quota', { token: A.manager.accessToken, body: { period, currency: 'BRL', amount: 200_000 } });
    expect(set).toMatchObject({ status: 200, body: { period, quotas: { BRL: 200_000 } } });
    expect((await api(srv.url, 'PUT', '/v1/team/quota', { token: A.admin.accessToken, body: { period, currency: 'EUR', amount: 5_000 } })).status).toBe(200);
    const t = await team(A.manager.accessToken);
    expect(t.rollup).toEqual({
      period,
      byCurrency: [
        { currency: 'BRL', deals: 5, amount: 240_000, expected: 111_000, quota: 200_000, coverage: 0.555 },
        { currency: 'EUR', deals: 0, amount: 0, expected: 0, quota: 5_000, coverage: 0 },
        { currency: 'USD', deals: 1, amount: 10_000, expected: 1_000, quota: null, coverage: null },
        { currency: 'XXX', deals: 1, amount: 5_000, expected: 2_500, quota: null, coverage: null },
      ],
    });
    // Another quarter has no quota; another tenant sees neither the quota nor tenant A's forecasts.
    const q1 = await team(A.manager.accessToken, `from=${Date.UTC(2026, 0, 1)}&to=${Date.UTC(2026, 1, 1)}`);
    expect(q1.rollup).toEqual({ period: '2026-Q1', byCurrency: [] });
    const b = await team(B.manager.accessToken);
    expect(b.rollup?.byCurrency).toEqual([{ currency: 'BRL', deals: 1, amount: 999, expected: 999, quota: null, coverage: null }]);
    expect((await api(srv.url, 'GET', `/v1/team/quota?period=${period}`, { token: B.manager.accessToken })).body).toEqual({ period, quotas: {} });
    expect((await api(srv.url, 'GET', `/v1/team/quota?period=${period}`, { token: A.rep.accessToken })).status).toBe(403);
    // A rep's own view carries no team quota.
    expect((await team(A.rep.accessToken)).rollup?.byCurrency.every((c) => c.quota === null)).toBe(true);
    // Removing it.
    expect((await api(srv.url, 'PUT', '/v1/team/quota', { token: A.manager.accessToken, body: { period, currency: 'EUR', amount: null } })).body).toEqual({ period, quotas: { BRL: 200_000 } });
  });

  it('at-risk deals by rep: low chance from an informative model, stalled, or a drop of 15 points since the last model', async () => {
    const t = await team(A.manager.accessToken);
    const rep = t.reps.find((r) => r.userId === A.rep.user.id)!;
    const rep2 = t.reps.find((r) => r.userId === A.rep2.user.id)!;
    expect(rep.atRisk.map((d) => [d.dealName, d.currency, d.reasons])).toEqual([['Low one', 'USD', ['low']]]);
    // The win-rate forecast at 20% is not a deal's risk (every deal gets the win rate); a 10-point drop is not drift.
    expect(rep2.atRisk.map((d) => [d.dealName, d.reasons])).toEqual([
      ['Stalled', ['stalled']],
      ['Slipping', ['drift']],
    ]);
    expect(rep2.atRisk[1]).toMatchObject({ amount: 30_000, winProbability: 0.4, previousProbability: 0.6 });
    expect([rep.atRiskCount, rep2.atRiskCount, t.team.atRiskCount, t.team.atRisk.length]).toEqual([1, 2, 3, 0]);
  });

  it("the newest model card of a rep's forecasts reaches the manager", async () => {
    const t = await team(A.manager.accessToken);
    expect(t.reps.find((r) => r.userId === A.rep.user.id)!.modelCard).toEqual(card(day + 500, 0.64));
    expect(t.reps.find((r) => r.userId === A.rep2.user.id)!.modelCard).toBeNull();
  });
});
