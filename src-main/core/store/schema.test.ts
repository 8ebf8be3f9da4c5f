import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from './db';
import { latestSchemaVersion } from './migrations';
import { generateSchema } from './schema-gen';

const migrated = (): BetterSqlite3.Database => {
  const sqlite = new BetterSqlite3(':memory:');
  expect(applyMigrations(sqlite, 0)).toBe(latestSchemaVersion());
  return sqlite;
};

describe('schema.ts', () => {
  it('is exactly what the migrations generate (after a new migration: rerun this file with -u)', async () => {
    const sqlite = migrated();
    await expect(generateSchema(sqlite)).toMatchFileSnapshot('./schema.ts');
    sqlite.close();
  });
});

describe('generateSchema', () => {
  const tableOf = (text: string, name: string): string => {
    const m = new RegExp(`export type ${name} = \\{\\n([\\s\\S]*?)\\n\\};`).exec(text);
    expect(m, name).not.toBeNull();
    return m![1]!;
  };

  it('follows a column added, dropped or made nullable by a migration', () => {
    const sqlite = migrated();
    const before = generateSchema(sqlite);
    sqlite.exec('ALTER TABLE settings ADD COLUMN schema_gen_probe TEXT');
    const after = generateSchema(sqlite);
    expect(after).not.toBe(before);
    expect(tableOf(after, 'SettingsTable')).toContain('  schema_gen_probe: string | null;');
    sqlite.exec('ALTER TABLE settings DROP COLUMN schema_gen_probe');
    expect(generateSchema(sqlite)).toBe(before);
    sqlite.close();
  });

  it('maps nullability, defaults, generated columns, rowid keys, CHECK lists and comments', () => {
    const sqlite = new BetterSqlite3(':memory:');
    sqlite.exec(`CREATE TABLE things_done (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL, -- what it is
      note TEXT, -- 'quoted -- not a comment' then this
      kind TEXT NOT NULL DEFAULT 'a' CHECK (kind IN ('a', 'b''s')),
      size REAL,
      blob BLOB,
      twice INTEGER GENERATED ALWAYS AS (id * 2) STORED
    );
    CREATE TABLE keyed (code TEXT PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0);
    CREATE VIRTUAL TABLE words USING fts5(text);`);
    const text = generateSchema(sqlite);
    expect(tableOf(text, 'ThingsDoneTable').split('\n')).toEqual([
      '  id: Generated<number>;',
      '  /** what it is */',
      '  name: string;',
      "  /** 'quoted -- not a comment' then this */",
      '  note: string | null;',
      "  kind: Generated<'a' | 'b\\'s'>;",
      '  size: number | null;',
      '  blob: Buffer | null;',
      '  twice: GeneratedAlways<number | null>;',
    ]);
    // A TEXT primary key is not null (every row we write has its id); a non-integer key is not the rowid.
    expect(tableOf(text, 'KeyedTable').split('\n')).toEqual(['  code: string;', '  n: Generated<number>;']);
    // FTS tables and their shadow tables are queried with sql templates, not typed.
    expect(text).not.toMatch(/words/i);
    expect(tableOf(text, 'Database').split('\n')).toEqual(['  things_done: ThingsDoneTable;', '  keyed: KeyedTable;']);
    sqlite.close();
  });
});
