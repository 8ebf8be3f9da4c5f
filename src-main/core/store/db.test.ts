import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, DB_FILE_NAME } from './db';
import { latestSchemaVersion, migrations } from './migrations';
import { tempDir } from '../../../test/helpers';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('openStore', () => {
  const dirs: (() => void)[] = [];
  afterEach(() => dirs.splice(0).forEach((c) => c()));
  const fresh = () => {
    const t = tempDir();
    dirs.push(t.cleanup);
    return t.dir;
  };

  it('creates the schema with every migration, in WAL mode', () => {
    const dir = fresh();
    const store = openStore(dir);
    expect(store.schemaVersion).toBe(latestSchemaVersion());
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('secure_delete', { simple: true })).toBe(1);
    const tables = (store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    for (const t of ['calls', 'segments', 'sentiment', 'detections', 'hints', 'playbooks', 'battlecards', 'deals', 'settings', 'sync_outbox', 'sync_state']) expect(tables).toContain(t);
    // 0003 dropped the unused forecast and simulation scaffolding.
    for (const t of ['forecasts', 'simulation_sessions']) expect(tables).not.toContain(t);
    store.close();
  });

  it('reopens an up-to-date database without re-running migrations', () => {
    const dir = fresh();
    openStore(dir).close();
    const again = openStore(dir);
    expect(again.schemaVersion).toBe(latestSchemaVersion());
    again.close();
  });

  it('applies a pending migration on an older database', () => {
    const dir = fresh();
    const file = path.join(dir, DB_FILE_NAME);
    // Simulate a database made by version 1 of the schema.
    const raw = new BetterSqlite3(file);
    raw.exec(migrations[0]!.sql);
    raw.pragma('user_version = 1');
    raw.close();
    const store = openStore(dir);
    expect(store.schemaVersion).toBe(latestSchemaVersion());
    store.close();
  });

  it('refuses a database from a newer version and leaves it byte-for-byte untouched', () => {
    const dir = fresh();
    const file = path.join(dir, DB_FILE_NAME);
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE future (x)');
    raw.pragma(`user_version = ${latestSchemaVersion() + 5}`);
    raw.close();
    const before = sha(file);
    expect(() => openStore(dir)).toThrow(/newer SalesEdge.*left untouched/);
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(dir)).toEqual([DB_FILE_NAME]);
  });

  it('refuses a corrupt file with a one-line error and keeps it untouched', () => {
    const dir = fresh();
    const file = path.join(dir, DB_FILE_NAME);
    fs.writeFileSync(file, crypto.randomBytes(8192));
    const before = sha(file);
    let message = '';
    try {
      openStore(dir);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/corrupt or not a SalesEdge database/);
    expect(message).not.toContain('\n');
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(dir)).toEqual([DB_FILE_NAME]);
  });

  it('refuses a damaged SQLite file (valid header, broken pages)', () => {
    const dir = fresh();
    const store = openStore(dir);
    store.sqlite.exec("INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', 0)");
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const file = path.join(dir, DB_FILE_NAME);
    const bytes = fs.readFileSync(file);
    // Overwrite the second page (sqlite_master's children) with garbage.
    crypto.randomBytes(4096).copy(bytes, 4096);
    fs.writeFileSync(file, bytes);
    for (const extra of fs.readdirSync(dir).filter((f) => f !== DB_FILE_NAME)) fs.rmSync(path.join(dir, extra));
    const before = sha(file);
    expect(() => openStore(dir)).toThrow(/corrupt/);
    expect(sha(file)).toBe(before);
  });
  it('opens read-only without writing anything beside the file, even in WAL mode', () => {
    const dir = fresh();
    const store = openStore(dir);
    store.sqlite.exec("INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', 0)");
    store.close();
    expect(fs.readdirSync(dir)).toEqual([DB_FILE_NAME]);
    const before = sha(path.join(dir, DB_FILE_NAME));
    const ro = openStore(dir, { readonly: true });
    expect(ro.readonly).toBe(true);
    expect(ro.sqlite.prepare("SELECT value FROM settings WHERE key = 'x'").pluck().get()).toBe('1');
    expect(() => ro.sqlite.exec('DELETE FROM settings')).toThrow(/readonly/);
    ro.close();
    expect(fs.readdirSync(dir)).toEqual([DB_FILE_NAME]);
    expect(sha(path.join(dir, DB_FILE_NAME))).toBe(before);
  });

  it('leaves no -wal/-shm beside a refused WAL-mode file', () => {
    const dir = fresh();
    const file = path.join(dir, DB_FILE_NAME);
    const raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE future (x)');
    raw.pragma(`user_version = ${latestSchemaVersion() + 5}`);
    raw.close();
    expect(fs.readdirSync(dir)).toEqual([DB_FILE_NAME]);
    expect(() => openStore(dir)).toThrow(/newer SalesEdge/);
    expect(() => openStore(dir, { readonly: true })).toThrow(/newer SalesEdge/);
    expect(fs.readdirSync(dir)).toEqual([DB_FILE_NAME]);
  });
});

describe('migration files', () => {
  it('are sorted by number, and two files with one number are refused', async () => {
    const { checkMigrations } = await import('./migrations');
    expect(checkMigrations([{ version: 2, name: '0002-b', sql: '' }, { version: 1, name: '0001-a', sql: '' }]).map((m) => m.name)).toEqual(['0001-a', '0002-b']);
    expect(() => checkMigrations([{ version: 2, name: '0002-a', sql: '' }, { version: 2, name: '0002-b', sql: '' }])).toThrow(/two migrations share number 2/);
    expect(new Set(migrations.map((m) => m.version)).size).toBe(migrations.length);
  });
});
