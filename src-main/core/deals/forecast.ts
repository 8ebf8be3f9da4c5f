/**
 * The deal forecaster (issue 15): an L2-regularised logistic regression over what is known
 * while a deal is open (features.ts), trained on the laptop on the closed deals.
 *
 * - **Back-test first.** The closed deals are ordered by engage date; the model is fitted on
 *   the earlier 70% (its penalty chosen on a split inside those) and scored on the later 30%:
 *   AUC, Brier, the base rate's Brier (the earlier deals' win rate for everyone) and ten
 *   calibration bins make the card.
 * - **Honest when there is nothing to learn.** Unless the back-test's Brier beats the base
 *   rate's by at least MIN_SKILL (0.5% of it), the model is `informative: false` and every
 *   deal is scored with the win rate and its Jeffreys interval, with a reason saying so.
 * - **Interval.** The final model is refitted on bootstrap resamples; a deal's interval is
 *   its logit ± 1.645 × the bootstraps' spread (90%).
 * - **Reasons.** Each active feature's weight is its contribution; the largest, in percentage
 *   points of probability, are worded in en and pt-BR.
 */
import { encode, encoder, type Encoder, FEATURE_NAMES, type FeatureName, FORBIDDEN, type OpenDeal } from './features';
import { auc, betaInterval, brier, type CalibrationBin, calibrationBins, fitLogistic, linear, round, sigmoid, type Weights } from './model';
import { seededRandom } from '../../../src-shared/seeded-random';

/** A closed deal for training: what was known while it was open, and how it ended. */
export type Labeled = { deal: OpenDeal; won: boolean; closeValue: number | null; /** When it closed: for the period spread of the win rate, never a feature. */ closeDate?: string | null };

export const MIN_SKILL = 0.005;
export const LAMBDAS = [1, 3, 10, 30, 100, 300];
const TEST_SHARE = 0.3;

export type ForecastModel = {
  version: 1;
  encoder: Encoder;
  weights: Weights;
  bootstraps: Weights[];
  lambda: number;
  informative: boolean;
  baseRate: number;
  baseInterval: [number, number];
  /** What won deals closed at, per unit of their amount while open (the expected-revenue scale). */
  valueRatio: number;
  /**
   * How much the win rate moves from one month to the next beyond chance (the standard
   * deviation of the monthly win rates, months with 30+ closed deals, less the binomial
   * part); null under three such months. A period's expected revenue carries it in its interval.
   */
  rateSd: number | null;
  deals: number;
};

export type ModelCard = {
  model: 'logistic-regression-l2';
  trainedAt: string;
  deals: number;
  won: number;
  lost: number;
  baseRate: number;
  features: FeatureName[];
  excluded: string[];
  lambda: number;
  informative: boolean;
  minSkill: number;
  /** The last close date among the deals it learnt from: deals closed after it are new outcomes (drift check). */
  trainedThrough: string | null;
  backtest: {
    split: 'engage_date';
    trainDeals: number;
    testDeals: number;
    testFrom: string | null;
    auc: number;
    brier: number;
    baseRateBrier: number;
    brierSkill: number;
    calibration: CalibrationBin[];
  };
  note: string;
};

const byEngage = (a: Labeled, b: Labeled): number => (a.deal.engageDate ?? '').localeCompare(b.deal.engageDate ?? '') || a.deal.id.localeCompare(b.deal.id);

const fit = (ex: Labeled[], enc: Encoder, lambda: number, o: { sampleWeights?: number[]; epochs?: number; init?: Weights } = {}): Weights =>
  fitLogistic(ex.map((e) => encode(enc, e.deal)), ex.map((e) => (e.won ? 1 : 0)), enc.names.length, { lambda, ...o });

const predict = (w: Weights, enc: Encoder, deals: OpenDeal[]): number[] => deals.map((d) => sigmoid(linear(w, encode(enc, d))));

/** The penalty with the lowest Brier on the later quarter of `ex` (fitted on the earlier three). */
export function chooseLambda(ex: Labeled[], features: FeatureName[] = FEATURE_NAMES): number {
  const sorted = [...ex].sort(byEngage);
  const cut = Math.floor(sorted.length * 0.75);
  const tr = sorted.slice(0, cut);
  const va = sorted.slice(cut);
  if (tr.length < 20 || va.length < 10) return 30;
  const enc = encoder(tr.map((e) => e.deal), features);
  const y = va.map((e) => (e.won ? 1 : 0));
  let best = { lambda: LAMBDAS[0]!, brier: Infinity };
  for (const lambda of LAMBDAS) {
    const b = brier(predict(fit(tr, enc, lambda, { epochs: 200 }), enc, va.map((e) => e.deal)), y);
    if (b < best.brier - 1e-9) best = { lambda, brier: b };
  }
  return best.lambda;
}

/** The model fitted on every closed deal in `ex` (no back-test): for the quarterly back-test and the card's final model. */
export function fitForecast(ex: Labeled[], o: { lambda?: number; bootstraps?: number; seed?: number; informative?: boolean; features?: FeatureName[] } = {}): ForecastModel {
  const features = o.features ?? FEATURE_NAMES;
  const lambda = o.lambda ?? chooseLambda(ex, features);
  const enc = encoder(ex.map((e) => e.deal), features);
  const weights = fit(ex, enc, lambda);
  const random = seededRandom(o.seed ?? 1);
  const bootstraps: Weights[] = [];
  // A model scored with the base rate needs no interval of its own.
  const count = o.informative === false ? 0 : (o.bootstraps ?? 20);
  for (let b = 0; b < count; b++) {
    const counts = new Array<number>(ex.length).fill(0);
    for (let i = 0; i < ex.length; i++) counts[Math.floor(random() * ex.length)]!++;
    bootstraps.push(fit(ex, enc, lambda, { sampleWeights: counts, epochs: 80, init: weights }));
  }
  const won = ex.filter((e) => e.won).length;
  const lost = ex.length - won;
  const wonValued = ex.filter((e) => e.won && e.closeValue !== null && e.deal.amount);
  const amountSum = wonValued.reduce((a, e) => a + e.deal.amount!, 0);
  const months = new Map<string, { n: number; won: number }>();
  for (const e of ex) {
    if (!e.closeDate) continue;
    const k = e.closeDate.slice(0, 7);
    const m = months.get(k) ?? { n: 0, won: 0 };
    m.n++;
    if (e.won) m.won++;
    months.set(k, m);
  }
  const rates = [...months.values()].filter((m) => m.n >= 30);
  let rateSd: number | null = null;
  if (rates.length >= 3) {
    const r = rates.map((m) => m.won / m.n);
    const mean = r.reduce((a, v) => a + v, 0) / r.length;
    const total = r.reduce((a, v) => a + (v - mean) ** 2, 0) / (r.length - 1);
    const chance = rates.reduce((a, m) => a + (mean * (1 - mean)) / m.n, 0) / rates.length;
    rateSd = Math.sqrt(Math.max(0, total - chance));
  }
  return {
    version: 1,
    encoder: enc,
    weights,
    bootstraps,
    lambda,
    informative: o.informative ?? true,
    baseRate: ex.length ? won / ex.length : 0.5,
    baseInterval: betaInterval(won + 0.5, lost + 0.5),
    valueRatio: amountSum > 0 ? wonValued.reduce((a, e) => a + e.closeValue!, 0) / amountSum : 1,
    rateSd,
    deals: ex.length,
  };
}

/** The back-test on a split by engage date, then the final model on every closed deal, and its card. */
export function trainForecast(examples: Labeled[], o: { bootstraps?: number; seed?: number; now?: Date; features?: FeatureName[] } = {}): { model: ForecastModel; card: ModelCard } {
  if (examples.length < 30) throw new Error(`a forecast needs at least 30 closed deals (won or lost); there are ${examples.length}`);
  const features = o.features ?? FEATURE_NAMES;
  const sorted = [...examples].sort(byEngage);
  const cut = Math.floor(sorted.length * (1 - TEST_SHARE));
  const tr = sorted.slice(0, cut);
  const te = sorted.slice(cut);
  const lambdaTr = chooseLambda(tr, features);
  const enc = encoder(tr.map((e) => e.deal), features);
  const p = predict(fit(tr, enc, lambdaTr), enc, te.map((e) => e.deal));
  const y = te.map((e) => (e.won ? 1 : 0));
  const base = tr.filter((e) => e.won).length / tr.length;
  const b = brier(p, y);
  const bb = brier(y.map(() => base), y);
  const skill = bb > 0 ? 1 - b / bb : 0;
  const informative = skill >= MIN_SKILL;
  // The final model keeps the penalty the back-test chose (one search, on the earlier deals only).
  const model = fitForecast(sorted, { lambda: lambdaTr, bootstraps: o.bootstraps, seed: o.seed, informative, features });
  const won = sorted.filter((e) => e.won).length;
  const card: ModelCard = {
    model: 'logistic-regression-l2',
    trainedAt: (o.now ?? new Date()).toISOString(),
    deals: sorted.length,
    won,
    lost: sorted.length - won,
    baseRate: round(model.baseRate),
    features,
    excluded: [...FORBIDDEN],
    lambda: model.lambda,
    informative,
    minSkill: MIN_SKILL,
    trainedThrough: sorted.reduce<string | null>((a, e) => (e.closeDate && (a === null || e.closeDate > a) ? e.closeDate : a), null),
    backtest: { split: 'engage_date', trainDeals: tr.length, testDeals: te.length, testFrom: te[0]?.deal.engageDate ?? null, auc: round(auc(p, y)), brier: round(b), baseRateBrier: round(bb), brierSkill: round(skill), calibration: calibrationBins(p, y) },
    note: informative
      ? 'fitted on closed deals with only the fields known while a deal is open; back-test: fitted on the earlier 70% by engage date, scored on the later 30%'
      : 'no better than the win rate in the back-test (Brier not at least 0.5% below the base rate\'s): deals are scored with the win rate',
  };
  return { model, card };
}

export type Language = 'pt' | 'en';
/** `detail`: what the value stands for on this deal (the competitors named on its calls). */
export type Contribution = { feature: FeatureName; value: string; points: number; detail?: string };
export type Score = { id: string; probability: number; low: number; high: number; informative: boolean; reasons: string[]; contributions: Contribution[] };

const LABELS: Record<FeatureName, Record<Language, string>> = {
  owner: { en: 'Agent', pt: 'Vendedor' },
  product: { en: 'Product', pt: 'Produto' },
  series: { en: 'Product series', pt: 'Linha de produto' },
  account: { en: 'Account', pt: 'Conta' },
  sector: { en: 'Sector', pt: 'Setor' },
  region: { en: 'Region', pt: 'Região' },
  manager: { en: 'Manager', pt: 'Gerente' },
  month: { en: 'Engaged in', pt: 'Iniciado em' },
  size: { en: 'Account size', pt: 'Porte da conta' },
  amount: { en: 'Amount', pt: 'Valor' },
  callCount: { en: 'Calls with the customer', pt: 'Ligações com o cliente' },
  competitor: { en: 'Competitor mentioned on its calls', pt: 'Concorrente mencionado nas ligações' },
  objections: { en: 'Objections on its calls', pt: 'Objeções nas ligações' },
  sentiment: { en: 'Customer sentiment on the last call', pt: 'Sentimento do cliente na última ligação' },
};
const MONTHS: Record<Language, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  pt: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
};
const VALUES: Record<string, Record<Language, string>> = {
  small: { en: 'small (under 500 people)', pt: 'pequena (menos de 500 pessoas)' },
  medium: { en: 'medium (500-1,999 people)', pt: 'média (500 a 1.999 pessoas)' },
  large: { en: 'large (2,000-4,999 people)', pt: 'grande (2.000 a 4.999 pessoas)' },
  enterprise: { en: 'enterprise (5,000+ people)', pt: 'muito grande (5.000+ pessoas)' },
  'under 1k': { en: 'under 1,000', pt: 'abaixo de 1.000' },
  '1k-5k': { en: '1,000-4,999', pt: '1.000 a 4.999' },
  '5k-20k': { en: '5,000-19,999', pt: '5.000 a 19.999' },
  '20k+': { en: '20,000 or more', pt: '20.000 ou mais' },
  yes: { en: 'yes', pt: 'sim' },
  no: { en: 'no', pt: 'não' },
  negative: { en: 'negative', pt: 'negativo' },
  neutral: { en: 'neutral', pt: 'neutro' },
  positive: { en: 'positive', pt: 'positivo' },
  '2+': { en: '2 or more', pt: '2 ou mais' },
};

/** A contribution in words: "Agent Moses Frase raises the chance (+4 pts)" / "Vendedor Moses Frase aumenta a chance (+4 p.p.)". */
export function reasonText(c: Contribution, lang: Language): string {
  const value = (c.feature === 'month' ? MONTHS[lang][Number(c.value) - 1] ?? c.value : (VALUES[c.value]?.[lang] ?? c.value)) + (c.detail ? ` (${c.detail})` : '');
  const subject = c.feature === 'month' || c.feature === 'owner' || c.feature === 'product' || c.feature === 'account' || c.feature === 'manager' ? `${LABELS[c.feature][lang]} ${value}` : `${LABELS[c.feature][lang]}: ${value}`;
  const pts = Math.round(Math.abs(c.points));
  if (lang === 'pt') return `${subject} ${c.points >= 0 ? 'aumenta' : 'reduz'} a chance (${c.points >= 0 ? '+' : '−'}${pts} p.p.)`;
  return `${subject} ${c.points >= 0 ? 'raises' : 'lowers'} the chance (${c.points >= 0 ? '+' : '−'}${pts} pts)`;
}

const pct = (v: number, lang: Language): string => `${Math.round(v * 100)}%`.replace('.', lang === 'pt' ? ',' : '.');

/** How likely an open deal is to close, its 90% interval and why. */
export function scoreDeal(m: ForecastModel, deal: OpenDeal, lang: Language = 'en', top = 3): Score {
  if (!m.informative) {
    const why = lang === 'pt'
      ? `O modelo não foi melhor que a taxa de ganho no back-test: mostra a taxa de ganho (${pct(m.baseRate, lang)} de ${m.deals.toLocaleString('pt-BR')} negócios fechados)`
      : `The model was no better than the win rate in the back-test: showing the win rate (${pct(m.baseRate, lang)} of ${m.deals.toLocaleString('en-US')} closed deals)`;
    return { id: deal.id, probability: round(m.baseRate), low: round(m.baseInterval[0]), high: round(m.baseInterval[1]), informative: false, reasons: [why], contributions: [] };
  }
  const row = encode(m.encoder, deal);
  const z = linear(m.weights, row);
  const p = sigmoid(z);
  const zs = m.bootstraps.map((b) => linear(b, row));
  const mean = zs.reduce((a, v) => a + v, 0) / Math.max(zs.length, 1);
  const sd = zs.length > 1 ? Math.sqrt(zs.reduce((a, v) => a + (v - mean) ** 2, 0) / (zs.length - 1)) : 0;
  const contributions: Contribution[] = row.idx
    .map((i): Contribution => {
      const { feature, value } = m.encoder.names[i]!;
      const detail = feature === 'competitor' && value === 'yes' && deal.calls ? deal.calls.competitors.join(', ') : undefined;
      return { feature, value, points: round((p - sigmoid(z - m.weights.w[i]!)) * 100, 1), ...(detail ? { detail } : {}) };
    })
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  const reasons = contributions.filter((c) => Math.abs(c.points) >= 1).slice(0, top).map((c) => reasonText(c, lang));
  if (reasons.length === 0) reasons.push(lang === 'pt' ? 'Nada neste negócio se afasta da média: a chance é a de um negócio típico' : 'Nothing about this deal stands out from the average: the chance is a typical deal\'s');
  return { id: deal.id, probability: round(p), low: round(sigmoid(z - 1.645 * sd)), high: round(sigmoid(z + 1.645 * sd)), informative: true, reasons, contributions: contributions.slice(0, top) };
}
