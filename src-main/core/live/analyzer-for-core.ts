import type { CoreContext } from '../context';
import { competitorCatalog } from '../hints/content-store';
import { createAnalyzer, type AnalyzerOptions } from '../nlp/analyzer';
import type { Battlecard } from '../nlp/competitors';
import type { Analyzer } from '../nlp/types';

/** The competitors the store's battlecards name (all languages merged); empty when none. */
function battlecardsFromStore(core: Pick<CoreContext, 'store'>): Battlecard[] {
  return competitorCatalog(core.store).map((c) => ({ id: c.id, competitor: c.name, aliases: c.aliases }));
}

/**
 * The analyzer the live path, replay and the CLI use: watches the store's battlecards (the
 * bundled default list when the table is empty).
 */
export function createAnalyzerForCore(core: Pick<CoreContext, 'store'>, options: Omit<AnalyzerOptions, 'battlecards'> = {}): Promise<Analyzer> {
  return createAnalyzer({ ...options, battlecards: battlecardsFromStore(core) });
}
