/**
 * Seeds the bundled personas and scenarios (content/bundled-simulations.ts) into the store, one
 * row per id and language, as hints/bundled.ts seeds playbooks: at every core start missing rows
 * are inserted, untouched bundled rows take the text of a newer app version, and rows the rep
 * edited (`user`) or the company sent (`tenant`) are never overwritten.
 */
import type { SpokenLanguage } from '../../../src-shared/taxonomy';
import type { Store } from '../store/db';
import { upsertBundledSimulations } from '../store/content';
import { BUNDLED_PERSONAS, BUNDLED_SCENARIOS } from '../content/bundled-simulations';

const LANGUAGES: SpokenLanguage[] = ['pt', 'en'];

export const bundledPersonaId = (persona: string, language: SpokenLanguage): string => `persona:${persona}:${language}`;
export const bundledScenarioId = (scenario: string, language: SpokenLanguage): string => `scenario:${scenario}:${language}`;

export function seedBundledSimulations(store: Store, now = Date.now()): { personas: number; scenarios: number } {
  return upsertBundledSimulations(
    store,
    BUNDLED_PERSONAS.flatMap((p) =>
      LANGUAGES.map((l) => ({
        id: bundledPersonaId(p.id, l), persona: p.id, language: l, name: p.name[l], role: p.role[l], temperament: p.temperament, goals: p.goals[l], hidden_concern: p.hiddenConcern[l],
        objections: JSON.stringify(p.objections), pushback: p.pushback, opening: JSON.stringify(p.opening[l]), reveal: JSON.stringify(p.reveal[l]), updated_at: now,
      })),
    ),
    BUNDLED_SCENARIOS.flatMap((s) =>
      LANGUAGES.map((l) => ({
        id: bundledScenarioId(s.id, l), scenario: s.id, language: l, title: s.title[l], product: s.product[l], situation: s.situation[l], rep_goal: s.repGoal[l], persona: s.persona,
        objections: JSON.stringify(s.objections), pass_mark: s.passMark, meeting_turns: s.meetingTurns ?? null, updated_at: now,
      })),
    ),
  );
}
