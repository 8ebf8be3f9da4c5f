/**
 * The call detail chart's data: the customer's sentiment over the call and its trend.
 *
 * Only the customer's utterances count (the rep's own tone says nothing about how the deal is
 * going). The trend is an ordinary least-squares line of score against time over those
 * utterances, evaluated at each one, and clamped to the chart's -1..1: a straight line reads
 * at a glance ("the customer warmed up" or "cooled down") where a rolling mean wiggles with
 * every line, and it needs no window size. With one utterance the trend is that score, flat.
 */
type SentimentRow = { atMs: number; score: number; rolling: number | null; label: 'negative' | 'neutral' | 'positive' };
type SentimentPoint = SentimentRow & { trend: number };

/** Least-squares fit `score ≈ intercept + slope · atMs`; slope 0 when every point has the same time. */
export function leastSquares(points: { atMs: number; score: number }[]): { slope: number; intercept: number } {
  const n = points.length;
  if (n === 0) return { slope: 0, intercept: 0 };
  const mx = points.reduce((s, p) => s + p.atMs, 0) / n;
  const my = points.reduce((s, p) => s + p.score, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.atMs - mx) ** 2;
    sxy += (p.atMs - mx) * (p.score - my);
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

const clamp = (v: number) => Math.max(-1, Math.min(1, v));

/** The customer's points, in time order, each with the trend line's value at its time. */
export function customerSentimentSeries(rows: (SentimentRow & { speaker: 'rep' | 'customer' | null })[]): SentimentPoint[] {
  // Rows written without a segment (older data) have no speaker: only the customer's rows carry a rolling score.
  const customer = rows
    .filter((r) => r.speaker === 'customer' || (r.speaker === null && r.rolling !== null))
    .map(({ speaker: _speaker, ...r }) => r)
    .sort((a, b) => a.atMs - b.atMs);
  const { slope, intercept } = leastSquares(customer);
  return customer.map((r) => ({ ...r, trend: Math.round(clamp(intercept + slope * r.atMs) * 1000) / 1000 }));
}
