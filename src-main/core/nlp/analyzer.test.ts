import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OBJECTION_LABELS } from '../../../src-shared/taxonomy';
import { createAnalyzer } from './analyzer';
import type { Analyzer } from './types';

const REPO = path.resolve(__dirname, '../../..');
const MODELS = path.join(REPO, 'models');
type Row = { text: string; lang: 'pt' | 'en'; label: string; split?: string };
const readJsonl = (file: string): Row[] => fs.readFileSync(path.join(REPO, file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(REPO, file), 'utf8')) as T;

/** Macro-F1 over `labels`, the same formula as training/common.py. */
function macroF1(truth: string[], pred: string[], labels: readonly string[]): number {
  let sum = 0;
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((t, i) => {
      if (t === label && pred[i] === label) tp++;
      else if (pred[i] === label) fp++;
      else if (t === label) fn++;
    });
    const p = tp + fp ? tp / (tp + fp) : 0;
    const r = tp + fn ? tp / (tp + fn) : 0;
    sum += p + r ? (2 * p * r) / (p + r) : 0;
  }
  return sum / labels.length;
}

let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = await createAnalyzer();
});
afterAll(() => analyzer.close());

describe('objection classifier through ONNX Runtime', () => {
  // The test split holds every author's phrasing (hard negatives and none-only authors included),
  // so its figure is lower than the blind set's; 0.80 guards against a regression, the parity
  // check against a featuriser or export drift. The targets are measured on held-out sets.
  it('reaches macro-F1 >= 0.80 on the test split, exactly the figure the training script reported', async () => {
    const test = readJsonl('training/data/objections.jsonl').filter((r) => r.split === 'test');
    expect(test.length).toBeGreaterThan(100);
    const pred: string[] = [];
    for (const row of test) pred.push((await analyzer.analyze(row.text)).objections[0]?.type ?? 'none');
    const f1 = macroF1(test.map((r) => r.label), pred, OBJECTION_LABELS);
    const reported = readJson<{ macroF1: number }>('models/objection/metrics.json').macroF1;
    expect(f1).toBeGreaterThanOrEqual(0.8);
    expect(Math.abs(f1 - reported)).toBeLessThan(1e-9);
  });

  it('finds each kind of objection and leaves buying signals alone', async () => {
    const cases: [string, string][] = [
      ['Isso tá caro demais pra gente', 'price'],
      ["We don't have any budget left this year", 'budget'],
      ['me liga de novo no ano que vem', 'timing'],
      ['I have to run it by my CFO', 'authority'],
      ['We already use Gong for that', 'competitor'],
      ['Quanto custa pra um time de dez pessoas?', 'none'],
      ['How much is it per seat?', 'none'],
      ['Bom dia, tudo bem?', 'none'],
    ];
    for (const [text, label] of cases) {
      const a = await analyzer.analyze(text);
      expect(a.objections[0]?.type ?? 'none', text).toBe(label);
      if (label === 'none') expect(a.objections).toEqual([]);
      else expect(a.objections[0]!.confidence).toBeGreaterThanOrEqual(readJson<{ threshold: number }>('models/objection/config.json').threshold);
    }
  });
});

describe('sentiment through ONNX Runtime', () => {
  it('matches the held-out macro-F1 the training script reported', async () => {
    const test = readJsonl('training/data/sentiment-test.jsonl');
    const pred: string[] = [];
    for (const row of test) pred.push((await analyzer.analyze(row.text, { language: row.lang })).sentiment.label);
    const f1 = macroF1(test.map((r) => r.label), pred, ['negative', 'neutral', 'positive']);
    const reported = readJson<{ macroF1: number }>('models/sentiment/metrics.json').macroF1;
    expect(Math.abs(f1 - reported)).toBeLessThan(1e-9);
    expect(f1).toBeGreaterThan(0.8);
  });

  it('scores in [-1, 1] with the sign of the label', async () => {
    const good = await analyzer.analyze('Adorei a demo, isso vai ajudar demais o meu time');
    const bad = await analyzer.analyze('The support was terrible and the app keeps crashing');
    expect(good.sentiment.label).toBe('positive');
    expect(good.sentiment.score).toBeGreaterThan(0);
    expect(good.sentiment.score).toBeLessThanOrEqual(1);
    expect(bad.sentiment.label).toBe('negative');
    expect(bad.sentiment.score).toBeLessThan(0);
    expect(bad.sentiment.score).toBeGreaterThanOrEqual(-1);
  });
});

describe('createAnalyzer', () => {
  it('returns the whole analysis: language, sentiment, objections, competitors', async () => {
    const a = await analyzer.analyze('a gente já usa o gongui e tá caro');
    expect(a.language).toBe('pt');
    expect(a.competitors).toEqual([{ id: 'gong', name: 'Gong', confidence: 0.9 }]);
    expect(a.text).toBe('a gente já usa o gongui e tá caro');
    expect((await analyzer.analyze('we use hub spot', { language: 'pt' })).language).toBe('pt');
    const empty = await analyzer.analyze('   ');
    expect(empty).toMatchObject({ sentiment: { label: 'neutral', score: 0 }, objections: [], competitors: [] });
  });

  it('watches the battlecards it is given and can swap them', async () => {
    const custom = await createAnalyzer({ battlecards: [{ id: 'acme', competitor: 'Acme Calls', aliases: ['acmecalls'] }] });
    try {
      expect((await custom.analyze('we moved to acme calls')).competitors.map((c) => c.id)).toEqual(['acme']);
      expect((await custom.analyze('we use Gong')).competitors).toEqual([]);
      custom.setBattlecards!([]);
      expect((await custom.analyze('we use Gong')).competitors.map((c) => c.id)).toEqual(['gong']);
    } finally {
      await custom.close();
    }
  });

  it('names the missing or corrupt model file in a one-line error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nlp-models-'));
    for (const name of ['objection', 'sentiment']) fs.cpSync(path.join(MODELS, name), path.join(dir, name), { recursive: true });
    await (await createAnalyzer({ modelsDir: dir })).close(); // the copy itself loads
    fs.rmSync(path.join(dir, 'sentiment', 'model.onnx'));
    await expect(createAnalyzer({ modelsDir: dir })).rejects.toThrow(/^model file missing: .*sentiment\/model\.onnx$/);
    fs.writeFileSync(path.join(dir, 'sentiment', 'model.onnx'), 'not an onnx model');
    await expect(createAnalyzer({ modelsDir: dir })).rejects.toThrow(/^model file is corrupt .*sentiment\/model\.onnx$/);
    fs.writeFileSync(path.join(dir, 'objection', 'config.json'), '{"name": 1}');
    await expect(createAnalyzer({ modelsDir: dir })).rejects.toThrow(/objection\/config\.json$/);
    fs.rmSync(dir, { recursive: true });
  });
});
