import type { Core } from '../core';
import { competitorCatalog } from '../hints/content-store';
import { createAnalyzer, type AnalyzerOptions } from './analyzer';
import type { Battlecard } from './competitors';
import type { Analyzer } from './types';

/** The competitors the store's battlecards name (all languages merged); empty when none. */
export function battlecardsFromStore(core: Pick<Core, 'store'>): Battlecard[] {
  return competitorCatalog(core.store).map((c) => ({ id: c.id, competitor: c.name, aliases: c.aliases }));
}

/**
 * The analyzer the live path, replay and the CLI use: watches the store's battlecards (the
 * bundled default list when the table is empty).
 */
export function createAnalyzerForCore(core: Pick<Core, 'store'>, options: Omit<AnalyzerOptions, 'battlecards'> = {}): Promise<Analyzer> {
  return createAnalyzer({ ...options, battlecards: battlecardsFromStore(core) });
}
