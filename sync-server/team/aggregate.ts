import type { Kysely } from 'kysely';
import type { CallInsightPayload, ForecastPayload, RepAggregate, SimulationResultPayload, TeamResponse } from '../../src-shared/sync-protocol';
import type { ServerDatabase } from '../db/schema';
import type { Principal } from '../auth/tokens';

type Totals = Omit<RepAggregate, 'userId' | 'email'>;
const empty = (): Totals => ({
  callsAnalysed: 0, objections: {}, competitors: {}, hintsShown: 0, hintsUsed: 0, hintUseRate: null, simulations: 0, avgSimulationScore: null,
  forecastCount: 0, forecastAmount: 0, forecastExpected: 0,
});

/**
 * Per-rep and team aggregates over [from, to] (ms, by when the call/forecast/simulation
 * happened). Scope comes from the token: reps get only themselves, managers and admins
 * their tenant. Computed from the latest state of each entity (deleted ones excluded).
 */
export async function teamAggregates(db: Kysely<ServerDatabase>, who: Principal, q: { from: number; to: number; userId?: string }): Promise<TeamResponse> {
  const onlyUser = who.role === 'rep' ? who.userId : q.userId;
  const users = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('tenant_id', '=', who.tenantId)
    .$if(onlyUser !== undefined, (qb) => qb.where('id', '=', onlyUser!))
    .$if(onlyUser === undefined, (qb) => qb.where('role', '=', 'rep'))
    .orderBy('email')
    .execute();
  const rows = await db
    .selectFrom('entities')
    .select(['user_id', 'entity', 'payload'])
    .where('tenant_id', '=', who.tenantId)
    .where('entity', 'in', ['call_insight', 'forecast', 'simulation_result'])
    .where('deleted', '=', 0)
    .where('occurred_at', '>=', q.from)
    .where('occurred_at', '<=', q.to)
    .$if(onlyUser !== undefined, (qb) => qb.where('user_id', '=', onlyUser!))
    .execute();
  const per = new Map(users.map((u) => [u.id, { scores: [] as number[], t: empty() }]));
  const team = { scores: [] as number[], t: empty() };
  for (const row of rows) {
    const rep = per.get(row.user_id);
    if (!rep || row.payload === null) continue;
    for (const acc of [rep, team]) add(acc, row.entity, JSON.parse(row.payload) as unknown);
  }
  return {
    from: q.from,
    to: q.to,
    reps: users.map((u) => ({ userId: u.id, email: u.email, ...finish(per.get(u.id)!) })),
    team: finish(team),
  };
}

function add(acc: { scores: number[]; t: Totals }, entity: string, payload: unknown): void {
  const t = acc.t;
  if (entity === 'call_insight') {
    const p = payload as CallInsightPayload;
    t.callsAnalysed += 1;
    for (const o of p.objections) t.objections[o.type] = (t.objections[o.type] ?? 0) + o.count;
    for (const c of p.competitors) t.competitors[c.id] = (t.competitors[c.id] ?? 0) + c.count;
    t.hintsShown += p.hints.shown;
    t.hintsUsed += p.hints.used;
  } else if (entity === 'forecast') {
    const p = payload as ForecastPayload;
    t.forecastCount += 1;
    t.forecastAmount += p.amount ?? 0;
    t.forecastExpected += p.expectedValue ?? (p.amount ?? 0) * p.winProbability;
  } else if (entity === 'simulation_result') {
    const p = payload as SimulationResultPayload;
    t.simulations += 1;
    if (p.score !== null) acc.scores.push(p.score);
  }
}

function finish(acc: { scores: number[]; t: Totals }): Totals {
  const t = acc.t;
  return {
    ...t,
    hintUseRate: t.hintsShown > 0 ? t.hintsUsed / t.hintsShown : null,
    avgSimulationScore: acc.scores.length > 0 ? acc.scores.reduce((a, b) => a + b, 0) / acc.scores.length : null,
  };
}
