import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDeals } from './import';
import { linkCall, matchDeals, unlinkCall } from './link';
import { callsOfDeal, findDeals } from '../store/deals';
import { getCallListRow } from '../store/calls';
import { seedCall } from '../calls/seed-calls';
import { freshStores } from '../../../test/stores';
import { repoRoot, tempDir } from '../../../test/helpers';

const fresh = freshStores();
const call = (title: string, customer: string | null) => ({ title, customer, language: 'pt' as const, startedAt: 1000, segments: [{ speaker: 'customer' as const, startMs: 0, endMs: 1000, text: 'Olá' }] });

describe('a call linked to a deal', () => {
  it('matched by the customer (accents, case and company suffix aside) or the title; picked by CRM id; unlinked', () => {
    const store = fresh();
    importDeals(store, path.join(repoRoot, 'test/fixtures/crm/exports/salesforce-pt.csv'));
    const byCustomer = seedCall(store, call('Reunião de expansão', 'transportes rodovale'));
    expect(linkCall(store, byCustomer)).toMatchObject({ external_id: '0065g00000AbC03', name: 'Rodovale - expansão' });
    expect(getCallListRow(store, byCustomer)).toMatchObject({ deal_name: 'Rodovale - expansão' });
    const byTitle = seedCall(store, call('Clinica Sao Lucas — proposta', null));
    expect(matchDeals(store, byTitle).map((d) => d.external_id)).toEqual(['0065g00000AbC04']);
    linkCall(store, byTitle);
    const deal = findDeals(store, '0065g00000AbC04')[0]!;
    expect(callsOfDeal(store, deal.id).map((c) => c.id)).toEqual([byTitle]);
    // Construtora Horizonte's deals are both closed: no open deal to match; naming one links it.
    const closedOnly = seedCall(store, call('Horizonte', 'Construtora Horizonte Ltda.'));
    expect(() => linkCall(store, closedOnly)).toThrow(/no open deal's account matches call/);
    expect(linkCall(store, closedOnly, '0065g00000AbC06')).toMatchObject({ name: 'Horizonte - treinamento' });
    unlinkCall(store, closedOnly);
    expect(getCallListRow(store, closedOnly)!.deal_id).toBeNull();
    expect(() => linkCall(store, 'nope')).toThrow(/no call nope/);
    expect(() => linkCall(store, byTitle, 'nope')).toThrow(/no deal nope/);
  });

  it('two open deals of the account: an error naming both, no guess', () => {
    const store = fresh();
    const t = tempDir();
    const file = path.join(t.dir, 'hubspot.csv');
    fs.writeFileSync(file, 'Record ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Associated Company\n1,Farmavida - lojas SP,Contract sent,"$1,000.00",01/15/2025,06/30/2025,Rede Farmavida\n2,Farmavida - CD,Qualified to buy,"$2,000.00",02/15/2025,07/30/2025,Rede Farmavida\n');
    try {
      importDeals(store, file);
    } finally {
      t.cleanup();
    }
    const id = seedCall(store, call('Farmavida', 'Rede Farmavida'));
    expect(() => linkCall(store, id)).toThrow(/^2 open deals match call .*: 1 \(Farmavida - lojas SP\), 2 \(Farmavida - CD\); name one$/);
    expect(getCallListRow(store, id)!.deal_id).toBeNull();
    expect(linkCall(store, id, '2').name).toBe('Farmavida - CD');
  });
});
