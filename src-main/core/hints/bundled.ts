/**
 * Seeds the bundled playbooks and battlecards into the store. Runs at every core start:
 * missing rows are inserted, untouched bundled rows pick up the text of a newer app version,
 * and rows the rep edited (`user`) or the company sent (`tenant`) are never overwritten.
 */
import type { Store } from '../store/db';
import { upsertBundledContent } from '../store/content';
import { BUNDLED_PLAYBOOKS, bundledPlaybookId } from '../content/bundled-playbooks';
import { BUNDLED_BATTLECARDS, bundledBattlecardId } from '../content/bundled-battlecards';

export { BUNDLED_PLAYBOOKS, BUNDLED_BATTLECARDS, bundledPlaybookId, bundledBattlecardId };

export function seedBundledContent(store: Store, now = Date.now()): { playbooks: number; battlecards: number } {
  return upsertBundledContent(
    store,
    BUNDLED_PLAYBOOKS.map((p) => ({
      id: bundledPlaybookId(p.objectionType, p.language), objection_type: p.objectionType, language: p.language, title: p.title, replies: JSON.stringify(p.replies), updated_at: now,
    })),
    BUNDLED_BATTLECARDS.map((b) => ({
      id: bundledBattlecardId(b.competitor, b.language), competitor: b.competitor, aliases: JSON.stringify(b.aliases), language: b.language, positioning: b.positioning,
      landmines: JSON.stringify(b.landmines), proof_points: JSON.stringify(b.proofPoints), talk_track: b.talkTrack, updated_at: now,
    })),
  );
}
