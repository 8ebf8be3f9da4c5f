import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDeals } from './import';
import { driftCheck, trainAndSave } from './service';
import { freshStores } from '../../../test/stores';
import { repoRoot, tempDir } from '../../../test/helpers';

const fresh = freshStores();
const HEADER = 'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n';
const sample = fs.readFileSync(path.join(repoRoot, 'test/fixtures/crm/maven/sales_pipeline.csv'), 'utf8').trim().split('\n').slice(1);

/** The sample's deals closed up to `until` in a folder with the sample's side files; then later outcomes, written here. */
function pipeline(rows: string[]): { file: string; cleanup(): void } {
  const t = tempDir();
  for (const f of ['accounts.csv', 'products.csv', 'sales_teams.csv']) fs.copyFileSync(path.join(repoRoot, 'test/fixtures/crm/maven', f), path.join(t.dir, f));
  const file = path.join(t.dir, 'sales_pipeline.csv');
  fs.writeFileSync(file, HEADER + rows.join('\n') + '\n');
  return { file, cleanup: t.cleanup };
}

const late = (id: string, stage: 'Won' | 'Lost', day: number) => `${id},Moses Frase,GTX Basic,Cancity,${stage},2017-12-01,2018-01-${String(1 + (day % 28)).padStart(2, '0')},${stage === 'Won' ? 550 : 0}`;

describe('drift: new outcomes against the model', () => {
  it('none before 20 new outcomes; outcomes at the predicted rate agree; a run of losses is flagged', () => {
    const store = fresh();
    const early = pipeline(sample.filter((l) => l.split(',')[6]! <= '2017-09-30'));
    try {
      importDeals(store, early.file);
    } finally {
      early.cleanup();
    }
    const { card } = trainAndSave(store);
    expect(card.trainedThrough).toBe('2017-09-30');
    expect(driftCheck(store)).toBeNull();
    const add = (rows: string[]) => {
      const f = pipeline(rows);
      try {
        importDeals(store, f.file);
      } finally {
        f.cleanup();
      }
    };
    add(Array.from({ length: 10 }, (_, i) => late(`A${i}`, i < 6 ? 'Won' : 'Lost', i)));
    expect(driftCheck(store)).toBeNull();
    // 100 new outcomes, 64 won: what the model (~64%) expects.
    add(Array.from({ length: 90 }, (_, i) => late(`B${i}`, i < 58 ? 'Won' : 'Lost', i)));
    const ok = driftCheck(store)!;
    expect(ok).toMatchObject({ since: '2017-09-30', deals: 100, observed: 0.64, drift: false });
    // Then 60 losses: 64 of 160 won (40%) against ~64% predicted.
    add(Array.from({ length: 60 }, (_, i) => late(`C${i}`, 'Lost', i)));
    expect(driftCheck(store)).toMatchObject({ deals: 160, observed: 0.4, drift: true });
  }, 60_000);

  it('on the sample: trained on the deals closed by 2017-09-30, its Q4 outcomes (60% won against 64% predicted) are flagged', () => {
    const store = fresh();
    const early = pipeline(sample.filter((l) => l.split(',')[6]! <= '2017-09-30'));
    const all = pipeline(sample);
    try {
      importDeals(store, early.file);
      trainAndSave(store);
      importDeals(store, all.file);
    } finally {
      early.cleanup();
      all.cleanup();
    }
    const d = driftCheck(store)!;
    expect(d).toMatchObject({ deals: 1985, drift: true });
    expect(d.observed).toBeCloseTo(0.6025, 3);
    expect(d.observed).toBeLessThan(d.low);
  }, 60_000);
});
