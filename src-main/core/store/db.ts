/**
 * The local store: one SQLite file, migrated by the numbered `migrations/*.sql`.
 *
 * Its kysely types (`schema.ts`) are generated from a database those migrations built, not
 * kept by hand, so they cannot drift from them: `schema.test.ts` regenerates the file and
 * fails on any difference (why our own generator and not kysely-codegen: see schema-gen.ts).
 * Each numbered migration has an upgrade test: a database made by the version before it,
 * with data in it, upgraded and its rows checked (`migrations.test.ts`).
 *
 * The core's SQL lives in store/, one module per table family (`hints.ts`, `content.ts`,
 * `settings.ts`, `calls.ts` and `segments.ts` with `delete-calls.ts`, `sync-snapshot.ts`; the
 * outbox and sync state of sync/ still to move), written with kysely's query builder on
 * `Kysely<Database>` and run synchronously by `query.ts` on statements prepared once per
 * connection (`statements.ts`). The FTS5 MATCH is a `sql` template; pragmas and better-sqlite3
 * transactions use the raw connection, inside store/ only.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { CoreError, oneLine } from '../../../src-shared/errors';
import { latestSchemaVersion, migrations } from './migrations';
import type { Database } from './schema';
import type { StatementCache } from './statements';
import { onConnection } from './connection';
import { openSecrets, type Secrets, type SecretsProtection } from './secrets';
import { betterSqliteBinding } from '../../../native/native-module';

export type Store = {
  db: Kysely<Database>;
  /** The raw connection, for pragmas, FTS and synchronous transactions. */
  sqlite: BetterSqlite3.Database;
  /** The connection's prepared statements by SQL text (query.ts runs every query through them). */
  statements: StatementCache;
  file: string;
  schemaVersion: number;
  /** Opened read-only (no migrations, no writes): the file or its folder cannot be written. */
  readonly?: boolean;
  /** The data folder's secrets (sync credentials), outside the database: store/secrets.ts. */
  secrets: Secrets;
  close(): void;
};

export const DB_FILE_NAME = 'salesedge.db';

type OpenStoreOptions = {
  /** Always open read-only. */
  readonly?: boolean;
  /**
   * Open read-only instead of refusing when the file or its folder cannot be written
   * (read-only commands: `calls list|show|export`).
   */
  readonlyIfDenied?: boolean;
  /** How the secrets file (sync credentials) is protected: the app's keyring key, or only its 0600 mode (default). */
  secrets?: SecretsProtection;
};

/**
 * Opens (creating if absent) the local store in `dataDir` and applies pending migrations.
 * A corrupt file or one written by a newer version is refused with a one-line CoreError and
 * left byte-for-byte untouched: nothing is written before both checks pass, and no -wal/-shm
 * file is left beside a refused file. A file or folder that cannot be written is told apart
 * from corruption: refused with its own one-line message, or opened read-only when asked.
 */
export function openStore(dataDir: string, options: OpenStoreOptions = {}): Store {
  ensureDataDir(dataDir);
  const file = path.join(dataDir, DB_FILE_NAME);
  const present = fs.existsSync(file);
  const existed = present && fs.statSync(file).size > 0;
  const denied = writeDenied(dataDir, file, present);
  const readonly = options.readonly === true || (denied !== null && options.readonlyIfDenied === true);
  if (denied && !readonly) {
    throw new CoreError(
      'unavailable',
      existed
        ? `database ${file} cannot be written: ${denied}; fix the permissions (the file was left untouched, and read-only commands such as calls list still work)`
        : `cannot create database ${file}: ${denied}`,
    );
  }
  if (!existed && readonly) throw new CoreError('unavailable', `no database at ${file} to read${denied ? ` (and ${denied})` : ''}`);
  const latest = latestSchemaVersion();
  // The header tells a foreign or newer file before SQLite opens it (and makes no -wal/-shm).
  if (existed) checkHeader(file, latest);
  let sqlite: BetterSqlite3.Database;
  const created = existed ? sideFiles(file).filter((f) => !fs.existsSync(f)) : [];
  try {
    // Open read-only first when the file exists, so a bad file cannot be modified by checks.
    sqlite = readonly ? openReadonly(file) : new BetterSqlite3(file, { readonly: existed, fileMustExist: existed, nativeBinding: betterSqliteBinding() });
  } catch (err) {
    throw classify(err, file, `cannot open database ${file}: ${oneLine(err)}`);
  }
  const refuse = (error: CoreError): never => {
    sqlite.close();
    // A read-only check may have made -wal/-shm beside the file: take back only what we made.
    for (const f of created) if (fs.existsSync(f) && (f.endsWith('-shm') || fs.statSync(f).size === 0)) fs.rmSync(f, { force: true });
    throw error;
  };
  let version = 0;
  try {
    version = sqlite.pragma('user_version', { simple: true }) as number;
    if (existed) {
      const check = sqlite.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw Object.assign(new Error(String(check)), { code: 'SQLITE_CORRUPT' });
    }
  } catch (err) {
    refuse(classify(err, file));
  }
  if (version > latest) refuse(newerError(file, version, latest));
  if (readonly && version < latest) {
    refuse(new CoreError('unavailable', `database ${file} is from an older SalesEdge (schema ${version}) and must be upgraded, which needs write access: ${denied ?? 'opened read-only'}`));
  }
  if (existed && !readonly) {
    sqlite.close();
    sqlite = new BetterSqlite3(file, { nativeBinding: betterSqliteBinding() });
  }
  if (!readonly) {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Deleted text is overwritten with zeros, so a deleted call does not linger in the file.
    sqlite.pragma('secure_delete = ON');
    version = applyMigrations(sqlite, version);
  }
  const secrets = openSecrets(dataDir, options.secrets ?? 'file');
  if (!readonly) {
    restrictPermissions(dataDir, file);
    moveCredentialsOutOfDatabase(sqlite, secrets);
  }
  return {
    ...onConnection(sqlite),
    file,
    schemaVersion: version,
    readonly,
    secrets,
    close: () => {
      // Kysely's destroy closes the underlying connection asynchronously; close it directly.
      if (sqlite.open) sqlite.close();
    },
  };
}

const sideFiles = (file: string): string[] => [`${file}-wal`, `${file}-shm`, `${file}-journal`];

const PERMISSION_CODES = new Set(['EACCES', 'EPERM', 'EROFS']);
const reasonOf = (code: string | undefined): string => (code === 'EROFS' ? 'read-only file system' : 'permission denied');

function ensureDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new CoreError('unavailable', `cannot use ${dataDir} as the data folder: it (or a folder above it) is a file, not a folder`);
    if (code && PERMISSION_CODES.has(code)) throw new CoreError('unavailable', `cannot create the data folder ${dataDir}: ${reasonOf(code)}`);
    throw new CoreError('unavailable', `cannot create the data folder ${dataDir}: ${oneLine(err)}`);
  }
  if (!fs.statSync(dataDir).isDirectory()) throw new CoreError('unavailable', `cannot use ${dataDir} as the data folder: it is a file, not a folder`);
}

/**
 * On every start: the data folder 0700, the database and its -wal/-shm 0600, so other users of
 * the machine read neither calls nor transcripts. SQLite gives -wal/-shm the database file's
 * mode, so they follow it from now on. A folder or file owned by someone else is left as it is.
 */
function restrictPermissions(dataDir: string, file: string): void {
  if (process.platform === 'win32') return; // NTFS ACLs: the folder under the user's profile is private already
  const tighten = (p: string, mode: number) => {
    try {
      if ((fs.statSync(p).mode & 0o777) !== mode) fs.chmodSync(p, mode);
    } catch {
      // absent (no -wal yet) or not ours
    }
  };
  tighten(dataDir, 0o700);
  for (const f of [file, ...sideFiles(file)]) tighten(f, 0o600);
}

/**
 * Versions before 0.2 kept the sync credentials in the sync_state table: they move to the
 * secrets file, and the database keeps no copy (secure_delete zeroes the freed page, and a
 * checkpoint empties the WAL that held it).
 */
function moveCredentialsOutOfDatabase(sqlite: BetterSqlite3.Database, secrets: Secrets): void {
  const row = sqlite.prepare("SELECT value FROM sync_state WHERE key = 'credentials'").get() as { value: string } | undefined;
  if (!row) return;
  if (secrets.read('credentials') === undefined) secrets.write('credentials', JSON.parse(row.value));
  sqlite.prepare("DELETE FROM sync_state WHERE key = 'credentials'").run();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
}

/** Why the database cannot be written (null: it can). SQLite writes the file and, for its journal, the folder. */
function writeDenied(dataDir: string, file: string, present: boolean): string | null {
  const probe = (p: string): string | null => {
    try {
      fs.accessSync(p, fs.constants.W_OK);
      return null;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code ?? 'EACCES';
    }
  };
  const fileCode = present ? probe(file) : null;
  if (fileCode) return `the file is read-only (${reasonOf(fileCode)})`;
  const dirCode = probe(dataDir);
  if (dirCode) return `its folder ${dataDir} is read-only (${reasonOf(dirCode)})`;
  return null;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Reads the 100-byte header: not SQLite → corrupt; user_version above ours → newer. */
function checkHeader(file: string, latest: number): void {
  const header = Buffer.alloc(100);
  let read = 0;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      read = fs.readSync(fd, header, 0, 100, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    throw classify(err, file);
  }
  if (read < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) throw corruptError(file, 'not an SQLite file');
  const version = header.readUInt32BE(60);
  if (version > latest) throw newerError(file, version, latest);
}

/**
 * A read-only connection that writes nothing beside the file. A WAL-mode database needs its
 * -shm (which a read-only folder cannot hold), so when there is no pending -wal the file is
 * read into memory and opened there; with a pending -wal, SQLite reads it in place.
 */
function openReadonly(file: string): BetterSqlite3.Database {
  const wal = `${file}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) return new BetterSqlite3(file, { readonly: true, fileMustExist: true, nativeBinding: betterSqliteBinding() });
  const bytes = fs.readFileSync(file);
  // Header bytes 18-19 are 2 in WAL mode; 1 (rollback journal) lets SQLite read the image in memory.
  if (bytes[18] === 2) bytes[18] = 1;
  if (bytes[19] === 2) bytes[19] = 1;
  return new BetterSqlite3(bytes, { readonly: true, nativeBinding: betterSqliteBinding() });
}

const corruptError = (file: string, why: string): CoreError =>
  new CoreError('unavailable', `database ${file} is corrupt or not a SalesEdge database (${why}); it was left untouched — move it aside to start fresh`);

const newerError = (file: string, version: number, latest: number): CoreError =>
  new CoreError('unavailable', `database ${file} is from a newer SalesEdge (schema ${version}, this version knows ${latest}); update the app — the file was left untouched`);

/** Permission problems and corruption get different one-line messages. */
function classify(err: unknown, file: string, otherwise?: string): CoreError {
  if (err instanceof CoreError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (PERMISSION_CODES.has(code)) return new CoreError('unavailable', `cannot read database ${file}: ${reasonOf(code)}`, undefined, { cause: err });
  if (/^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(code)) {
    return new CoreError('unavailable', `cannot use database ${file}: the file or its folder is not accessible (${oneLine(err)}); check its permissions — the file was left untouched`, undefined, { cause: err });
  }
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(code) || otherwise === undefined) return corruptError(file, oneLine(err));
  return new CoreError('unavailable', otherwise, undefined, { cause: err });
}

/**
 * Applies the migrations after `from`, up to and including `upTo` (all by default), and
 * returns the version reached. openStore uses it; tests use it to make a database of an
 * older version (migrations.test.ts) or a scratch one in memory (schema.test.ts).
 */
export function applyMigrations(sqlite: BetterSqlite3.Database, from: number, upTo = Infinity): number {
  let version = from;
  for (const m of migrations) {
    if (m.version <= version || m.version > upTo) continue;
    // Each migration and its version bump commit together or not at all.
    sqlite.transaction(() => {
      sqlite.exec(m.sql);
      sqlite.pragma(`user_version = ${m.version}`);
    })();
    version = m.version;
  }
  return version;
}

