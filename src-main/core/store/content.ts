/**
 * The content table family: playbooks and battlecards, and the role-play library (personas,
 * scenarios), as bundled with the app, edited by the rep (`user`) or sent by the company
 * (`tenant`, written by sync). hints/content-store.ts and simulator/content-store.ts pick the
 * active one of each; hints/bundled.ts and simulator/bundled.ts seed the bundled ones.
 */
import type { Insertable } from 'kysely';
import type { Store } from './db';
import { all, first, run, transaction } from './query';
import type { Database, Row } from './schema';

export type PlaybookRow = Row<'playbooks'>;
export type BattlecardRow = Row<'battlecards'>;

/** Every playbook, grouped as the settings page lists them. */
export const listPlaybookRows = (store: Store): PlaybookRow[] =>
  all(store, store.db.selectFrom('playbooks').selectAll().orderBy('objection_type').orderBy('language').orderBy('origin'));

/** Every battlecard, grouped as the settings page lists them. */
export const listBattlecardRows = (store: Store): BattlecardRow[] =>
  all(store, store.db.selectFrom('battlecards').selectAll().orderBy('competitor').orderBy('language').orderBy('origin'));

/** The playbooks (of every origin) for one objection type and language. */
export const playbookRowsFor = (store: Store, objectionType: string, language: string): PlaybookRow[] =>
  all(store, store.db.selectFrom('playbooks').selectAll().where('objection_type', '=', objectionType).where('language', '=', language));

export const getPlaybookRow = (store: Store, id: string): PlaybookRow | undefined => first(store, store.db.selectFrom('playbooks').selectAll().where('id', '=', id));

export const getBattlecardRow = (store: Store, id: string): BattlecardRow | undefined => first(store, store.db.selectFrom('battlecards').selectAll().where('id', '=', id));

/** Replaces a playbook's text, marking whose it now is (`user` for an edit, `bundled` for a restore). */
export function updatePlaybookText(store: Store, id: string, text: { title: string; replies: string[] }, origin: 'user' | 'bundled', now: number): void {
  run(store, store.db.updateTable('playbooks').set({ title: text.title, replies: JSON.stringify(text.replies), origin, updated_at: now }).where('id', '=', id));
}

type BattlecardText = { aliases: string[]; positioning: string; landmines: string[]; proofPoints: string[]; talkTrack: string };

/** Replaces a battlecard's text, marking whose it now is (`user` for an edit, `bundled` for a restore). */
export function updateBattlecardText(store: Store, id: string, text: BattlecardText, origin: 'user' | 'bundled', now: number): void {
  run(
    store,
    store.db
      .updateTable('battlecards')
      .set({
        aliases: JSON.stringify(text.aliases), positioning: text.positioning, landmines: JSON.stringify(text.landmines), proof_points: JSON.stringify(text.proofPoints),
        talk_track: text.talkTrack, origin, updated_at: now,
      })
      .where('id', '=', id),
  );
}

type BundledPlaybookRow = Omit<Insertable<Database['playbooks']>, 'origin'>;
type BundledBattlecardRow = Omit<Insertable<Database['battlecards']>, 'origin'>;

/**
 * Writes the bundled rows in one transaction: missing ones are inserted, untouched bundled ones
 * take a changed text, and rows the rep edited (`user`) or the company sent (`tenant`) are never
 * overwritten. Returns how many rows of each it inserted or changed.
 */
export function upsertBundledContent(store: Store, playbooks: BundledPlaybookRow[], battlecards: BundledBattlecardRow[]): { playbooks: number; battlecards: number } {
  return transaction(store, () => ({
    playbooks: playbooks.reduce(
      (n, row) =>
        n +
        run(
          store,
          store.db
            .insertInto('playbooks')
            .values({ ...row, origin: 'bundled' })
            .onConflict((oc) =>
              oc
                .column('id')
                .doUpdateSet((eb) => ({ title: eb.ref('excluded.title'), replies: eb.ref('excluded.replies'), updated_at: eb.ref('excluded.updated_at') }))
                .where('playbooks.origin', '=', 'bundled')
                .where((eb) => eb.or([eb('playbooks.title', '<>', eb.ref('excluded.title')), eb('playbooks.replies', '<>', eb.ref('excluded.replies'))])),
            ),
        ),
      0,
    ),
    battlecards: battlecards.reduce(
      (n, row) =>
        n +
        run(
          store,
          store.db
            .insertInto('battlecards')
            .values({ ...row, origin: 'bundled' })
            .onConflict((oc) =>
              oc
                .column('id')
                .doUpdateSet((eb) => ({
                  aliases: eb.ref('excluded.aliases'), positioning: eb.ref('excluded.positioning'), landmines: eb.ref('excluded.landmines'),
                  proof_points: eb.ref('excluded.proof_points'), talk_track: eb.ref('excluded.talk_track'), updated_at: eb.ref('excluded.updated_at'),
                }))
                .where('battlecards.origin', '=', 'bundled')
                .where((eb) =>
                  eb.or([
                    eb('battlecards.aliases', '<>', eb.ref('excluded.aliases')),
                    eb('battlecards.positioning', '<>', eb.ref('excluded.positioning')),
                    eb('battlecards.landmines', '<>', eb.ref('excluded.landmines')),
                    eb('battlecards.proof_points', '<>', eb.ref('excluded.proof_points')),
                    eb('battlecards.talk_track', '<>', eb.ref('excluded.talk_track')),
                  ]),
                ),
            ),
        ),
      0,
    ),
  }));
}

/** A playbook the company sent (sync): inserted, or replacing an earlier tenant row; bundled and user rows are never touched. */
export function upsertTenantPlaybook(store: Store, row: Omit<Insertable<Database['playbooks']>, 'origin'>): void {
  run(
    store,
    store.db
      .insertInto('playbooks')
      .values({ ...row, origin: 'tenant' })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({ objection_type: eb.ref('excluded.objection_type'), language: eb.ref('excluded.language'), title: eb.ref('excluded.title'), replies: eb.ref('excluded.replies'), updated_at: eb.ref('excluded.updated_at') }))
          .where('playbooks.origin', '=', 'tenant'),
      ),
  );
}

/** A battlecard the company sent (sync), as upsertTenantPlaybook. */
export function upsertTenantBattlecard(store: Store, row: Omit<Insertable<Database['battlecards']>, 'origin'>): void {
  run(
    store,
    store.db
      .insertInto('battlecards')
      .values({ ...row, origin: 'tenant' })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({
            competitor: eb.ref('excluded.competitor'), aliases: eb.ref('excluded.aliases'), language: eb.ref('excluded.language'), positioning: eb.ref('excluded.positioning'),
            landmines: eb.ref('excluded.landmines'), proof_points: eb.ref('excluded.proof_points'), talk_track: eb.ref('excluded.talk_track'), updated_at: eb.ref('excluded.updated_at'),
          }))
          .where('battlecards.origin', '=', 'tenant'),
      ),
  );
}

/** Deletes one tenant row (the company withdrew it); a bundled or user row with that id stays. */
export function deleteTenantRow(store: Store, table: ContentTable, id: string): void {
  run(store, store.db.deleteFrom(table).where('id', '=', id).where('origin', '=', 'tenant'));
}

/** Every row the company sent (a device that joins another tenant starts without them). */
export function deleteAllTenantContent(store: Store): void {
  run(store, store.db.deleteFrom('playbooks').where('origin', '=', 'tenant'));
  run(store, store.db.deleteFrom('battlecards').where('origin', '=', 'tenant'));
  run(store, store.db.deleteFrom('personas').where('origin', '=', 'tenant'));
  run(store, store.db.deleteFrom('scenarios').where('origin', '=', 'tenant'));
}

// --- the role-play library ---------------------------------------------------------------

type ContentTable = 'playbooks' | 'battlecards' | 'personas' | 'scenarios';
export type PersonaRow = Row<'personas'>;
export type ScenarioRow = Row<'scenarios'>;
type PersonaInsert = Omit<Insertable<Database['personas']>, 'origin'>;
type ScenarioInsert = Omit<Insertable<Database['scenarios']>, 'origin'>;

/** The columns a bundled or tenant row carries besides its id and origin (what an update replaces). */
const PERSONA_COLUMNS = ['persona', 'language', 'name', 'role', 'temperament', 'goals', 'hidden_concern', 'objections', 'pushback', 'opening', 'reveal'] as const;
const SCENARIO_COLUMNS = ['scenario', 'language', 'title', 'product', 'situation', 'rep_goal', 'persona', 'objections', 'pass_mark', 'meeting_turns'] as const;

/** Every persona row of every origin and language, by persona id. */
export const listPersonaRows = (store: Store): PersonaRow[] =>
  all(store, store.db.selectFrom('personas').selectAll().orderBy('persona').orderBy('language').orderBy('origin'));

/** Every scenario row of every origin and language, by scenario id. */
export const listScenarioRows = (store: Store): ScenarioRow[] =>
  all(store, store.db.selectFrom('scenarios').selectAll().orderBy('scenario').orderBy('language').orderBy('origin'));

export const getPersonaRow = (store: Store, id: string): PersonaRow | undefined => first(store, store.db.selectFrom('personas').selectAll().where('id', '=', id));
export const getScenarioRow = (store: Store, id: string): ScenarioRow | undefined => first(store, store.db.selectFrom('scenarios').selectAll().where('id', '=', id));

export type PersonaText = { name: string; role: string; goals: string; hiddenConcern: string; opening: string[]; reveal: string[] };
export type ScenarioText = { title: string; product: string; situation: string; repGoal: string };

/** Replaces a persona's words, marking whose it now is (`user` for an edit, `bundled` for a restore). */
export function updatePersonaText(store: Store, id: string, t: PersonaText, origin: 'user' | 'bundled', now: number): void {
  run(
    store,
    store.db
      .updateTable('personas')
      .set({ name: t.name, role: t.role, goals: t.goals, hidden_concern: t.hiddenConcern, opening: JSON.stringify(t.opening), reveal: JSON.stringify(t.reveal), origin, updated_at: now })
      .where('id', '=', id),
  );
}

/** Replaces a scenario's words, marking whose it now is (`user` for an edit, `bundled` for a restore). */
export function updateScenarioText(store: Store, id: string, t: ScenarioText, origin: 'user' | 'bundled', now: number): void {
  run(store, store.db.updateTable('scenarios').set({ title: t.title, product: t.product, situation: t.situation, rep_goal: t.repGoal, origin, updated_at: now }).where('id', '=', id));
}

/**
 * Writes the bundled personas and scenarios in one transaction, as upsertBundledContent: missing
 * rows are inserted, untouched bundled rows take a changed text, user and tenant rows are never
 * overwritten. Returns how many rows of each it inserted or changed.
 */
export function upsertBundledSimulations(store: Store, personas: PersonaInsert[], scenarios: ScenarioInsert[]): { personas: number; scenarios: number } {
  return transaction(store, () => ({
    personas: personas.reduce(
      (n, row) =>
        n +
        run(
          store,
          store.db
            .insertInto('personas')
            .values({ ...row, origin: 'bundled' })
            .onConflict((oc) =>
              oc
                .column('id')
                .doUpdateSet((eb) => ({ ...Object.fromEntries(PERSONA_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])), updated_at: eb.ref('excluded.updated_at') }))
                .where('personas.origin', '=', 'bundled')
                .where((eb) => eb.or(PERSONA_COLUMNS.map((c) => eb(`personas.${c}`, 'is not', eb.ref(`excluded.${c}`))))),
            ),
        ),
      0,
    ),
    scenarios: scenarios.reduce(
      (n, row) =>
        n +
        run(
          store,
          store.db
            .insertInto('scenarios')
            .values({ ...row, origin: 'bundled' })
            .onConflict((oc) =>
              oc
                .column('id')
                .doUpdateSet((eb) => ({ ...Object.fromEntries(SCENARIO_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])), updated_at: eb.ref('excluded.updated_at') }))
                .where('scenarios.origin', '=', 'bundled')
                .where((eb) => eb.or(SCENARIO_COLUMNS.map((c) => eb(`scenarios.${c}`, 'is not', eb.ref(`excluded.${c}`))))),
            ),
        ),
      0,
    ),
  }));
}

/** A persona the company sent (sync): inserted, or replacing an earlier tenant row; bundled and user rows are never touched. */
export function upsertTenantPersona(store: Store, row: PersonaInsert): void {
  run(
    store,
    store.db
      .insertInto('personas')
      .values({ ...row, origin: 'tenant' })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({ ...Object.fromEntries(PERSONA_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])), updated_at: eb.ref('excluded.updated_at') }))
          .where('personas.origin', '=', 'tenant'),
      ),
  );
}

/** A scenario the company sent (sync), as upsertTenantPersona. */
export function upsertTenantScenario(store: Store, row: ScenarioInsert): void {
  run(
    store,
    store.db
      .insertInto('scenarios')
      .values({ ...row, origin: 'tenant' })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({ ...Object.fromEntries(SCENARIO_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])), updated_at: eb.ref('excluded.updated_at') }))
          .where('scenarios.origin', '=', 'tenant'),
      ),
  );
}
