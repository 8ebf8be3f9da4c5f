/**
 * The HMAC keys that sign access tokens: never in the database (a copy of it must not let
 * anyone mint tokens). They come from one of two places:
 *
 * - `SYNC_SIGNING_KEYS` (containers, several processes on one PostgreSQL): `kid:key[,kid:key…]`,
 *   each key base64 or base64url of at least 32 bytes; the first signs, the others only verify.
 *   Rotate by putting a new key first and removing the old one once the access-token lifetime
 *   has passed (`admin rotate-signing-key` prints the next value).
 * - a key file (default `<data dir>/signing-keys.json`, mode 0600, created on first start):
 *   `{"keys":[{kid, key, createdAt, retiresAt?}]}`, the first one current. `admin
 *   rotate-signing-key` puts a new key first and keeps the previous one for verification until
 *   `retiresAt` (now + the access-token lifetime), after which it is refused and then dropped.
 *   A running server re-reads the file within a second of a change, so a rotation needs no restart.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export type SigningKey = { kid: string; key: Buffer; createdAt?: number; retiresAt?: number };

/** What the server signs and verifies with. `find` returns a key only while it may verify. */
export type KeyRing = { source: 'env' | 'file'; file?: string; current(): SigningKey; find(kid: string, now?: number): SigningKey | undefined };

export const SIGNING_KEYS_ENV = 'SYNC_SIGNING_KEYS';
export const KEY_FILE_NAME = 'signing-keys.json';
const MIN_KEY_BYTES = 32;
const RELOAD_CHECK_MS = 1000;

const KID = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a key id is 1-64 letters, digits, dots, dashes or underscores');
const KeyFile = z.object({
  keys: z.array(z.object({ kid: KID, key: z.string().min(1), createdAt: z.number().optional(), retiresAt: z.number().optional() }).strict()).min(1),
}).strict();
type KeyFileJson = z.infer<typeof KeyFile>;

export const newKid = (): string => `k${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;
export const newKeyBytes = (): Buffer => crypto.randomBytes(32);

function decodeKey(kid: string, text: string, where: string): Buffer {
  const key = Buffer.from(text, 'base64url');
  if (key.length < MIN_KEY_BYTES) throw new Error(`${where}: key ${kid} is shorter than ${MIN_KEY_BYTES} bytes (base64 or base64url of random bytes, e.g. \`openssl rand -base64 32\`)`);
  return key;
}

/** `kid:key,kid:key` → keys, the first current. Throws a one-line reason. */
export function parseEnvKeys(value: string): SigningKey[] {
  const keys = value.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const at = entry.indexOf(':');
    if (at <= 0) throw new Error(`${SIGNING_KEYS_ENV}: each entry is kid:key (got one without a kid)`);
    const kid = entry.slice(0, at);
    if (!KID.safeParse(kid).success) throw new Error(`${SIGNING_KEYS_ENV}: ${JSON.stringify(kid)} is not a key id (1-64 letters, digits, . _ -)`);
    return { kid, key: decodeKey(kid, entry.slice(at + 1), SIGNING_KEYS_ENV) };
  });
  if (keys.length === 0) throw new Error(`${SIGNING_KEYS_ENV} is set but names no key`);
  if (new Set(keys.map((k) => k.kid)).size !== keys.length) throw new Error(`${SIGNING_KEYS_ENV}: a key id appears twice`);
  return keys;
}

export const formatEnvKeys = (keys: SigningKey[]): string => keys.map((k) => `${k.kid}:${k.key.toString('base64url')}`).join(',');

function readKeyFile(file: string): SigningKey[] {
  let json: KeyFileJson;
  try {
    json = KeyFile.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (err) {
    throw new Error(`signing key file ${file} is not valid: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  return json.keys.map((k) => ({ kid: k.kid, key: decodeKey(k.kid, k.key, file), createdAt: k.createdAt, retiresAt: k.retiresAt }));
}

/** Writes the whole file atomically (a temp file of mode 0600, renamed over it). */
export function writeKeyFile(file: string, keys: SigningKey[]): void {
  const json: KeyFileJson = { keys: keys.map((k) => ({ kid: k.kid, key: k.key.toString('base64url'), createdAt: k.createdAt, retiresAt: k.retiresAt })) };
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(json, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** Creates the key file with one fresh key unless it exists (two processes starting at once: the first wins). */
function ensureKeyFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (fs.existsSync(file)) return;
  // Written whole under a temp name, then linked in place: a process starting at the same time
  // sees either no file or a complete one, and of two the first link wins.
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.new`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    const json: KeyFileJson = { keys: [{ kid: newKid(), key: newKeyBytes().toString('base64url'), createdAt: Date.now() }] };
    fs.writeFileSync(fd, `${JSON.stringify(json, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.unlinkSync(tmp);
  }
}

const live = (k: SigningKey, now: number) => k.retiresAt === undefined || k.retiresAt > now;

function ring(source: KeyRing['source'], load: () => SigningKey[], file?: string, changed?: () => boolean): KeyRing {
  let keys = load();
  let checkedAt = Date.now();
  const fresh = () => {
    if (!changed || Date.now() - checkedAt < RELOAD_CHECK_MS) return keys;
    checkedAt = Date.now();
    if (changed()) {
      try {
        keys = load();
      } catch {
        // A file an operator is editing by hand: keep verifying with the keys read last.
      }
    }
    return keys;
  };
  return {
    source,
    file,
    current: () => fresh()[0]!,
    find: (kid, now = Date.now()) => fresh().find((k) => k.kid === kid && live(k, now)),
  };
}

/**
 * The server's keys: from `SYNC_SIGNING_KEYS` when set, else from `keyFile` (created if missing;
 * mode 0600 set on every start; keys past their `retiresAt` dropped from it).
 */
export function openKeyRing(options: { keyFile: string; env?: NodeJS.ProcessEnv }): KeyRing {
  const env = options.env ?? process.env;
  if (env.SYNC_TOKEN_SECRET && !env[SIGNING_KEYS_ENV]) {
    throw new Error(`SYNC_TOKEN_SECRET is no longer read: set ${SIGNING_KEYS_ENV}=<kid>:<base64 key of 32+ bytes> instead (tokens signed with the old secret stop working; clients refresh)`);
  }
  const fromEnv = env[SIGNING_KEYS_ENV];
  if (fromEnv) {
    const keys = parseEnvKeys(fromEnv);
    return ring('env', () => keys);
  }
  const file = options.keyFile;
  ensureKeyFile(file);
  fs.chmodSync(file, 0o600);
  const now = Date.now();
  const all = readKeyFile(file);
  const kept = all.filter((k, i) => i === 0 || live(k, now));
  if (kept.length !== all.length) writeKeyFile(file, kept);
  let seen = statKey(file);
  return ring('file', () => readKeyFile(file), file, () => {
    const now2 = statKey(file);
    if (now2 === seen) return false;
    seen = now2;
    return true;
  });
}

function statKey(file: string): string {
  try {
    const s = fs.statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

export type Rotation = { keyFile: string; current: string; previous: { kid: string; retiresAt: number }[]; dropped: string[] };

/**
 * A new current key in the file; the key that was current verifies for `retireAfterSeconds`
 * more (at least the servers' access-token lifetime, so no token it signed is refused early).
 */
export function rotateKeyFile(keyFile: string, retireAfterSeconds: number, now = Date.now()): Rotation {
  ensureKeyFile(keyFile);
  const keys = readKeyFile(keyFile);
  const next: SigningKey = { kid: newKid(), key: newKeyBytes(), createdAt: now };
  const previous = keys.map((k) => ({ ...k, retiresAt: k.retiresAt ?? now + retireAfterSeconds * 1000 }));
  const kept = previous.filter((k) => live(k, now));
  writeKeyFile(keyFile, [next, ...kept]);
  return {
    keyFile,
    current: next.kid,
    previous: kept.map((k) => ({ kid: k.kid, retiresAt: k.retiresAt })),
    dropped: previous.filter((k) => !live(k, now)).map((k) => k.kid),
  };
}

/** With keys in the environment: the next value of the variable (a new key first, the current one kept to verify). */
export function rotateEnvKeys(value: string): { variable: string; value: string; current: string; previous: string[] } {
  const keys = parseEnvKeys(value);
  const next: SigningKey = { kid: newKid(), key: newKeyBytes() };
  return { variable: SIGNING_KEYS_ENV, value: formatEnvKeys([next, keys[0]!]), current: next.kid, previous: [keys[0]!.kid] };
}
