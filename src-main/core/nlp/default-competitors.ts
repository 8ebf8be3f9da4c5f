import { BUNDLED_BATTLECARDS } from '../content/bundled-battlecards';
import type { Battlecard } from './competitors';

/**
 * Competitors watched when the store has no battlecards yet (the CLI on a fresh data dir): the
 * bundled battlecards' names and aliases, one entry per competitor, so the two never drift
 * apart. Aliases cover how people and recognisers write them; the detector adds generated
 * variants and fuzzy matching.
 */
export const DEFAULT_COMPETITORS: Battlecard[] = [...new Map(BUNDLED_BATTLECARDS.map((b) => [b.competitor, b])).values()].map((b) => ({
  id: b.competitor,
  competitor: b.aliases[0] ?? b.competitor,
  aliases: b.aliases.slice(1),
}));
