import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/db';
import { startServerProcess, type ServerProcess } from '../../../sync-server/test-support/server-process';
import { api, seedTenants, type TenantFixture } from '../../../sync-server/test-support/fixture';
import { enqueueCallInsight, enqueueForecast, enqueueSimulationResult } from './insights';
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
    const db = store.sqlite;
    await enrollDevice(store, { serverUrl: srv.url, enrollmentToken: A.enrollToken, deviceName: 'test-laptop' });
    const now = Date.now();
    db.transaction(() => {
      db.prepare('INSERT INTO calls (id, title, customer, source, language, started_at, duration_ms, summary, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        'call-pii', 'Demo com Joana Ferreira joana@acme.com.br (11) 98765-4321', 'Joana Ferreira', 'live', 'pt', now, 60_000,
        JSON.stringify({ text: 'A joana pediu desconto; mandar proposta pra Rua Augusta, 1500, CEP 01310-100.\nCPF 529.982.247-25 no cadastro.' }), now,
      );
      db.prepare("INSERT INTO segments (call_id, speaker, start_ms, end_ms, text) VALUES ('call-pii', 'customer', 0, 2000, 'meu email é carla ponto lima arroba empresa ponto com ponto br')").run();
      db.prepare("INSERT INTO segments (call_id, speaker, start_ms, end_ms, text) VALUES ('call-pii', 'customer', 2000, 4000, 'aqui é a FERREIRA, me liga no 21998877665')").run();
      db.prepare("INSERT INTO deals (id, name, stage, amount, created_at, updated_at) VALUES ('deal-1', 'Acme - falar com Dr. Figueiredo (11) 98765-4321', 'proposal', 1000, ?, ?)").run(now, now);
      db.prepare("INSERT INTO forecasts (id, deal_id, win_probability, expected_value, model, created_at) VALUES ('fc-1', 'deal-1', 0.5, 500, 'baseline', ?)").run(now);
      db.prepare("INSERT INTO simulation_sessions (id, scenario, language, started_at, ended_at, score) VALUES ('sim-1', 'Objeção de preço com a Joana Ferreira', 'pt', 1, 2, 72)").run();
      enqueueCallInsight(store, 'call-pii');
      enqueueForecast(store, 'fc-1');
      enqueueSimulationResult(store, 'sim-1');
    })();
    const report = await syncOnce(store);
    expect(report).toMatchObject({ pushed: 3, pending: 0 });
    // The first round pulled the tenant policy (transcripts allowed): push the call again with its transcript.
    db.transaction(() => enqueueCallInsight(store, 'call-pii'))();
    expect(await syncOnce(store)).toMatchObject({ pushed: 1, pending: 0 });
    store.close();

    const changes = await pullAsManager();
    const call = changes.filter((c) => c.entityId === 'call-pii').at(-1)!.payload as { title: string; summary: string; transcript: { text: string }[] };
    expect(call.title).toBe('Demo com [NOME] [E-MAIL] [TELEFONE]');
    expect(call.summary).toBe('A [NOME] pediu desconto; mandar proposta pra [ENDEREÇO], CEP [CEP].\nCPF [CPF] no cadastro.');
    expect(call.transcript.map((t) => t.text)).toEqual(['meu email é [E-MAIL]', 'aqui é a [NOME], me liga no [TELEFONE]']);
    const forecast = changes.find((c) => c.entityId === 'fc-1')!.payload as { dealName: string };
    expect(forecast.dealName).toBe('Acme - falar com [NOME] [TELEFONE]');
    const sim = changes.find((c) => c.entityId === 'sim-1')!.payload as { scenario: string };
    expect(sim.scenario).toBe('Objeção de preço com a [NOME]');
    const pulled = JSON.stringify(changes);
    for (const p of PII) expect(pulled).not.toContain(p);

    const team = await api(srv.url, 'GET', `/v1/team?from=0&to=${now + 60_000}`, { token: A.manager.accessToken });
    expect(team.status).toBe(200);
    const shown = JSON.stringify(team.body);
    for (const p of PII) expect(shown).not.toContain(p);
  });
});
