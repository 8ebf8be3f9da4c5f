/**
 * Seeds the bundled playbooks and battlecards into the store. Runs at every core start:
 * missing rows are inserted, untouched bundled rows pick up the text of a newer app version,
 * and rows the rep edited (`user`) or the company sent (`tenant`) are never overwritten.
 */
import type { Store } from '../store/db';
import { BUNDLED_PLAYBOOKS, bundledPlaybookId } from './bundled-playbooks';
import { BUNDLED_BATTLECARDS, bundledBattlecardId } from './bundled-battlecards';

export { BUNDLED_PLAYBOOKS, BUNDLED_BATTLECARDS, bundledPlaybookId, bundledBattlecardId };

export function seedBundledContent(store: Store, now = Date.now()): { playbooks: number; battlecards: number } {
  const pb = store.sqlite.prepare(
    `INSERT INTO playbooks (id, objection_type, language, title, replies, origin, updated_at) VALUES (?, ?, ?, ?, ?, 'bundled', ?)
     ON CONFLICT(id) DO UPDATE SET title = excluded.title, replies = excluded.replies, updated_at = excluded.updated_at
     WHERE playbooks.origin = 'bundled' AND (playbooks.title <> excluded.title OR playbooks.replies <> excluded.replies)`,
  );
  const bc = store.sqlite.prepare(
    `INSERT INTO battlecards (id, competitor, aliases, language, positioning, landmines, proof_points, talk_track, origin, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'bundled', ?)
     ON CONFLICT(id) DO UPDATE SET aliases = excluded.aliases, positioning = excluded.positioning, landmines = excluded.landmines,
       proof_points = excluded.proof_points, talk_track = excluded.talk_track, updated_at = excluded.updated_at
     WHERE battlecards.origin = 'bundled' AND (battlecards.aliases <> excluded.aliases OR battlecards.positioning <> excluded.positioning
       OR battlecards.landmines <> excluded.landmines OR battlecards.proof_points <> excluded.proof_points OR battlecards.talk_track <> excluded.talk_track)`,
  );
  let playbooks = 0;
  let battlecards = 0;
  store.sqlite.transaction(() => {
    for (const p of BUNDLED_PLAYBOOKS) {
      playbooks += pb.run(bundledPlaybookId(p.objectionType, p.language), p.objectionType, p.language, p.title, JSON.stringify(p.replies), now).changes;
    }
    for (const b of BUNDLED_BATTLECARDS) {
      battlecards += bc.run(
        bundledBattlecardId(b.competitor, b.language), b.competitor, JSON.stringify(b.aliases), b.language, b.positioning,
        JSON.stringify(b.landmines), JSON.stringify(b.proofPoints), b.talkTrack, now,
      ).changes;
    }
  })();
  return { playbooks, battlecards };
}
