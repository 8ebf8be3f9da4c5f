import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/db';
import { startServerProcess, type ServerProcess } from '../../../sync-server/test-support/server-process';
import { api, newEnrollmentToken, seedTenants, type TenantFixture } from '../../../sync-server/test-support/fixture';
import { enqueueSyncOp } from './outbox';
import { pendingCount } from '../store/outbox';
import { enqueueCallInsight } from './insights';
import { enqueueSampleSimulationResult } from './test-support/sample-ops';
import { all, first, run, transaction } from '../store/query';
import { insertCallRow } from '../store/calls';
import { insertDetectionRow, insertSegmentRow, insertSentimentRow } from '../store/segments';
import { insertHintRow } from '../store/hints';
import { enrollDevice, syncOnce } from './engine';
import { readState, writeState } from '../store/sync-state';
import { backoffDelay, SyncLoop } from './loop';
import type { Change, TeamResponse } from '../../../src-shared/sync-protocol';
import { deleteCall } from '../calls/delete-call';
import { seedBundledSimulations } from '../simulator/bundled';
import { savePersona } from '../simulator/content-store';
import { findPersona, findScenario, library } from '../simulator/library';
import { runSimulation } from '../simulator/engine';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sync-client-'));
let srv: ServerProcess;
let A: TenantFixture;

beforeAll(async () => {
  srv = await startServerProcess({ args: ['--device-rps', '1000', '--auth-per-minute', '1000'] });
  [A] = (await seedTenants({ url: srv.url, dataDir: srv.dataDir }, ['acme'])) as [TenantFixture];
}, 180_000); // real servers (and PostgreSQL) start here; slow on a loaded CI box
afterAll(async () => {
  await srv?.kill();
});

/** A finished call with detections, sentiment, hints and a transcript holding PII. */
function insertCall(store: Store, id: string): void {
  const now = Date.now();
  insertCallRow(store, { id, title: 'Acme renewal', source: 'live', language: 'pt', started_at: now, duration_ms: 60000, summary: JSON.stringify({ text: 'Price objection.' }), created_at: now });
  const seg = insertSegmentRow(store, { call_id: id, speaker: 'customer', start_ms: 0, end_ms: 2000, text: 'Está caro. Meu email é joana@cliente.com.br' });
  insertDetectionRow(store, { call_id: id, segment_id: seg, kind: 'objection', value: 'price', confidence: 0.9, at_ms: 2000 });
  insertDetectionRow(store, { call_id: id, segment_id: seg, kind: 'competitor', value: 'salesforce', confidence: 0.8, at_ms: 2000 });
  insertSentimentRow(store, { call_id: id, at_ms: 2000, label: 'negative', score: -0.5 });
  insertHintRow(store, { id: `h-${id}`, call_id: id, kind: 'objection', trigger: 'price', text: 'Reply', language: 'pt', confidence: 0.9, speech_end_ms: 2000, shown_ms: 2300, status: 'used', created_at: now });
}

const callCount = (store: Store, id: string) => first(store, store.db.selectFrom('calls').select((eb) => eb.fn.countAll<number>().as('n')).where('id', '=', id));
const tenantPlaybooks = (store: Store) => all(store, store.db.selectFrom('playbooks').select(['id', 'title', 'origin']).where('origin', '=', 'tenant'));

const pullAsManager = async () => {
  const out: Change[] = [];
  let since = 0;
  for (;;) {
    const res = await api(srv.url, 'GET', `/v1/sync/pull?protocol=1&since=${since}&limit=1000`, { token: A.manager.accessToken });
    out.push(...res.body.changes);
    since = res.body.cursor;
    if (!res.body.hasMore) return out;
  }
};

describe('outbox', () => {
  it('is filled in the same transaction as the local write, or not at all', () => {
    const store = openStore(tmp());
    transaction(store, () => {
      insertCall(store, 'c-ok');
      enqueueCallInsight(store, 'c-ok');
    });
    expect(pendingCount(store)).toBe(1);
    expect(() =>
      transaction(store, () => {
        insertCall(store, 'c-fail');
        enqueueCallInsight(store, 'c-fail');
        throw new Error('the local write failed');
      }),
    ).toThrow('the local write failed');
    expect(pendingCount(store)).toBe(1);
    expect(callCount(store, 'c-fail')).toEqual({ n: 0 });
    // An invalid payload throws inside the caller's transaction, rolling its write back too.
    expect(() =>
      transaction(store, () => {
        insertCall(store, 's-bad');
        enqueueSyncOp(store, { entity: 'simulation_result', entityId: 's-bad', op: 'upsert', payload: { sessionId: 's-bad', score: 500 } });
      }),
    ).toThrow(/invalid simulation_result for sync/);
    expect(callCount(store, 's-bad')).toEqual({ n: 0 });
    // A newer upsert of the same entity supersedes a pending one.
    transaction(store, () => enqueueCallInsight(store, 'c-ok'));
    expect(pendingCount(store)).toBe(1);
    store.close();
  });
});

describe('sync client against a real server', () => {
  it('enrolls, pushes insights, pulls tenant playbooks/battlecards/settings, and resumes after a restart', async () => {
    const dir = tmp();
    let store = openStore(dir);
    const creds = await enrollDevice(store, { serverUrl: srv.url, enrollmentToken: A.enrollToken, deviceName: 'test-laptop' });
    expect(creds.user.email).toBe('rep@acme.test');
    transaction(store, () => {
      insertCall(store, 'call-1');
      enqueueCallInsight(store, 'call-1');
      enqueueSampleSimulationResult(store, 'sim-1', { scenario: 'price', language: 'pt', startedAt: 1, endedAt: 2, score: 72 });
    });
    await api(srv.url, 'PUT', '/v1/tenant/playbooks/price-pt', { token: A.manager.accessToken, body: { objectionType: 'price', language: 'pt', title: 'Preço', replies: ['Vamos falar de valor'] } });
    await api(srv.url, 'PUT', '/v1/tenant/battlecards/sf', { token: A.manager.accessToken, body: { competitor: 'Salesforce', language: 'pt', positioning: 'Mais simples', talkTrack: 'Pergunte sobre custo total' } });
    const firstRound = await syncOnce(store);
    expect(firstRound).toMatchObject({ pushed: 2, duplicates: 0, pending: 0 });
    expect(tenantPlaybooks(store)).toEqual([{ id: 'tenant:price-pt', title: 'Preço', origin: 'tenant' }]);
    expect(first(store, store.db.selectFrom('battlecards').select(['competitor', 'origin']).where('id', '=', 'tenant:sf'))).toEqual({ competitor: 'Salesforce', origin: 'tenant' });
    const pushed = (await pullAsManager()).find((c) => c.entityId === 'call-1')!;
    expect(pushed.payload).toMatchObject({ objections: [{ type: 'price', count: 1 }], competitors: [{ id: 'salesforce', count: 1 }], hints: { shown: 1, used: 1, dismissed: 0 }, summary: 'Price objection.' });
    expect((pushed.payload as { transcript?: unknown }).transcript).toBeUndefined();

    // Restart: state comes back from SQLite; the policy now allows transcripts, redacted.
    store.close();
    await api(srv.url, 'PUT', '/v1/tenant/settings', { token: A.manager.accessToken, body: { allowTranscripts: true } });
    await api(srv.url, 'DELETE', '/v1/tenant/playbooks/price-pt', { token: A.manager.accessToken });
    store = openStore(dir);
    const cursorBefore = readState(store, 'cursor')!;
    const second = await syncOnce(store);
    expect(second.pulled).toBe(2);
    expect(second.cursor).toBeGreaterThan(cursorBefore);
    expect(tenantPlaybooks(store)).toEqual([]);
    transaction(store, () => {
      insertCall(store, 'call-2');
      enqueueCallInsight(store, 'call-2');
    });
    await syncOnce(store);
    const withText = (await pullAsManager()).find((c) => c.entityId === 'call-2')!.payload as { transcript: { text: string }[] };
    expect(withText.transcript[0]!.text).not.toContain('joana@cliente.com.br');
    expect(withText.transcript[0]!.text).toContain('Está caro');
    expect(readState(store, 'lastError')).toBeNull();
    store.close();
  });

  it('pulls the tenant\'s role-play personas and scenarios: they win over the bundled and edited ones, and a withdrawn one gives them back', async () => {
    const store = openStore(tmp());
    seedBundledSimulations(store);
    await enrollDevice(store, { serverUrl: srv.url, enrollmentToken: await newEnrollmentToken(srv, 'acme', 'rep2@acme.test') });
    const pt = { store, language: 'pt' as const };
    // The rep's own edit of the bundled CFO, before the company publishes its own.
    savePersona(store, { rowId: 'persona:cfo-conservative:pt', name: 'Helena (minha)', role: 'CFO', goals: 'g', hiddenConcern: 'h', opening: ['Oi, fala rápido.'], reveal: ['r'] });
    const cfo = {
      id: 'cfo-conservative', language: 'pt', name: 'Carla, CFO da Acme', role: 'Diretora financeira da Acme', temperament: 'strict', goals: 'Cortar 10%', hiddenConcern: 'Auditoria em março',
      objections: ['price'], pushback: 1, opening: ['Bom dia. A Acme corta 10% este ano; convença-me.'], reveal: ['A auditoria de março me tira o sono.'],
    };
    const renewal = { id: 'acme-renewal', language: 'pt', title: 'Renovação Acme', product: 'Plano anual', situation: 'Vence em maio', repGoal: 'Renovar sem desconto', persona: 'cfo-conservative', objections: ['price', 'contract'], passMark: 60 };
    expect((await api(srv.url, 'PUT', '/v1/tenant/personas/acme-cfo.pt', { token: A.manager.accessToken, body: cfo })).status).toBe(200);
    expect((await api(srv.url, 'PUT', '/v1/tenant/scenarios/acme-renewal.pt', { token: A.manager.accessToken, body: renewal })).status).toBe(200);
    await syncOnce(store);
    expect(findPersona('cfo-conservative', pt)).toMatchObject({ temperament: 'strict', pushback: 1, name: { pt: 'Carla, CFO da Acme' } });
    const scenario = findScenario('acme-renewal', pt);
    expect(scenario).toMatchObject({ title: { pt: 'Renovação Acme' }, objections: ['price', 'contract'], passMark: 60 });
    expect(library('pt', store).personas.find((p) => p.id === 'cfo-conservative')).toMatchObject({ rowId: 'tenant:acme-cfo.pt', origin: 'tenant' });
    // A run plays the company's buyer (deterministic: the same seed and answers give the same run).
    const play = () => runSimulation({ persona: findPersona(scenario.persona, pt), scenario, language: 'pt', seed: 3, answers: ['Entendo. O que pesa mais hoje?'] });
    expect(play().transcript[0]!.text).toContain('A Acme corta 10% este ano');
    expect(play()).toEqual(play());
    // English has neither (they were published in Portuguese only).
    expect(findPersona('cfo-conservative', { store, language: 'en' }).name.en).toBe('Helen Park, conservative CFO');
    expect(() => findScenario('acme-renewal', { store, language: 'en' })).toThrow(/no scenario "acme-renewal"/);
    // Withdrawn: the rep's edit is the active persona again and the scenario is gone.
    expect((await api(srv.url, 'DELETE', '/v1/tenant/personas/acme-cfo.pt', { token: A.manager.accessToken })).status).toBe(204);
    expect((await api(srv.url, 'DELETE', '/v1/tenant/scenarios/acme-renewal.pt', { token: A.manager.accessToken })).status).toBe(204);
    await syncOnce(store);
    expect(findPersona('cfo-conservative', pt).name.pt).toBe('Helena (minha)');
    expect(() => findScenario('acme-renewal', pt)).toThrow(/no scenario "acme-renewal"/);
    expect(readState(store, 'lastError')).toBeNull();
    store.close();
  });

  it('survives a replayed refresh token (family revoked) by signing in with the device secret', async () => {
    const tok = await newEnrollmentToken(srv, 'acme', 'rep2@acme.test');
    const store = openStore(tmp());
    await enrollDevice(store, { serverUrl: srv.url, enrollmentToken: tok });
    const creds = readState(store, 'credentials')!;
    // Someone copied the refresh token and used it, then its successor: the device's copy is now "reused".
    const stolen = await api(srv.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: creds.refreshToken } });
    expect(stolen.status).toBe(200);
    expect((await api(srv.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: stolen.body.refreshToken } })).status).toBe(200);
    writeState(store, 'credentials', { ...creds, accessToken: null, accessExpiresAt: 0 });
    const report = await syncOnce(store);
    expect(report.pending).toBe(0);
    expect(readState(store, 'credentials')!.refreshToken).not.toBe(creds.refreshToken);
    store.close();
  });

  it('loses nothing when the server is SIGKILLed mid-push and restarted', async () => {
    const store = openStore(tmp());
    const tok = await newEnrollmentToken(srv, 'acme', 'rep@acme.test');
    await enrollDevice(store, { serverUrl: srv.url, enrollmentToken: tok });
    const N = 400;
    transaction(store, () => {
      for (let i = 0; i < N; i++) enqueueSampleSimulationResult(store, `kill-srv-${i}`, { scenario: 'kill', language: 'pt', startedAt: i, score: 50 });
    });
    let killed: Promise<void> | null = null;
    const round = syncOnce(store, {
      batchSize: 20,
      onPushed: () => {
        // Kill as soon as the first batch is acknowledged: the next batch is in flight.
        killed ??= srv.kill('SIGKILL');
      },
    });
    await expect(round).rejects.toThrow(/cannot reach the sync server|sync server/);
    await killed;
    const left = pendingCount(store);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(N);
    srv = await startServerProcess({ dataDir: srv.dataDir, port: srv.port, args: ['--device-rps', '1000', '--auth-per-minute', '1000'] });
    const done = await syncOnce(store, { batchSize: 20 });
    expect(done.pending).toBe(0);
    const ids = (await pullAsManager()).filter((c) => c.entityId.startsWith('kill-srv-')).map((c) => c.entityId);
    expect(ids).toHaveLength(N);
    expect(new Set(ids).size).toBe(N);
    store.close();
  });

  it('loses nothing when the client is SIGKILLed mid-sync', async () => {
    const dir = tmp();
    const store = openStore(dir);
    const tok = await newEnrollmentToken(srv, 'acme', 'rep@acme.test');
    await enrollDevice(store, { serverUrl: srv.url, enrollmentToken: tok });
    const N = 600;
    transaction(store, () => {
      for (let i = 0; i < N; i++) enqueueSampleSimulationResult(store, `kill-cli-${i}`, { scenario: 'kill', language: 'pt', startedAt: i, score: 60 });
    });
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'test-support', 'sync-child.ts'), dir, '20'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, sig) => resolve(sig)));
    await new Promise<void>((resolve, reject) => {
      readline.createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line.startsWith('pushed')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', () => reject(new Error(`child ended before a batch was pushed: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');
    expect(pendingCount(store)).toBeGreaterThan(0);
    const done = await syncOnce(store, { batchSize: 50 });
    expect(done.pending).toBe(0);
    const ids = (await pullAsManager()).filter((c) => c.entityId.startsWith('kill-cli-')).map((c) => c.entityId);
    expect(ids).toHaveLength(N);
    expect(new Set(ids).size).toBe(N);
    store.close();
  });

  it('reports a one-line error and keeps the outbox when the server is unreachable', async () => {
    const store = openStore(tmp());
    const tok = await newEnrollmentToken(srv, 'acme', 'rep@acme.test');
    await enrollDevice(store, { serverUrl: srv.url, enrollmentToken: tok });
    transaction(store, () => enqueueSampleSimulationResult(store, 'off-1', { scenario: 'x', language: 'en', startedAt: 1, score: 10 }));
    const creds = readState(store, 'credentials')!;
    writeState(store, 'credentials', { ...creds, serverUrl: 'http://127.0.0.1:9' });
    await expect(syncOnce(store)).rejects.toThrow(/cannot reach the sync server at http:\/\/127.0.0.1:9/);
    expect(readState(store, 'lastError')).toMatch(/cannot reach/);
    expect(first(store, store.db.selectFrom('sync_outbox').select('attempts'))).toEqual({ attempts: 1 });
    store.close();
  });
});

describe('deleting a call on the laptop', () => {
  it('deletes its pushed insight on the server: a pull shows the delete and the team view stops counting it', async () => {
    const dir = tmp();
    let store = openStore(dir);
    const tok = await newEnrollmentToken(srv, 'acme', 'rep2@acme.test');
    const { user } = await enrollDevice(store, { serverUrl: srv.url, enrollmentToken: tok });
    // A day no other test pushes calls on, so the team window holds only these two.
    const day = Date.UTC(2021, 4, 3);
    for (const [id, at] of [['del-call-1', day + 3_600_000], ['del-call-2', day + 7_200_000]] as const) {
      insertCall(store, id);
      // As the recorder finishes a call: its end and its insight in one transaction.
      transaction(store, () => {
        run(store, store.db.updateTable('calls').set({ started_at: at, ended_at: at + 60_000 }).where('id', '=', id));
        enqueueCallInsight(store, id);
      });
    }
    await syncOnce(store);
    const team = async () => {
      const res = await api(srv.url, 'GET', `/v1/team?from=${day}&to=${day + 86_400_000}&userId=${user.id}`, { token: A.manager.accessToken });
      expect(res.status).toBe(200);
      return (res.body as TeamResponse).reps[0]!;
    };
    expect(await team()).toMatchObject({ userId: user.id, callsAnalysed: 2, objections: { price: 2 }, hintsShown: 2 });

    expect(deleteCall(store, 'del-call-1')).toBe(true);
    expect(pendingCount(store)).toBe(1);
    // The delete waits in the outbox across a restart and goes up with the next normal round.
    store.close();
    store = openStore(dir);
    expect(await syncOnce(store)).toMatchObject({ pushed: 1, pending: 0 });

    const changes = (await pullAsManager()).filter((c) => c.entityId === 'del-call-1');
    // The earlier upsert is scrubbed into a payload-free delete: nothing of the call is left on the server.
    expect(changes.map((c) => [c.entity, c.op, c.userId, c.payload])).toEqual([['call_insight', 'delete', user.id, null], ['call_insight', 'delete', user.id, null]]);
    expect(await team()).toMatchObject({ callsAnalysed: 1, objections: { price: 1 }, competitors: { salesforce: 1 }, hintsShown: 1 });
    // The rep's own view agrees.
    const own = await api(srv.url, 'GET', `/v1/team?from=${day}&to=${day + 86_400_000}`, { token: A.rep2.accessToken });
    expect((own.body as TeamResponse).reps).toMatchObject([{ userId: user.id, callsAnalysed: 1 }]);
    store.close();
  });
});

describe('sync loop', () => {
  it('backs off exponentially with full jitter, capped', () => {
    expect(backoffDelay(1, { random: () => 1 })).toBe(4000);
    expect(backoffDelay(3, { random: () => 1 })).toBe(16_000);
    expect(backoffDelay(3, { random: () => 0.5 })).toBe(8000);
    expect(backoffDelay(40, { random: () => 1 })).toBe(300_000);
    expect(backoffDelay(5, { random: () => 0 })).toBe(0);
  });

  it('retries after failures and resets the count after a success', async () => {
    let calls = 0;
    let failuresSeen = -1;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const loop = new SyncLoop({
      run: async () => {
        calls += 1;
        if (calls < 3) throw new Error('offline');
        failuresSeen = loop.consecutiveFailures;
        finish();
      },
      intervalMs: () => 3_600_000,
      random: () => 0,
    });
    loop.start();
    await done;
    await loop.stop();
    expect(calls).toBe(3);
    expect(failuresSeen).toBe(2);
    expect(loop.consecutiveFailures).toBe(0);
  });
});
