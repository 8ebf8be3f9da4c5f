/**
 * Competitors as people name them. Detections store a competitor's id (`gong`, `rd-station`);
 * lists, the detail page, exports and filters show and accept its display name (`Gong`,
 * `RD Station`: the battlecard's first alias, as on the Playbooks page) and any alias, in any
 * case and with or without accents.
 */
import type { Store } from '../store/db';
import { competitorCatalog, competitorSlug } from '../hints/content-store';
import { DEFAULT_COMPETITORS } from '../nlp/default-competitors';

type CompetitorNames = { name(id: string): string; resolve(input: string): string[]; all(): { id: string; name: string }[] };

/** Lower case, no accents, letters and digits only: "RD-Station" and "rd station" are the same. */
const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

export function competitorNames(store: Store): CompetitorNames {
  const entries = new Map<string, { name: string; aliases: string[] }>();
  // The store's battlecards (tenant and user edits included), then the bundled list for a store
  // that has none yet (a read-only or fresh database).
  for (const c of safeCatalog(store)) entries.set(c.id, { name: c.name, aliases: c.aliases });
  for (const c of DEFAULT_COMPETITORS) if (!entries.has(c.id)) entries.set(c.id, { name: c.competitor, aliases: c.aliases });
  const byFold = new Map<string, Set<string>>();
  const add = (key: string, id: string) => {
    const k = fold(key);
    if (!k) return;
    const set = byFold.get(k) ?? new Set<string>();
    set.add(id);
    byFold.set(k, set);
  };
  for (const [id, e] of entries) [id, e.name, ...e.aliases].forEach((n) => add(n, id));
  return {
    name: (id) => entries.get(id)?.name ?? entries.get(competitorSlug(id))?.name ?? id,
    /** The ids a filter means: every competitor whose id, name or an alias folds to the same text; else the text as an id. */
    resolve: (input) => {
      const ids = byFold.get(fold(input));
      return ids ? [...ids] : [competitorSlug(input.trim())];
    },
    all: () => [...entries].map(([id, e]) => ({ id, name: e.name })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function safeCatalog(store: Store): ReturnType<typeof competitorCatalog> {
  try {
    return competitorCatalog(store);
  } catch {
    return [];
  }
}
