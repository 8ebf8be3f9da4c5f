import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OBJECTION_LABELS } from '../../../src-shared/taxonomy';
import { normalizeText } from './featurize';

const REPO = path.resolve(__dirname, '../../..');
type Row = { text: string; lang: string; label: string; split: string };
const rows = fs
  .readFileSync(path.join(REPO, 'training/data/objections.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Row);

describe('objection labelled set', () => {
  it('has at least 400 utterances, valid labels, both languages and every class in train and test', () => {
    expect(rows.length).toBeGreaterThanOrEqual(400);
    for (const r of rows) {
      expect(OBJECTION_LABELS as readonly string[]).toContain(r.label);
      expect(['pt', 'en']).toContain(r.lang);
      expect(r.text.trim()).toBe(r.text);
    }
    for (const split of ['train', 'test']) {
      for (const lang of ['pt', 'en']) {
        for (const label of OBJECTION_LABELS) {
          expect(rows.filter((r) => r.split === split && r.lang === lang && r.label === label).length, `${split}/${lang}/${label}`).toBeGreaterThanOrEqual(3);
        }
      }
    }
  });

  it('never has the same utterance (after normalisation) in training and any held-out split', () => {
    const train = new Set(rows.filter((r) => r.split === 'train').map((r) => normalizeText(r.text)));
    const leaked = rows.filter((r) => r.split !== 'train' && train.has(normalizeText(r.text)));
    expect(leaked).toEqual([]);
  });

  it('holds no line of the blind sets (training/blind/objections-blind*.txt), compared after normalisation', () => {
    const blindDir = path.join(REPO, 'training/blind');
    const blind = new Set(
      fs
        .readdirSync(blindDir)
        .filter((f) => /^objections-blind.*\.txt$/.test(f))
        .flatMap((f) => fs.readFileSync(path.join(blindDir, f), 'utf8').split('\n'))
        .map((l) => l.trim())
        .filter((l) => l && !/^[#%@]/.test(l))
        .map((l) => normalizeText(l)),
    );
    expect(blind.size).toBeGreaterThan(1000);
    // Only a count is reported, so a failure never prints a blind line.
    expect(rows.filter((r) => blind.has(normalizeText(r.text))).length).toBe(0);
  });

  it('keeps hard negatives: price, contract and timing questions labelled none', () => {
    const none = rows.filter((r) => r.label === 'none').map((r) => normalizeText(r.text));
    expect(none.some((t) => /quanto custa|qual o valor/.test(t))).toBe(true);
    expect(none.some((t) => /how much|price per seat/.test(t))).toBe(true);
    expect(none.some((t) => /contrato/.test(t))).toBe(true);
    expect(none.some((t) => /budget/.test(t))).toBe(true);
  });
});

describe('Portuguese sentiment set', () => {
  it('has at least 300 sentences over all three labels', () => {
    const counts: Record<string, number> = {};
    let label = '';
    for (const line of fs.readFileSync(path.join(REPO, 'training/data/sentiment-pt.txt'), 'utf8').split('\n').map((l) => l.trim())) {
      if (!line || line.startsWith('#')) continue;
      if (line.startsWith('@')) label = line.slice(1).trim();
      else counts[label] = (counts[label] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(['negative', 'neutral', 'positive']);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(300);
    for (const n of Object.values(counts)) expect(n).toBeGreaterThanOrEqual(90);
  });
});
