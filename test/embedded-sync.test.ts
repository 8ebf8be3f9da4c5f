import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedSyncServer, type EmbeddedSyncServer } from '../sync-server/embedded';
import { createCore, type Core } from '../src-main/core/core';
import { tempDir } from './helpers';

describe('embedded sync server (salesedge demo)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('starts on SQLite with a demo tenant, and a core enrolls and syncs with its token', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const server: EmbeddedSyncServer = await startEmbeddedSyncServer({ dataDir: path.join(t.dir, 'server') });
    cleanups.push(() => server.close());
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const core: Core = createCore({ dataDir: path.join(t.dir, 'client') });
    cleanups.push(() => core.close());
    const status = await core.sync.enroll({ serverUrl: server.url, enrollmentToken: server.enrollmentToken });
    expect(status).toMatchObject({ enrolled: true, tenant: { slug: 'demo' } });
    const after = await core.sync.syncNow();
    expect(after.lastError).toBeNull();
    // A second start on the same folder reuses the tenant and hands out a new token.
    await server.close();
    cleanups.pop();
    const again = await startEmbeddedSyncServer({ dataDir: path.join(t.dir, 'server') });
    cleanups.push(() => again.close());
    expect(again.enrollmentToken).not.toBe(server.enrollmentToken);
  });
});
