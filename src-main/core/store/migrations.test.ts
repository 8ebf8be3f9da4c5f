/**
 * One upgrade test per numbered migration (Signal Desktop's habit): a database made by the
 * version before it, with representative data in it, is upgraded by that migration; every row
 * that was there is still there, unchanged, and what the migration adds works on old data.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, DB_FILE_NAME, openStore } from './db';
import { latestSchemaVersion, migrations } from './migrations';
import { tempDir } from '../../../test/helpers';

type Db = BetterSqlite3.Database;
type Upgrade = {
  /** Rows written by the version before (its schema is in place). */
  seed(db: Db): void;
  /** After the upgrade, what the migration adds, checked against the seeded rows. */
  check(db: Db): void;
  /** Tables the migration drops: their rows are not kept, every other table's are. */
  drops?: string[];
};

const tablesOf = (db: Db): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").all() as { name: string }[])
    .map((r) => r.name)
    .filter((name) => !/_fts_/.test(name));
const dump = (db: Db): Record<string, unknown[]> => Object.fromEntries(tablesOf(db).map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]));
/**
 * Every row of `before` is in `after`, unchanged in the columns it had (a migration may add
 * columns), except in the tables the migration drops, which must be gone.
 */
const expectKept = (before: Record<string, unknown[]>, after: Record<string, unknown[]>, drops: string[] = []): void => {
  for (const table of drops) expect(after[table], `${table} is dropped`).toBeUndefined();
  for (const [table, rows] of Object.entries(before)) {
    if (drops.includes(table)) continue;
    const kept = (after[table] ?? []).map((row, i) => Object.fromEntries(Object.keys((rows[i] ?? row) as object).map((k) => [k, (row as Record<string, unknown>)[k]])));
    expect(kept, table).toEqual(rows);
  }
};
const search = (db: Db, q: string): string[] =>
  (db.prepare('SELECT DISTINCT call_id FROM segments_fts WHERE segments_fts MATCH ? ORDER BY call_id').all(q) as { call_id: string }[]).map((r) => r.call_id);
const indexes = (db: Db): string[] => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);

const upgrades: Record<number, Upgrade> = {
  // 0001-init: version 0 is an empty file; the upgrade makes every table, with its defaults,
  // CHECKs and generated columns.
  1: {
    seed: () => {},
    check: (db) => {
      expect(tablesOf(db)).toEqual(['battlecards', 'calls', 'deals', 'detections', 'forecasts', 'hints', 'playbooks', 'segments', 'sentiment', 'settings', 'simulation_sessions', 'sync_outbox', 'sync_state']);
      db.prepare("INSERT INTO calls (id, title, started_at, created_at) VALUES ('c1', 'Acme', 1000, 1000)").run();
      expect(db.prepare("SELECT source FROM calls WHERE id = 'c1'").pluck().get()).toBe('live');
      db.prepare(
        "INSERT INTO hints (id, call_id, kind, trigger, text, language, confidence, speech_end_ms, shown_ms, created_at) VALUES ('h1', 'c1', 'objection', 'price', 'x', 'en', 0.9, 1200, 1450, 1)",
      ).run();
      expect(db.prepare("SELECT latency_ms, status, from_partial FROM hints WHERE id = 'h1'").get()).toEqual({ latency_ms: 250, status: 'shown', from_partial: 0 });
      expect(() => db.prepare("INSERT INTO segments (call_id, speaker, start_ms, end_ms, text) VALUES ('c1', 'bot', 0, 1, 'x')").run()).toThrow(/CHECK constraint/);
      expect(() => db.prepare("INSERT INTO segments (call_id, speaker, start_ms, end_ms, text) VALUES ('nope', 'rep', 0, 1, 'x')").run()).toThrow(/FOREIGN KEY/);
    },
  },
  // 0002-calls: full-text search over the transcripts already stored, kept in step by triggers.
  2: {
    seed: (db) => {
      db.prepare("INSERT INTO deals (id, name, created_at, updated_at) VALUES ('d1', 'Acme renewal', 1, 1)").run();
      const call = db.prepare('INSERT INTO calls (id, title, deal_id, customer, source, language, started_at, ended_at, duration_ms, sentiment_avg, summary, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      call.run('c-pt', 'Acme (pt)', 'd1', 'Acme', 'import', 'pt', 1000, 61000, 60000, -0.2, '{"points":["preço"]}', 1000);
      call.run('c-en', 'Globex (en)', null, null, 'live', 'en', 2000, null, null, null, null, 2000);
      const seg = db.prepare('INSERT INTO segments (id, call_id, speaker, start_ms, end_ms, text, language, engine) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      seg.run(1, 'c-pt', 'customer', 0, 2000, 'O preço está muito alto para nós', 'pt', 'whisper');
      seg.run(2, 'c-pt', 'rep', 2000, 4000, 'Entendo, vamos ver o orçamento', 'pt', 'whisper');
      seg.run(3, 'c-en', 'customer', 0, 1500, 'We already use Gong for this', 'en', null);
      db.prepare("INSERT INTO detections (call_id, segment_id, kind, value, confidence, at_ms) VALUES ('c-pt', 1, 'objection', 'price', 0.91, 2000)").run();
      db.prepare("INSERT INTO detections (call_id, segment_id, kind, value, confidence, at_ms) VALUES ('c-en', 3, 'competitor', 'gong', 0.88, 1500)").run();
      db.prepare("INSERT INTO sentiment (call_id, segment_id, at_ms, label, score, rolling) VALUES ('c-pt', 1, 2000, 'negative', -0.6, -0.6)").run();
      db.prepare(
        "INSERT INTO hints (id, call_id, segment_id, kind, trigger, source_id, text, language, confidence, speech_end_ms, shown_ms, from_partial, status, created_at) VALUES ('h1', 'c-pt', 1, 'objection', 'price', 'playbook:price:pt', 'Mostre o ROI', 'pt', 0.91, 2000, 2300, 1, 'used', 3)",
      ).run();
      db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('uiLanguage', '\"pt-BR\"', 5)").run();
    },
    check: (db) => {
      // The transcripts stored before the upgrade are searchable, accents or not.
      expect(search(db, 'preco')).toEqual(['c-pt']);
      expect(search(db, 'orçamento')).toEqual(['c-pt']);
      expect(search(db, 'gong')).toEqual(['c-en']);
      expect(search(db, 'nada')).toEqual([]);
      // The triggers keep the index in step with new, edited and deleted segments.
      db.prepare("INSERT INTO segments (call_id, speaker, start_ms, end_ms, text) VALUES ('c-en', 'rep', 1500, 3000, 'Chorus costs more')").run();
      expect(search(db, 'chorus')).toEqual(['c-en']);
      db.prepare("UPDATE segments SET text = 'O valor está alto' WHERE id = 1").run();
      expect(search(db, 'preco')).toEqual([]);
      expect(search(db, 'valor')).toEqual(['c-pt']);
      db.prepare("DELETE FROM calls WHERE id = 'c-pt'").run();
      expect(search(db, 'valor')).toEqual([]);
      expect(search(db, 'orcamento')).toEqual([]);
      expect(indexes(db)).toEqual(expect.arrayContaining(['detections_kind_value', 'calls_deal']));
    },
  },
  // 0003-drop-scaffolding: the unused forecast and simulation tables go (issue 12), with
  // their rows; deals, which calls.deal_id references, and everything else stay.
  3: {
    drops: ['forecasts', 'simulation_sessions'],
    seed: (db) => {
      upgrades[2]!.seed(db);
      db.prepare("INSERT INTO sync_outbox (op_id, entity, entity_id, op, payload, created_at, attempts, last_error) VALUES ('op-1', 'call_insight', 'c-pt', 'upsert', '{\"callId\":\"c-pt\"}', 10, 1, 'offline')").run();
      db.prepare("INSERT INTO sync_outbox (op_id, entity, entity_id, op, payload, created_at) VALUES ('op-2', 'simulation_result', 's1', 'delete', 'null', 11)").run();
      db.prepare("INSERT INTO forecasts (id, deal_id, win_probability, expected_value, model, created_at) VALUES ('f1', 'd1', 0.5, 500, 'baseline', 6)").run();
      db.prepare("INSERT INTO simulation_sessions (id, scenario, language, started_at, score) VALUES ('s1', 'price', 'pt', 7, 70)").run();
    },
    check: (db) => {
      expect(tablesOf(db)).toEqual(['battlecards', 'calls', 'deals', 'detections', 'hints', 'playbooks', 'segments', 'sentiment', 'settings', 'sync_outbox', 'sync_state']);
      expect(db.prepare("SELECT deal_id FROM calls WHERE id = 'c-pt'").pluck().get()).toBe('d1');
      expect(search(db, 'preco')).toEqual(['c-pt']);
      // Deleting the deal still unlinks its calls (the foreign key to deals is intact).
      db.prepare("DELETE FROM deals WHERE id = 'd1'").run();
      expect(db.prepare("SELECT deal_id FROM calls WHERE id = 'c-pt'").pluck().get()).toBeNull();
    },
  },
  // 0004-deals: deals gain their CRM source and id, outcome, currency, close value and
  // expected close; accounts, products, owners and forecast_models are new. A deal of the
  // version before (and the call linked to it) is kept and reads as an open deal.
  4: {
    seed: (db) => {
      upgrades[2]!.seed(db);
      db.prepare("INSERT INTO deals (id, name, account, product, stage, amount, engage_date, owner, created_at, updated_at) VALUES ('d2', 'Globex pilot', 'Globex', 'GTX Pro', 'Engaging', 4821, '2017-01-02', 'Moses Frase', 2, 2)").run();
    },
    check: (db) => {
      expect(tablesOf(db)).toEqual(expect.arrayContaining(['accounts', 'products', 'owners', 'forecast_models', 'deals']));
      expect(db.prepare("SELECT outcome, source, external_id, close_value FROM deals WHERE id = 'd2'").get()).toEqual({ outcome: 'open', source: null, external_id: null, close_value: null });
      expect(db.prepare("SELECT deal_id FROM calls WHERE id = 'c-pt'").pluck().get()).toBe('d1');
      const insert = db.prepare("INSERT INTO deals (id, name, source, external_id, outcome, created_at, updated_at) VALUES (?, 'x', 'maven', ?, ?, 1, 1)");
      insert.run('d3', 'OPP1', 'won');
      // One row per (source, id in the CRM): the same CRM id twice is refused.
      expect(() => insert.run('d4', 'OPP1', 'lost')).toThrow(/UNIQUE constraint/);
      expect(() => insert.run('d5', 'OPP2', 'maybe')).toThrow(/CHECK constraint/);
      db.prepare("INSERT INTO forecast_models (id, trained_at, informative, deals, model, card) VALUES ('m1', 1, 0, 10, '{}', '{}')").run();
      expect(() => db.prepare("INSERT INTO forecast_models (id, trained_at, informative, deals, model, card) VALUES ('m2', 1, 2, 10, '{}', '{}')").run()).toThrow(/CHECK constraint/);
      expect(indexes(db)).toEqual(expect.arrayContaining(['deals_external', 'deals_outcome', 'forecast_models_trained', 'calls_deal']));
      expect(search(db, 'preco')).toEqual(['c-pt']);
    },
  },
  // 0005-simulations: the role-play history (issue 14), a new table beside everything else.
  5: {
    seed: (db) => {
      upgrades[2]!.seed(db);
      db.prepare("INSERT INTO sync_outbox (op_id, entity, entity_id, op, payload, created_at) VALUES ('op-1', 'call_insight', 'c-pt', 'upsert', '{\"callId\":\"c-pt\"}', 10)").run();
    },
    check: (db) => {
      expect(tablesOf(db)).toContain('simulations');
      const insert = db.prepare(
        "INSERT INTO simulations (id, scenario, persona, language, seed, started_at, ended_at, score, passed, objection_score, empathy_score, discovery_score, technique_score, outcome, complete, transcript, checks, feedback, created_at) VALUES (?, 'cost-cutting-renewal', 'cfo-conservative', ?, 1, 100, 200, ?, 1, 100, 100, 75, 80, 'won', 1, '[]', '[]', '[]', 300)",
      );
      insert.run('s1', 'pt', 90);
      expect(db.prepare("SELECT mode, score FROM simulations WHERE id = 's1'").get()).toEqual({ mode: 'typed', score: 90 });
      expect(() => insert.run('s2', 'es', 90)).toThrow(/CHECK constraint/);
      expect(() => insert.run('s3', 'en', 101)).toThrow(/CHECK constraint/);
      expect(indexes(db)).toEqual(expect.arrayContaining(['simulations_started', 'simulations_scenario']));
      // The calls and their search are as they were.
      expect(search(db, 'preco')).toEqual(['c-pt']);
    },
  },
  // 0006-personas-scenarios: the role-play library as data (tenant > user > bundled), two new
  // tables beside a stored run, which keeps naming its persona and scenario by id.
  6: {
    seed: (db) => {
      upgrades[5]!.seed(db);
      db.prepare(
        "INSERT INTO simulations (id, scenario, persona, language, seed, started_at, ended_at, score, passed, objection_score, empathy_score, discovery_score, technique_score, outcome, complete, transcript, checks, feedback, created_at) VALUES ('s1', 'cost-cutting-renewal', 'cfo-conservative', 'pt', 1, 100, 200, 90, 1, 100, 100, 75, 80, 'won', 1, '[]', '[]', '[]', 300)",
      ).run();
    },
    check: (db) => {
      expect(tablesOf(db)).toEqual(expect.arrayContaining(['personas', 'scenarios']));
      const persona = db.prepare(
        "INSERT INTO personas (id, persona, language, name, role, temperament, goals, hidden_concern, objections, pushback, opening, reveal, origin, updated_at) VALUES (?, 'cfo-conservative', ?, 'Helena', 'CFO', 'conservative', 'g', 'h', '[\"price\"]', ?, '[\"Oi\"]', '[\"x\"]', ?, 1)",
      );
      persona.run('persona:cfo-conservative:pt', 'pt', 3, 'bundled');
      persona.run('tenant:acme-cfo', 'pt', 2, 'tenant');
      expect(() => persona.run('p-es', 'es', 2, 'bundled')).toThrow(/CHECK constraint/);
      expect(() => persona.run('p-4', 'en', 4, 'bundled')).toThrow(/CHECK constraint/);
      expect(() => persona.run('p-o', 'en', 2, 'nobody')).toThrow(/CHECK constraint/);
      const scenario = db.prepare(
        "INSERT INTO scenarios (id, scenario, language, title, product, situation, rep_goal, persona, objections, pass_mark, updated_at) VALUES (?, 'cost-cutting-renewal', 'en', 't', 'p', 's', 'g', 'cfo-conservative', '[\"price\"]', ?, 1)",
      );
      scenario.run('scenario:cost-cutting-renewal:en', 70);
      expect(db.prepare("SELECT origin, meeting_turns FROM scenarios WHERE id = 'scenario:cost-cutting-renewal:en'").get()).toEqual({ origin: 'bundled', meeting_turns: null });
      expect(() => scenario.run('s-101', 101)).toThrow(/CHECK constraint/);
      expect(indexes(db)).toEqual(expect.arrayContaining(['personas_key', 'scenarios_key']));
      // The stored run is as it was.
      expect(db.prepare("SELECT persona, score FROM simulations WHERE id = 's1'").get()).toEqual({ persona: 'cfo-conservative', score: 90 });
    },
  },
  // 0007-follow-up-tasks: the follow-up of a call linked to a deal (issue 15, point 4), a new
  // table beside the deal and its linked call from version 6.
  7: {
    seed: (db) => {
      upgrades[6]!.seed(db);
    },
    check: (db) => {
      expect(tablesOf(db)).toContain('follow_up_tasks');
      const insert = db.prepare("INSERT INTO follow_up_tasks (id, deal_id, call_id, title, body, due_at, status, snoozed_until, created_at, updated_at) VALUES (?, 'd1', ?, 'Follow-up', 'Hi', 1000, ?, ?, 1, 1)");
      insert.run('t1', 'c-pt', 'open', null);
      expect(db.prepare("SELECT status, push_state, snoozed_until FROM follow_up_tasks WHERE id = 't1'").get()).toEqual({ status: 'open', push_state: 'none', snoozed_until: null });
      // One task per call; a snooze needs its date; a status or push state outside the list is refused.
      expect(() => insert.run('t2', 'c-pt', 'open', null)).toThrow(/UNIQUE constraint/);
      expect(() => insert.run('t3', null, 'snoozed', null)).toThrow(/CHECK constraint/);
      expect(() => insert.run('t4', null, 'later', null)).toThrow(/CHECK constraint/);
      insert.run('t5', null, 'snoozed', 2000);
      expect(() => db.prepare("UPDATE follow_up_tasks SET push_state = 'maybe' WHERE id = 't1'").run()).toThrow(/CHECK constraint/);
      expect(() => db.prepare("INSERT INTO follow_up_tasks (id, deal_id, title, body, due_at, created_at, updated_at) VALUES ('t6', 'nope', 't', 'b', 1, 1, 1)").run()).toThrow(/FOREIGN KEY/);
      expect(indexes(db)).toEqual(expect.arrayContaining(['follow_up_tasks_call', 'follow_up_tasks_due', 'follow_up_tasks_deal']));
      // The deal and its linked call are as they were.
      expect(db.prepare("SELECT deal_id FROM calls WHERE id = 'c-pt'").pluck().get()).toBe('d1');
      expect(search(db, 'preco')).toEqual(['c-pt']);
    },
  },
  // 0008-deal-import-mappings: the import dialog's column mappings by header signature (issue 15,
  // point 1), a new table beside the deals and tasks of version 7.
  8: {
    seed: (db) => {
      upgrades[7]!.seed(db);
    },
    check: (db) => {
      expect(tablesOf(db)).toContain('deal_import_mappings');
      const insert = db.prepare("INSERT INTO deal_import_mappings (signature, headers, mapping, file_name, created_at, updated_at) VALUES (?, '[\"Código\"]', '{}', 'x.csv', 1, 1)");
      insert.run('abc');
      expect(() => insert.run('abc')).toThrow(/UNIQUE constraint|PRIMARY KEY/);
      expect(() => db.prepare("INSERT INTO deal_import_mappings (signature, mapping, created_at, updated_at) VALUES ('d', '{}', 1, 1)").run()).toThrow(/NOT NULL/);
      // The deals and their linked call are as they were.
      expect(db.prepare("SELECT deal_id FROM calls WHERE id = 'c-pt'").pluck().get()).toBe('d1');
    },
  },
};

describe('migration upgrades', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  /** A database file at `version`, opened like openStore opens one (foreign keys on). */
  const databaseAt = (version: number): { db: Db; dir: string } => {
    const t = tempDir();
    const db = new BetterSqlite3(path.join(t.dir, DB_FILE_NAME));
    cleanups.push(() => {
      if (db.open) db.close();
      t.cleanup();
    });
    db.pragma('foreign_keys = ON');
    expect(applyMigrations(db, 0, version)).toBe(version);
    return { db, dir: t.dir };
  };

  it('every numbered migration has an upgrade test', () => {
    expect(Object.keys(upgrades).map(Number)).toEqual(migrations.map((m) => m.version));
  });

  it.each(migrations.map((m) => [m.name, m.version] as const))('%s: upgrades a database made by the version before it, data kept', (_name, version) => {
    const previous = migrations[migrations.findIndex((m) => m.version === version) - 1]?.version ?? 0;
    expect(upgrades[version], `migration ${version} needs an upgrade test in this file`).toBeDefined();
    const { db } = databaseAt(previous);
    expect(db.pragma('user_version', { simple: true })).toBe(previous);
    upgrades[version]!.seed(db);
    const before = dump(db);
    expect(applyMigrations(db, previous, version)).toBe(version);
    expect(db.pragma('user_version', { simple: true })).toBe(version);
    // Every row of every table that was there is unchanged.
    expectKept(before, dump(db), upgrades[version]!.drops);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    upgrades[version]!.check(db);
  });

  it('openStore upgrades a file of the oldest version with data in it to the latest', () => {
    const { db, dir } = databaseAt(1);
    upgrades[2]!.seed(db);
    const before = dump(db);
    db.close();
    const store = openStore(dir);
    cleanups.unshift(() => store.close());
    expect(store.schemaVersion).toBe(latestSchemaVersion());
    expectKept(before, dump(store.sqlite));
    expect(search(store.sqlite, 'preco')).toEqual(['c-pt']);
  });
});
