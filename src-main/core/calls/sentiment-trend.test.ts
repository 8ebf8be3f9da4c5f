import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCallDetail } from './call-queries';
import { seedCall } from './seed-calls';
import { customerSentimentSeries, leastSquares } from './sentiment-trend';
import { ptCall, tempStore } from './test-helpers';
import type { Store } from '../store/db';

describe('leastSquares', () => {
  it('fits a line exactly through collinear points, and is flat with one point or one time', () => {
    const { slope, intercept } = leastSquares([{ atMs: 0, score: -0.5 }, { atMs: 1000, score: 0 }, { atMs: 2000, score: 0.5 }]);
    expect(slope).toBeCloseTo(0.0005, 10);
    expect(intercept).toBeCloseTo(-0.5, 10);
    expect(leastSquares([{ atMs: 5000, score: 0.3 }])).toEqual({ slope: 0, intercept: 0.3 });
    expect(leastSquares([{ atMs: 1, score: 0.2 }, { atMs: 1, score: 0.4 }]).slope).toBe(0);
    expect(leastSquares([])).toEqual({ slope: 0, intercept: 0 });
  });

  it('minimises squared error on noisy points (known fit)', () => {
    // y = 0.1 + 0.2x with residuals that sum to zero: the fit recovers the line.
    const pts = [0, 1, 2, 3].map((x, i) => ({ atMs: x, score: 0.1 + 0.2 * x + [0.05, -0.05, -0.05, 0.05][i]! }));
    const { slope, intercept } = leastSquares(pts);
    expect(slope).toBeCloseTo(0.2, 10);
    expect(intercept).toBeCloseTo(0.1, 10);
  });
});

describe('customerSentimentSeries', () => {
  it("keeps the customer's points only, in time order, with the trend at each", () => {
    const series = customerSentimentSeries([
      { atMs: 3000, score: 0.9, rolling: null, label: 'positive', speaker: 'rep' },
      { atMs: 4000, score: 0, rolling: -0.2, label: 'neutral', speaker: 'customer' },
      { atMs: 2000, score: -0.4, rolling: -0.4, label: 'negative', speaker: 'customer' },
      { atMs: 6000, score: 0.4, rolling: 0.1, label: 'positive', speaker: 'customer' },
      { atMs: 7000, score: 1, rolling: null, label: 'positive', speaker: 'rep' },
    ]);
    expect(series.map((p) => p.atMs)).toEqual([2000, 4000, 6000]);
    expect(series.map((p) => p.score)).toEqual([-0.4, 0, 0.4]);
    expect(series.map((p) => p.trend)).toEqual([-0.4, 0, 0.4]);
  });

  it('clamps the trend to -1..1 and keeps speakerless rows only when they carry a rolling score', () => {
    const series = customerSentimentSeries([
      { atMs: 0, score: -1, rolling: -1, label: 'negative', speaker: null },
      { atMs: 1000, score: 1, rolling: 0, label: 'positive', speaker: 'customer' },
      { atMs: 1500, score: 0.8, rolling: null, label: 'positive', speaker: null },
    ]);
    expect(series.map((p) => p.atMs)).toEqual([0, 1000]);
    expect(series.map((p) => p.trend)).toEqual([-1, 1]);
    expect(customerSentimentSeries([{ atMs: 1, score: 0.3, rolling: 0.3, label: 'positive', speaker: 'customer' }])[0]!.trend).toBe(0.3);
  });
});

describe('call detail chart data', () => {
  let t: ReturnType<typeof tempStore>;
  let store: Store;
  beforeEach(() => {
    t = tempStore();
    store = t.store;
  });
  afterEach(() => t.cleanup());

  it("plots the customer's sentiment only (the rep's scored lines are left out), with a rising trend", () => {
    const id = seedCall(store, ptCall({
      segments: [
        { speaker: 'rep', startMs: 0, endMs: 2000, text: 'Olá, tudo bem? Que ótimo falar com você!', sentiment: 0.9 },
        { speaker: 'customer', startMs: 2500, endMs: 5000, text: 'O preço está alto demais.', sentiment: -0.7 },
        { speaker: 'rep', startMs: 5500, endMs: 8000, text: 'Entendo perfeitamente, excelente ponto.', sentiment: 0.8 },
        { speaker: 'customer', startMs: 8500, endMs: 11000, text: 'Hum, pode ser.', sentiment: 0 },
        { speaker: 'customer', startMs: 11500, endMs: 14000, text: 'Gostei, faz sentido.', sentiment: 0.6 },
      ],
    }));
    const { sentiment } = getCallDetail(store, id);
    expect(sentiment.map((p) => p.atMs)).toEqual([5000, 11000, 14000]);
    expect(sentiment.map((p) => p.score)).toEqual([-0.7, 0, 0.6]);
    expect(sentiment.every((p) => p.rolling !== null)).toBe(true);
    // The least-squares line over (5000,-0.7), (11000,0), (14000,0.6).
    const { slope, intercept } = leastSquares(sentiment);
    expect(slope).toBeGreaterThan(0);
    for (const p of sentiment) expect(p.trend).toBeCloseTo(intercept + slope * p.atMs, 3);
    expect(sentiment[0]!.trend).toBeLessThan(sentiment.at(-1)!.trend);
  });

  it('a call where only the rep was scored has no chart points', () => {
    const id = seedCall(store, ptCall({ segments: [{ speaker: 'rep', startMs: 0, endMs: 1000, text: 'Olá!', sentiment: 0.9 }] }));
    expect(getCallDetail(store, id).sentiment).toEqual([]);
  });
});
