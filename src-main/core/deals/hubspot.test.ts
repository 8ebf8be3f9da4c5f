// The HubSpot connector against a server on 127.0.0.1 that answers as HubSpot's CRM v3 API
// documents (objects/deals with paging and company associations, owners, companies batch
// read, notes and tasks created with deal associations, errors as {status, message, category}).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hubspotConnector, pullDeals } from './hubspot';
import { importDeals } from './import';
import { listDeals } from '../store/deals';
import { freshStores } from '../../../test/stores';
import { repoRoot } from '../../../test/helpers';
import path from 'node:path';

type Obj = { id: string; properties: Record<string, string | null>; createdAt: string; updatedAt: string; archived: boolean; associations?: unknown };
const TOKEN = 'pat-na1-test-token';
const state = {
  deals: [] as Obj[],
  notes: [] as { id: string; body: Record<string, unknown> }[],
  tasks: [] as { id: string; body: Record<string, unknown> }[],
  requests: [] as string[],
};
const deal = (id: string, p: Record<string, string | null>, company?: string): Obj => ({
  id,
  properties: { hs_object_id: id, createdate: '2025-01-15T09:30:00.000Z', lastmodifieddate: '2025-04-01T10:00:00.000Z', pipeline: 'default', ...p },
  createdAt: '2025-01-15T09:30:00.000Z',
  updatedAt: '2025-04-01T10:00:00.000Z',
  archived: false,
  ...(company ? { associations: { companies: { results: [{ id: company, type: 'deal_to_company' }] } } } : {}),
});
const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
  res.end(JSON.stringify(body));
};

let server: http.Server;
let baseUrl: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      state.requests.push(`${req.method} ${url.pathname}${url.search}`);
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(res, 401, { status: 'error', message: 'Authentication credentials not found.', correlationId: 'c1', category: 'INVALID_AUTHENTICATION' });
      if (req.method === 'GET' && url.pathname === '/crm/v3/objects/deals') {
        const after = Number(url.searchParams.get('after') ?? 0);
        const limit = Math.min(Number(url.searchParams.get('limit') ?? 10), 2); // small pages: paging is exercised
        const page = state.deals.slice(after, after + limit);
        const next = after + limit < state.deals.length ? { next: { after: String(after + limit), link: `${baseUrl}/crm/v3/objects/deals?after=${after + limit}` } } : undefined;
        return json(res, 200, { results: page, ...(next ? { paging: next } : {}) });
      }
      if (req.method === 'GET' && url.pathname === '/crm/v3/owners') {
        return json(res, 200, { results: [{ id: '111', email: 'jordan@example.com', firstName: 'Jordan', lastName: 'Miles', userId: 9, createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z', archived: false }, { id: '222', email: 'priya@example.com', firstName: 'Priya', lastName: 'Raman', archived: false }] });
      }
      if (req.method === 'POST' && url.pathname === '/crm/v3/objects/companies/batch/read') {
        const body = JSON.parse(raw) as { inputs: { id: string }[] };
        const names: Record<string, string> = { '501': 'Northwind Traders', '502': 'Fabrikam Inc.' };
        return json(res, 200, { status: 'COMPLETE', results: body.inputs.filter((i) => names[i.id]).map((i) => ({ id: i.id, properties: { name: names[i.id]!, hs_object_id: i.id }, createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z', archived: false })), startedAt: '2025-04-01T10:00:00Z', completedAt: '2025-04-01T10:00:00Z' });
      }
      if (req.method === 'POST' && (url.pathname === '/crm/v3/objects/notes' || url.pathname === '/crm/v3/objects/tasks')) {
        const body = JSON.parse(raw) as { properties: Record<string, string> };
        const list = url.pathname.endsWith('notes') ? state.notes : state.tasks;
        const id = String(9000 + state.notes.length + state.tasks.length);
        list.push({ id, body });
        return json(res, 201, { id, properties: { ...body.properties, hs_object_id: id }, createdAt: '2025-04-01T10:00:00Z', updatedAt: '2025-04-01T10:00:00Z', archived: false });
      }
      json(res, 404, { status: 'error', message: `no route ${req.method} ${url.pathname}`, category: 'OBJECT_NOT_FOUND' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  state.deals = [
    deal('9845120331', { dealname: 'Northwind - Team plan', amount: '24000', deal_currency_code: 'USD', dealstage: 'closedwon', closedate: '2025-03-28T16:02:00.000Z', hubspot_owner_id: '111' }, '501'),
    deal('9845120332', { dealname: 'Contoso - Pilot', amount: '5400.5', deal_currency_code: 'USD', dealstage: 'closedlost', closedate: '2025-02-20T11:45:00.000Z', hubspot_owner_id: '111' }),
    deal('9845120333', { dealname: 'Fabrikam - Enterprise', amount: '118500', deal_currency_code: 'USD', dealstage: 'contractsent', closedate: '2025-06-30T00:00:00.000Z', hubspot_owner_id: '222' }, '502'),
  ];
  state.notes = [];
  state.tasks = [];
  state.requests = [];
});

describe('HubSpot connector (127.0.0.1 test server)', () => {
  const fresh = freshStores();

  it('round-trips a deal (read, then read again after it changed), a note and a task', async () => {
    const store = fresh();
    const hs = hubspotConnector({ token: TOKEN, baseUrl });
    expect(await pullDeals(store, hs, 1)).toMatchObject({ deals: 3, inserted: 3, updated: 0, won: 1, lost: 1, open: 1 });
    // Two pages of deals (limit 2 here), the owners, one batch read for the companies.
    expect(state.requests.filter((r) => r.startsWith('GET /crm/v3/objects/deals'))).toHaveLength(2);
    const byId = new Map(listDeals(store).map((d) => [d.external_id, d]));
    expect(byId.get('9845120331')).toMatchObject({ source: 'hubspot', name: 'Northwind - Team plan', owner: 'Jordan Miles', account: 'Northwind Traders', outcome: 'won', amount: 24000, currency: 'USD', close_date: '2025-03-28', close_value: 24000, engage_date: '2025-01-15' });
    expect(byId.get('9845120333')).toMatchObject({ outcome: 'open', stage: 'contractsent', expected_close: '2025-06-30', close_date: null, owner: 'Priya Raman', account: 'Fabrikam Inc.' });

    // The deal moves on in HubSpot: pulled again, the same row is updated.
    state.deals[2]!.properties.dealstage = 'closedwon';
    state.deals[2]!.properties.amount = '120000';
    expect(await pullDeals(store, hs, 2)).toMatchObject({ inserted: 0, updated: 3, won: 2 });
    expect(listDeals(store).find((d) => d.external_id === '9845120333')).toMatchObject({ id: byId.get('9845120333')!.id, outcome: 'won', amount: 120000, close_value: 120000, updated_at: 2 });

    const note = await hs.addNote('9845120333', { body: 'Call: pricing agreed; next step security review.', at: new Date('2025-04-01T15:00:00Z') });
    const task = await hs.addTask('9845120333', { subject: 'Send the security questionnaire', body: 'Agreed on the call of 1 Apr.', dueAt: new Date('2025-04-03T12:00:00Z') });
    expect(note.id).toBe(state.notes[0]!.id);
    expect(task.id).toBe(state.tasks[0]!.id);
    expect(state.notes[0]!.body).toEqual({ properties: { hs_timestamp: '2025-04-01T15:00:00.000Z', hs_note_body: 'Call: pricing agreed; next step security review.' }, associations: [{ to: { id: '9845120333' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }] }] });
    expect(state.tasks[0]!.body).toMatchObject({ properties: { hs_timestamp: '2025-04-03T12:00:00.000Z', hs_task_subject: 'Send the security questionnaire', hs_task_status: 'NOT_STARTED' }, associations: [{ to: { id: '9845120333' }, types: [{ associationTypeId: 216 }] }] });
  });

  it('a deal imported from a HubSpot CSV export and then pulled is the same row', async () => {
    const store = fresh();
    importDeals(store, path.join(repoRoot, 'test/fixtures/crm/exports/hubspot-en.csv'));
    const before = listDeals(store).find((d) => d.external_id === '9845120331')!;
    expect(await pullDeals(store, hubspotConnector({ token: TOKEN, baseUrl }))).toMatchObject({ inserted: 0, updated: 3 });
    expect(listDeals(store)).toHaveLength(5);
    expect(listDeals(store).find((d) => d.external_id === '9845120331')!.id).toBe(before.id);
  });

  it('a wrong token is one line naming the answer; nothing is written', async () => {
    const store = fresh();
    await expect(pullDeals(store, hubspotConnector({ token: 'wrong', baseUrl }))).rejects.toThrow(/^HubSpot GET \/crm\/v3\/objects\/deals answered 401: INVALID_AUTHENTICATION: Authentication credentials not found\. \(check the private app token\)$/);
    expect(listDeals(store)).toEqual([]);
    await expect(hubspotConnector({ token: TOKEN, baseUrl: 'http://127.0.0.1:1' }).listDeals()).rejects.toThrow(/^HubSpot cannot be reached at http:\/\/127\.0\.0\.1:1/);
  });
});

describe('salesedge deals pull hubspot / note / task', () => {
  it('pulls into the store, writes a note and a task, each one JSON line; no token is one line', async () => {
    const { runCli } = await import('../../cli/program');
    const { dealsCommand } = await import('../../cli/commands/deals');
    const { tempDir } = await import('../../../test/helpers');
    const { vi } = await import('vitest');
    const t = tempDir();
    const run = async (args: string[], token: string | null = TOKEN) => {
      const out: string[] = [];
      const err: string[] = [];
      const saved = process.env.SALESEDGE_HUBSPOT_TOKEN;
      if (token === null) delete process.env.SALESEDGE_HUBSPOT_TOKEN;
      else process.env.SALESEDGE_HUBSPOT_TOKEN = token;
      vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
      vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
      try {
        const code = await runCli(['--data-dir', t.dir, '--json', ...args], [dealsCommand]);
        return { code, stdout: out.join(''), stderr: err.join('') };
      } finally {
        vi.restoreAllMocks();
        if (saved === undefined) delete process.env.SALESEDGE_HUBSPOT_TOKEN;
        else process.env.SALESEDGE_HUBSPOT_TOKEN = saved;
      }
    };
    try {
      const pull = await run(['deals', 'pull', 'hubspot', '--base-url', baseUrl]);
      expect(pull.code).toBe(0);
      expect(JSON.parse(pull.stdout)).toMatchObject({ type: 'pull', crm: 'hubspot', deals: 3, inserted: 3 });
      const list = await run(['deals', 'list', '--outcome', 'open']);
      expect(list.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['9845120333']);
      const note = await run(['deals', 'note', '9845120333', '--text', 'Ligação: preço aprovado', '--base-url', baseUrl]);
      expect(JSON.parse(note.stdout)).toEqual({ type: 'note', dealId: '9845120333', id: state.notes[0]!.id });
      const task = await run(['deals', 'task', '9845120333', '--text', 'Enviar proposta', '--due', '2025-04-03', '--base-url', baseUrl]);
      expect(JSON.parse(task.stdout)).toEqual({ type: 'task', dealId: '9845120333', id: state.tasks[0]!.id });
      expect(state.tasks[0]!.body).toMatchObject({ properties: { hs_timestamp: '2025-04-03T12:00:00.000Z', hs_task_subject: 'Enviar proposta' } });
      const none = await run(['deals', 'pull', 'hubspot', '--base-url', baseUrl], null);
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/^salesedge: set SALESEDGE_HUBSPOT_TOKEN to a HubSpot private app token .*\n$/);
      // An IT policy without cloud services turns the connector off (SALESEDGE_POLICY: test builds only).
      const policy = `${t.dir}/policy.json`;
      (await import('node:fs')).writeFileSync(policy, JSON.stringify({ version: 1, allowCloud: false }));
      process.env.SALESEDGE_POLICY = policy;
      const requestsBefore = state.requests.length;
      try {
        const off = await run(['deals', 'pull', 'hubspot', '--base-url', baseUrl]);
        expect(off.code).toBe(1);
        expect(off.stderr).toBe("salesedge: your organisation's policy does not allow cloud services (allowCloud: false): the HubSpot connector is off\n");
        expect(state.requests.length).toBe(requestsBefore);
      } finally {
        delete process.env.SALESEDGE_POLICY;
      }
    } finally {
      t.cleanup();
    }
  });
});

describe('salesedge deals follow-up --push', () => {
  it('a call linked to a pulled HubSpot deal: the note and the task reach the test server', async () => {
    const { runCli } = await import('../../cli/program');
    const { dealsCommand } = await import('../../cli/commands/deals');
    const { tempDir } = await import('../../../test/helpers');
    const { openStore } = await import('../store/db');
    const { seedCall } = await import('../calls/seed-calls');
    const { enCall } = await import('../calls/sample-calls');
    const { linkCall } = await import('./link');
    const { vi } = await import('vitest');
    const t = tempDir();
    try {
      const store = openStore(t.dir);
      await pullDeals(store, hubspotConnector({ token: TOKEN, baseUrl }));
      const callId = seedCall(store, enCall({ startedAt: Date.UTC(2025, 3, 3, 15, 0) }));
      linkCall(store, callId, '9845120333');
      store.close();
      const out: string[] = [];
      process.env.SALESEDGE_HUBSPOT_TOKEN = TOKEN;
      vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
      let code: number;
      try {
        code = await runCli(['--data-dir', t.dir, '--json', 'deals', 'follow-up', callId, '--push', '--base-url', baseUrl], [dealsCommand]);
      } finally {
        vi.restoreAllMocks();
        delete process.env.SALESEDGE_HUBSPOT_TOKEN;
      }
      expect(code).toBe(0);
      const line = JSON.parse(out.join('')) as { noteId: string; taskId: string; task: { subject: string; body: string; dueAt: string }; note: string };
      expect(line).toMatchObject({ type: 'follow-up', language: 'en', deal: { crmId: '9845120333', source: 'hubspot' }, noteId: state.notes[0]!.id, taskId: state.tasks[0]!.id });
      expect(state.notes[0]!.body).toMatchObject({ properties: { hs_note_body: line.note }, associations: [{ to: { id: '9845120333' } }] });
      expect(state.tasks[0]!.body).toMatchObject({ properties: { hs_task_subject: line.task.subject, hs_task_body: line.task.body, hs_timestamp: '2025-04-07T12:00:00.000Z' }, associations: [{ to: { id: '9845120333' } }] });
    } finally {
      t.cleanup();
    }
  });
});
