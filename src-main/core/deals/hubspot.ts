/**
 * The CRM connector interface and its one live connector: HubSpot with a private-app token
 * (issue 15, point 1). It reads the deals (CRM v3 objects API, paged, with each deal's owner
 * and associated company) and writes a call's note and follow-up task back to a deal. Deals
 * read here are the same rows a HubSpot CSV import writes (source `hubspot`, the HubSpot
 * record id), so a deal imported from a file and later pulled is updated, not duplicated.
 *
 * JSON shapes as HubSpot documents them (developers.hubspot.com, CRM API v3: objects/deals,
 * owners, companies batch read, notes and tasks with associations; association type 214 is
 * note→deal, 216 task→deal). Tested against a server on 127.0.0.1 that answers with them.
 */
import { CoreError } from '../../../src-shared/errors';
import type { Store } from '../store/db';
import { type DealInput, upsertAccounts, upsertDeals, upsertOwners } from '../store/deals';
import { transaction } from '../store/query';
import { outcomeOf } from './formats';

export type NoteInput = { body: string; at: Date };
export type TaskInput = { subject: string; body: string; dueAt: Date };

/** What the app needs of a CRM: its deals, and a note and a task written back to one. */
export type CrmConnector = {
  source: string;
  listDeals(): Promise<DealInput[]>;
  addNote(dealId: string, note: NoteInput): Promise<{ id: string }>;
  addTask(dealId: string, task: TaskInput): Promise<{ id: string }>;
};

type HsObject = { id: string; properties: Record<string, string | null>; associations?: Record<string, { results: { id: string; type?: string }[] }> };
type HsPage = { results: HsObject[]; paging?: { next?: { after: string } } };
type HsOwner = { id: string; email?: string; firstName?: string; lastName?: string };

export const HUBSPOT_API = 'https://api.hubapi.com';
const NOTE_TO_DEAL = 214;
const TASK_TO_DEAL = 216;
const DEAL_PROPERTIES = ['dealname', 'amount', 'deal_currency_code', 'dealstage', 'closedate', 'createdate', 'hubspot_owner_id', 'pipeline'];

export function hubspotConnector(o: { token: string; baseUrl?: string; fetch?: typeof fetch }): CrmConnector {
  const base = (o.baseUrl ?? HUBSPOT_API).replace(/\/$/, '');
  const doFetch = o.fetch ?? fetch;
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json', accept: 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new CoreError('unavailable', `HubSpot cannot be reached at ${base}: ${(err as Error).message}`);
    }
    const text = await res.text();
    if (!res.ok) {
      let message = text.slice(0, 200);
      try {
        const j = JSON.parse(text) as { message?: string; category?: string };
        message = [j.category, j.message].filter(Boolean).join(': ') || message;
      } catch {
        // not JSON: the start of the body
      }
      const hint = res.status === 401 ? ' (check the private app token)' : res.status === 403 ? ' (the private app lacks a scope: crm.objects.deals.read/write, crm.objects.owners.read, crm.objects.companies.read)' : res.status === 429 ? ' (rate limited: try again in a few seconds)' : '';
      throw new CoreError('unavailable', `HubSpot ${method} ${path.split('?')[0]} answered ${res.status}: ${message.replace(/\s+/g, ' ')}${hint}`);
    }
    return (text ? JSON.parse(text) : {}) as T;
  };

  return {
    source: 'hubspot',
    async listDeals() {
      const deals: HsObject[] = [];
      let after: string | undefined;
      do {
        const q = new URLSearchParams({ limit: '100', properties: DEAL_PROPERTIES.join(','), associations: 'companies', archived: 'false' });
        if (after) q.set('after', after);
        const page = await call<HsPage>('GET', `/crm/v3/objects/deals?${q}`);
        deals.push(...page.results);
        after = page.paging?.next?.after;
      } while (after);
      const owners = new Map<string, string>();
      let ownerAfter: string | undefined;
      do {
        const q = new URLSearchParams({ limit: '100' });
        if (ownerAfter) q.set('after', ownerAfter);
        const page = await call<{ results: HsOwner[]; paging?: { next?: { after: string } } }>('GET', `/crm/v3/owners?${q}`);
        for (const w of page.results) owners.set(w.id, [w.firstName, w.lastName].filter(Boolean).join(' ') || w.email || w.id);
        ownerAfter = page.paging?.next?.after;
      } while (ownerAfter);
      const companyIds = [...new Set(deals.flatMap((d) => d.associations?.companies?.results.map((r) => r.id) ?? []))];
      const companies = new Map<string, string>();
      for (let i = 0; i < companyIds.length; i += 100) {
        const page = await call<{ results: HsObject[] }>('POST', '/crm/v3/objects/companies/batch/read', { properties: ['name'], inputs: companyIds.slice(i, i + 100).map((id) => ({ id })) });
        for (const c of page.results) if (c.properties.name) companies.set(c.id, c.properties.name);
      }
      return deals.map((d): DealInput => {
        const p = d.properties;
        const outcome = outcomeOf(p.dealstage ?? null, null);
        const amount = p.amount === null || p.amount === undefined || p.amount === '' ? null : Number(p.amount);
        const close = p.closedate ? p.closedate.slice(0, 10) : null;
        const company = d.associations?.companies?.results[0]?.id;
        return {
          source: 'hubspot',
          external_id: d.id,
          name: p.dealname || d.id,
          account: company ? (companies.get(company) ?? null) : null,
          product: null,
          owner: p.hubspot_owner_id ? (owners.get(p.hubspot_owner_id) ?? null) : null,
          stage: p.dealstage ?? 'open',
          outcome,
          amount: amount !== null && Number.isFinite(amount) ? amount : null,
          currency: p.deal_currency_code || null,
          engage_date: p.createdate ? p.createdate.slice(0, 10) : null,
          close_date: outcome === 'open' ? null : close,
          expected_close: outcome === 'open' ? close : null,
          close_value: outcome === 'won' ? amount : outcome === 'lost' ? 0 : null,
        };
      });
    },
    async addNote(dealId, note) {
      const r = await call<{ id: string }>('POST', '/crm/v3/objects/notes', {
        properties: { hs_timestamp: note.at.toISOString(), hs_note_body: note.body },
        associations: [{ to: { id: dealId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_DEAL }] }],
      });
      return { id: r.id };
    },
    async addTask(dealId, task) {
      const r = await call<{ id: string }>('POST', '/crm/v3/objects/tasks', {
        properties: { hs_timestamp: task.dueAt.toISOString(), hs_task_subject: task.subject, hs_task_body: task.body, hs_task_status: 'NOT_STARTED', hs_task_priority: 'MEDIUM', hs_task_type: 'TODO' },
        associations: [{ to: { id: dealId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_DEAL }] }],
      });
      return { id: r.id };
    },
  };
}

/** Reads every deal from the connector and writes them (with their accounts and owners) in one transaction. */
export async function pullDeals(store: Store, connector: CrmConnector, now = Date.now()): Promise<{ deals: number; inserted: number; updated: number; open: number; won: number; lost: number }> {
  const deals = await connector.listDeals();
  const counts = transaction(store, () => {
    upsertAccounts(store, [...new Set(deals.map((d) => d.account).filter((a): a is string => !!a))].map((name) => ({ name, updated_at: now })));
    upsertOwners(store, [...new Set(deals.map((d) => d.owner).filter((a): a is string => !!a))].map((name) => ({ name, updated_at: now })));
    return upsertDeals(store, deals, now);
  });
  const by = (k: string) => deals.filter((d) => d.outcome === k).length;
  return { deals: deals.length, ...counts, open: by('open'), won: by('won'), lost: by('lost') };
}
