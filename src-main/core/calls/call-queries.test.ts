import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCallDetail, listAllIds, listCalls, sentimentTag } from './call-queries';
import { seedCall } from './seed-calls';
import { DAY, enCall, ptCall, tempStore } from './test-helpers';
import type { Store } from '../store/db';
import { toFtsQuery, highlight } from './fts-query';
import { run } from '../store/query';
import { insertSegmentRow } from '../store/segments';

let t: ReturnType<typeof tempStore>;
let store: Store;
let pt: string;
let en: string;
const now = Date.UTC(2025, 5, 1);

beforeEach(() => {
  t = tempStore();
  store = t.store;
  run(store, store.db.insertInto('deals').values({ id: 'd1', name: 'Acme expansion', account: 'Acme', stage: 'open', created_at: 0, updated_at: 0 }));
  pt = seedCall(store, ptCall({ startedAt: now - 2 * DAY, dealId: 'd1' }));
  en = seedCall(store, enCall({ startedAt: now - DAY }));
});
afterEach(() => t.cleanup());

describe('calls list', () => {
  it('lists newest first with date, duration, customer/deal, sentiment tag, objections and competitors', () => {
    const { items, total } = listCalls(store, {});
    expect(total).toBe(2);
    expect(items.map((i) => i.id)).toEqual([en, pt]);
    const p = items[1]!;
    expect(p).toMatchObject({ customer: 'Mariana Costa', dealId: 'd1', dealName: 'Acme expansion', durationMs: 41000, startedAt: now - 2 * DAY });
    expect(p.topObjections).toEqual([{ value: 'price', count: 1 }]);
    expect(p.competitors).toEqual([{ value: 'salesforce', name: 'Salesforce', count: 1 }]);
    expect(p.sentimentTag).toBe('neutral');
    expect(items[0]!.sentimentTag).toBe(sentimentTag(items[0]!.sentimentAvg));
  });

  it('searches transcripts without accents: "preco" and "orcamento" find the Portuguese call', () => {
    for (const q of ['preco', 'ORÇAMENTO', 'orcam', 'integram ERP']) {
      const { items } = listCalls(store, { query: q });
      expect(items.map((i) => i.id), q).toEqual([pt]);
    }
    expect(listCalls(store, { query: 'preco' }).items[0]!.snippet).toContain('[preço]');
    expect(listCalls(store, { query: 'hubspot' }).items.map((i) => i.id)).toEqual([en]);
    expect(listCalls(store, { query: 'kangaroo' }).total).toBe(0);
  });

  it('treats FTS5 syntax in the search box as plain words', () => {
    for (const q of ['"', 'price OR', 'NEAR(', '*', 'a AND (b', "o'brien"]) expect(() => listCalls(store, { query: q })).not.toThrow();
    expect(toFtsQuery('  ')).toBeNull();
    expect(toFtsQuery('preço "alto')).toBe('"preço" "alto"*');
  });

  it('filters by date, objection, competitor and sentiment', () => {
    expect(listCalls(store, { from: now - DAY - 1 }).items.map((i) => i.id)).toEqual([en]);
    expect(listCalls(store, { to: now - DAY - 1 }).items.map((i) => i.id)).toEqual([pt]);
    expect(listCalls(store, { objection: 'price' }).items.map((i) => i.id)).toEqual([pt]);
    expect(listCalls(store, { objection: 'budget' }).items.map((i) => i.id)).toEqual([en]);
    expect(listCalls(store, { competitor: 'hubspot' }).items.map((i) => i.id)).toEqual([en]);
    expect(listCalls(store, { objection: 'trust' }).total).toBe(0);
    const neg = seedCall(store, enCall({ title: 'angry', startedAt: now, segments: [{ speaker: 'customer', startMs: 0, endMs: 1000, text: 'This is terrible.', sentiment: -0.9 }] }));
    expect(listCalls(store, { sentiment: 'negative' }).items.map((i) => i.id)).toEqual([neg]);
    expect(listCalls(store, { sentiment: 'positive' }).total).toBe(0);
    expect(listCalls(store, { sentiment: 'neutral' }).total).toBe(2);
    expect(listCalls(store, { query: 'terrible', sentiment: 'negative', from: now - 1 }).total).toBe(1);
  });

  it('a competitor filter takes the name or an alias, in any case, as well as the id', () => {
    for (const c of ['hubspot', 'HubSpot', 'HUBSPOT', 'hub spot', ' Hub Spot ']) expect(listCalls(store, { competitor: c }).items.map((i) => i.id), c).toEqual([en]);
    for (const c of ['Salesforce', 'salesforce', 'SFDC', 'sales force']) expect(listCalls(store, { competitor: c }).items.map((i) => i.id), c).toEqual([pt]);
    const rd = seedCall(store, enCall({ title: 'rd', startedAt: now, segments: [{ speaker: 'customer', startMs: 0, endMs: 1000, text: 'We use RD Station.', competitors: ['rd-station'] }] }));
    for (const c of ['RD Station', 'rd-station', 'rd station', 'RDStation']) expect(listCalls(store, { competitor: c }).items.map((i) => i.id), c).toEqual([rd]);
    expect(listCalls(store, { competitor: 'Gong' }).total).toBe(0);
    expect(listAllIds(store, { competitor: 'HubSpot' })).toEqual([en]);
  });

  it('pages with limit/offset and a total', () => {
    const page = listCalls(store, { limit: 1, offset: 1 });
    expect(page.total).toBe(2);
    expect(page.items.map((i) => i.id)).toEqual([pt]);
  });

  it('indexes segments written after the call started, and edited text', () => {
    insertSegmentRow(store, { call_id: en, speaker: 'customer', start_ms: 50000, end_ms: 51000, text: 'Precisamos de aprovação da diretoria' });
    expect(listCalls(store, { query: 'aprovacao' }).items.map((i) => i.id)).toEqual([en]);
    run(store, store.db.updateTable('segments').set({ text: 'texto corrigido' }).where('text', 'like', 'Precisamos%'));
    expect(listCalls(store, { query: 'aprovacao' }).total).toBe(0);
    expect(listCalls(store, { query: 'corrigido' }).total).toBe(1);
  });
});

describe('call detail', () => {
  it('has the speaker-labelled transcript, sentiment, markers, hints and talk metrics', () => {
    const d = getCallDetail(store, pt);
    expect(d.segments).toHaveLength(8);
    expect(d.segments[0]).toMatchObject({ speaker: 'rep', startMs: 0, endMs: 4000, isQuestion: true });
    expect(d.sentiment.map((s) => s.score)).toEqual([-0.6, -0.1, 0.5]);
    expect(d.markers).toEqual([
      { atMs: 9000, kind: 'objection', value: 'price', name: 'price', confidence: 0.9 },
      { atMs: 31000, kind: 'competitor', value: 'salesforce', name: 'Salesforce', confidence: 0.95 },
    ]);
    expect(d.hints).toHaveLength(1);
    expect(d.hints[0]).toMatchObject({ trigger: 'price', used: true, latencyMs: 180 });
    // rep: 4000 + 10500 + 6000 + 1500 + 5000 = 27000; customer: 4500 + 4500 + 2500 = 11500
    expect(d.metrics.repTalkMs).toBe(27000);
    expect(d.metrics.customerTalkMs).toBe(11500);
    expect(d.metrics.talkRatio).toBeCloseTo(27000 / 38500, 5);
    expect(d.metrics.longestMonologue).toEqual({ speaker: 'rep', startMs: 9500, endMs: 26000, durationMs: 16500 });
    expect(d.metrics.repQuestions).toEqual(['Olá Mariana, como está o projeto de vocês?', 'Vou enviar a proposta revisada até sexta-feira, combinado?']);
  });

  it('refuses an unknown id with a clear error', () => {
    expect(() => getCallDetail(store, 'nope')).toThrow('no call with id nope');
  });
});

describe('highlight', () => {
  it('wraps accent-insensitive hits and the last word as a prefix', () => {
    expect(highlight(['nada aqui', 'O preço subiu'], 'preco')).toBe('O [preço] subiu');
    expect(highlight(['Orçamentos apertados'], 'orcam')).toBe('[Orçamentos] apertados');
    expect(highlight(['nothing'], 'preco')).toBeNull();
  });
});
