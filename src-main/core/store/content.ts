/**
 * The content table family: playbooks and battlecards, as bundled with the app, edited by the
 * rep (`user`) or sent by the company (`tenant`, written by sync). hints/content-store.ts
 * picks the active one of each; hints/bundled.ts seeds the bundled ones.
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
export function deleteTenantRow(store: Store, table: 'playbooks' | 'battlecards', id: string): void {
  run(store, store.db.deleteFrom(table).where('id', '=', id).where('origin', '=', 'tenant'));
}

/** Every row the company sent (a device that joins another tenant starts without them). */
export function deleteAllTenantContent(store: Store): void {
  run(store, store.db.deleteFrom('playbooks').where('origin', '=', 'tenant'));
  run(store, store.db.deleteFrom('battlecards').where('origin', '=', 'tenant'));
}
