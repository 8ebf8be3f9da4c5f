/**
 * The personas and scenarios a rep can rehearse: the bundled library (content/
 * bundled-simulations.ts). Lookups fail with one line naming what exists.
 */
import { CoreError } from '../../../src-shared/errors';
import type { SpokenLanguage } from '../../../src-shared/taxonomy';
import { BUNDLED_PERSONAS, BUNDLED_SCENARIOS, type BundledPersona, type BundledScenario } from '../content/bundled-simulations';

export const listPersonas = (): BundledPersona[] => BUNDLED_PERSONAS;
export const listScenarios = (): BundledScenario[] => BUNDLED_SCENARIOS;

export function findPersona(id: string): BundledPersona {
  const p = BUNDLED_PERSONAS.find((x) => x.id === id);
  if (!p) throw new CoreError('not_found', `no persona ${JSON.stringify(id)}; known: ${BUNDLED_PERSONAS.map((x) => x.id).join(', ')}`);
  return p;
}

export function findScenario(id: string): BundledScenario {
  const s = BUNDLED_SCENARIOS.find((x) => x.id === id);
  if (!s) throw new CoreError('not_found', `no scenario ${JSON.stringify(id)}; known: ${BUNDLED_SCENARIOS.map((x) => x.id).join(', ')}`);
  return s;
}

/** The `salesedge simulate list` lines: personas, then scenarios with their default persona. */
export function libraryLines(language: SpokenLanguage) {
  return [
    ...BUNDLED_PERSONAS.map((p) => ({ type: 'persona' as const, id: p.id, name: p.name[language], role: p.role[language], temperament: p.temperament, pushback: p.pushback, objections: p.objections })),
    ...BUNDLED_SCENARIOS.map((s) => ({ type: 'scenario' as const, id: s.id, persona: s.persona, title: s.title[language], product: s.product[language], situation: s.situation[language], goal: s.repGoal[language], objections: s.objections, passMark: s.passMark })),
  ];
}
