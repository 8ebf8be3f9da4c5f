/**
 * When deals close (issue 15, point 3): a period's revenue depends on whether its open deals
 * are won *and* on whether they close inside it. Learnt, as of a day, from the deals known
 * then: a competing-risks life table by deal age (days since the engage date), won and lost
 * as the two ways out. A deal closed before that day is an event at its age; one still open
 * is censored at its age that day. Nothing closed on or after the day is read.
 *
 * Left truncation: an export often holds only the deals closed since some date (the sample's
 * first close is 2017-03-01, though deals were engaged from October 2016). A deal is counted
 * at risk only on the days closes were being recorded (from the first close date known), or
 * its early days, when it could not have been seen closing, would read as days nobody closes.
 *
 * Ages the table has too few deals at risk for (fewer than MIN_AT_RISK) take the hazards
 * pooled over its tail, so an old deal gets the old deals' pace rather than zero.
 */

const DAY = 86_400_000;
export const MIN_AT_RISK = 30;
/** Ages above this (ten years) are taken as this. */
const MAX_AGE = 3650;

export type TimingDeal = { engage: string | null; close: string | null; won: boolean };

export type CloseTiming = {
  asOf: string;
  /** Daily hazards of closing won and lost at each age (0 … maxAge); beyond it the tail's. */
  won: number[];
  lost: number[];
  tail: { won: number; lost: number };
  /** Deals learnt from: events (closed before asOf) and censored (open on asOf). */
  events: number;
  censored: number;
};

const dayDiff = (a: string, b: string): number => Math.round((Date.parse(b) - Date.parse(a)) / DAY);

/** The life table as of `asOf` (YYYY-MM-DD) from the deals engaged before it; see the module comment. */
export function fitCloseTiming(deals: TimingDeal[], asOf: string): CloseTiming {
  const known = deals.filter((d) => d.engage && d.engage < asOf);
  const closedBefore = known.filter((d) => d.close && d.close < asOf);
  const firstClose = closedBefore.reduce<string | null>((m, d) => (m === null || d.close! < m ? d.close! : m), null);
  const size = MAX_AGE + 2;
  const enter = new Array<number>(size).fill(0);
  const leave = new Array<number>(size).fill(0);
  const won = new Array<number>(size).fill(0);
  const lost = new Array<number>(size).fill(0);
  let events = 0;
  let censored = 0;
  let top = 0;
  for (const d of known) {
    const closed = d.close !== null && d.close < asOf;
    // At risk from a0 (the first day closes were recorded) through `last`: the closing day, or the day before asOf.
    const last = Math.min(MAX_AGE, closed ? Math.max(0, dayDiff(d.engage!, d.close!)) : dayDiff(d.engage!, asOf) - 1);
    const a0 = firstClose === null ? 0 : Math.max(0, dayDiff(d.engage!, firstClose));
    if (last < a0) continue;
    enter[a0]!++;
    leave[last + 1]!++;
    top = Math.max(top, last);
    if (closed) {
      (d.won ? won : lost)[last]!++;
      events++;
    } else censored++;
  }
  const atRisk: number[] = [];
  let n = 0;
  for (let a = 0; a <= top; a++) {
    n += enter[a]! - leave[a]!;
    atRisk.push(n);
  }
  // The tail: from 90 days before the first age with too few at risk (after the table's start).
  let thin = atRisk.findIndex((v, a) => v < MIN_AT_RISK && a > 0 && atRisk.slice(0, a).some((x) => x >= MIN_AT_RISK));
  if (thin < 0) thin = atRisk.length;
  const from = Math.max(0, thin - 90);
  let exposure = 0;
  let tw = 0;
  let tl = 0;
  for (let a = from; a < atRisk.length; a++) {
    exposure += atRisk[a]!;
    tw += won[a]!;
    tl += lost[a]!;
  }
  const tail = exposure > 0 ? { won: tw / exposure, lost: tl / exposure } : { won: 0, lost: 0 };
  const hw: number[] = [];
  const hl: number[] = [];
  for (let a = 0; a < thin; a++) {
    hw.push(atRisk[a]! >= MIN_AT_RISK ? won[a]! / atRisk[a]! : tail.won);
    hl.push(atRisk[a]! >= MIN_AT_RISK ? lost[a]! / atRisk[a]! : tail.lost);
  }
  return { asOf, won: hw, lost: hl, tail, events, censored };
}

const hazard = (t: CloseTiming, a: number): [number, number] => (a < t.won.length ? [t.won[a]!, t.lost[a]!] : [t.tail.won, t.tail.lost]);

/**
 * For a deal open at `age` days: the chance it is won, and the chance it closes (won or lost),
 * within each of `cuts` days (ascending, ≥ 0), in one pass. A period [a, b) days ahead takes the
 * entry for b less the entry for a.
 */
export function closeSchedule(t: CloseTiming, age: number, cuts: number[]): { won: number; closed: number }[] {
  const out: { won: number; closed: number }[] = [];
  let alive = 1;
  let w = 0;
  let closed = 0;
  const start = Math.min(Math.max(0, age), MAX_AGE);
  const last = cuts.length ? cuts[cuts.length - 1]! : 0;
  let i = 0;
  for (let k = 0; ; k++) {
    while (i < cuts.length && cuts[i]! <= k) {
      out.push({ won: w, closed });
      i++;
    }
    if (k >= last) break;
    const [hw, hl] = hazard(t, Math.min(start + k, MAX_AGE));
    w += alive * hw;
    closed += alive * (hw + hl);
    alive *= Math.max(0, 1 - hw - hl);
  }
  return out;
}

/**
 * Deals not engaged yet, for the new-deal pace: with F(r) the chance a deal of age 0 is won
 * within r days, S(x) = Σ over r = 1 … x of F(r), at each of `cuts` (ascending, ≥ 0). Of deals
 * engaged one a day on days 0 … b-1, S(b) − S(a) are won in the days [a, b) (F summed over the
 * days left to each); S(d) / d is the chance one engaged inside the first d days is won in them.
 */
export function newDealSchedule(t: CloseTiming, cuts: number[]): number[] {
  const out: number[] = [];
  let alive = 1;
  let w = 0;
  let sum = 0;
  const last = cuts.length ? cuts[cuts.length - 1]! : 0;
  let i = 0;
  for (let k = 0; ; k++) {
    while (i < cuts.length && cuts[i]! <= k) {
      out.push(sum);
      i++;
    }
    if (k >= last) break;
    const [hw, hl] = hazard(t, Math.min(k, MAX_AGE));
    w += alive * hw;
    alive *= Math.max(0, 1 - hw - hl);
    sum += w;
  }
  return out;
}

export const ageOn = (engage: string, day: string): number => dayDiff(engage, day);
