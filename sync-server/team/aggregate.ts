import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AT_RISK, CallInsightPayload, ForecastPayload, MAX_AT_RISK, NO_CURRENCY, SimulationResultPayload, type AtRiskDeal, type RepAggregate, type TeamResponse } from '../../src-shared/sync-protocol';
import { quarterOf, quotasFor, rollup } from './quota';
import type { ServerDatabase } from '../db/schema';
import type { Principal } from '../auth/tokens';

type Totals = Omit<RepAggregate, 'userId' | 'email'>;
// Keyed by ids a device chose: no prototype, so `constructor` or `__proto__` count like any other id.
const tally = (): Record<string, number> => Object.create(null) as Record<string, number>;
const empty = (): Totals => ({
  callsAnalysed: 0, objections: tally(), competitors: tally(), hintsShown: 0, hintsUsed: 0, hintUseRate: null, simulations: 0, avgSimulationScore: null,
  simulationsPassed: 0, avgSimulationCategories: null, simulationTrend: null, simulationScenarios: Object.create(null) as Totals['simulationScenarios'],
  forecastCount: 0, forecastAmount: 0, forecastExpected: 0,
  forecastsByCurrency: Object.create(null) as Totals['forecastsByCurrency'], atRisk: [], atRiskCount: 0, modelCard: null,
});

/**
 * The figures each stored payload contributes, checked again with the protocol's bounds: a row
 * an older server stored without them (an amount near 1.7e308, more hints used than shown) is
 * left out, so no sum can reach Infinity (which JSON sends as null) and no rate can pass 1.
 * Only these fields are read, so a long transcript costs nothing here.
 */
const figures = {
  call_insight: z.object({ objections: CallInsightPayload.shape.objections, competitors: CallInsightPayload.shape.competitors, hints: CallInsightPayload.shape.hints }),
  forecast: z.object({
    dealId: ForecastPayload.shape.dealId, dealName: ForecastPayload.shape.dealName, model: ForecastPayload.shape.model, createdAt: ForecastPayload.shape.createdAt,
    amount: ForecastPayload.shape.amount, winProbability: ForecastPayload.shape.winProbability, expectedValue: ForecastPayload.shape.expectedValue,
    currency: ForecastPayload.shape.currency, stalled: ForecastPayload.shape.stalled, previousProbability: ForecastPayload.shape.previousProbability, modelCard: ForecastPayload.shape.modelCard,
  }),
  simulation_result: z.object({ score: SimulationResultPayload.shape.score, scenario: SimulationResultPayload.shape.scenario, passed: SimulationResultPayload.shape.passed, categories: SimulationResultPayload.shape.categories }),
};
type Figures = { [E in keyof typeof figures]: { entity: E; p: z.output<(typeof figures)[E]> } }[keyof typeof figures];

function read(entity: string, payload: string): Figures | null {
  if (!Object.hasOwn(figures, entity)) return null;
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return null;
  }
  const res = figures[entity as keyof typeof figures].safeParse(json);
  return res.success ? ({ entity, p: res.data } as Figures) : null;
}

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
    .select(['user_id', 'entity', 'payload', 'occurred_at'])
    .where('tenant_id', '=', who.tenantId)
    .where('entity', 'in', ['call_insight', 'forecast', 'simulation_result'])
    .where('deleted', '=', 0)
    .where('occurred_at', '>=', q.from)
    .where('occurred_at', '<=', q.to)
    .$if(onlyUser !== undefined, (qb) => qb.where('user_id', '=', onlyUser!))
    .execute();
  const per = new Map(users.map((u) => [u.id, acc()]));
  const team = acc();
  for (const row of rows) {
    const rep = per.get(row.user_id);
    const f = rep && row.payload !== null ? read(row.entity, row.payload) : null;
    if (!rep || !f) continue;
    for (const acc of [rep, team]) add(acc, f, Number(row.occurred_at));
  }
  const reps = users.map((u) => ({ userId: u.id, email: u.email, ...finish(per.get(u.id)!) }));
  const t = finish(team);
  t.atRisk = [];
  // The team's quota is set against the whole team: a rep's or one rep's view shows none.
  const period = quarterOf(q.to);
  return { from: q.from, to: q.to, reps, team: t, rollup: rollup(period, t.forecastsByCurrency, onlyUser === undefined ? await quotasFor(db, who.tenantId, period) : {}) };
}

type Categories = NonNullable<Totals['avgSimulationCategories']>;
type Acc = { scores: number[]; categories: { at: number; c: Categories }[]; t: Totals; risky: AtRiskDeal[]; cardAt: number };
const acc = (): Acc => ({ scores: [], categories: [], t: empty(), risky: [], cardAt: -1 });

type ForecastFigures = Extract<Figures, { entity: 'forecast' }>['p'];
/** Why an open deal's latest forecast is at risk (AT_RISK in the protocol); empty: it is not. */
export function riskReasons(p: ForecastFigures): AtRiskDeal['reasons'] {
  const reasons: AtRiskDeal['reasons'] = [];
  if (p.model !== 'win-rate' && p.winProbability < AT_RISK.lowProbability) reasons.push('low');
  if (p.stalled === true) reasons.push('stalled');
  if (p.previousProbability !== null && p.previousProbability !== undefined && p.previousProbability - p.winProbability >= AT_RISK.drop - 1e-9) reasons.push('drift');
  return reasons;
}

function add(acc: Acc, f: Figures, at: number): void {
  const t = acc.t;
  if (f.entity === 'call_insight') {
    const p = f.p;
    t.callsAnalysed += 1;
    for (const o of p.objections) t.objections[o.type] = (t.objections[o.type] ?? 0) + o.count;
    for (const c of p.competitors) t.competitors[c.id] = (t.competitors[c.id] ?? 0) + c.count;
    t.hintsShown += p.hints.shown;
    t.hintsUsed += p.hints.used;
  } else if (f.entity === 'forecast') {
    const p = f.p;
    t.forecastCount += 1;
    const expected = p.expectedValue ?? (p.amount ?? 0) * p.winProbability;
    const currency = p.currency ?? NO_CURRENCY;
    // Summed per currency only: BRL is never added to USD.
    const c = (t.forecastsByCurrency[currency] ??= { count: 0, amount: 0, expected: 0 });
    c.count += 1;
    c.amount += p.amount ?? 0;
    c.expected += expected;
    if (currency === NO_CURRENCY) {
      t.forecastAmount += p.amount ?? 0;
      t.forecastExpected += expected;
    }
    const reasons = riskReasons(p);
    if (reasons.length > 0) acc.risky.push({ dealId: p.dealId, dealName: p.dealName, amount: p.amount, currency, winProbability: p.winProbability, previousProbability: p.previousProbability ?? null, reasons });
    if (p.modelCard && p.createdAt > acc.cardAt) {
      acc.cardAt = p.createdAt;
      t.modelCard = p.modelCard;
    }
  } else {
    const p = f.p;
    t.simulations += 1;
    if (p.score !== null) acc.scores.push(p.score);
    if (p.passed) t.simulationsPassed += 1;
    if (p.categories) acc.categories.push({ at, c: p.categories });
    const s = (t.simulationScenarios[p.scenario] ??= { runs: 0, failed: 0 });
    s.runs += 1;
    if (p.passed === false) s.failed += 1;
  }
}

function finish(acc: Acc): Totals {
  const t = acc.t;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const avg = (runs: Categories[]): Categories => ({ objection: mean(runs.map((x) => x.objection)), empathy: mean(runs.map((x) => x.empathy)), discovery: mean(runs.map((x) => x.discovery)), technique: mean(runs.map((x) => x.technique)) });
  // In time order: the later half against the earlier half (the middle run of an odd count in neither).
  const c = [...acc.categories].sort((a, b) => a.at - b.at).map((x) => x.c);
  const half = Math.floor(c.length / 2);
  const early = c.length >= 2 ? avg(c.slice(0, half)) : null;
  const late = c.length >= 2 ? avg(c.slice(c.length - half)) : null;
  const risky = [...acc.risky].sort((a, b) => (b.amount ?? 0) - (a.amount ?? 0) || a.winProbability - b.winProbability || a.dealId.localeCompare(b.dealId));
  return {
    ...t,
    atRisk: risky.slice(0, MAX_AT_RISK),
    atRiskCount: risky.length,
    avgSimulationCategories: c.length ? avg(c) : null,
    simulationTrend: early && late ? { objection: late.objection - early.objection, empathy: late.empathy - early.empathy, discovery: late.discovery - early.discovery, technique: late.technique - early.technique } : null,
    hintUseRate: t.hintsShown > 0 ? t.hintsUsed / t.hintsShown : null,
    avgSimulationScore: acc.scores.length > 0 ? acc.scores.reduce((a, b) => a + b, 0) / acc.scores.length : null,
  };
}
