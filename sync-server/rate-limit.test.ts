import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { startRedis } from './test-support/services';
import { usePostgresAndRedis } from './test-support/shared-services';
import { sharedSigningKeys, startServerProcess, type ServerProcess } from './test-support/server-process';
import { api, newEnrollmentToken, seedTenants } from './test-support/fixture';
import { DEVICE_KEY_PREFIX, IP_KEY_PREFIX } from './rate-limit';
import type { TokenResponse } from '../src-shared/sync-protocol';

// Limits per minute, not per second: on a slow shared machine a burst of requests can take
// longer than a second, and a 1 s window would then refill mid-test.
const DEVICE_LIMIT = 5;
const AUTH_LIMIT = 10;
const ARGS = ['--device-per-minute', String(DEVICE_LIMIT), '--auth-per-minute', String(AUTH_LIMIT)];

const services = usePostgresAndRedis();

type Answer = { status: number; code?: string; message?: string; retryAfter: string | null };
const me = async (srv: ServerProcess, token: string): Promise<Answer> => {
  const res = await fetch(`${srv.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { error?: { code: string; message: string } };
  return { status: res.status, code: body.error?.code, message: body.error?.message, retryAfter: res.headers.get('retry-after') };
};
/** Requests one after another, alternating between the processes; answers per process. */
const alternate = async (procs: ServerProcess[], n: number, send: (srv: ServerProcess) => Promise<{ status: number }>) => {
  const statuses = procs.map(() => [] as number[]);
  for (let i = 0; i < n; i++) statuses[i % procs.length]!.push((await send(procs[i % procs.length]!)).status);
  return statuses;
};
const count = (codes: number[], code: number) => codes.filter((c) => c === code).length;
const enrollDevice = async (srv: ServerProcess, databaseUrl: string, tenant: string): Promise<TokenResponse> => {
  const res = await api(srv.url, 'POST', '/v1/auth/enroll', { body: { enrollmentToken: await newEnrollmentToken({ dataDir: srv.dataDir, databaseUrl }, tenant, `rep@${tenant}.test`), deviceName: 'rl-laptop' } });
  expect(res.status).toBe(200);
  return res.body as TokenResponse;
};
/** SIGTERM must end the process with code 0: a Redis client left open would keep it alive. */
const expectCleanStop = async (srv: ServerProcess) => {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([srv.kill('SIGTERM'), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`server did not exit after SIGTERM: ${srv.logs()}`)), 20_000)))]);
  clearTimeout(timer);
  expect({ exitCode: srv.child.exitCode, logs: srv.logs() }).toMatchObject({ exitCode: 0 });
};

describe('two server processes sharing one PostgreSQL and Redis', () => {
  let one: ServerProcess;
  let two: ServerProcess;
  let databaseUrl: string;
  let device: TokenResponse;
  let other: TokenResponse;
  beforeAll(async () => {
    databaseUrl = await services.pg.createDatabase(`rl_shared_${Date.now()}`);
    const env = sharedSigningKeys();
    [one, two] = await Promise.all([startServerProcess({ databaseUrl, redisUrl: services.redis.url, args: ARGS, env }), startServerProcess({ databaseUrl, redisUrl: services.redis.url, args: ARGS, env })]);
    const [t] = await seedTenants({ url: one.url, dataDir: one.dataDir, databaseUrl }, ['rl-shared']);
    other = t!.rep2;
    device = await enrollDevice(two, databaseUrl, 'rl-shared');
  }, 180_000);
  afterAll(async () => {
    await Promise.all([one?.kill(), two?.kill()]);
  });

  it('one device gets one budget across both processes, and a 429 says when to retry', async () => {
    const [onOne, onTwo] = await alternate([one, two], 4 * DEVICE_LIMIT, (srv) => me(srv, device.accessToken));
    const all = [...onOne!, ...onTwo!];
    expect(count(all, 200)).toBe(DEVICE_LIMIT); // separate counters would accept 2 × DEVICE_LIMIT
    expect(count(all, 429)).toBe(all.length - DEVICE_LIMIT);
    expect(count(onOne!, 429)).toBeGreaterThan(0);
    expect(count(onTwo!, 429)).toBeGreaterThan(0);
    for (const srv of [one, two]) {
      const refused = await me(srv, device.accessToken);
      expect(refused).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(refused.message).toMatch(/^too many requests: retry in \d+ s$/);
      const seconds = Number(refused.retryAfter);
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThanOrEqual(60);
      expect(refused.message).toBe(`too many requests: retry in ${seconds} s`);
    }
    // Another device of the same tenant has its own budget.
    expect((await me(one, other.accessToken)).status).toBe(200);
    expect((await me(two, other.accessToken)).status).toBe(200);
  });

  it('shares the per-IP sign-in budget too, under its own key prefix', async () => {
    const badLogin = (srv: ServerProcess) => api(srv.url, 'POST', '/v1/auth/login', { body: { tenant: 'rl-shared', email: 'rep@rl-shared.test', password: 'wrong password', deviceName: 'x' } });
    const [onOne, onTwo] = await alternate([one, two], 2 * AUTH_LIMIT, badLogin);
    const all = [...onOne!, ...onTwo!];
    // Set-up sign-ins already spent part of this IP's budget; separate counters would let through 2 × AUTH_LIMIT minus that.
    expect(count(all, 401)).toBeGreaterThan(0);
    expect(count(all, 401)).toBeLessThanOrEqual(AUTH_LIMIT);
    expect(count(all, 401) + count(all, 429)).toBe(all.length);
    expect(count(onOne!, 429)).toBeGreaterThan(0);
    expect(count(onTwo!, 429)).toBeGreaterThan(0);

    const client = createClient({ url: services.redis.url });
    await client.connect();
    try {
      const keys = await client.keys('*');
      // Device counters hold device ids only, IP counters addresses only: the two never mix.
      expect(keys.filter((k) => k.startsWith(`${DEVICE_KEY_PREFIX}:`)).sort()).toEqual([device.deviceId, other.deviceId].map((id) => `${DEVICE_KEY_PREFIX}:${id}`).sort());
      const ipKeys = keys.filter((k) => k.startsWith(`${IP_KEY_PREFIX}:`));
      expect(ipKeys.length).toBeGreaterThan(0);
      for (const k of ipKeys) expect(k).toMatch(/:(::ffff:)?127\.0\.0\.1$/);
      // Every request from both processes landed on the one counter: 4 × limit + the two probes.
      expect(await client.get(`${DEVICE_KEY_PREFIX}:${device.deviceId}`)).toBe(String(4 * DEVICE_LIMIT + 2));
    } finally {
      await client.close();
    }
  });

  it('shuts down cleanly, closing its Redis clients', async () => {
    await Promise.all([expectCleanStop(one), expectCleanStop(two)]);
  });
});

describe('without Redis', () => {
  it('limits each process on its own', async () => {
    const databaseUrl = await services.pg.createDatabase(`rl_local_${Date.now()}`);
    const env = sharedSigningKeys();
    const [one, two] = await Promise.all([startServerProcess({ databaseUrl, args: ARGS, env }), startServerProcess({ databaseUrl, args: ARGS, env })]);
    try {
      await seedTenants({ url: one.url, dataDir: one.dataDir, databaseUrl }, ['rl-local']);
      const device = await enrollDevice(two, databaseUrl, 'rl-local');
      const [onOne, onTwo] = await alternate([one, two], 4 * DEVICE_LIMIT, (srv) => me(srv, device.accessToken));
      expect(count(onOne!, 200)).toBe(DEVICE_LIMIT);
      expect(count(onTwo!, 200)).toBe(DEVICE_LIMIT);
      expect(count([...onOne!, ...onTwo!], 429)).toBe(2 * DEVICE_LIMIT);
      const refused = await me(one, device.accessToken);
      expect(refused).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(refused.message).toBe(`too many requests: retry in ${refused.retryAfter} s`);
      await expectCleanStop(one);
    } finally {
      await Promise.all([one.kill(), two.kill()]);
    }
  }, 120_000);
});

describe('when Redis goes away', () => {
  it('keeps serving and limiting per process, warns once, and still shuts down cleanly', async () => {
    const ownRedis = await startRedis();
    const databaseUrl = await services.pg.createDatabase(`rl_outage_${Date.now()}`);
    const srv = await startServerProcess({ databaseUrl, redisUrl: ownRedis.url, args: ARGS });
    try {
      await seedTenants({ url: srv.url, dataDir: srv.dataDir, databaseUrl }, ['rl-outage']);
      const device = await enrollDevice(srv, databaseUrl, 'rl-outage');
      expect((await me(srv, device.accessToken)).status).toBe(200);
      expect((await me(srv, device.accessToken)).status).toBe(200);
      const client = createClient({ url: ownRedis.url });
      await client.connect();
      expect(await client.get(`${DEVICE_KEY_PREFIX}:${device.deviceId}`)).toBe('2'); // counted in Redis so far
      await client.close();

      await ownRedis.stop();
      const statuses = (await alternate([srv], 3 * DEVICE_LIMIT, (s) => me(s, device.accessToken)))[0]!;
      // The in-memory insurance limiter starts its own count: DEVICE_LIMIT more, then 429, never 500.
      expect(count(statuses, 200)).toBe(DEVICE_LIMIT);
      expect(count(statuses, 429)).toBe(statuses.length - DEVICE_LIMIT);
      const refused = await me(srv, device.accessToken);
      expect(refused.message).toBe(`too many requests: retry in ${refused.retryAfter} s`);
      expect((await api(srv.url, 'GET', '/healthz')).status).toBe(200);
      // node-redis keeps retrying in the background; the warning is logged once per outage.
      await new Promise((r) => setTimeout(r, 2000));
      expect(srv.logs().match(/rate limits: Redis unavailable/g)).toHaveLength(1);
      await expectCleanStop(srv);
    } finally {
      await srv.kill();
      await ownRedis.stop();
    }
  }, 120_000);
});
