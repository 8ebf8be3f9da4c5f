import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers';

// The layer rules of README.md's architecture map, proven against the real lint config: each forbidden import fails
// `npm run lint`, each allowed one passes.
const eslint = new ESLint({ cwd: repoRoot });

async function restricted(filePath: string, code: string): Promise<boolean> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${filePath}` });
  return result!.messages.some((m) => m.ruleId === 'no-restricted-imports');
}

describe('layer rules', () => {
  it.each([
    ['src-renderer/src/x.ts', "import fs from 'node:fs';\nexport const a = fs;"],
    ['src-renderer/src/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['src-renderer/src/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;"],
    ['src-renderer/src/x.ts', "import * as ort from 'onnxruntime-node';\nexport const a = ort;"],
    ['src-renderer/src/x.ts', "import naudiodon from 'naudiodon';\nexport const a = naudiodon;"],
    ['src-renderer/src/x.ts', "import { createCore } from '../../src-main/core/core';\nexport const a = createCore;"],
    ['src-main/core/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['src-main/cli/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['sync-server/x.ts', "import { createCore } from '../src-main/core/core';\nexport const a = createCore;"],
    ['sync-server/x.ts', "import { App } from '../src-renderer/src/app';\nexport const a = App;"],
    ['src-shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;"],
    ['src-shared/x.ts', "import { createCore } from '../src-main/core/core';\nexport const a = createCore;"],
  ])('forbids in %s: %s', async (file, code) => {
    expect(await restricted(file, code)).toBe(true);
  });

  it.each([
    ['src-renderer/src/x.ts', "import { requests } from '../../src-shared/ipc';\nexport const a = requests;"],
    ['src-main/core/x.ts', "import fs from 'node:fs';\nexport const a = fs;"],
    ['src-shared/x.ts', "import { z } from 'zod';\nimport { requests } from './ipc';\nexport const a = [z, requests];"],
    ['sync-server/x.ts', "import { z } from 'zod';\nimport { requests } from '../src-shared/ipc';\nexport const a = [z, requests];"],
  ])('allows in %s: %s', async (file, code) => {
    expect(await restricted(file, code)).toBe(false);
  });
});

// No SQL outside src-main/core/store/ (issue 12): the raw connection and kysely's builder and
// `sql` template are for the table-family modules in store/; the files not yet moved are named in
// eslint.config.mjs's sqlAllowList, which only shrinks.
describe('no SQL outside store/', () => {
  async function sqlFlagged(filePath: string, code: string): Promise<boolean> {
    const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${filePath}` });
    return result!.messages.some((m) => m.ruleId === 'no-restricted-syntax' && /store\//.test(m.message));
  }
  const sqlCode = [
    "export const f = (store: { sqlite: { prepare(s: string): { get(): unknown } } }) => store.sqlite.prepare('SELECT 1').get();",
    "export const f = (store: { sqlite: { prepare(s: string): { run(): unknown } } }) => {\n  const db = store.sqlite;\n  return db.prepare('DELETE FROM calls').run();\n};",
    "export const f = (store: { sqlite: { exec(s: string): void } }) => store.sqlite.exec('DELETE FROM calls');",
    'export const f = (sqlite: { exec(s: string): void }, text: string) => sqlite.exec(text);',
    'export const f = (conn: { exec(s: string): void }) => conn.exec(`DROP TABLE ${"x"}`);',
    "export const f = (store: { sqlite: { pragma(s: string): unknown } }) => store.sqlite.pragma('user_version');",
    'export const f = (store: { sqlite: { transaction(fn: () => number): () => number } }) => store.sqlite.transaction(() => 1)();',
    "export const f = (store: { db: { selectFrom(t: string): unknown } }) => store.db.selectFrom('calls');",
    "export const f = (store: { db: { deleteFrom(t: string): unknown } }) => store.db.deleteFrom('calls');",
    "import { sql } from 'kysely';\nexport const q = sql`SELECT 1`;",
    "import BetterSqlite3 from 'better-sqlite3';\nexport const open = () => new BetterSqlite3(':memory:');",
  ];

  it.each(sqlCode.flatMap((code) => ['src-main/core/x.ts', 'src-main/core/hints/x.ts', 'src-main/app/x.ts'].map((file) => [file, code] as const)))('forbids in %s: %s', async (file, code) => {
    expect(await sqlFlagged(file, code)).toBe(true);
  });

  it.each(sqlCode)('allows in store/: %s', async (code) => {
    expect(await sqlFlagged('src-main/core/store/x.ts', code)).toBe(false);
  });

  it.each([
    ['src-main/core/x.ts', 'export const f = (text: string) => /a(b)/.exec(text);'],
    ['src-main/core/x.ts', "const RE = /x/g;\nexport const f = (text: string) => RE.exec(text);"],
    ['src-main/core/x.ts', "import type BetterSqlite3 from 'better-sqlite3';\nexport const f = (db: BetterSqlite3.Database) => db.open;"],
    ['src-main/core/x.ts', "import type { Kysely } from 'kysely';\nexport type K = Kysely<object>;"],
    ['src-main/core/x.ts', "import { listHints } from './store/hints';\nexport const f = listHints;"],
    // Tests may arrange rows (a damaged setting, a tenant playbook) on the raw connection.
    ['src-main/core/hints/x.test.ts', "export const f = (store: { sqlite: { prepare(s: string): { run(): unknown } } }) => store.sqlite.prepare('INSERT INTO settings VALUES (1)').run();"],
    // A file not yet moved, on the allow-list.
    ['src-main/core/sync/outbox.ts', "export const f = (store: { sqlite: { prepare(s: string): { get(): unknown } } }) => store.sqlite.prepare('SELECT 1').get();"],
  ])('allows in %s: %s', async (file, code) => {
    expect(await sqlFlagged(file, code)).toBe(false);
  });

  it('every allow-listed file still holds SQL (remove it from the list once it is moved)', async () => {
    const { sqlAllowList } = (await import(pathToFileURL(path.join(repoRoot, 'eslint.config.mjs')).href)) as { sqlAllowList: string[] };
    expect(sqlAllowList.length).toBeGreaterThan(0);
    // Each file is linted as if it were outside the allow-list: its folder (or name) renamed, at the same depth.
    const outside = (p: string) => p.replace(/\/([^/]+)$/, '/not-allow-listed-$1');
    for (const entry of sqlAllowList) {
      const dir = entry.endsWith('/**') ? entry.slice(0, -3) : null;
      const files = dir
        ? fs.readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => [`${dir}/${f}`, `${outside(dir)}/${f}`])
        : [[entry, outside(entry)]];
      let flagged = false;
      for (const [file, probe] of files) flagged ||= await sqlFlagged(probe!, fs.readFileSync(path.join(repoRoot, file!), 'utf8'));
      expect(flagged, `${entry} has no SQL left: take it off sqlAllowList in eslint.config.mjs`).toBe(true);
    }
  });
});
