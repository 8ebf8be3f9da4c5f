import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/db';
import { accessToken, authedJson, syncOnce } from './engine';
import { isRetryable, retryAfterMs } from './http';
import { SyncLoop } from './loop';
import { enqueueSampleSimulationResult } from './test-support/sample-ops';
import { transaction } from '../store/query';
import { pendingCount } from '../store/outbox';
import { readState, writeState, type SyncCredentials } from '../store/sync-state';

/**
 * A stand-in sync server on loopback: counts requests per route and answers as a test says,
 * so the client's own behaviour (how many requests, when) is what is measured.
 */
type Handler = (req: http.IncomingMessage, body: unknown) => Promise<{ status: number; body?: unknown; headers?: Record<string, string> }>;
async function stubServer(routes: Record<string, Handler>) {
  const hits: Record<string, number> = {};
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += String(d)));
    req.on('end', () => {
      const route = `${req.method} ${req.url!.split('?')[0]}`;
      hits[route] = (hits[route] ?? 0) + 1;
      const handler = routes[route];
      const notFound: Awaited<ReturnType<Handler>> = { status: 404, body: { error: { code: 'not_found', message: route } } };
      const answer = handler ? handler(req, raw ? JSON.parse(raw) : null) : Promise.resolve(notFound);
      void answer.then(({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const tokens = (n: number) => ({
  accessToken: `at-${n}`, expiresIn: 900, refreshToken: `rt_refresh-${n}`,
  tenant: { id: 't1', slug: 'acme', name: 'Acme' }, user: { id: 'u1', email: 'rep@acme.test', role: 'rep' as const }, deviceId: 'd1',
});

let dir: string;
let store: Store;
let stub: Awaited<ReturnType<typeof stubServer>> | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-engine-'));
  store = openStore(dir);
});
afterEach(async () => {
  await stub?.close();
  stub = undefined;
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Enrolled, with an access token that has expired: the next call must refresh. */
function expiredCredentials(serverUrl: string, deviceSecret: string | null = null): SyncCredentials {
  const creds: SyncCredentials = { ...tokens(0), serverUrl, deviceSecret, accessExpiresAt: Date.now() - 1000 };
  writeState(store, 'credentials', creds);
  return creds;
}

describe('access token refresh', () => {
  it('is single-flight: concurrent callers with an expired token share one refresh request', async () => {
    let issued = 0;
    const presented: string[] = [];
    stub = await stubServer({
      'POST /v1/auth/refresh': async (_req, body) => {
        // Every caller asked before any I/O could happen (Promise.all below): no wait is needed
        // for them all to be in flight; without single-flight each would send its own request.
        presented.push((body as { refreshToken: string }).refreshToken);
        return { status: 200, body: tokens(++issued) };
      },
    });
    expiredCredentials(stub.url);
    const results = await Promise.all(Array.from({ length: 5 }, () => accessToken(store)));
    expect(stub.hits['POST /v1/auth/refresh']).toBe(1);
    expect(presented).toEqual(['rt_refresh-0']);
    expect(new Set(results.map((r) => r.token))).toEqual(new Set(['at-1']));
    expect(readState(store, 'credentials')).toMatchObject({ refreshToken: 'rt_refresh-1', accessToken: 'at-1' });
    // Once it is done, a later refresh is a new one (with the new refresh token).
    await accessToken(store, true);
    expect(presented).toEqual(['rt_refresh-0', 'rt_refresh-1']);
  });

  it('is single-flight for forced refreshes too (several requests answered 401 at once)', async () => {
    let issued = 0;
    // The refresh is answered only once all four callers have heard their 401: each of them
    // then wants a refresh while one is in flight (deterministic, no sleeping).
    let refused = 0;
    let allRefused!: () => void;
    const everyoneRefused = new Promise<void>((resolve) => (allRefused = resolve));
    stub = await stubServer({
      'POST /v1/auth/refresh': async () => {
        await everyoneRefused;
        return { status: 200, body: tokens(++issued) };
      },
      'GET /v1/me': async (req) => {
        if (req.headers.authorization === `Bearer at-${issued}` && issued > 0) return { status: 200, body: { ok: true } };
        if (++refused === 4) allRefused();
        return { status: 401, body: { error: { code: 'unauthorized', message: 'access token expired' } } };
      },
    });
    const creds = expiredCredentials(stub.url);
    // The stored token looks valid to the client, but the server says 401: every caller forces a refresh.
    writeState(store, 'credentials', { ...creds, accessExpiresAt: Date.now() + 600_000 });
    const results = await Promise.all(Array.from({ length: 4 }, () => authedJson<{ ok: boolean }>(store, 'GET', '/v1/me')));
    expect(results).toEqual(Array.from({ length: 4 }, () => ({ ok: true })));
    expect(stub.hits['POST /v1/auth/refresh']).toBe(1);
  });

  it('a failed refresh fails every caller that shared it, and the next call tries again', async () => {
    let fail = true;
    stub = await stubServer({
      'POST /v1/auth/refresh': async () => {
        // Both callers asked before any I/O (Promise.allSettled below), so both share this one.
        return fail ? { status: 500, body: { error: { code: 'internal', message: 'internal server error' } } } : { status: 200, body: tokens(1) };
      },
    });
    expiredCredentials(stub.url);
    const results = await Promise.allSettled([accessToken(store), accessToken(store)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(stub.hits['POST /v1/auth/refresh']).toBe(1);
    fail = false;
    expect((await accessToken(store)).token).toBe('at-1');
    expect(stub.hits['POST /v1/auth/refresh']).toBe(2);
  });

  it("on 409 refresh_superseded uses the tokens another process on this data dir saved, and revokes nothing", async () => {
    const other = openStore(dir); // e.g. `salesedge sync` while the app runs
    stub = await stubServer({
      'POST /v1/auth/refresh': async () => {
        // The other process won the race: it saves its new pair while we hear 409.
        setTimeout(() => writeState(other, 'credentials', { ...readState(other, 'credentials')!, ...tokens(7), accessExpiresAt: Date.now() + 900_000 }), 150);
        return { status: 409, body: { error: { code: 'refresh_superseded', message: 'this refresh token was just exchanged by another request' } } };
      },
    });
    expiredCredentials(stub.url, 'ds_device-secret');
    try {
      expect((await accessToken(store)).token).toBe('at-7');
      // Not mistaken for a revoked session: no sign-in with the device secret.
      expect(stub.hits['POST /v1/auth/device']).toBeUndefined();
    } finally {
      other.close();
    }
  });
});

describe('an overloaded server (503 + Retry-After)', () => {
  it('the loop backs off for at least Retry-After (plus jitter), keeps the unacknowledged ops, and later pushes each op exactly once', async () => {
    const stored = new Map<string, number>();
    const attempts: { at: number; status: number; pendingThen: number }[] = [];
    let pushes = 0;
    stub = await stubServer({
      'POST /v1/sync/push': async (_req, body) => {
        pushes += 1;
        const ops = (body as { ops: { opId: string }[] }).ops;
        // The first batch goes in; the next two attempts find the server saturated.
        const busy = pushes === 2 || pushes === 3;
        attempts.push({ at: performance.now(), status: busy ? 503 : 200, pendingThen: pendingCount(store) });
        if (busy) return { status: 503, headers: { 'retry-after': '1' }, body: { error: { code: 'overloaded', message: 'the sync server is busy: retry in 1 s' } } };
        let duplicates = 0;
        for (const o of ops) {
          if (stored.has(o.opId)) duplicates += 1;
          stored.set(o.opId, (stored.get(o.opId) ?? 0) + 1);
        }
        return { status: 200, body: { protocol: 1, accepted: ops.map((o) => o.opId), duplicates, seq: stored.size } };
      },
      'GET /v1/sync/pull': async () => ({ status: 200, body: { protocol: 1, changes: [], cursor: 0, hasMore: false } }),
    });
    writeState(store, 'credentials', { ...tokens(1), serverUrl: stub.url, deviceSecret: null, accessExpiresAt: Date.now() + 900_000 });
    const ids: string[] = [];
    transaction(store, () => {
      for (let i = 0; i < 30; i++) ids.push(enqueueSampleSimulationResult(store, `busy-${i}`, { scenario: 'busy', language: 'en', startedAt: i, score: 50 }));
    });
    const errors: unknown[] = [];
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const loop = new SyncLoop({
      run: async () => {
        await syncOnce(store, { batchSize: 10 });
        finish();
      },
      intervalMs: () => 3_600_000,
      retryable: isRetryable,
      retryAfterMs,
      onError: (err) => errors.push(err),
      random: () => 0.1,
    });
    loop.start();
    await done;
    await loop.stop();
    expect(attempts.map((a) => a.status)).toEqual([200, 503, 503, 200, 200]);
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => retryAfterMs(e) === 1000)).toBe(true);
    // Never sooner than Retry-After: 1 s plus the jitter (random 0.1 of it), not the 0.4 s / 0.8 s backoff.
    const gap = (i: number) => attempts[i + 1]!.at - attempts[i]!.at;
    expect(gap(1)).toBeGreaterThanOrEqual(1100 - 20);
    expect(gap(2)).toBeGreaterThanOrEqual(1100 - 20);
    expect(gap(2)).toBeLessThan(2500);
    // The refused batch stayed in the outbox the whole time.
    expect(attempts.map((a) => a.pendingThen)).toEqual([30, 20, 20, 20, 10]);
    expect(pendingCount(store)).toBe(0);
    expect([...stored.keys()].sort()).toEqual([...ids].sort());
    expect([...stored.values()].every((n) => n === 1)).toBe(true);
  }, 20_000);
});
