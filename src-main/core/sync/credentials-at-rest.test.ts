// Issue 16, point 5: the sync credentials never sit in a database file, and in the desktop app
// they are encrypted with the OS keyring's key. Against a real sync server.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../core';
import { createDispatcher } from '../api/dispatch';
import { handlers } from '../api/handlers';
import { createLogger } from '../logger';
import { SECRETS_FILE_NAME } from '../store/secrets';
import { tempDir } from '../../../test/helpers';
import { startServerProcess, type ServerProcess } from '../../../sync-server/test-support/server-process';
import { newEnrollmentToken, seedTenants } from '../../../sync-server/test-support/fixture';

let srv: ServerProcess;
beforeAll(async () => {
  srv = await startServerProcess();
  await seedTenants({ url: srv.url, dataDir: srv.dataDir }, ['vault']);
}, 180_000);
afterAll(async () => {
  await srv?.kill();
});

const mode = (p: string) => fs.statSync(p).mode & 0o777;
/** Every secret the device holds after enrolling and one sync round. */
const secretsOf = (creds: { deviceSecret: string | null; refreshToken: string; accessToken: string | null }) => [creds.deviceSecret, creds.refreshToken, creds.accessToken].filter((s): s is string => !!s);

describe('sync credentials at rest', () => {
  it('CLI and serve-ui: in a 0600 secrets file in the 0700 data folder; no token in salesedge.db, -wal or -shm', async () => {
    const t = tempDir();
    const core = createCore({ dataDir: t.dir, log: createLogger('silent') });
    try {
      const dispatch = createDispatcher(core, handlers);
      expect(await dispatch('sync.enroll', { serverUrl: srv.url, enrollmentToken: await newEnrollmentToken(srv, 'vault', 'rep@vault.test') })).toMatchObject({ ok: true, result: { enrolled: true } });
      expect(await dispatch('sync.now', {})).toMatchObject({ ok: true, result: { lastError: null } });
      const creds = JSON.parse(fs.readFileSync(path.join(t.dir, SECRETS_FILE_NAME), 'utf8')) as { encrypted: false; values: { credentials: Parameters<typeof secretsOf>[0] } };
      expect(creds.encrypted).toBe(false);
      const secrets = secretsOf(creds.values.credentials);
      expect(secrets.length).toBe(3);
      expect(mode(t.dir)).toBe(0o700);
      expect(mode(path.join(t.dir, SECRETS_FILE_NAME))).toBe(0o600);
      for (const f of fs.readdirSync(t.dir).filter((n) => n.startsWith('salesedge.db'))) {
        expect(mode(path.join(t.dir, f)), f).toBe(0o600);
        const bytes = fs.readFileSync(path.join(t.dir, f)).toString('latin1');
        for (const s of secrets) expect(bytes, `${f} holds a secret`).not.toContain(s);
      }
      // Signing out forgets them.
      expect(await dispatch('sync.signOut', {})).toMatchObject({ ok: true, result: { enrolled: false } });
      expect(JSON.parse(fs.readFileSync(path.join(t.dir, SECRETS_FILE_NAME), 'utf8'))).toEqual({ version: 1, encrypted: false, values: {} });
    } finally {
      await core.close();
      t.cleanup();
    }
  });

  it('the desktop app: encrypted with its keyring key (nothing readable), syncs after a restart with the same key; the CLI on that folder is not enrolled and says why', async () => {
    const t = tempDir();
    const key = crypto.randomBytes(32);
    const app = () => createCore({ dataDir: t.dir, transport: 'electron', secrets: { key }, log: createLogger('silent') });
    let core = app();
    try {
      expect(await createDispatcher(core, handlers)('sync.enroll', { serverUrl: srv.url, enrollmentToken: await newEnrollmentToken(srv, 'vault', 'rep2@vault.test') })).toMatchObject({ ok: true });
      const raw = fs.readFileSync(path.join(t.dir, SECRETS_FILE_NAME), 'utf8');
      expect(JSON.parse(raw)).toMatchObject({ version: 1, encrypted: true });
      // Decrypted with the app's key it holds the credentials; none of them is in the file in the clear.
      const disk = JSON.parse(raw) as { iv: string; tag: string; data: string };
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(disk.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(disk.tag, 'base64'));
      const plain = JSON.parse(Buffer.concat([decipher.update(Buffer.from(disk.data, 'base64')), decipher.final()]).toString('utf8')) as { credentials: Parameters<typeof secretsOf>[0] };
      const secrets = secretsOf(plain.credentials);
      expect(secrets.length).toBeGreaterThanOrEqual(2);
      for (const s of secrets) expect(raw).not.toContain(s);
      await core.close();
      core = app();
      expect(await createDispatcher(core, handlers)('sync.now', {})).toMatchObject({ ok: true, result: { enrolled: true, lastError: null } });
      await core.close();
      core = createCore({ dataDir: t.dir, log: createLogger('silent') });
      expect(await createDispatcher(core, handlers)('sync.status', {})).toMatchObject({ ok: true, result: { enrolled: false } });
      expect(core.store.secrets.problem).toMatch(/encrypted with the desktop app's keyring/);
    } finally {
      await core.close();
      t.cleanup();
    }
  });

  it('the desktop app without a safe keyring: enrolling is refused in one line before the server is asked, and nothing is written', async () => {
    const t = tempDir();
    const core = createCore({ dataDir: t.dir, transport: 'electron', secrets: { refuse: 'no OS keyring was found (…): sync sign-in is refused' }, log: createLogger('silent') });
    try {
      const token = await newEnrollmentToken(srv, 'vault', 'rep2@vault.test');
      const res = await createDispatcher(core, handlers)('sync.enroll', { serverUrl: srv.url, enrollmentToken: token });
      expect(res).toMatchObject({ ok: false, error: { code: 'unavailable', message: 'no OS keyring was found (…): sync sign-in is refused' } });
      expect(fs.existsSync(path.join(t.dir, SECRETS_FILE_NAME))).toBe(false);
      // The token was not spent: a device that can keep its credentials still enrolls with it.
      const other = tempDir();
      const cli = createCore({ dataDir: other.dir, log: createLogger('silent') });
      try {
        expect(await createDispatcher(cli, handlers)('sync.enroll', { serverUrl: srv.url, enrollmentToken: token })).toMatchObject({ ok: true });
      } finally {
        await cli.close();
        other.cleanup();
      }
      expect(await createDispatcher(core, handlers)('sync.status', {})).toMatchObject({ ok: true, result: { enrolled: false } });
    } finally {
      await core.close();
      t.cleanup();
    }
  });
});
