/**
 * The personas and scenarios a rep can rehearse. Where a store is at hand (the app, the CLI) the
 * active one per id and language comes from it (simulator/content-store.ts: the company's through
 * sync, else the rep's edit, else the bundled one); without a store (tests, benches) the bundled
 * library (content/bundled-simulations.ts). Lookups fail with one line naming what exists.
 */
import { CoreError } from '../../../src-shared/errors';
import type { SimPersona, SimScenario } from '../../../src-shared/ipc/simulator';
import type { SpokenLanguage } from '../../../src-shared/taxonomy';
import type { Store } from '../store/db';
import { BUNDLED_PERSONAS, BUNDLED_SCENARIOS, type BundledPersona, type BundledScenario } from '../content/bundled-simulations';
import { bundledPersonaId, bundledScenarioId } from './bundled';
import { activePersonas, activeScenarios, storedPersona, storedScenario, toSimPersona, toSimScenario } from './content-store';

/** Where to look: the store's active content in the run's language. */
export type LibrarySource = { store: Store; language: SpokenLanguage };

export const listPersonas = (): BundledPersona[] => BUNDLED_PERSONAS;
export const listScenarios = (): BundledScenario[] => BUNDLED_SCENARIOS;

const knownIds = (stored: string[], bundled: string[]) => [...new Set([...stored, ...bundled])].sort().join(', ');

export function findPersona(id: string, from?: LibrarySource): BundledPersona {
  const p = (from && storedPersona(from.store, id, from.language)) ?? BUNDLED_PERSONAS.find((x) => x.id === id);
  if (!p) {
    const known = from ? knownIds(activePersonas(from.store, from.language).map((r) => r.persona), BUNDLED_PERSONAS.map((x) => x.id)) : BUNDLED_PERSONAS.map((x) => x.id).join(', ');
    throw new CoreError('not_found', `no persona ${JSON.stringify(id)}; known: ${known}`);
  }
  return p;
}

export function findScenario(id: string, from?: LibrarySource): BundledScenario {
  const s = (from && storedScenario(from.store, id, from.language)) ?? BUNDLED_SCENARIOS.find((x) => x.id === id);
  if (!s) {
    const known = from ? knownIds(activeScenarios(from.store, from.language).map((r) => r.scenario), BUNDLED_SCENARIOS.map((x) => x.id)) : BUNDLED_SCENARIOS.map((x) => x.id).join(', ');
    throw new CoreError('not_found', `no scenario ${JSON.stringify(id)}; known: ${known}`);
  }
  return s;
}

const bundledPersonaLine = (p: BundledPersona, l: SpokenLanguage): SimPersona => ({
  id: p.id, name: p.name[l], role: p.role[l], temperament: p.temperament, pushback: p.pushback, objections: p.objections, goals: p.goals[l], hiddenConcern: p.hiddenConcern[l],
  opening: p.opening[l], reveal: p.reveal[l], rowId: bundledPersonaId(p.id, l), origin: 'bundled', hasDefault: true,
});
const bundledScenarioLine = (s: BundledScenario, l: SpokenLanguage): SimScenario => ({
  id: s.id, persona: s.persona, title: s.title[l], product: s.product[l], situation: s.situation[l], goal: s.repGoal[l], objections: s.objections, passMark: s.passMark,
  rowId: bundledScenarioId(s.id, l), origin: 'bundled', hasDefault: true,
});

/** The library in one language: the active persona and scenario of each id (the bundled ones the store lacks, e.g. a read-only store never seeded). */
export function library(language: SpokenLanguage, store?: Store): { personas: SimPersona[]; scenarios: SimScenario[] } {
  const personas = store ? activePersonas(store, language).map(toSimPersona) : [];
  const scenarios = store ? activeScenarios(store, language).map(toSimScenario) : [];
  // The bundled ones in their order (the page opens on the first), then the others by id.
  const order = (ids: string[]) => (a: { id: string }, b: { id: string }) => {
    const ia = ids.indexOf(a.id), ib = ids.indexOf(b.id);
    return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib) || a.id.localeCompare(b.id);
  };
  const havePersona = new Set(personas.map((p) => p.id));
  const haveScenario = new Set(scenarios.map((s) => s.id));
  return {
    personas: [...personas, ...BUNDLED_PERSONAS.filter((p) => !havePersona.has(p.id)).map((p) => bundledPersonaLine(p, language))].sort(order(BUNDLED_PERSONAS.map((p) => p.id))),
    scenarios: [...scenarios, ...BUNDLED_SCENARIOS.filter((s) => !haveScenario.has(s.id)).map((s) => bundledScenarioLine(s, language))].sort(order(BUNDLED_SCENARIOS.map((s) => s.id))),
  };
}

/** The `salesedge simulate list` lines: personas, then scenarios with their default persona. */
export function libraryLines(language: SpokenLanguage, store?: Store) {
  const lib = library(language, store);
  return [...lib.personas.map((p) => ({ type: 'persona' as const, ...p })), ...lib.scenarios.map((s) => ({ type: 'scenario' as const, ...s }))];
}
