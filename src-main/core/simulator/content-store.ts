/**
 * The role-play library in the store, read and edited as playbooks are (hints/content-store.ts):
 * for one persona (scenario) id and language the *active* row is the company's (tenant, from the
 * sync server), else the rep's edit (user), else the bundled one; among rows of one origin the
 * newest. The engine gets the active persona and scenario as the bundled types, so a run is the
 * same for the same content, seed and answers.
 */
import { CoreError } from '../../../src-shared/errors';
import type { ContentOrigin } from '../../../src-shared/ipc/playbooks';
import type { SimPersona, SimScenario } from '../../../src-shared/ipc/simulator';
import type { ObjectionType, SpokenLanguage } from '../../../src-shared/taxonomy';
import type { Store } from '../store/db';
import {
  getPersonaRow, getScenarioRow, listPersonaRows, listScenarioRows, updatePersonaText, updateScenarioText,
  type PersonaRow, type PersonaText, type ScenarioRow, type ScenarioText,
} from '../store/content';
import { BUNDLED_PERSONAS, BUNDLED_SCENARIOS, type BundledPersona, type BundledScenario } from '../content/bundled-simulations';
import { bundledPersonaId, bundledScenarioId } from './bundled';

const ORIGIN_RANK: Record<string, number> = { tenant: 3, user: 2, bundled: 1 };
const LANGUAGES: SpokenLanguage[] = ['pt', 'en'];

const parseList = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};
const asOrigin = (o: string): ContentOrigin => (o === 'tenant' || o === 'user' ? o : 'bundled');

const bundledPersonaIds = new Set(BUNDLED_PERSONAS.flatMap((p) => LANGUAGES.map((l) => bundledPersonaId(p.id, l))));
const bundledScenarioIds = new Set(BUNDLED_SCENARIOS.flatMap((s) => LANGUAGES.map((l) => bundledScenarioId(s.id, l))));

/** The winner of each id in `language`: highest origin rank, then the newest. */
function activeRows<R extends { origin: string; updated_at: number; language: string }>(rows: R[], key: (r: R) => string, language: SpokenLanguage): Map<string, R> {
  const best = new Map<string, R>();
  for (const r of rows) {
    if (r.language !== language) continue;
    const cur = best.get(key(r));
    const rank = ORIGIN_RANK[r.origin] ?? 0;
    const curRank = cur ? (ORIGIN_RANK[cur.origin] ?? 0) : -1;
    if (!cur || rank > curRank || (rank === curRank && r.updated_at > cur.updated_at)) best.set(key(r), r);
  }
  return best;
}

export const toSimPersona = (r: PersonaRow): SimPersona => ({
  id: r.persona, name: r.name, role: r.role, temperament: r.temperament, pushback: r.pushback, objections: parseList(r.objections) as ObjectionType[],
  goals: r.goals, hiddenConcern: r.hidden_concern, opening: parseList(r.opening), reveal: parseList(r.reveal), rowId: r.id, origin: asOrigin(r.origin), hasDefault: bundledPersonaIds.has(r.id),
});

export const toSimScenario = (r: ScenarioRow): SimScenario => ({
  id: r.scenario, persona: r.persona, title: r.title, product: r.product, situation: r.situation, goal: r.rep_goal, objections: parseList(r.objections) as ObjectionType[], passMark: r.pass_mark,
  rowId: r.id, origin: asOrigin(r.origin), hasDefault: bundledScenarioIds.has(r.id),
});

/** The active persona of each id in `language`, by id. */
export const activePersonas = (store: Store, language: SpokenLanguage): PersonaRow[] => [...activeRows(listPersonaRows(store), (r) => r.persona, language).values()];
/** The active scenario of each id in `language`, by id. */
export const activeScenarios = (store: Store, language: SpokenLanguage): ScenarioRow[] => [...activeRows(listScenarioRows(store), (r) => r.scenario, language).values()];

/**
 * The active persona `id` for a run in `language`, as the engine takes it (its words in the other
 * language are that language's active row, or this one's); null when the store has none.
 */
export function storedPersona(store: Store, id: string, language: SpokenLanguage): BundledPersona | null {
  const rows = listPersonaRows(store).filter((r) => r.persona === id);
  const main = activeRows(rows, (r) => r.persona, language).get(id);
  if (!main) return null;
  const of = (l: SpokenLanguage) => (l === language ? main : (activeRows(rows, (r) => r.persona, l).get(id) ?? main));
  const text = (f: (r: PersonaRow) => string) => ({ pt: f(of('pt')), en: f(of('en')) });
  const lines = (f: (r: PersonaRow) => string) => ({ pt: parseList(f(of('pt'))), en: parseList(f(of('en'))) });
  return {
    id, name: text((r) => r.name), role: text((r) => r.role), temperament: main.temperament as BundledPersona['temperament'], goals: text((r) => r.goals), hiddenConcern: text((r) => r.hidden_concern),
    objections: parseList(main.objections) as ObjectionType[], pushback: Math.min(3, Math.max(1, main.pushback)) as 1 | 2 | 3, opening: lines((r) => r.opening), reveal: lines((r) => r.reveal),
  };
}

/** The active scenario `id` for a run in `language`, as the engine takes it; null when the store has none. */
export function storedScenario(store: Store, id: string, language: SpokenLanguage): BundledScenario | null {
  const rows = listScenarioRows(store).filter((r) => r.scenario === id);
  const main = activeRows(rows, (r) => r.scenario, language).get(id);
  if (!main) return null;
  const of = (l: SpokenLanguage) => (l === language ? main : (activeRows(rows, (r) => r.scenario, l).get(id) ?? main));
  const text = (f: (r: ScenarioRow) => string) => ({ pt: f(of('pt')), en: f(of('en')) });
  return {
    id, title: text((r) => r.title), product: text((r) => r.product), situation: text((r) => r.situation), repGoal: text((r) => r.rep_goal), persona: main.persona,
    objections: parseList(main.objections) as ObjectionType[], passMark: main.pass_mark, ...(main.meeting_turns !== null ? { meetingTurns: main.meeting_turns } : {}),
  };
}

const refuseTenant = (origin: string, what: string) => {
  if (origin === 'tenant') throw new CoreError('conflict', `this ${what} is managed by your company (sync server) and cannot be edited here`);
};
const requirePersona = (store: Store, rowId: string): PersonaRow => {
  const row = getPersonaRow(store, rowId);
  if (!row) throw new CoreError('not_found', `no persona with row id ${rowId}`);
  return row;
};
const requireScenario = (store: Store, rowId: string): ScenarioRow => {
  const row = getScenarioRow(store, rowId);
  if (!row) throw new CoreError('not_found', `no scenario with row id ${rowId}`);
  return row;
};

/** The rep's edit of a persona's words: the row becomes `user` (a tenant row is refused). */
export function savePersona(store: Store, edit: PersonaText & { rowId: string }, now = Date.now()): SimPersona {
  refuseTenant(requirePersona(store, edit.rowId).origin, 'persona');
  updatePersonaText(store, edit.rowId, edit, 'user', now);
  return toSimPersona(requirePersona(store, edit.rowId));
}

/** The bundled words back on an edited persona row. */
export function restorePersona(store: Store, rowId: string, now = Date.now()): SimPersona {
  const row = requirePersona(store, rowId);
  const def = BUNDLED_PERSONAS.find((p) => p.id === row.persona);
  const l = row.language as SpokenLanguage;
  if (!def || bundledPersonaId(def.id, l) !== rowId) throw new CoreError('not_found', `persona ${rowId} has no bundled default to restore`);
  refuseTenant(row.origin, 'persona');
  updatePersonaText(store, rowId, { name: def.name[l], role: def.role[l], goals: def.goals[l], hiddenConcern: def.hiddenConcern[l], opening: def.opening[l], reveal: def.reveal[l] }, 'bundled', now);
  return toSimPersona(requirePersona(store, rowId));
}

/** The rep's edit of a scenario's words: the row becomes `user` (a tenant row is refused). */
export function saveScenario(store: Store, edit: ScenarioText & { rowId: string }, now = Date.now()): SimScenario {
  refuseTenant(requireScenario(store, edit.rowId).origin, 'scenario');
  updateScenarioText(store, edit.rowId, edit, 'user', now);
  return toSimScenario(requireScenario(store, edit.rowId));
}

/** The bundled words back on an edited scenario row. */
export function restoreScenario(store: Store, rowId: string, now = Date.now()): SimScenario {
  const row = requireScenario(store, rowId);
  const def = BUNDLED_SCENARIOS.find((s) => s.id === row.scenario);
  const l = row.language as SpokenLanguage;
  if (!def || bundledScenarioId(def.id, l) !== rowId) throw new CoreError('not_found', `scenario ${rowId} has no bundled default to restore`);
  refuseTenant(row.origin, 'scenario');
  updateScenarioText(store, rowId, { title: def.title[l], product: def.product[l], situation: def.situation[l], repGoal: def.repGoal[l] }, 'bundled', now);
  return toSimScenario(requireScenario(store, rowId));
}
