import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers';
import { appSecretsProtection, openSecrets, SECRETS_FILE_NAME, SECRETS_KEY_ENV, SECRETS_REFUSED_ENV } from './secrets';
import { openStore } from './db';
import { all, run } from './query';

const CREDS = { serverUrl: 'https://sync.example', deviceSecret: 'dsec_very-secret', refreshToken: 'rt_refresh-secret', accessToken: 'at-access-secret' };
const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('the secrets file', () => {
  it('without a keyring: a 0600 file (its mode is the protection), written atomically, read back', () => {
    const t = tempDir();
    try {
      const s = openSecrets(t.dir, 'file');
      expect(s.read('credentials')).toBeUndefined();
      s.write('credentials', CREDS);
      const file = path.join(t.dir, SECRETS_FILE_NAME);
      expect(mode(file)).toBe(0o600);
      expect(fs.readdirSync(t.dir)).toEqual([SECRETS_FILE_NAME]); // no temp file left
      expect(openSecrets(t.dir, 'file').read('credentials')).toEqual(CREDS);
      expect(s.protection).toBe('file');
      s.write('credentials', undefined);
      expect(openSecrets(t.dir, 'file').read('credentials')).toBeUndefined();
    } finally {
      t.cleanup();
    }
  });

  it('with the keyring key: AES-256-GCM, no secret readable in the file; another key or none reads nothing and says why', () => {
    const t = tempDir();
    try {
      const key = crypto.randomBytes(32);
      openSecrets(t.dir, { key }).write('credentials', CREDS);
      const raw = fs.readFileSync(path.join(t.dir, SECRETS_FILE_NAME), 'utf8');
      for (const secret of Object.values(CREDS)) expect(raw).not.toContain(secret);
      expect(openSecrets(t.dir, { key }).read('credentials')).toEqual(CREDS);
      const other = openSecrets(t.dir, { key: crypto.randomBytes(32) });
      expect(other.read('credentials')).toBeUndefined();
      expect(other.problem).toMatch(/secrets\.json cannot be read \(.*\); sign in to sync again$/);
      const cli = openSecrets(t.dir, 'file');
      expect(cli.read('credentials')).toBeUndefined();
      expect(cli.problem).toMatch(/secrets\.json is encrypted with the desktop app's keyring; sign in again here to use sync from this command$/);
      // A sign-in there replaces the file instead of merging into what it cannot read.
      cli.write('credentials', { ...CREDS, refreshToken: 'rt_cli' });
      expect(openSecrets(t.dir, 'file').read('credentials')).toMatchObject({ refreshToken: 'rt_cli' });
    } finally {
      t.cleanup();
    }
  });

  it('refused (the app without a safe keyring): reads work, a write fails with its one line and writes nothing', () => {
    const t = tempDir();
    try {
      const s = openSecrets(t.dir, { refuse: 'no OS keyring was found' });
      expect(() => s.write('credentials', CREDS)).toThrow(/^no OS keyring was found$/);
      expect(fs.readdirSync(t.dir)).toEqual([]);
      expect(s.protection).toBe('refused');
      s.write('credentials', undefined); // forgetting is always allowed
    } finally {
      t.cleanup();
    }
  });

  it('a corrupt file reads as absent with one line, and the next sign-in replaces it', () => {
    const t = tempDir();
    try {
      fs.writeFileSync(path.join(t.dir, SECRETS_FILE_NAME), '{"version":1,"encr');
      const s = openSecrets(t.dir, 'file');
      expect(s.read('credentials')).toBeUndefined();
      expect(s.problem).toMatch(/cannot be read \(.*JSON.*\); sign in to sync again$/);
      s.write('credentials', CREDS);
      expect(s.read('credentials')).toEqual(CREDS);
      expect(s.problem).toBeNull();
    } finally {
      t.cleanup();
    }
  });

  it("the app's core takes its key from the environment and removes it there; without one it refuses, with the main process's reason", () => {
    const hex = crypto.randomBytes(32).toString('hex');
    const env: NodeJS.ProcessEnv = { [SECRETS_KEY_ENV]: hex, OTHER: 'x' };
    const p = appSecretsProtection(env);
    expect(p).toEqual({ key: Buffer.from(hex, 'hex') });
    expect(env).toEqual({ OTHER: 'x' });
    expect(appSecretsProtection({ [SECRETS_REFUSED_ENV]: 'no OS keyring was found' })).toEqual({ refuse: 'no OS keyring was found' });
    expect(appSecretsProtection({})).toMatchObject({ refuse: expect.stringMatching(/without the keyring key/) });
  });
});

describe('the data folder at rest', () => {
  it('on every start: folder 0700, database, -wal and -shm 0600, whatever they were', () => {
    const t = tempDir();
    try {
      const dir = path.join(t.dir, 'data');
      openStore(dir).close();
      fs.chmodSync(dir, 0o755);
      for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o644);
      const store = openStore(dir);
      try {
        run(store, store.db.insertInto('settings').values({ key: 'theme', value: '"dark"', updated_at: 1 })); // a write: the -wal exists
        expect(mode(dir)).toBe(0o700);
        const files = fs.readdirSync(dir).filter((f) => f.startsWith('salesedge.db'));
        expect(files.sort()).toEqual(['salesedge.db', 'salesedge.db-shm', 'salesedge.db-wal']);
        for (const f of files) expect(mode(path.join(dir, f)), f).toBe(0o600);
      } finally {
        store.close();
      }
    } finally {
      t.cleanup();
    }
  });

  it('credentials an older version kept in the database move to the secrets file, and no byte of them stays in the database files', () => {
    const t = tempDir();
    try {
      const old = openStore(t.dir);
      run(old, old.db.insertInto('sync_state').values([{ key: 'credentials', value: JSON.stringify(CREDS) }, { key: 'cursor', value: '42' }]));
      old.close();
      const store = openStore(t.dir);
      try {
        expect(store.secrets.read('credentials')).toEqual(CREDS);
        expect(all(store, store.db.selectFrom('sync_state').select('key')).map((r) => r.key)).toEqual(['cursor']);
        for (const f of fs.readdirSync(t.dir).filter((n) => n.startsWith('salesedge.db'))) {
          const bytes = fs.readFileSync(path.join(t.dir, f)).toString('latin1');
          for (const secret of Object.values(CREDS)) expect(bytes, f).not.toContain(secret);
        }
      } finally {
        store.close();
      }
    } finally {
      t.cleanup();
    }
  });
});
