import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { usePostgres } from './test-support/use-postgres';
import { startServerProcess, type ServerProcess } from './test-support/server-process';
import { api, callOp, newEnrollmentToken, PASSWORD, seedTenants, type TenantFixture } from './test-support/fixture';
import { openServerDb } from './db/database';
import { MAX_AMOUNT, MAX_COUNT, MAX_DURATION_MS, MAX_SEQ, MAX_TIMESTAMP_MS } from '../src-shared/sync-protocol';

// Raw-protocol tests of what the server lets in (issue 11, points 10 and 11): the same
// requests against both backends must get the same answers, and a refusal changes nothing.
const postgres = usePostgres();

let counter = 0;
const uid = () => `${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
const pushBody = (ops: unknown[]) => ({ protocol: 1, ops });
const forecastOp = (payload: Record<string, unknown> = {}) => {
  const id = `fc-${uid()}`;
  return { opId: `op-${id}`, entity: 'forecast', entityId: id, op: 'upsert', clientTs: Date.now(), payload: { forecastId: id, dealId: 'deal-1', amount: 1000, winProbability: 0.5, model: 'lr', createdAt: Date.now(), ...payload } };
};
const simOp = (payload: Record<string, unknown> = {}) => {
  const id = `sim-${uid()}`;
  const startedAt = Date.now() - 60_000;
  return { opId: `op-${id}`, entity: 'simulation_result', entityId: id, op: 'upsert', clientTs: Date.now(), payload: { sessionId: id, scenario: 'price', language: 'pt', startedAt, endedAt: startedAt + 30_000, score: 70, ...payload } };
};
const callWith = (payload: Record<string, unknown>, op: Record<string, unknown> = {}) => {
  const c = callOp();
  return { ...c, ...op, payload: { ...c.payload, ...payload } };
};

describe.each(['sqlite', 'postgres'] as const)('validation at the door on %s', (backend) => {
  let srv: ServerProcess;
  let databaseUrl: string | undefined;
  let A: TenantFixture;
  const target = () => ({ dataDir: srv.dataDir, databaseUrl });
  /** The tenant's sequence as a manager sees it: unchanged means nothing was stored. */
  const seqNow = async () => {
    let since = 0;
    for (;;) {
      const res = await api(srv.url, 'GET', `/v1/sync/pull?protocol=1&since=${since}&limit=1000`, { token: A.manager.accessToken });
      expect(res.status).toBe(200);
      since = res.body.cursor;
      if (!res.body.hasMore) return since;
    }
  };
  const deviceCount = async () => {
    const { db, close } = await openServerDb(target());
    try {
      return (await db.selectFrom('devices').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    } finally {
      await close();
    }
  };

  beforeAll(async () => {
    databaseUrl = await postgres.databaseFor(backend, 'validate');
    srv = await startServerProcess({ databaseUrl, args: ['--device-rps', '1000', '--auth-per-minute', '1000'] });
    [A] = (await seedTenants({ url: srv.url, dataDir: srv.dataDir, databaseUrl }, ['vala'])) as [TenantFixture];
  }, 180_000); // real servers (and PostgreSQL) start here; slow on a loaded CI box
  afterAll(async () => {
    await srv?.kill();
  });

  it('pull: since up to 2^31-1 (what the seq column holds) is answered, beyond it is a 400 naming the bound', async () => {
    const top = await api(srv.url, 'GET', '/v1/sync/pull?protocol=1&since=2147483647', { token: A.rep.accessToken });
    expect(top).toMatchObject({ status: 200, body: { changes: [], cursor: 2147483647, hasMore: false } });
    for (const since of ['2147483648', '4294967296', '9007199254740991']) {
      const res = await api(srv.url, 'GET', `/v1/sync/pull?protocol=1&since=${since}`, { token: A.manager.accessToken });
      expect(res.status, `since=${since}`).toBe(400);
      expect(res.body.error.message).toMatch(/^invalid pull query: since: .*2147483647/);
    }
    expect(MAX_SEQ).toBe(2 ** 31 - 1);
  });

  it('team query: from/to past the largest timestamp are a 400, the largest one is answered', async () => {
    expect((await api(srv.url, 'GET', `/v1/team?from=0&to=${MAX_TIMESTAMP_MS}`, { token: A.manager.accessToken })).status).toBe(200);
    const res = await api(srv.url, 'GET', `/v1/team?from=0&to=${MAX_TIMESTAMP_MS + 1}`, { token: A.manager.accessToken });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^invalid team query: to: /);
  });

  it('a NUL character in any text field is a one-line 400 on both backends, and nothing is stored', async () => {
    const before = await seqNow();
    const nul = 'before\u0000after';
    const pushes: [string, unknown][] = [
      ['call title', callWith({ title: nul })],
      ['call summary', callWith({ summary: nul })],
      ['competitor id', callWith({ competitors: [{ id: nul, count: 1 }] })],
      ['transcript line', callWith({ transcript: [{ speaker: 'rep', startMs: 0, text: nul }] })],
      ['deal name', forecastOp({ dealName: nul })],
      ['forecast model', forecastOp({ model: nul })],
      ['close date', forecastOp({ closeDate: nul })],
      ['simulation scenario', simOp({ scenario: nul })],
    ];
    for (const [what, op] of pushes) {
      const res = await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep.accessToken, body: pushBody([op]) });
      expect(res.status, what).toBe(400);
      expect(res.body.error.message, what).toMatch(/^invalid push batch: ops\.0\.payload\.[\w.]+: must not contain NUL characters$/);
    }
    const content: [string, string, unknown][] = [
      ['playbook title', '/v1/tenant/playbooks/pb-nul', { objectionType: 'price', language: 'en', title: nul, replies: ['ok'] }],
      ['playbook reply', '/v1/tenant/playbooks/pb-nul', { objectionType: 'price', language: 'en', title: 'Price', replies: [nul] }],
      ['battlecard', '/v1/tenant/battlecards/bc-nul', { competitor: 'Acme', language: 'en', positioning: nul, talkTrack: 'x' }],
    ];
    for (const [what, path, body] of content) {
      const res = await api(srv.url, 'PUT', path, { token: A.manager.accessToken, body });
      expect(res.status, what).toBe(400);
      expect(res.body.error.message, what).toMatch(/must not contain NUL characters$/);
    }
    expect(await seqNow()).toBe(before);
    const devices = await deviceCount();
    const logins: [string, Record<string, unknown>][] = [
      ['device name', { tenant: A.slug, email: `rep@${A.slug}.test`, password: PASSWORD, deviceName: nul }],
      ['tenant', { tenant: `${A.slug}\u0000`, email: `rep@${A.slug}.test`, password: PASSWORD, deviceName: 'laptop' }],
    ];
    for (const [what, body] of logins) {
      const res = await api(srv.url, 'POST', '/v1/auth/login', { body });
      expect(res.status, what).toBe(400);
      expect(res.body.error.message, what).toMatch(/^invalid login: \w+: must not contain NUL characters$/);
    }
    expect(await deviceCount()).toBe(devices);
  });

  it('a NUL in the device name at enrollment is a 400 that leaves the one-use token usable', async () => {
    const token = await newEnrollmentToken(target(), A.slug, `rep2@${A.slug}.test`);
    const bad = await api(srv.url, 'POST', '/v1/auth/enroll', { body: { enrollmentToken: token, deviceName: 'rita\u0000mac' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('invalid enrollment: deviceName: must not contain NUL characters');
    const retry = await api(srv.url, 'POST', '/v1/auth/enroll', { body: { enrollmentToken: token, deviceName: 'rita-mac' } });
    expect(retry.status).toBe(200);
    expect(retry.body.user.email).toBe(`rep2@${A.slug}.test`);
    expect((await api(srv.url, 'POST', '/v1/auth/enroll', { body: { enrollmentToken: token, deviceName: 'third' } })).status).toBe(401);
  });

  it('an enrollment that fails while storing the device spends no use of its token and leaves no half device behind', async () => {
    // Storage fails on purpose: a trigger refuses one device name (as a full disk or a lost
    // connection would refuse any write), and another refuses the first refresh token of a
    // second name, i.e. after the device row was written in the same request.
    const { db, close } = await openServerDb(target());
    try {
      if (backend === 'sqlite') {
        await sql`create trigger fail_device before insert on devices when new.name = 'explode' begin select raise(abort, 'storage failure'); end`.execute(db);
        await sql`create trigger fail_token before insert on refresh_tokens when (select name from devices where id = new.device_id) = 'explode-late' begin select raise(abort, 'storage failure'); end`.execute(db);
      } else {
        await sql.raw(`create function fail_device() returns trigger language plpgsql as $$ begin
            if new.name = 'explode' then raise exception 'storage failure'; end if; return new; end $$;
          create trigger fail_device before insert on devices for each row execute function fail_device();
          create function fail_token() returns trigger language plpgsql as $$ begin
            if (select name from devices where id = new.device_id) = 'explode-late' then raise exception 'storage failure'; end if; return new; end $$;
          create trigger fail_token before insert on refresh_tokens for each row execute function fail_token();`).execute(db);
      }
      const token = await newEnrollmentToken(target(), A.slug, `rep2@${A.slug}.test`);
      const devices = await deviceCount();
      for (const deviceName of ['explode', 'explode-late']) {
        const failed = await api(srv.url, 'POST', '/v1/auth/enroll', { body: { enrollmentToken: token, deviceName } });
        expect(failed.status, deviceName).toBe(500);
        expect(await db.selectFrom('devices').select('id').where('name', '=', deviceName).execute(), deviceName).toEqual([]);
      }
      expect(await deviceCount()).toBe(devices);
      const ok = await api(srv.url, 'POST', '/v1/auth/enroll', { body: { enrollmentToken: token, deviceName: 'works' } });
      expect(ok.status).toBe(200);
      expect((await api(srv.url, 'POST', '/v1/auth/device', { body: { deviceId: ok.body.deviceId, deviceSecret: ok.body.deviceSecret } })).status).toBe(200);
      expect((await api(srv.url, 'POST', '/v1/auth/enroll', { body: { enrollmentToken: token, deviceName: 'again' } })).status).toBe(401);
    } finally {
      await sql`drop trigger if exists fail_device on devices`.execute(db).catch(() => undefined);
      if (backend === 'sqlite') await sql`drop trigger if exists fail_token`.execute(db);
      else await sql.raw('drop trigger if exists fail_device on devices; drop trigger if exists fail_token on refresh_tokens').execute(db);
      await close();
    }
  });

  it('every number is bounded by what it means: out of range is a one-line 400 naming the field, the bound itself is accepted', async () => {
    const before = await seqNow();
    const refused: [string, unknown, RegExp][] = [
      ['forecast amount 1.7e308', forecastOp({ amount: 1.7e308 }), /^invalid push batch: ops\.0\.payload\.amount: /],
      ['forecast amount over the bound', forecastOp({ amount: MAX_AMOUNT * 2 }), /payload\.amount: /],
      ['expected value 1.7e308', forecastOp({ expectedValue: 1.7e308 }), /payload\.expectedValue: /],
      ['negative expected value', forecastOp({ expectedValue: -5 }), /payload\.expectedValue: /],
      ['win probability over 1', forecastOp({ winProbability: 1.5 }), /payload\.winProbability: /],
      ['created after year 9999', forecastOp({ createdAt: MAX_TIMESTAMP_MS + 1 }), /payload\.createdAt: /],
      ['call started after year 9999', callWith({ startedAt: MAX_TIMESTAMP_MS + 1 }), /payload\.startedAt: /],
      ['call longer than the bound', callWith({ durationMs: MAX_DURATION_MS + 1 }), /payload\.durationMs: /],
      ['transcript line past the bound', callWith({ transcript: [{ speaker: 'rep', startMs: MAX_DURATION_MS + 1, text: 'hi' }] }), /payload\.transcript\.0\.startMs: /],
      ['hints shown over the bound', callWith({ hints: { shown: MAX_COUNT + 1, used: 0, dismissed: 0 } }), /payload\.hints\.shown: /],
      ['objection count over the bound', callWith({ objections: [{ type: 'price', count: MAX_COUNT + 1 }] }), /payload\.objections\.0\.count: /],
      ['sentiment count over the bound', callWith({ sentiment: { avg: 0, positive: MAX_COUNT + 1, neutral: 0, negative: 0 } }), /payload\.sentiment\.positive: /],
      ['client time after year 9999', callWith({}, { clientTs: MAX_TIMESTAMP_MS + 1 }), /^invalid push batch: ops\.0\.clientTs: /],
      ['simulation ended after year 9999', simOp({ endedAt: MAX_TIMESTAMP_MS + 1 }), /payload\.endedAt: /],
    ];
    for (const [what, op, message] of refused) {
      const res = await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep.accessToken, body: pushBody([op]) });
      expect(res.status, what).toBe(400);
      expect(res.body.error.message, what).toMatch(message);
      expect(res.body.error.message, what).not.toMatch(/\n/);
    }
    expect(await seqNow()).toBe(before);
    const atTheBounds = [
      forecastOp({ amount: MAX_AMOUNT, expectedValue: MAX_AMOUNT, winProbability: 1, createdAt: MAX_TIMESTAMP_MS }),
      callWith({ startedAt: MAX_TIMESTAMP_MS, durationMs: MAX_DURATION_MS, hints: { shown: MAX_COUNT, used: MAX_COUNT, dismissed: 0 }, objections: [{ type: 'price', count: MAX_COUNT }] }, { clientTs: MAX_TIMESTAMP_MS }),
      simOp({ startedAt: 0, endedAt: MAX_TIMESTAMP_MS, score: 100 }),
    ];
    const ok = await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep.accessToken, body: pushBody(atTheBounds) });
    expect(ok.status).toBe(200);
    expect(ok.body.duplicates).toBe(0);
    // The bounds are sane ones, documented on the protocol types.
    expect(MAX_AMOUNT).toBeLessThanOrEqual(1e15);
    expect(MAX_COUNT).toBeLessThanOrEqual(1_000_000);
  });

  it('refuses cross-field nonsense with a clear 400: hints used or dismissed beyond those shown, a simulation ending before it starts', async () => {
    const before = await seqNow();
    const cases: [string, unknown, string][] = [
      ['used > shown', callWith({ hints: { shown: 1, used: 50_000, dismissed: 0 } }), 'invalid push batch: ops.0.payload.hints.used: hints used (50000) plus dismissed (0) exceed hints shown (1)'],
      ['used + dismissed > shown', callWith({ hints: { shown: 4, used: 3, dismissed: 2 } }), 'invalid push batch: ops.0.payload.hints.used: hints used (3) plus dismissed (2) exceed hints shown (4)'],
      ['ends before it starts', simOp({ startedAt: 2000, endedAt: 1000 }), 'invalid push batch: ops.0.payload.endedAt: a simulation cannot end (1000) before it starts (2000)'],
    ];
    for (const [what, op, message] of cases) {
      const res = await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep.accessToken, body: pushBody([callOp(), op]) });
      expect(res.status, what).toBe(400);
      expect(res.body.error.message, what).toBe(message.replace('ops.0', 'ops.1'));
    }
    expect(await seqNow()).toBe(before);
    // Equal is fine: every hint shown was used or dismissed.
    expect((await api(srv.url, 'POST', '/v1/sync/push', { token: A.rep.accessToken, body: pushBody([callWith({ hints: { shown: 4, used: 2, dismissed: 2 } })]) })).status).toBe(200);
  });
});
