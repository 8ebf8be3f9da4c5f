import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { usePostgres } from './test-support/use-postgres';
import { admin, startServerProcess, type ServerProcess } from './test-support/server-process';
import { api, callOp, newEnrollmentToken, PASSWORD, seedTenants, type TenantFixture } from './test-support/fixture';
import { LIVE_CHANGE_EVENT, type Change } from '../src-shared/sync-protocol';
import { openServerDb } from './db/database';
import { revokeDevice } from './admin-service';

// The same suite against both storage backends (issue: "tests run the same suite against both").
const postgres = usePostgres();

const pushBody = (ops: unknown[]) => ({ protocol: 1, ops });
const pullAll = async (url: string, token: string, since = 0) => {
  const out: Change[] = [];
  let cursor = since;
  for (;;) {
    const res = await api(url, 'GET', `/v1/sync/pull?protocol=1&since=${cursor}&limit=50`, { token });
    expect(res.status).toBe(200);
    out.push(...(res.body.changes as Change[]));
    cursor = res.body.cursor;
    if (!res.body.hasMore) return { changes: out, cursor };
  }
};
const socketFor = (url: string, token: string) =>
  new Promise<Socket>((resolve, reject) => {
    const s = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false });
    s.once('connect', () => resolve(s));
    s.once('connect_error', (err) => reject(err));
  });

describe.each(['sqlite', 'postgres'] as const)('sync server on %s', (backend) => {
  let srv: ServerProcess;
  let databaseUrl: string | undefined;
  let A: TenantFixture;
  let B: TenantFixture;

  beforeAll(async () => {
    databaseUrl = await postgres.databaseFor(backend, 'suite');
    srv = await startServerProcess({ databaseUrl, args: ['--device-rps', '1000', '--auth-per-minute', '1000', '--body-limit', '65536'] });
    [A, B] = (await seedTenants({ url: srv.url, dataDir: srv.dataDir, databaseUrl })) as [TenantFixture, TenantFixture];
  }, 180_000); // real servers (and PostgreSQL) start here; slow on a loaded CI box
  afterAll(async () => {
    await srv?.kill();
  });

  it('answers /healthz with its backend', async () => {
    const res = await api(srv.url, 'GET', '/healthz');
    expect(res).toEqual({ status: 200, body: { ok: true, db: backend, protocol: 1 } });
  });

  it('admin CLI creates tenants, users and enrollment tokens; a device enrolls once', async () => {
    const target = { dataDir: srv.dataDir, databaseUrl };
    const [tenant] = await admin(target, ['create-tenant', '--slug', 'gamma', '--name', 'Gamma']);
    expect(tenant).toMatchObject({ slug: 'gamma' });
    await admin(target, ['create-user', '--tenant', 'gamma', '--email', 'rita@gamma.test', '--role', 'rep']);
    const [enr] = await admin(target, ['create-enrollment', '--tenant', 'gamma', '--user', 'rita@gamma.test']);
    const first = await api(srv.url, 'POST', '/v1/auth/enroll', { body: { enrollmentToken: enr!.token, deviceName: 'rita-mac' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ tenant: { slug: 'gamma' }, user: { email: 'rita@gamma.test', role: 'rep' } });
    expect(first.body.deviceSecret).toMatch(/^ds_/);
    const again = await api(srv.url, 'POST', '/v1/auth/enroll', { body: { enrollmentToken: enr!.token, deviceName: 'other' } });
    expect(again.status).toBe(401);
    // The device's own credentials start a fresh session.
    const dev = await api(srv.url, 'POST', '/v1/auth/device', { body: { deviceId: first.body.deviceId, deviceSecret: first.body.deviceSecret } });
    expect(dev.status).toBe(200);
    const wrong = await api(srv.url, 'POST', '/v1/auth/device', { body: { deviceId: first.body.deviceId, deviceSecret: 'ds_wrong-secret' } });
    expect(wrong.status).toBe(401);
    await expect(admin(target, ['create-user', '--tenant', 'gamma', '--email', 'x@gamma.test', '--role', 'boss'])).rejects.toThrow(/role must be admin, manager or rep/);
  }, 240_000); // four CLI processes, each starting tsx

  it('a tenant-wide enrollment token enrols reps only', async () => {
    const target = { dataDir: srv.dataDir, databaseUrl };
    const enr = { token: await newEnrollmentToken(target, A.slug) };
    const asManager = await api(srv.url, 'POST', '/v1/auth/enroll', { body: { enrollmentToken: enr!.token, deviceName: 'x', email: `manager@${A.slug}.test` } });
    expect(asManager.status).toBe(403);
    const asRep = await api(srv.url, 'POST', '/v1/auth/enroll', { body: { enrollmentToken: enr!.token, deviceName: 'x', email: `rep2@${A.slug}.test` } });
    expect(asRep.status).toBe(200);
    expect(asRep.body.user.role).toBe('rep');
  });

  it('refuses a wrong password and records logins in the audit log', async () => {
    const bad = await api(srv.url, 'POST', '/v1/auth/login', { body: { tenant: A.slug, email: `rep@${A.slug}.test`, password: 'nope', deviceName: 'x' } });
    expect(bad).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    const log = await api(srv.url, 'GET', '/v1/audit', { token: A.admin.accessToken });
    const actions = (log.body.entries as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['login', 'login.failed', 'enroll', 'user.create', 'tenant.create']));
    expect((await api(srv.url, 'GET', '/v1/audit', { token: A.rep.accessToken })).status).toBe(403);
  });

  it('refresh rotates, and a replayed refresh token revokes the whole family', async () => {
    const login = await api(srv.url, 'POST', '/v1/auth/login', { body: { tenant: A.slug, email: `rep@${A.slug}.test`, password: PASSWORD, deviceName: 'phone' } });
    const r1 = login.body.refreshToken as string;
    const second = await api(srv.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: r1 } });
    expect(second.status).toBe(200);
    const r2 = second.body.refreshToken as string;
    expect(r2).not.toBe(r1);
    // The device goes on with r2 (so a replay of r1 is no duplicate: see auth/refresh.test.ts).
    const third = await api(srv.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: r2 } });
    expect(third.status).toBe(200);
    // The thief replays r1: refused, and r3 (the family's live token) dies with it.
    const replay = await api(srv.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: r1 } });
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toMatch(/already used/);
    expect((await api(srv.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: third.body.refreshToken } })).status).toBe(401);
    // Other sessions of the same user are untouched.
    expect((await api(srv.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: A.rep2.refreshToken } })).status).toBe(200);
    const log = await api(srv.url, 'GET', '/v1/audit', { token: A.admin.accessToken });
    expect((log.body.entries as { action: string }[]).some((e) => e.action === 'refresh.reuse_detected')).toBe(true);
  });

  it('a revoked device can no longer refresh nor sign in with its secret', async () => {
    const target = { dataDir: srv.dataDir, databaseUrl };
    const dev = await api(srv.url, 'POST', '/v1/auth/enroll', { body: { enrollmentToken: await newEnrollmentToken(target, A.slug, `rep@${A.slug}.test`), deviceName: 'lost-laptop' } });
    expect(dev.status).toBe(200);
    const { db, close } = await openServerDb(target);
    try {
      expect(await revokeDevice(db, dev.body.deviceId)).toMatchObject({ revokedTokens: 1 });
    } finally {
      await close();
    }
    expect((await api(srv.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: dev.body.refreshToken } })).status).toBe(401);
    expect((await api(srv.url, 'POST', '/v1/auth/device', { body: { deviceId: dev.body.deviceId, deviceSecret: dev.body.deviceSecret } })).status).toBe(401);
    // Other devices of the same user keep working.
    expect((await api(srv.url, 'GET', '/v1/me', { token: A.rep.accessToken })).status).toBe(200);
  });

  it('stores a pushed op exactly once however often the batch is retried', async () => {
    const ops = [callOp(), callOp(), callOp()];
    const first = await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep.accessToken, body: pushBody(ops) });
    expect(first.status).toBe(200);
    expect(first.body.accepted).toEqual(ops.map((o) => o.opId));
    expect(first.body.duplicates).toBe(0);
    // Retries: sequential, and concurrent (as a client whose response got lost would do).
    const again = await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep.accessToken, body: pushBody(ops) });
    expect(again.body).toMatchObject({ accepted: ops.map((o) => o.opId), duplicates: 3, seq: first.body.seq });
    const extra = callOp();
    const racing = await Promise.all(Array.from({ length: 5 }, () => api(srv.url, 'POST', '/v1/sync/push', { token: A.rep.accessToken, body: pushBody([...ops, extra]) })));
    expect(racing.every((r) => r.status === 200)).toBe(true);
    expect(racing.filter((r) => r.body.duplicates === 3)).toHaveLength(1);
    const { changes } = await pullAll(srv.url, A.rep.accessToken);
    const mine = changes.filter((c) => [...ops, extra].some((o) => o.entityId === c.entityId));
    expect(mine).toHaveLength(4);
    // Per-tenant sequence: strictly increasing, no repeats.
    const seqs = changes.map((c) => c.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('pulls by cursor in pages, and resumes from a cursor', async () => {
    const ops = Array.from({ length: 120 }, () => callOp());
    const push = await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep2.accessToken, body: pushBody(ops) });
    expect(push.status).toBe(200);
    const page = await api(srv.url, 'GET', '/v1/sync/pull?protocol=1&since=0&limit=50', { token: A.rep2.accessToken });
    expect(page.body.changes).toHaveLength(50);
    expect(page.body.hasMore).toBe(true);
    const rest = await pullAll(srv.url, A.rep2.accessToken, page.body.cursor);
    const ids = new Set([...page.body.changes, ...rest.changes].map((c: Change) => c.entityId));
    for (const op of ops) expect(ids.has(op.entityId)).toBe(true);
    const tail = await api(srv.url, 'GET', `/v1/sync/pull?protocol=1&since=${rest.cursor}`, { token: A.rep2.accessToken });
    expect(tail.body).toMatchObject({ changes: [], cursor: rest.cursor, hasMore: false });
  });

  it('refuses malformed, oversized, invalid and wrong-version payloads with a clear 4xx and changes nothing', async () => {
    const before = await pullAll(srv.url, A.manager.accessToken);
    const push = (body: Record<string, unknown>) => api(srv.url, 'POST', '/v1/sync/push', { token: A.rep.accessToken, ...body });
    const malformed = await push({ raw: '{"protocol":1,"ops":[' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/JSON/);
    const wrongVersion = await push({ body: { protocol: 2, ops: [callOp()] } });
    expect(wrongVersion).toMatchObject({ status: 400, body: { error: { code: 'unsupported_version' } } });
    expect(wrongVersion.body.error.message).toMatch(/unsupported protocol version 2/);
    const noVersion = await push({ body: { ops: [callOp()] } });
    expect(noVersion.body.error.code).toBe('unsupported_version');
    const bad = callOp();
    (bad.payload as Record<string, unknown>).objections = [{ type: 'weather', count: 1 }];
    const invalid = await push({ body: pushBody([callOp(), bad]) });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/^invalid push batch: ops\.1/);
    const audio = callOp();
    (audio.payload as Record<string, unknown>).audio = 'UklGRg==';
    expect((await push({ body: pushBody([audio]) })).status).toBe(400);
    const big = callOp();
    big.payload.summary = 'x'.repeat(19_000);
    const oversized = await push({ body: pushBody([big, { ...callOp(), payload: { ...callOp().payload, summary: 'y'.repeat(19_000) } }, callOp(), { ...callOp(), payload: { ...callOp().payload, summary: 'z'.repeat(19_000) } }, { ...callOp(), payload: { ...callOp().payload, summary: 'w'.repeat(19_000) } }]) });
    expect(oversized.status).toBe(413);
    expect(oversized.body.error.message).toMatch(/larger than the 65536 byte limit/);
    const badPull = await api(srv.url, 'GET', '/v1/sync/pull?protocol=1&since=-4', { token: A.rep.accessToken });
    expect(badPull.status).toBe(400);
    const oldPull = await api(srv.url, 'GET', '/v1/sync/pull?protocol=0', { token: A.rep.accessToken });
    expect(oldPull.body.error.code).toBe('unsupported_version');
    const badLogin = await api(srv.url, 'POST', '/v1/auth/login', { body: { tenant: A.slug } });
    expect(badLogin.status).toBe(400);
    const badPlaybook = await api(srv.url, 'PUT', '/v1/tenant/playbooks/pb-1', { token: A.manager.accessToken, body: { objectionType: 'price', language: 'pt', title: '', replies: [] } });
    expect(badPlaybook.status).toBe(400);
    const after = await pullAll(srv.url, A.manager.accessToken);
    expect(after.cursor).toBe(before.cursor);
    expect(after.changes).toHaveLength(before.changes.length);
  });

  it('publishes role-play personas and scenarios to the devices as playbooks (HTTP for staff, the admin CLI), refusing bad ones', async () => {
    const persona = {
      id: 'acme-cfo', language: 'pt', name: 'Carla, CFO da Acme', role: 'Diretora financeira', temperament: 'conservative', goals: 'Cortar custos', hiddenConcern: 'Auditoria em março',
      objections: ['price', 'budget'], pushback: 2, opening: ['Bom dia. Seja breve.'], reveal: ['A auditoria me preocupa.'],
    };
    const scenario = { id: 'acme-renewal', language: 'pt', title: 'Renovação Acme', product: 'Plano anual', situation: 'Vence em maio', repGoal: 'Renovar', persona: 'acme-cfo', objections: ['price'], passMark: 65 };
    const before = await pullAll(srv.url, A.rep.accessToken);
    expect((await api(srv.url, 'PUT', '/v1/tenant/personas/acme-cfo.pt', { token: A.rep.accessToken, body: persona })).status).toBe(403);
    for (const bad of [{ ...persona, pushback: 4 }, { ...persona, temperament: 'grumpy' }, { ...persona, opening: [] }, { ...persona, name: 'a\u0000b' }, { ...persona, extra: 1 }]) {
      const res = await api(srv.url, 'PUT', '/v1/tenant/personas/acme-cfo.pt', { token: A.manager.accessToken, body: bad });
      expect(res.status).toBe(400);
      expect(res.body.error.message).not.toContain('\n');
    }
    expect((await api(srv.url, 'PUT', '/v1/tenant/scenarios/acme-renewal.pt', { token: A.manager.accessToken, body: { ...scenario, passMark: 101 } })).status).toBe(400);
    expect(await api(srv.url, 'PUT', '/v1/tenant/personas/acme-cfo.pt', { token: A.manager.accessToken, body: persona })).toMatchObject({ status: 200, body: { id: 'acme-cfo', entityId: 'acme-cfo.pt', name: 'Carla, CFO da Acme' } });
    // The admin CLI publishes from a file (entity id <id>.<language> by default) and withdraws.
    const target = { dataDir: srv.dataDir, databaseUrl };
    const file = path.join(srv.dataDir, 'scenario.json');
    fs.writeFileSync(file, JSON.stringify(scenario));
    expect(await admin(target, ['publish-scenario', '--tenant', A.slug, '--file', file])).toEqual([{ tenant: A.slug, entity: 'scenario', entityId: 'acme-renewal.pt', ...scenario }]);
    fs.writeFileSync(file, JSON.stringify({ ...scenario, passMark: 'high' }));
    await expect(admin(target, ['publish-scenario', '--tenant', A.slug, '--file', file])).rejects.toThrow(/passMark/);
    const down = (await pullAll(srv.url, A.rep.accessToken, before.cursor)).changes;
    expect(down.map((c) => [c.entity, c.entityId, c.op])).toEqual([['persona', 'acme-cfo.pt', 'upsert'], ['scenario', 'acme-renewal.pt', 'upsert']]);
    expect(down[0]!.payload).toEqual(persona);
    expect(down[1]!.payload).toEqual(scenario);
    // Tenant B sees none of it.
    expect((await pullAll(srv.url, B.rep.accessToken)).changes.some((c) => c.entity === 'persona' || c.entity === 'scenario')).toBe(false);
    await admin(target, ['publish-persona', '--tenant', A.slug, '--withdraw', 'acme-cfo.pt']);
    expect((await api(srv.url, 'DELETE', '/v1/tenant/scenarios/acme-renewal.pt', { token: A.manager.accessToken })).status).toBe(204);
    const withdrawn = (await pullAll(srv.url, A.rep.accessToken, before.cursor)).changes.slice(2);
    expect(withdrawn.map((c) => [c.entity, c.entityId, c.op])).toEqual([['persona', 'acme-cfo.pt', 'delete'], ['scenario', 'acme-renewal.pt', 'delete']]);
  });

  it('requires a valid access token on every route', async () => {
    for (const [method, path] of [['POST', '/v1/sync/push'], ['GET', '/v1/sync/pull?protocol=1'], ['GET', '/v1/team?from=0&to=1'], ['GET', '/v1/me'], ['PUT', '/v1/tenant/settings'], ['GET', '/v1/audit']] as const) {
      expect((await api(srv.url, method, path, { body: method === 'GET' ? undefined : {} })).status).toBe(401);
      const forged = `${A.rep.accessToken.split('.')[0]}.${Buffer.from('forged').toString('base64url')}`;
      expect((await api(srv.url, method, path, { token: forged, body: method === 'GET' ? undefined : {} })).status).toBe(401);
    }
  });

  it("isolates tenants: A's tokens never read, write or subscribe to B's data", async () => {
    const bOp = callOp();
    expect((await api(srv.url, 'POST', '/v1/sync/push', { token: B.rep.accessToken, body: pushBody([bOp]) })).status).toBe(200);
    await api(srv.url, 'PUT', '/v1/tenant/playbooks/shared-id', { token: B.manager.accessToken, body: { objectionType: 'price', language: 'en', title: 'B price', replies: ['B reply'] } });
    // Read: pull and team API from A show nothing of B, even naming B's user id.
    for (const t of [A.rep, A.manager, A.admin]) {
      const { changes } = await pullAll(srv.url, t.accessToken);
      expect(changes.some((c) => c.entityId === bOp.entityId || (c.payload as { title?: string } | null)?.title === 'B price')).toBe(false);
    }
    const team = await api(srv.url, 'GET', `/v1/team?from=0&to=${Date.now() + 1000}&userId=${B.rep.user.id}`, { token: A.manager.accessToken });
    expect(team.status).toBe(200);
    expect(team.body.reps).toEqual([]);
    expect(team.body.team.callsAnalysed).toBe(0);
    // Write: A pushes an op with B's op id and entity id; B's record is untouched.
    const clash = { ...callOp({ opId: bOp.opId, entityId: bOp.entityId }) };
    const pushed = await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep.accessToken, body: pushBody([clash]) });
    expect(pushed.body.duplicates).toBe(0);
    await api(srv.url, 'PUT', '/v1/tenant/playbooks/shared-id', { token: A.manager.accessToken, body: { objectionType: 'price', language: 'en', title: 'A price', replies: ['A reply'] } });
    const bView = await pullAll(srv.url, B.manager.accessToken);
    expect(bView.changes.filter((c) => c.entityId === bOp.entityId)).toHaveLength(1);
    expect(bView.changes.some((c) => (c.payload as { title?: string } | null)?.title === 'A price')).toBe(false);
    // A tenant id in a body or query is ignored: scope is the token's.
    expect((await api(srv.url, 'GET', `/v1/sync/pull?protocol=1&tenantId=${B.id}`, { token: A.rep.accessToken })).status).toBe(400);
    const me = await api(srv.url, 'GET', '/v1/me', { token: A.rep.accessToken });
    expect(me.body.tenantId).toBe(A.id);
    // Subscribe: A's socket is refused B's room and receives none of B's live changes.
    const aSock = await socketFor(srv.url, A.manager.accessToken);
    const refused = await aSock.emitWithAck('subscribe', { tenantId: B.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await aSock.emitWithAck('subscribe', { tenantId: A.id })).toEqual({ ok: true });
    const seen: Change[] = [];
    aSock.on(LIVE_CHANGE_EVENT, (cs: Change[]) => seen.push(...cs));
    const bSock = await socketFor(srv.url, B.manager.accessToken);
    const bGot = new Promise<Change>((resolve) => bSock.once(LIVE_CHANGE_EVENT, (cs: Change[]) => resolve(cs[0]!)));
    const marker = callOp();
    await api(srv.url, 'POST', '/v1/sync/push', { token: B.rep.accessToken, body: pushBody([marker]) });
    expect((await bGot).entityId).toBe(marker.entityId);
    // A probe in A's own tenant proves A's socket is live, so silence about B is meaningful.
    const aGot = new Promise<Change>((resolve) => aSock.once(LIVE_CHANGE_EVENT, (cs: Change[]) => resolve(cs[0]!)));
    const probe = callOp();
    await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep.accessToken, body: pushBody([probe]) });
    expect((await aGot).entityId).toBe(probe.entityId);
    expect(seen.some((c) => c.entityId === marker.entityId)).toBe(false);
    await expect(socketFor(srv.url, 'not-a-token')).rejects.toThrow(/malformed access token/);
    aSock.close();
    bSock.close();
  });

  it('fans a pushed change out to the tenant’s other online devices within a second', async () => {
    const managerSock = await socketFor(srv.url, A.manager.accessToken);
    const repSock = await socketFor(srv.url, A.rep.accessToken);
    const op = callOp();
    const started = Date.now();
    const got = new Promise<{ change: Change; ms: number }>((resolve) => managerSock.on(LIVE_CHANGE_EVENT, (cs: Change[]) => cs.forEach((c) => c.entityId === op.entityId && resolve({ change: c, ms: Date.now() - started }))));
    const playbookSeen = new Promise<Change>((resolve) => repSock.on(LIVE_CHANGE_EVENT, (cs: Change[]) => cs.forEach((c) => c.entity === 'playbook' && c.entityId === 'fanout-pb' && resolve(c))));
    await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep2.accessToken, body: pushBody([op]) });
    const { change, ms } = await got;
    expect(change).toMatchObject({ entity: 'call_insight', op: 'upsert', userId: A.rep2.user.id });
    expect(ms).toBeLessThan(1000);
    await api(srv.url, 'PUT', '/v1/tenant/playbooks/fanout-pb', { token: A.manager.accessToken, body: { objectionType: 'timing', language: 'pt', title: 'Timing', replies: ['Entendo…'] } });
    expect((await playbookSeen).payload).toMatchObject({ title: 'Timing' });
    managerSock.close();
    repSock.close();
  });

  it('team API: managers see the tenant per rep, reps only themselves', async () => {
    const from = Date.now() - 10 * 86400_000;
    const mk = (n: number, token: string) => api(srv.url, 'POST', '/v1/sync/push', { token, body: pushBody(Array.from({ length: n }, () => callOp({ startedAt: from + 86400_000 }))) });
    const teamBefore = (await api(srv.url, 'GET', `/v1/team?from=${from}&to=${from + 2 * 86400_000}`, { token: A.manager.accessToken })).body;
    await mk(3, A.rep.accessToken);
    await mk(1, A.rep2.accessToken);
    await api(srv.url, 'POST', '/v1/sync/push', {
      token: A.rep.accessToken,
      body: pushBody([
        { opId: `op-sim-${Date.now()}`, entity: 'simulation_result', entityId: `sim-${Date.now()}`, op: 'upsert', clientTs: Date.now(), payload: { sessionId: 's1', scenario: 'price', language: 'pt', startedAt: from + 86400_000, endedAt: null, score: 80 } },
        // Issue 14's fields: persona, passed, category scores.
        ...[
          // s3 is the later run (and pushed first: the trend goes by when runs happened).
          { id: 's3', at: 2 * 3600_000, scenario: 'cost-cutting-renewal', score: 40, passed: false, categories: { objection: 0, empathy: 50, discovery: 25, technique: 60 } },
          { id: 's2', at: 3600_000, scenario: 'cost-cutting-renewal', score: 90, passed: true, categories: { objection: 100, empathy: 100, discovery: 75, technique: 80 } },
        ].map((x) => ({ opId: `op-sim-${x.id}-${Date.now()}`, entity: 'simulation_result', entityId: `sim-${x.id}-${Date.now()}`, op: 'upsert', clientTs: Date.now(), payload: { sessionId: x.id, scenario: x.scenario, persona: 'cfo-conservative', language: 'en', startedAt: from + 86400_000 + x.at, endedAt: from + 86400_000 + x.at + 60_000, score: x.score, passed: x.passed, categories: x.categories } })),
        { opId: `op-fc-${Date.now()}`, entity: 'forecast', entityId: `fc-${Date.now()}`, op: 'upsert', clientTs: Date.now(), payload: { forecastId: 'f1', dealId: 'd1', amount: 1000, winProbability: 0.5, model: 'lr', createdAt: from + 86400_000 } },
      ]),
    });
    const team = (await api(srv.url, 'GET', `/v1/team?from=${from}&to=${from + 2 * 86400_000}`, { token: A.manager.accessToken })).body;
    expect(team.team.callsAnalysed - teamBefore.team.callsAnalysed).toBe(4);
    const rep = team.reps.find((r: { email: string }) => r.email === `rep@${A.slug}.test`);
    expect(rep).toMatchObject({ callsAnalysed: 3, hintsShown: 12, hintsUsed: 6, hintUseRate: 0.5, simulations: 3, avgSimulationScore: 70, forecastCount: 1, forecastAmount: 1000, forecastExpected: 500 });
    // Only the runs that carry them count for pass and categories; a scenario's failures are the runs that said passed: false.
    expect(rep).toMatchObject({ simulationsPassed: 1, avgSimulationCategories: { objection: 50, empathy: 75, discovery: 50, technique: 70 }, simulationScenarios: { price: { runs: 1, failed: 0 }, 'cost-cutting-renewal': { runs: 2, failed: 1 } } });
    expect(team.team).toMatchObject({ simulationScenarios: { 'cost-cutting-renewal': { runs: 2, failed: 1 } } });
    // Later half minus earlier half, by when the runs happened: this rep got worse.
    expect(rep.simulationTrend).toEqual({ objection: -100, empathy: -50, discovery: -50, technique: -20 });
    expect(team.reps.find((r: { email: string }) => r.email === `rep2@${A.slug}.test`).simulationTrend).toBeNull();
    expect(rep.objections.price).toBe(6);
    expect(rep.competitors['acme-crm']).toBe(3);
    const asRep = (await api(srv.url, 'GET', `/v1/team?from=${from}&to=${from + 2 * 86400_000}&userId=${A.rep2.user.id}`, { token: A.rep.accessToken })).body;
    expect(asRep.reps.map((r: { email: string }) => r.email)).toEqual([`rep@${A.slug}.test`]);
    expect(asRep.team.callsAnalysed).toBe(3);
    expect((await api(srv.url, 'GET', `/v1/team?from=10&to=5`, { token: A.manager.accessToken })).status).toBe(400);
    // Reps may not publish tenant content.
    expect((await api(srv.url, 'PUT', '/v1/tenant/settings', { token: A.rep.accessToken, body: { allowTranscripts: true } })).status).toBe(403);
  });

  it('a deleted call insight leaves the team API; the pull shows only payload-free deletes of it', async () => {
    const day = Date.UTC(2020, 1, 2); // a window no other test pushes into
    const team = async () => (await api(srv.url, 'GET', `/v1/team?from=${day}&to=${day + 86400_000}&userId=${A.rep2.user.id}`, { token: A.manager.accessToken })).body.reps[0];
    const kept = callOp({ startedAt: day + 1000 });
    const gone = callOp({ startedAt: day + 2000 });
    expect((await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep2.accessToken, body: pushBody([kept, gone]) })).status).toBe(200);
    expect(await team()).toMatchObject({ callsAnalysed: 2, hintsShown: 8, objections: { price: 4 } });
    const del = (entityId: string) => ({ opId: `op-del-${entityId}`, entity: 'call_insight', entityId, op: 'delete', payload: null, clientTs: Date.now() });
    // A tombstone for an insight the server never had is stored too, and changes no figure.
    const res = await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep2.accessToken, body: pushBody([del(gone.entityId), del(`never-pushed-${gone.entityId}`)]) });
    expect(res).toMatchObject({ status: 200, body: { duplicates: 0 } });
    expect(await team()).toMatchObject({ callsAnalysed: 1, hintsShown: 4, objections: { price: 2 }, competitors: { 'acme-crm': 1 } });
    const pulled = (await api(srv.url, 'GET', '/v1/sync/pull?protocol=1&since=0&limit=1000', { token: A.rep2.accessToken })).body.changes as { entityId: string; op: string; payload: unknown }[];
    expect(pulled.filter((c) => c.entityId === gone.entityId).map((c) => [c.op, c.payload === null])).toEqual([['delete', true], ['delete', true]]);
  });

  it('keeps transcripts only when the tenant policy allows them', async () => {
    const off = callOp({ transcript: true });
    await api(srv.url, 'POST', '/v1/sync/push', { token: B.rep.accessToken, body: pushBody([off]) });
    expect((await api(srv.url, 'PUT', '/v1/tenant/settings', { token: B.manager.accessToken, body: { allowTranscripts: true } })).status).toBe(200);
    const on = callOp({ transcript: true });
    await api(srv.url, 'POST', '/v1/sync/push', { token: B.rep.accessToken, body: pushBody([on]) });
    const { changes } = await pullAll(srv.url, B.rep.accessToken);
    const payloadOf = (id: string) => changes.find((c) => c.entityId === id)!.payload as { transcript?: unknown[] };
    expect(payloadOf(off.entityId).transcript).toBeUndefined();
    expect(payloadOf(on.entityId).transcript).toHaveLength(1);
    expect(changes.find((c) => c.entity === 'tenant_settings')!.payload).toMatchObject({ allowTranscripts: true });
  });

  it('rate-limits each device', async () => {
    const limited = await startServerProcess({ databaseUrl, dataDir: srv.dataDir, args: ['--device-rps', '5'] });
    try {
      const results = await Promise.all(Array.from({ length: 12 }, () => api(limited.url, 'GET', '/v1/me', { token: A.rep.accessToken })));
      const codes = results.map((r) => r.status);
      expect(codes.filter((c) => c === 200)).toHaveLength(5);
      expect(codes.filter((c) => c === 429)).toHaveLength(7);
      expect(results.find((r) => r.status === 429)!.body.error.message).toMatch(/too many requests/);
      // Another device is not affected.
      expect((await api(limited.url, 'GET', '/v1/me', { token: A.rep2.accessToken })).status).toBe(200);
    } finally {
      await limited.kill();
    }
  });
});
