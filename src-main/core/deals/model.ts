/**
 * The numbers under the forecast: an L2-regularised logistic regression on sparse one-hot
 * rows, fitted by full-batch Adam (a few hundred passes over a few thousand rows: well under
 * a second), and the measures its card reports (AUC, Brier, calibration bins).
 */

/** One example: the indices of its active features and their values (1 for a one-hot). */
export type SparseRow = { idx: number[]; val: number[] };

export type Weights = { bias: number; w: number[] };

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
export const logit = (p: number): number => Math.log(p / (1 - p));

export const linear = (m: Weights, row: SparseRow): number => {
  let z = m.bias;
  for (let k = 0; k < row.idx.length; k++) z += m.w[row.idx[k]!]! * row.val[k]!;
  return z;
};

/**
 * Minimises mean log-loss + (lambda / n) · Σw²/2 (the bias is not penalised): lambda is the
 * prior's weight in examples, so a feature seen in few deals stays near zero.
 * `sampleWeights` (bootstrap counts) scale each example's loss; `init` starts from fitted
 * weights (a bootstrap refit converges in a fraction of the passes).
 */
export function fitLogistic(rows: SparseRow[], y: number[], dims: number, o: { lambda: number; epochs?: number; lr?: number; sampleWeights?: number[]; init?: Weights }): Weights {
  const n = rows.length;
  const epochs = o.epochs ?? 300;
  const lr = o.lr ?? 0.05;
  const sw = o.sampleWeights;
  const total = sw ? sw.reduce((a, b) => a + b, 0) : n;
  const mean = y.reduce((a, v, i) => a + v * (sw ? sw[i]! : 1), 0) / Math.max(total, 1);
  const m: Weights = o.init ? { bias: o.init.bias, w: [...o.init.w] } : { bias: logit(Math.min(Math.max(mean, 1e-3), 1 - 1e-3)), w: new Array<number>(dims).fill(0) };
  const g = new Float64Array(dims);
  const m1 = new Float64Array(dims + 1);
  const m2 = new Float64Array(dims + 1);
  const b1 = 0.9;
  const b2 = 0.999;
  for (let t = 1; t <= epochs; t++) {
    g.fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const s = sw ? sw[i]! : 1;
      if (s === 0) continue;
      const row = rows[i]!;
      const err = (sigmoid(linear(m, row)) - y[i]!) * s;
      gb += err;
      for (let k = 0; k < row.idx.length; k++) g[row.idx[k]!]! += err * row.val[k]!;
    }
    const step = (j: number, grad: number): number => {
      m1[j] = b1 * m1[j]! + (1 - b1) * grad;
      m2[j] = b2 * m2[j]! + (1 - b2) * grad * grad;
      const mh = m1[j]! / (1 - b1 ** t);
      const vh = m2[j]! / (1 - b2 ** t);
      return (lr * mh) / (Math.sqrt(vh) + 1e-8);
    };
    for (let j = 0; j < dims; j++) m.w[j]! -= step(j, g[j]! / total + (o.lambda / total) * m.w[j]!);
    m.bias -= step(dims, gb / total);
  }
  return m;
}

/** Area under the ROC curve (Mann-Whitney, ties count half); 0.5 when one class is absent. */
export function auc(p: number[], y: number[]): number {
  const order = p.map((v, i) => [v, y[i]!] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]![0] === order[i]![0]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (order[k]![1] === 1) {
      rankSum += rank;
      pos++;
    }
    i = j;
  }
  const neg = order.length - pos;
  if (pos === 0 || neg === 0) return 0.5;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export const brier = (p: number[], y: number[]): number => p.reduce((a, v, i) => a + (v - y[i]!) ** 2, 0) / Math.max(p.length, 1);

/** The 5th and 95th percentiles of Beta(a, b), by bisection on its CDF (regularised incomplete beta). */
export function betaInterval(a: number, b: number, lo = 0.05, hi = 0.95): [number, number] {
  return [betaQuantile(a, b, lo), betaQuantile(a, b, hi)];
}

function betaQuantile(a: number, b: number, q: number): number {
  let l = 0;
  let h = 1;
  for (let i = 0; i < 50; i++) {
    const mid = (l + h) / 2;
    if (betaCdf(mid, a, b) < q) l = mid;
    else h = mid;
  }
  return (l + h) / 2;
}

const lnGamma = (z: number): number => {
  const c = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - lnGamma(1 - z);
  z -= 1;
  let x = 0.99999999999980993;
  for (let i = 0; i < 8; i++) x += c[i]! / (z + i + 1);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(x);
};

function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * contFrac(x, a, b)) / a;
  return 1 - (front * contFrac(1 - x, b, a)) / b;
}

function contFrac(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < 1e-30) d = 1e-30;
  d = 1 / d;
  let f = d;
  for (let m = 1; m <= 200; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < 1e-30) d = 1e-30;
    c = 1 + aa / c;
    if (Math.abs(c) < 1e-30) c = 1e-30;
    d = 1 / d;
    f *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < 1e-30) d = 1e-30;
    c = 1 + aa / c;
    if (Math.abs(c) < 1e-30) c = 1e-30;
    d = 1 / d;
    const del = d * c;
    f *= del;
    if (Math.abs(del - 1) < 1e-12) break;
  }
  return f;
}

export type CalibrationBin = { from: number; to: number; deals: number; predicted: number; observed: number; low: number; high: number };

/** Ten equal-width bins of predicted probability: mean prediction, observed win rate and its 90% Jeffreys interval; empty bins left out. */
export function calibrationBins(p: number[], y: number[], bins = 10): CalibrationBin[] {
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const from = b / bins;
    const to = (b + 1) / bins;
    const idx = p.map((v, i) => i).filter((i) => p[i]! >= from && (p[i]! < to || (b === bins - 1 && p[i]! <= to)));
    if (idx.length === 0) continue;
    const won = idx.reduce((a, i) => a + y[i]!, 0);
    const [low, high] = betaInterval(won + 0.5, idx.length - won + 0.5);
    out.push({ from, to, deals: idx.length, predicted: round(idx.reduce((a, i) => a + p[i]!, 0) / idx.length), observed: round(won / idx.length), low: round(low), high: round(high) });
  }
  return out;
}

export const round = (v: number, digits = 4): number => Math.round(v * 10 ** digits) / 10 ** digits;

