import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/db';
import { startServerProcess, type ServerProcess } from '../../../sync-server/test-support/server-process';
import { api, seedTenants, type TenantFixture } from '../../../sync-server/test-support/fixture';
import { enqueueCallInsight } from './insights';
import { enqueueSyncOp } from './outbox';
import { enqueueSampleSimulationResult } from './test-support/sample-ops';
import { transaction } from '../store/query';
import { insertCallRow } from '../store/calls';
import { insertSegmentRow } from '../store/segments';
import { enrollDevice, syncOnce } from './engine';
import type { Change } from '../../../src-shared/sync-protocol';

/**
 * End to end: free text typed by a rep or taken from the transcript (call title, summary,
 * transcript lines, deal name, simulation scenario) reaches a real sync server redacted, so a
 * manager's pull and team view hold no PII.
 */
let srv: ServerProcess;
let A: TenantFixture;
const dirs: string[] = [];

beforeAll(async () => {
  srv = await startServerProcess({ args: ['--device-rps', '1000', '--auth-per-minute', '1000'] });
  [A] = (await seedTenants({ url: srv.url, dataDir: srv.dataDir }, ['acme'])) as [TenantFixture];
}, 180_000);
afterAll(async () => {
  await srv?.kill();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const PII = ['Joana', 'Ferreira', 'joana@acme.com.br', '98765-4321', '529.982.247-25', 'Rua Augusta', '01310-100', 'carla ponto lima', 'Figueiredo', '21998877665'];

const pullAsManager = async (): Promise<Change[]> => {
  const out: Change[] = [];
  let since = 0;
  for (;;) {
    const res = await api(srv.url, 'GET', `/v1/sync/pull?protocol=1&since=${since}&limit=1000`, { token: A.manager.accessToken });
    out.push(...res.body.changes);
    since = res.body.cursor;
    if (!res.body.hasMore) return out;
  }
};

describe('synced free text is PII-redacted', () => {
  it('a call titled with a name, e-mail and phone reaches the manager without them', async () => {
    await api(srv.url, 'PUT', '/v1/tenant/settings', { token: A.manager.accessToken, body: { allowTranscripts: true } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redact-sync-'));
    dirs.push(dir);
    const store = openStore(dir);
    await enrollDevice(store, { serverUrl: srv.url, enrollmentToken: A.enrollToken, deviceName: 'test-laptop' });
    const now = Date.now();
    transaction(store, () => {
      insertCallRow(store, {
        id: 'call-pii', title: 'Demo com Joana Ferreira joana@acme.com.br (11) 98765-4321', customer: 'Joana Ferreira', source: 'live', language: 'pt', started_at: now, duration_ms: 60_000,
        summary: JSON.stringify({ text: 'A joana pediu desconto; mandar proposta pra Rua Augusta, 1500, CEP 01310-100.\nCPF 529.982.247-25 no cadastro.' }), created_at: now,
      });
      insertSegmentRow(store, { call_id: 'call-pii', speaker: 'customer', start_ms: 0, end_ms: 2000, text: 'meu email é carla ponto lima arroba empresa ponto com ponto br' });
      insertSegmentRow(store, { call_id: 'call-pii', speaker: 'customer', start_ms: 2000, end_ms: 4000, text: 'aqui é a FERREIRA, me liga no 21998877665' });
      enqueueCallInsight(store, 'call-pii');
      // A forecast and a simulation result as the deals and simulator work will queue them:
      // the push redacts their free text (engine.ts forPush), whatever wrote them.
      enqueueSyncOp(store, {
        entity: 'forecast', entityId: 'fc-1', op: 'upsert',
        payload: { forecastId: 'fc-1', dealId: 'deal-1', dealName: 'Acme - falar com Dr. Figueiredo (11) 98765-4321', stage: 'proposal', amount: 1000, winProbability: 0.5, expectedValue: 500, closeDate: null, model: 'baseline', createdAt: now },
      });
      enqueueSampleSimulationResult(store, 'sim-1', { scenario: 'Objeção de preço com a Joana Ferreira', persona: 'CFO Joana Ferreira', language: 'pt', startedAt: 1, endedAt: 2, score: 72 });
    });
    const report = await syncOnce(store);
    expect(report).toMatchObject({ pushed: 3, pending: 0 });
    // The first round pulled the tenant policy (transcripts allowed): push the call again with its transcript.
    transaction(store, () => enqueueCallInsight(store, 'call-pii'));
    expect(await syncOnce(store)).toMatchObject({ pushed: 1, pending: 0 });
    store.close();

    const changes = await pullAsManager();
    const call = changes.filter((c) => c.entityId === 'call-pii').at(-1)!.payload as { title: string; summary: string; transcript: { text: string }[] };
    expect(call.title).toBe('Demo com [NOME] [E-MAIL] [TELEFONE]');
    expect(call.summary).toBe('A [NOME] pediu desconto; mandar proposta pra [ENDEREÇO], CEP [CEP].\nCPF [CPF] no cadastro.');
    expect(call.transcript.map((t) => t.text)).toEqual(['meu email é [E-MAIL]', 'aqui é a [NOME], me liga no [TELEFONE]']);
    const forecast = changes.find((c) => c.entityId === 'fc-1')!.payload as { dealName: string };
    expect(forecast.dealName).toBe('Acme - falar com [NOME] [TELEFONE]');
    const sim = changes.find((c) => c.entityId === 'sim-1')!.payload as { scenario: string; persona: string };
    expect(sim.scenario).toBe('Objeção de preço com a [NOME]');
    expect(sim.persona).not.toMatch(/Joana|Ferreira/);
    const pulled = JSON.stringify(changes);
    for (const p of PII) expect(pulled).not.toContain(p);

    const team = await api(srv.url, 'GET', `/v1/team?from=0&to=${now + 60_000}`, { token: A.manager.accessToken });
    expect(team.status).toBe(200);
    const shown = JSON.stringify(team.body);
    for (const p of PII) expect(shown).not.toContain(p);
  });
});
