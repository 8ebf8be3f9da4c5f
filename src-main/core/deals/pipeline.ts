/**
 * Pipeline health (issue 15, point 3): expected revenue by month and quarter (Σ p × amount ×
 * the value ratio won deals closed at) with a 90% interval, stalled open deals, win rates by
 * product and agent, open deals by stage; and the back-test of the period forecast against
 * what closed, beside two naive baselines (the win rate × the pipeline, and the previous
 * period's revenue).
 */
import type { DealCallFacts, DealRow } from '../store/deals';
import { callsBefore, type Catalogue, openView } from './features';
import { type ForecastModel, type Labeled, scoreDeal, trainForecast } from './forecast';
import { round } from './model';

export type Period = 'month' | 'quarter';
export const periodOf = (isoDate: string, p: Period): string => {
  const y = isoDate.slice(0, 4);
  const m = Number(isoDate.slice(5, 7));
  return p === 'month' ? isoDate.slice(0, 7) : `${y}-Q${Math.ceil(m / 3)}`;
};
const DAY = 86_400_000;
/** The first day of a period named by periodOf (YYYY-MM or YYYY-Qn). */
const periodStart = (name: string, p: Period): string => (p === 'month' ? `${name}-01` : `${name.slice(0, 4)}-${String((Number(name.slice(6)) - 1) * 3 + 1).padStart(2, '0')}-01`);
const days = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / DAY;
const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

export type ExpectedRevenue = { period: string; deals: number; pipeline: number; expected: number; low: number; high: number };

/**
 * Σ of the deals' expected values, and a 90% interval from three parts: each deal won or lost
 * (independent Bernoullis), the model's own spread (taken as fully shared), and the win rate's
 * month-to-month drift (`rateSd`, shared by every deal of the period).
 */
function sumWithInterval(items: { p: number; low: number; high: number; value: number }[], rateSd: number | null): { expected: number; low: number; high: number } {
  let e = 0;
  let v = 0;
  let model = 0;
  for (const it of items) {
    e += it.p * it.value;
    v += it.p * (1 - it.p) * it.value * it.value;
    model += ((it.high - it.low) / 3.29) * it.value;
  }
  const drift = (rateSd ?? 0) * items.reduce((a, it) => a + it.value, 0);
  const sd = Math.sqrt(v + model * model + drift * drift);
  return { expected: round(e, 2), low: round(Math.max(0, e - 1.645 * sd), 2), high: round(e + 1.645 * sd, 2) };
}

export type Health = {
  asOf: string;
  openDeals: number;
  pipeline: number;
  expected: { byMonth: ExpectedRevenue[]; byQuarter: ExpectedRevenue[] };
  stalled: { rule: string; days: number; share: number; deals: { id: string; name: string; owner: string | null; engageDate: string | null; ageDays: number }[] };
  winRate: { byProduct: { key: string; deals: number; winRate: number }[]; byAgent: { key: string; deals: number; winRate: number }[] };
  openByStage: { stage: string; deals: number; pipeline: number }[];
  cycleDays: { median: number; p75: number };
  /**
   * Sales velocity: open deals × win rate × the mean won value ÷ the median won cycle, the
   * revenue the pipeline brings in a day at its usual pace (null without won cycles).
   */
  velocityPerDay: number | null;
};

export function pipelineHealth(deals: DealRow[], c: Catalogue, m: ForecastModel, o: { asOf: string; calls?: Map<string, DealCallFacts[]> }): Health {
  const closed = deals.filter((d) => d.outcome !== 'open');
  const open = deals.filter((d) => d.outcome === 'open');
  const cycles = closed.filter((d) => d.outcome === 'won' && d.engage_date && d.close_date).map((d) => days(d.engage_date!, d.close_date!));
  const median = quantile(cycles, 0.5);
  const p75 = quantile(cycles, 0.75);
  const items = open.map((d) => {
    const s = scoreDeal(m, openView(d, c, callsBefore(o.calls?.get(d.id))));
    // When the CRM gives no expected close date: engaged + the median won deal's cycle.
    const expectedClose = d.expected_close ?? (d.engage_date ? new Date(Date.parse(d.engage_date) + median * DAY).toISOString().slice(0, 10) : o.asOf);
    return { d, p: s.probability, low: s.low, high: s.high, value: (d.amount ?? 0) * m.valueRatio, expectedClose };
  });
  const group = (p: Period): ExpectedRevenue[] => {
    const by = new Map<string, typeof items>();
    for (const it of items) {
      const k = periodOf(it.expectedClose < o.asOf ? o.asOf : it.expectedClose, p);
      by.set(k, [...(by.get(k) ?? []), it]);
    }
    return [...by].sort((a, b) => a[0].localeCompare(b[0])).map(([period, list]) => ({ period, deals: list.length, pipeline: round(list.reduce((a, x) => a + (x.d.amount ?? 0), 0), 2), ...sumWithInterval(list, m.rateSd) }));
  };
  const stalled = open
    .filter((d) => d.engage_date && days(d.engage_date, o.asOf) > p75)
    .map((d) => ({ id: d.external_id ?? d.id, name: d.name, owner: d.owner, engageDate: d.engage_date, ageDays: Math.round(days(d.engage_date!, o.asOf)) }))
    .sort((a, b) => b.ageDays - a.ageDays);
  const rate = (key: (d: DealRow) => string | null) => {
    const by = new Map<string, { n: number; won: number }>();
    for (const d of closed) {
      const k = key(d) ?? '—';
      const e = by.get(k) ?? { n: 0, won: 0 };
      e.n++;
      if (d.outcome === 'won') e.won++;
      by.set(k, e);
    }
    return [...by].map(([k, e]) => ({ key: k, deals: e.n, winRate: round(e.won / e.n) })).sort((a, b) => b.deals - a.deals || a.key.localeCompare(b.key));
  };
  const stages = new Map<string, { deals: number; pipeline: number }>();
  for (const d of open) {
    const e = stages.get(d.stage) ?? { deals: 0, pipeline: 0 };
    e.deals++;
    e.pipeline += d.amount ?? 0;
    stages.set(d.stage, e);
  }
  return {
    asOf: o.asOf,
    openDeals: open.length,
    pipeline: round(open.reduce((a, d) => a + (d.amount ?? 0), 0), 2),
    expected: { byMonth: group('month'), byQuarter: group('quarter') },
    stalled: { rule: 'open longer than 75% of won deals took to close', days: Math.round(p75), share: open.length ? round(stalled.length / open.length) : 0, deals: stalled },
    winRate: { byProduct: rate((d) => d.product), byAgent: rate((d) => d.owner) },
    openByStage: [...stages].map(([stage, e]) => ({ stage, deals: e.deals, pipeline: round(e.pipeline, 2) })).sort((a, b) => b.deals - a.deals),
    cycleDays: { median: Math.round(median), p75: Math.round(p75) },
    velocityPerDay: (() => {
      const won = closed.filter((d) => d.outcome === 'won' && d.close_value !== null);
      if (won.length === 0 || median <= 0 || closed.length === 0) return null;
      const meanWon = won.reduce((a, d) => a + d.close_value!, 0) / won.length;
      return round((open.length * (won.length / closed.length) * meanWon) / median, 2);
    })(),
  };
}

export type PeriodBacktest = {
  period: string;
  trainedOn: number;
  informative: boolean;
  deals: number;
  pipeline: number;
  actual: number;
  forecast: number;
  low: number;
  high: number;
  inInterval: boolean;
  winRateBaseline: number;
  lastPeriodBaseline: number | null;
  error: number;
  winRateBaselineError: number;
  lastPeriodBaselineError: number | null;
};

export type RevenueBacktest = {
  period: Period;
  assumption: string;
  periods: PeriodBacktest[];
  /** Mean absolute percentage error over the periods (the last-period baseline over those it has). */
  mape: { forecast: number; winRateBaseline: number; lastPeriodBaseline: number | null; forecastOnLastPeriodBaselinePeriods: number | null };
};

/**
 * For each period with at least 30 deals closed before it: the model trained on those alone
 * (so no outcome after the period's start), its forecast of the revenue the period's deals
 * closed at, against the actual; the period's deals are those whose close date falls in it
 * (as if the CRM's expected close date had been right: the sample has no expected dates).
 */
export function revenueBacktest(deals: DealRow[], c: Catalogue, o: { period?: Period; bootstraps?: number; calls?: Map<string, DealCallFacts[]> } = {}): RevenueBacktest {
  const period = o.period ?? 'quarter';
  const closed = deals.filter((d) => d.outcome !== 'open' && d.close_date);
  const periods = [...new Set(closed.map((d) => periodOf(d.close_date!, period)))].sort();
  const actualOf = (p: string) => closed.filter((d) => periodOf(d.close_date!, period) === p).reduce((a, d) => a + (d.outcome === 'won' ? (d.close_value ?? 0) : 0), 0);
  const out: PeriodBacktest[] = [];
  for (let i = 0; i < periods.length; i++) {
    const p = periods[i]!;
    const before = closed.filter((d) => periodOf(d.close_date!, period) < p);
    if (before.length < 30) continue;
    const inP = closed.filter((d) => periodOf(d.close_date!, period) === p);
    // Calls: a training deal's before it closed; a deal of the period's, before the period began.
    const start = Date.parse(periodStart(p, period));
    const examples: Labeled[] = before.map((d) => ({ deal: openView(d, c, callsBefore(o.calls?.get(d.id), Date.parse(d.close_date!))), won: d.outcome === 'won', closeValue: d.close_value, closeDate: d.close_date }));
    const { model } = trainForecast(examples, { bootstraps: o.bootstraps ?? 10 });
    const items = inP.map((d) => {
      const s = scoreDeal(model, openView(d, c, callsBefore(o.calls?.get(d.id), start)));
      return { p: s.probability, low: s.low, high: s.high, value: (d.amount ?? 0) * model.valueRatio };
    });
    const f = sumWithInterval(items, model.rateSd);
    const pipeline = inP.reduce((a, d) => a + (d.amount ?? 0), 0);
    const actual = actualOf(p);
    const winRateBaseline = model.baseRate * pipeline * model.valueRatio;
    const prev = i > 0 ? actualOf(periods[i - 1]!) : null;
    const err = (x: number) => (actual > 0 ? round(Math.abs(x - actual) / actual) : 0);
    out.push({
      period: p,
      trainedOn: before.length,
      informative: model.informative,
      deals: inP.length,
      pipeline: round(pipeline, 2),
      actual: round(actual, 2),
      forecast: f.expected,
      low: f.low,
      high: f.high,
      inInterval: actual >= f.low && actual <= f.high,
      winRateBaseline: round(winRateBaseline, 2),
      lastPeriodBaseline: prev === null ? null : round(prev, 2),
      error: err(f.expected),
      winRateBaselineError: err(winRateBaseline),
      lastPeriodBaselineError: prev === null ? null : err(prev),
    });
  }
  const mean = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0);
  const withPrev = out.filter((x) => x.lastPeriodBaselineError !== null);
  return {
    period,
    assumption: 'each period\'s pipeline is the deals that closed in it (their expected close date taken as right); each forecast uses only deals closed before the period',
    periods: out,
    mape: {
      forecast: mean(out.map((x) => x.error)),
      winRateBaseline: mean(out.map((x) => x.winRateBaselineError)),
      lastPeriodBaseline: withPrev.length ? mean(withPrev.map((x) => x.lastPeriodBaselineError!)) : null,
      forecastOnLastPeriodBaselinePeriods: withPrev.length ? mean(withPrev.map((x) => x.error)) : null,
    },
  };
}
