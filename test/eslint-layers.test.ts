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
// `sql` template are for the table-family modules in store/, and no file is exempt.
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
  ])('allows in %s: %s', async (file, code) => {
    expect(await sqlFlagged(file, code)).toBe(false);
  });

  // Tests (and test-support/, the e2e specs) arrange and read rows through the typed layer: the
  // raw connection is refused them, kysely's builder and `sql` run by store/query.ts are not.
  const rawSqlCode = [...sqlCode.slice(0, 7), sqlCode.at(-1)!];
  const testFiles = ['src-main/core/hints/x.test.ts', 'src-main/core/sync/test-support/x.ts', 'test/x.test.ts', 'test/x.ts', 'e2e/x.spec.ts', 'native/x.test.ts', 'models/x.test.ts'];

  it.each(rawSqlCode.flatMap((code) => testFiles.map((file) => [file, code] as const)))('forbids raw SQL in %s: %s', async (file, code) => {
    expect(await sqlFlagged(file, code)).toBe(true);
  });

  it.each(
    [
      "import { first } from '../store/query';\nimport type { Store } from '../store/db';\nexport const f = (store: Store, id: string) => first(store, store.db.selectFrom('hints').select('id').where('call_id', '=', id));",
      "import { run } from '../store/query';\nimport type { Store } from '../store/db';\nexport const f = (store: Store) => run(store, store.db.updateTable('calls').set({ ended_at: 99 }));",
      "import { sql } from 'kysely';\nimport { run } from '../store/query';\nimport type { Store } from '../store/db';\nexport const f = (store: Store) => run(store, sql`DROP TRIGGER t`);",
      "import { transaction } from '../store/query';\nimport type { Store } from '../store/db';\nexport const f = (store: Store) => transaction(store, () => 1);",
      "import type BetterSqlite3 from 'better-sqlite3';\nexport const f = (db: BetterSqlite3.Database) => db.open;",
      'export const f = (text: string) => /a(b)/.exec(text);',
    ].flatMap((code) => testFiles.map((file) => [file, code] as const)),
  )('allows the typed layer in %s: %s', async (file, code) => {
    expect(await sqlFlagged(file, code)).toBe(false);
  });

  it('allows raw SQL in the store/ tests whose subject it is (pragmas, migrations)', async () => {
    for (const code of rawSqlCode) expect(await sqlFlagged('src-main/core/store/x.test.ts', code)).toBe(false);
  });
});

// Inside the core (issue 12): each folder imports only the folders below it (eslint.config.mjs
// coreLayers), and nothing below the api takes the whole Core with its services.
describe('layers inside the core', () => {
  it.each([
    ['src-main/core/nlp/x.ts', "import { listHints } from '../hints/hint-store';\nexport const a = listHints;"], // nlp knows no hints
    ['src-main/core/nlp/x.ts', "import { readState } from '../sync/state';\nexport const a = readState;"],
    ['src-main/core/hints/x.ts', "import { enqueueCallInsight } from '../sync/insights';\nexport const a = enqueueCallInsight;"], // the recorder feeds the outbox
    ['src-main/core/hints/x.ts', "import { recordHintAction } from '../live/session-recorder';\nexport const a = recordHintAction;"],
    ['src-main/core/store/x.ts', "import { listHints } from '../hints/hint-store';\nexport const a = listHints;"],
    ['src-main/core/store/migrations/x.ts', "import { listHints } from '../../hints/hint-store';\nexport const a = listHints;"],
    ['src-main/core/sync/x.ts', "import { createLiveManager } from '../live/live-manager';\nexport const a = createLiveManager;"],
    ['src-main/core/policy/x.ts', "import { readState } from '../sync/state';\nexport const a = readState;"],
    ['src-main/core/asr/x.ts', "import { createAnalyzer } from '../nlp/analyzer';\nexport const a = createAnalyzer;"],
    ['src-main/core/audio/x.ts', "import { openAsrEngine } from '../asr/select-engine';\nexport const a = openAsrEngine;"],
    ['src-main/core/live/x.ts', "import { importRecording } from '../calls/import-job';\nexport const a = importRecording;"],
    ['src-main/core/live/x.ts', "import { liveHandlers } from '../api/live-handlers';\nexport const a = liveHandlers;"],
    ['src-main/core/live/x.ts', "import type { Core } from '../core';\nexport type A = Core;"], // the context, not the services
    ['src-main/core/sync/x.ts', "import { createCore } from '../core';\nexport const a = createCore;"],
    ['src-main/core/hints/x.ts', "import { app } from 'electron';\nexport const a = app;"], // the core's own rules still hold
  ])('forbids in %s: %s', async (file, code) => {
    expect(await restricted(file, code)).toBe(true);
  });

  it.each([
    ['src-main/core/hints/x.ts', "import { createAnalyzer } from '../nlp/analyzer';\nexport const a = createAnalyzer;"],
    ['src-main/core/live/x.ts', "import { enqueueCallInsight } from '../sync/insights';\nexport const a = enqueueCallInsight;"],
    ['src-main/core/live/x.ts', "import type { CoreContext } from '../context';\nexport type A = CoreContext;"],
    ['src-main/core/calls/x.ts', "import { createLiveManager } from '../live/live-manager';\nexport const a = createLiveManager;"],
    ['src-main/core/api/x.ts', "import type { Core } from '../core';\nexport type A = Core;"],
    ['src-main/core/store/x.ts', "import { migrations } from './migrations';\nexport const a = migrations;"],
    ['src-main/core/nlp/x.ts', "import { BUNDLED_BATTLECARDS } from '../content/bundled-battlecards';\nexport const a = BUNDLED_BATTLECARDS;"],
    // Tests may cross layers to arrange a scene.
    ['src-main/core/nlp/x.test.ts', "import { listHints } from '../hints/hint-store';\nexport const a = listHints;"],
  ])('allows in %s: %s', async (file, code) => {
    expect(await restricted(file, code)).toBe(false);
  });

  it('names every folder of the core, so a new one gets its place in the layers', async () => {
    const { coreLayers } = (await import(pathToFileURL(path.join(repoRoot, 'eslint.config.mjs')).href)) as { coreLayers: Record<string, string[]> };
    const folders = fs.readdirSync(path.join(repoRoot, 'src-main/core'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(Object.keys(coreLayers).sort()).toEqual(folders.sort());
    for (const [folder, below] of Object.entries(coreLayers)) for (const b of below) expect(coreLayers[b], `${folder} may import ${b}: ${b} must be a core folder`).toBeDefined();
    // Layers, not a web: following "may import" never leads back to where it started.
    const reaches = (from: string, seen = new Set<string>()): Set<string> => {
      for (const b of coreLayers[from]!) if (!seen.has(b)) reaches(b, seen.add(b));
      return seen;
    };
    for (const folder of Object.keys(coreLayers)) expect(reaches(folder).has(folder), `${folder} reaches itself`).toBe(false);
  });
});
