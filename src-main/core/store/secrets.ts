/**
 * Secrets of the data folder (the sync credentials: device secret, refresh and access tokens),
 * kept out of SQLite in `secrets.json`, mode 0600, in the 0700 data folder. In the desktop app
 * the file is encrypted (AES-256-GCM) with a key that only the OS keyring can unlock: Electron's
 * main process keeps it with safeStorage and hands it to the core process
 * (src-main/app/secrets.ts). The CLI and `serve-ui` have no keyring, so there the file's
 * permissions are the protection. A host that must not write secrets in clear (the app when its
 * keyring is unavailable) opens the secrets with `refuse`: reads work, writes fail with that line.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CoreError, oneLine } from '../../../src-shared/errors';

export const SECRETS_FILE_NAME = 'secrets.json';
/** The environment variable the app's main process passes the key in (64 hex digits). */
export const SECRETS_KEY_ENV = 'SALESEDGE_SECRETS_KEY';
/** …or the line that says why the app keeps no secrets on this machine (then writes are refused). */
export const SECRETS_REFUSED_ENV = 'SALESEDGE_SECRETS_REFUSED';

export type SecretsProtection = { key: Buffer } | { refuse: string } | 'file';

export type Secrets = {
  read(name: string): unknown;
  /** Writes (undefined: removes) one secret; the file is replaced atomically, 0600. */
  write(name: string, value: unknown): void;
  /** How the file is protected: `encrypted` (OS keyring), `file` (0600 only) or `refused`. */
  readonly protection: 'encrypted' | 'file' | 'refused';
  /** Why the secrets on disk could not be read (then they read as absent), or null. */
  readonly problem: string | null;
  /** Throws the refusal's one line when this host may not write secrets (before a sign-in asks a server for any). */
  assertWritable(): void;
};

type OnDisk = { version: 1; encrypted: false; values: Record<string, unknown> } | { version: 1; encrypted: true; iv: string; tag: string; data: string };

export function openSecrets(dataDir: string, protection: SecretsProtection): Secrets {
  const file = path.join(dataDir, SECRETS_FILE_NAME);
  const key = typeof protection === 'object' && 'key' in protection ? protection.key : null;
  if (key && key.length !== 32) throw new CoreError('bad_request', `the secrets key must be 32 bytes, not ${key.length}`);
  let problem: string | null = null;

  const load = (): Record<string, unknown> => {
    problem = null;
    let raw: string;
    try {
      raw = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      problem = `cannot read ${file}: ${oneLine(err)}`;
      return {};
    }
    try {
      const disk = JSON.parse(raw) as OnDisk;
      if (disk.version !== 1) throw new Error(`unknown version ${String(disk.version)}`);
      if (!disk.encrypted) return disk.values ?? {};
      if (!key) {
        problem = `${file} is encrypted with the desktop app's keyring; sign in again here to use sync from this command`;
        return {};
      }
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(disk.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(disk.tag, 'base64'));
      return JSON.parse(Buffer.concat([decipher.update(Buffer.from(disk.data, 'base64')), decipher.final()]).toString('utf8')) as Record<string, unknown>;
    } catch (err) {
      problem = `${file} cannot be read (${oneLine(err)}); sign in to sync again`;
      return {};
    }
  };

  const save = (values: Record<string, unknown>) => {
    let disk: OnDisk;
    if (key) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
      disk = { version: 1, encrypted: true, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    } else disk = { version: 1, encrypted: false, values };
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, JSON.stringify(disk), { mode: 0o600 });
      fs.renameSync(tmp, file);
      fs.chmodSync(file, 0o600);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw new CoreError('unavailable', `cannot save the sync credentials in ${file}: ${oneLine(err)}`);
    }
    problem = null;
  };

  return {
    get protection() {
      return key ? 'encrypted' : protection === 'file' ? 'file' : 'refused';
    },
    get problem() {
      return problem;
    },
    read: (name) => load()[name],
    assertWritable() {
      if (typeof protection === 'object' && 'refuse' in protection) throw new CoreError('unavailable', protection.refuse);
    },
    write(name, value) {
      if (value !== undefined) this.assertWritable();
      // A file this host cannot decrypt (or read) is replaced by a sign-in, never merged into.
      const current = load();
      const values = problem === null ? current : {};
      if (value === undefined) delete values[name];
      else values[name] = value;
      if (Object.keys(values).length === 0 && !fs.existsSync(file)) return;
      save(values);
    },
  };
}

/**
 * How the app's core process protects its secrets, from what the main process put in its
 * environment (removed once read: child processes do not inherit the key). Without either
 * variable the app refuses to write secrets rather than keep them in clear.
 */
export function appSecretsProtection(env: NodeJS.ProcessEnv = process.env): SecretsProtection {
  const hex = env[SECRETS_KEY_ENV];
  const refused = env[SECRETS_REFUSED_ENV];
  delete env[SECRETS_KEY_ENV];
  delete env[SECRETS_REFUSED_ENV];
  if (hex && /^[0-9a-f]{64}$/i.test(hex)) return { key: Buffer.from(hex, 'hex') };
  return { refuse: refused ?? 'the app started its core without the keyring key: sync sign-in is refused so credentials are never saved in clear' };
}
