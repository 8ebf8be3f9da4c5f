import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../test-support/use-postgres';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { api, PASSWORD, seedTenants, type TenantFixture } from '../test-support/fixture';

// Raw-protocol tests of refresh rotation's grace window, on both storage backends.
const postgres = usePostgres();

const GRACE_S = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(['sqlite', 'postgres'] as const)('refresh grace window on %s', (backend) => {
  let srv: ServerProcess;
  let A: TenantFixture;

  beforeAll(async () => {
    const databaseUrl = await postgres.databaseFor(backend, 'refresh');
    srv = await startServerProcess({ databaseUrl, args: ['--device-rps', '1000', '--auth-per-minute', '1000', '--refresh-grace', String(GRACE_S)] });
    [A] = (await seedTenants({ url: srv.url, dataDir: srv.dataDir, databaseUrl }, ['acme'])) as [TenantFixture];
  }, 180_000);
  afterAll(async () => {
    await srv?.kill();
  });

  /** A new session (its own refresh family) on a new device. */
  const signIn = async () => {
    const res = await api(srv.url, 'POST', '/v1/auth/login', { body: { tenant: A.slug, email: `rep@${A.slug}.test`, password: PASSWORD, deviceName: 'laptop' } });
    expect(res.status).toBe(200);
    return { refreshToken: res.body.refreshToken as string, deviceId: res.body.deviceId as string };
  };
  const refresh = (refreshToken: string) => api(srv.url, 'POST', '/v1/auth/refresh', { body: { refreshToken } });
  const reuseAlarms = async (deviceId: string) => {
    const log = await api(srv.url, 'GET', '/v1/audit', { token: A.admin.accessToken });
    expect(log.status).toBe(200);
    return (log.body.entries as { action: string; detail: { deviceId?: string } }[]).filter((e) => e.action === 'refresh.reuse_detected' && e.detail.deviceId === deviceId).length;
  };

  it('an exact duplicate inside the window gets 409 refresh_superseded and revokes nothing', async () => {
    const { refreshToken: r1, deviceId } = await signIn();
    const first = await refresh(r1);
    expect(first.status).toBe(200);
    const r2 = first.body.refreshToken as string;
    // The same token again (a lost response retried, a second process): refused, but no alarm.
    const dup = await refresh(r1);
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('refresh_superseded');
    expect(dup.body.error.message).toMatch(/just exchanged/);
    expect(await reuseAlarms(deviceId)).toBe(0);
    // The winner's new token still works: the session goes on.
    const next = await refresh(r2);
    expect(next.status).toBe(200);
    expect((await api(srv.url, 'GET', '/v1/me', { token: next.body.accessToken })).status).toBe(200);
  });

  it('two refreshes at once: one gets the new pair, the other 409, and the session survives', async () => {
    const { refreshToken: r1, deviceId } = await signIn();
    const both = await Promise.all([refresh(r1), refresh(r1)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = both.find((r) => r.status === 200)!;
    expect(await reuseAlarms(deviceId)).toBe(0);
    expect((await refresh(winner.body.refreshToken as string)).status).toBe(200);
  });

  it('reuse after the new token was used is detected, inside the window too: the family is revoked', async () => {
    const { refreshToken: r1, deviceId } = await signIn();
    const second = await refresh(r1);
    const third = await refresh(second.body.refreshToken as string);
    expect(third.status).toBe(200);
    const replay = await refresh(r1);
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toMatch(/already used/);
    expect((await refresh(third.body.refreshToken as string)).status).toBe(401);
    expect(await reuseAlarms(deviceId)).toBe(1);
  });

  it('reuse after the window is detected: the family is revoked and audited', async () => {
    const { refreshToken: r1, deviceId } = await signIn();
    const second = await refresh(r1);
    expect(second.status).toBe(200);
    await sleep(GRACE_S * 1000 + 500);
    const replay = await refresh(r1);
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toMatch(/already used/);
    // The family's live token dies with it.
    expect((await refresh(second.body.refreshToken as string)).status).toBe(401);
    expect(await reuseAlarms(deviceId)).toBe(1);
  });

  it('a revoked family stays revoked: a duplicate of its tokens gets 401, not 409', async () => {
    const { refreshToken: r1 } = await signIn();
    const second = await refresh(r1);
    expect((await api(srv.url, 'POST', '/v1/auth/logout', { body: { refreshToken: second.body.refreshToken } })).status).toBe(204);
    expect((await refresh(r1)).status).toBe(401);
    expect((await refresh(second.body.refreshToken as string)).status).toBe(401);
  });
});
