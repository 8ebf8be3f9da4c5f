/**
 * Pipeline health (issue 15, point 3): expected revenue by month and quarter with a 90%
 * interval, stalled open deals, win rates by product and agent, open deals by stage; and the
 * back-test of the period forecast against what closed, beside two naive baselines (the win
 * rate × the pipeline, and the previous period's revenue). The health's periods and the
 * back-test's are one computation (timedRevenue): each open deal counts P(won) × P(it closes
 * inside the period | its age) × value, from the close-timing life table (timing.ts), plus new
 * deals at the recent pace. What the Deals page, `deals health` and `forecast backtest` show.
 */
import type { DealCallFacts, DealRow } from '../store/deals';
import { callsBefore, type Catalogue, openView } from './features';
import { type ForecastModel, type Labeled, type Score, scoreDeal, trainForecast } from './forecast';
import { round } from './model';
import { ageOn, closeSchedule, type CloseTiming, fitCloseTiming, newDealSchedule } from './timing';

export type Period = 'month' | 'quarter';
export const periodOf = (isoDate: string, p: Period): string => {
  const y = isoDate.slice(0, 4);
  const m = Number(isoDate.slice(5, 7));
  return p === 'month' ? isoDate.slice(0, 7) : `${y}-Q${Math.ceil(m / 3)}`;
};
const DAY = 86_400_000;
/** The first day of a period named by periodOf (YYYY-MM or YYYY-Qn). */
const periodStart = (name: string, p: Period): string => (p === 'month' ? `${name}-01` : `${name.slice(0, 4)}-${String((Number(name.slice(6)) - 1) * 3 + 1).padStart(2, '0')}-01`);
/** The first day after a period named by periodOf. */
const periodEnd = (name: string, p: Period): string => {
  const [y, m] = periodStart(name, p).split('-').map(Number) as [number, number];
  const months = p === 'month' ? 1 : 3;
  return new Date(Date.UTC(y, m - 1 + months, 1)).toISOString().slice(0, 10);
};
const days = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / DAY;
const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/**
 * One period's expected won revenue: `fromOpen`, the open deals' P(won and closed inside it |
 * their age) × value; `fromNew`, deals not engaged yet at the recent pace; `wins`, the expected
 * number of deals won in it. `from`…`to` (to exclusive): the current period counts from the day
 * of the forecast, what is still to close.
 */
export type ExpectedRevenue = { period: string; from: string; to: string; wins: number; fromOpen: number; fromNew: number; expected: number; low: number; high: number };
/**
 * Σ of the deals' expected values, and a 90% interval from three parts: each deal won or lost
 * (independent Bernoullis), the model's own spread (taken as fully shared), and the win rate's
 * month-to-month drift (`rateSd`, shared by every deal of the period).
 */
function sumWithInterval(items: { p: number; low: number; high: number; value: number; /** As many like deals (default 1). */ n?: number; /** The chance it closes at all in the period, the share of a win-rate shift it takes (default 1). */ closes?: number }[], rateSd: number | null): { expected: number; low: number; high: number } {
  let e = 0;
  let v = 0;
  let model = 0;
  for (const it of items) {
    const n = it.n ?? 1;
    e += n * it.p * it.value;
    v += n * it.p * (1 - it.p) * it.value * it.value;
    model += n * ((it.high - it.low) / 3.29) * it.value;
  }
  const drift = (rateSd ?? 0) * items.reduce((a, it) => a + (it.n ?? 1) * (it.closes ?? 1) * it.value, 0);
  const sd = Math.sqrt(v + model * model + drift * drift);
  return { expected: round(e, 2), low: round(Math.max(0, e - 1.645 * sd), 2), high: round(e + 1.645 * sd, 2) };
}

type Window = { period: string; start: number; end: number };
/** Deals engaged over the `days` before `asOf`: how many, and their mean amount (the new-deal pace). */
type Pace = { deals: number; days: number; meanAmount: number };

function paceOf(deals: DealRow[], asOf: string, days: number): Pace {
  const since = new Date(Date.parse(asOf) - days * DAY).toISOString().slice(0, 10);
  const recent = deals.filter((d) => d.engage_date && d.engage_date >= since && d.engage_date < asOf);
  return { deals: recent.length, days, meanAmount: recent.length ? recent.reduce((a, d) => a + (d.amount ?? 0), 0) / recent.length : 0 };
}

/** The close-timing table as of a day: outcomes closed before it are events, every other deal engaged before it is open. */
const timingAsOf = (deals: DealRow[], asOf: string): CloseTiming =>
  fitCloseTiming(deals.map((d) => (d.outcome !== 'open' && d.close_date && d.close_date < asOf ? { engage: d.engage_date, close: d.close_date, won: d.outcome === 'won' } : { engage: d.engage_date, close: null, won: false })), asOf);

/**
 * The one computation of expected revenue per period (the health's months and quarters, the
 * back-test's period): for each window [start, end) days after the forecast's day, each open
 * deal counts P(won and closed inside it | its age) × amount × the value ratio, where the
 * chances come from the close-timing table and, when the forecaster is informative, the
 * deal's chance over the win rate scales the won part (never above its chance of closing).
 * Deals not engaged yet come at `pace`: as many a day as over the pace's days, each won inside
 * the window with the table's chance for a new deal (timing.ts, newDealSchedule). The interval
 * is sumWithInterval's, each deal's share of the window's closes taking the win-rate drift.
 */
function timedRevenue(o: { open: { amount: number | null; age: number; score: Score }[]; model: ForecastModel; timing: CloseTiming; windows: Window[]; pace: Pace }): (Omit<ExpectedRevenue, 'from' | 'to'>)[] {
  const m = o.model;
  const cuts = [...new Set(o.windows.flatMap((w) => [w.start, w.end]))].sort((a, b) => a - b);
  const at = new Map(cuts.map((v, i) => [v, i]));
  const schedules = o.open.map((d) => closeSchedule(o.timing, d.age, cuts));
  const fresh = o.pace.deals > 0 && o.pace.days > 0 ? newDealSchedule(o.timing, cuts) : null;
  return o.windows.map((w) => {
    const a = at.get(w.start)!;
    const b = at.get(w.end)!;
    const items: Parameters<typeof sumWithInterval>[0] = o.open.map((d, i) => {
      const s = d.score;
      const won = schedules[i]![b]!.won - schedules[i]![a]!.won;
      const closed = schedules[i]![b]!.closed - schedules[i]![a]!.closed;
      const scale = m.informative && m.baseRate > 0 ? s.probability / m.baseRate : 1;
      const p = Math.min(closed, won * scale);
      const ratio = s.probability > 0 ? p / s.probability : 0;
      return { p, low: s.low * ratio, high: Math.min(1, s.high * ratio), value: (d.amount ?? 0) * m.valueRatio, closes: closed };
    });
    const fromOpen = items.reduce((acc, it) => acc + it.p * it.value, 0);
    let fromNew = 0;
    if (fresh && w.end > 0) {
      // Deals engaged on the days 0 … end-1 at the pace, won inside [start, end): (S(end) − S(start)) each a day.
      const n = (o.pace.deals * w.end) / o.pace.days;
      const p = (fresh[b]! - fresh[a]!) / w.end;
      const value = o.pace.meanAmount * m.valueRatio;
      items.push({ p, low: p, high: p, value, n, closes: m.baseRate > 0 ? Math.min(1, p / m.baseRate) : 1 });
      fromNew = n * p * value;
    }
    const f = sumWithInterval(items, m.rateSd);
    return { period: w.period, wins: round(items.reduce((acc, it) => acc + (it.n ?? 1) * it.p, 0), 2), fromOpen: round(fromOpen, 2), fromNew: round(fromNew, 2), ...f };
  });
}

/** The windows of `count` periods from `asOf`: the rest of the period holding it, then whole ones. */
function periodWindows(asOf: string, p: Period, count: number): (Window & { from: string; to: string })[] {
  const out: (Window & { from: string; to: string })[] = [];
  let name = periodOf(asOf, p);
  let start = 0;
  for (let i = 0; i < count; i++) {
    const to = periodEnd(name, p);
    const end = ageOn(asOf, to);
    out.push({ period: name, start, end, from: i === 0 ? asOf : periodStart(name, p), to });
    start = end;
    name = periodOf(to, p);
  }
  return out;
}

export const REVENUE_METHOD = 'each open deal: P(won and closed inside the period | its age) from a competing-risks life table of the deals by age (timing.ts), scaled by its forecast chance over the win rate when the forecaster is informative, × amount × what won deals closed at per unit of amount; plus deals not engaged yet at the pace of the days before (as many as the quarter holding the day has). The method forecast backtest measures';

/**
 * Expected won revenue by month (12, from the one holding `asOf`) and by quarter (4), from the
 * deals as they are: the forecaster `m` scores the open deals, the close-timing table is learnt
 * from the outcomes closed before `asOf`, the new-deal pace from the deals engaged in the
 * quarter's length before it. The current month and quarter count from `asOf`. Open deals with
 * no engage date are not engaged yet (the pace stands for them) and are not counted apart.
 * What the Deals page, `salesedge deals health` and the quota line show.
 */
export function expectedRevenue(deals: DealRow[], c: Catalogue, m: ForecastModel, o: { asOf: string; calls?: Map<string, DealCallFacts[]>; months?: number; quarters?: number }): Health['expected'] {
  const open = deals.filter((d) => d.outcome === 'open');
  const engaged = open.filter((d) => d.engage_date);
  const timing = timingAsOf(deals.filter((d) => d.engage_date), o.asOf);
  const quarter = periodOf(o.asOf, 'quarter');
  const pace = paceOf(deals, o.asOf, ageOn(periodStart(quarter, 'quarter'), periodEnd(quarter, 'quarter')));
  const months = periodWindows(o.asOf, 'month', o.months ?? 12);
  const quarters = periodWindows(o.asOf, 'quarter', o.quarters ?? 4);
  const windows = [...months, ...quarters];
  const figures = timedRevenue({
    open: engaged.map((d) => ({ amount: d.amount, age: Math.max(0, ageOn(d.engage_date!, o.asOf)), score: scoreDeal(m, openView(d, c, callsBefore(o.calls?.get(d.id)))) })),
    model: m,
    timing,
    windows,
    pace,
  });
  const withDates = figures.map((f, i) => ({ period: f.period, from: windows[i]!.from, to: windows[i]!.to, wins: f.wins, fromOpen: f.fromOpen, fromNew: f.fromNew, expected: f.expected, low: f.low, high: f.high }));
  return {
    method: REVENUE_METHOD,
    byMonth: withDates.slice(0, months.length),
    byQuarter: withDates.slice(months.length),
    openCounted: engaged.length,
    notEngaged: open.length - engaged.length,
    pace: { deals: pace.deals, days: pace.days },
  };
}

export type Health = {
  asOf: string;
  openDeals: number;
  pipeline: number;
  expected: {
    method: string;
    byMonth: ExpectedRevenue[];
    byQuarter: ExpectedRevenue[];
    /** Open deals counted: those with an engage date (one after asOf counts as age 0); those without one are not engaged yet: the new-deal pace stands for them. */
    openCounted: number;
    notEngaged: number;
    /** The new-deal pace: deals engaged over the `days` before asOf (the quarter's length). */
    pace: { deals: number; days: number };
  };
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
  const byPeriod = expectedRevenue(deals, c, m, { asOf: o.asOf, calls: o.calls });
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
    expected: byPeriod,
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
  /** The period's first day: everything the forecast reads is known on it. */
  from: string;
  /** Deals closed before the period (the forecaster's and the timing table's outcomes). */
  trainedOn: number;
  informative: boolean;
  /** Deals open on the period's first day (engaged before it, not closed before it), and their amounts. */
  deals: number;
  pipeline: number;
  /** Won value closed in the period: all of it, and the part from the deals open on its first day. */
  actual: number;
  actualFromOpen: number;
  /** Σ P(won and closed inside the period) × value over the open deals, plus the deals engaged and won inside it. */
  forecast: number;
  forecastFromOpen: number;
  forecastFromNew: number;
  low: number;
  high: number;
  inInterval: boolean;
  /** The win rate × the open pipeline on the first day (× what won deals closed at per unit of amount). */
  winRateBaseline: number;
  lastPeriodBaseline: number | null;
  error: number;
  winRateBaselineError: number;
  lastPeriodBaselineError: number | null;
};

type Errors = { forecast: number; winRateBaseline: number; lastPeriodBaseline: number | null; forecastOnLastPeriodBaselinePeriods: number | null };

export type RevenueBacktest = {
  period: Period;
  method: string;
  assumption: string;
  periods: PeriodBacktest[];
  /** Mean absolute percentage error over the periods (the last-period baseline over those it has). */
  mape: Errors;
  /** Mean absolute error, in the deals' amounts. */
  mae: Errors;
  /** The same means without the period after a first period of closes that starts mid-period (the sample's 2017-Q1 is March only: its revenue is no 'last quarter' for 2017-Q2). */
  fullPeriods: { periods: string[]; mape: Errors };
};

export type PeriodForecast = { open: number; pipeline: number; forecast: number; fromOpen: number; fromNew: number; low: number; high: number; winRate: number; valueRatio: number; trainedOn: number; informative: boolean };

/**
 * The revenue forecast of the period [from, to) made on its first day, from what was known
 * then only: the deals engaged before `from`, outcomes of those closed before it (the
 * forecaster and the close-timing table are trained on them), open ones as open. Each open
 * deal counts P(won and closed before `to` | its age on `from`) × amount × the value ratio
 * (timing.ts), scaled by its forecast chance over the win rate when the forecaster is
 * informative; deals engaged inside the period come at the pace of the period before.
 */
export function forecastPeriod(deals: DealRow[], c: Catalogue, from: string, to: string, o: { bootstraps?: number; calls?: Map<string, DealCallFacts[]> } = {}): PeriodForecast {
  const known = deals.filter((d) => d.engage_date && d.engage_date < from);
  const closedBefore = known.filter((d) => d.outcome !== 'open' && d.close_date && d.close_date < from);
  const open = known.filter((d) => !(d.outcome !== 'open' && d.close_date && d.close_date < from));
  const startMs = Date.parse(from);
  const examples: Labeled[] = closedBefore.map((d) => ({ deal: openView(d, c, callsBefore(o.calls?.get(d.id), Date.parse(d.close_date!))), won: d.outcome === 'won', closeValue: d.close_value, closeDate: d.close_date }));
  const { model } = trainForecast(examples, { bootstraps: o.bootstraps ?? 10 });
  const timing = timingAsOf(known, from);
  const days = ageOn(from, to);
  const [r] = timedRevenue({
    open: open.map((d) => ({ amount: d.amount, age: ageOn(d.engage_date!, from), score: scoreDeal(model, openView(d, c, callsBefore(o.calls?.get(d.id), startMs))) })),
    model,
    timing,
    windows: [{ period: '', start: 0, end: days }],
    pace: paceOf(known, from, days),
  });
  return {
    open: open.length,
    pipeline: open.reduce((a, d) => a + (d.amount ?? 0), 0),
    forecast: r!.expected,
    fromOpen: r!.fromOpen,
    fromNew: r!.fromNew,
    low: r!.low,
    high: r!.high,
    winRate: model.baseRate,
    valueRatio: model.valueRatio,
    trainedOn: closedBefore.length,
    informative: model.informative,
  };
}

/**
 * For each period with at least 30 deals closed before it: the forecast made on its first day
 * (forecastPeriod: only what was known then) against the won value that closed in it, beside
 * two naive baselines made the same day: the win rate × the open pipeline, and the previous
 * period's revenue.
 */
export function revenueBacktest(deals: DealRow[], c: Catalogue, o: { period?: Period; bootstraps?: number; calls?: Map<string, DealCallFacts[]> } = {}): RevenueBacktest {
  const period = o.period ?? 'quarter';
  const closed = deals.filter((d) => d.outcome !== 'open' && d.close_date);
  const periods = [...new Set(closed.map((d) => periodOf(d.close_date!, period)))].sort();
  const wonIn = (p: string) => closed.filter((d) => d.outcome === 'won' && periodOf(d.close_date!, period) === p);
  const actualOf = (p: string) => wonIn(p).reduce((a, d) => a + (d.close_value ?? 0), 0);
  const out: PeriodBacktest[] = [];
  for (let i = 0; i < periods.length; i++) {
    const p = periods[i]!;
    const from = periodStart(p, period);
    if (closed.filter((d) => d.close_date! < from).length < 30) continue;
    const f = forecastPeriod(deals, c, from, periodEnd(p, period), o);
    const actual = actualOf(p);
    const actualFromOpen = wonIn(p).filter((d) => d.engage_date && d.engage_date < from).reduce((a, d) => a + (d.close_value ?? 0), 0);
    const winRateBaseline = f.winRate * f.pipeline * f.valueRatio;
    const prev = i > 0 ? actualOf(periods[i - 1]!) : null;
    const err = (x: number) => (actual > 0 ? round(Math.abs(x - actual) / actual) : 0);
    out.push({
      period: p,
      from,
      trainedOn: f.trainedOn,
      informative: f.informative,
      deals: f.open,
      pipeline: round(f.pipeline, 2),
      actual: round(actual, 2),
      actualFromOpen: round(actualFromOpen, 2),
      forecast: f.forecast,
      forecastFromOpen: f.fromOpen,
      forecastFromNew: f.fromNew,
      low: f.low,
      high: f.high,
      inInterval: actual >= f.low && actual <= f.high,
      winRateBaseline: round(winRateBaseline, 2),
      lastPeriodBaseline: prev === null ? null : round(prev, 2),
      error: err(f.forecast),
      winRateBaselineError: err(winRateBaseline),
      lastPeriodBaselineError: prev === null ? null : err(prev),
    });
  }
  const mean = (xs: number[], digits = 4) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length, digits) : 0);
  const errors = (list: PeriodBacktest[], abs: boolean): Errors => {
    const e = (x: PeriodBacktest, v: number) => (abs ? Math.abs(v - x.actual) : x.actual > 0 ? Math.abs(v - x.actual) / x.actual : 0);
    const withPrev = list.filter((x) => x.lastPeriodBaseline !== null);
    const d = abs ? 2 : 4;
    return {
      forecast: mean(list.map((x) => e(x, x.forecast)), d),
      winRateBaseline: mean(list.map((x) => e(x, x.winRateBaseline)), d),
      lastPeriodBaseline: withPrev.length ? mean(withPrev.map((x) => e(x, x.lastPeriodBaseline!)), d) : null,
      forecastOnLastPeriodBaselinePeriods: withPrev.length ? mean(withPrev.map((x) => e(x, x.forecast)), d) : null,
    };
  };
  // The first period of closes may start mid-period (the sample's 2017-Q1 holds March only): the one after it has a partial "last period".
  const firstClose = closed.reduce<string | null>((m, d) => (m === null || d.close_date! < m ? d.close_date! : m), null);
  const partialFirst = firstClose !== null && periods.length > 0 && firstClose > periodStart(periods[0]!, period);
  const full = out.filter((x) => !(partialFirst && periods.indexOf(x.period) === 1));
  return {
    period,
    method: 'open deals on the first day: P(won and closed inside the period | age) from a competing-risks life table by deal age (left-truncated at the first recorded close), × amount × the value ratio; plus new deals at the pace of the period before',
    assumption: 'each forecast uses only what was known on the period\'s first day: deals engaged before it, the outcomes of those closed before it',
    periods: out,
    mape: errors(out, false),
    mae: errors(out, true),
    fullPeriods: { periods: full.map((x) => x.period), mape: errors(full, false) },
  };
}
