/**
 * Reads and edits playbooks and battlecards in the store. The hint engine asks for the
 * *active* one per objection type (or competitor) and language: a tenant row from the sync
 * server wins over the rep's edit, which wins over the bundled default.
 */
import { CoreError } from '../../../src-shared/errors';
import type { Battlecard, ContentOrigin, Playbook } from '../../../src-shared/ipc/playbooks';
import type { ObjectionType, SpokenLanguage } from '../../../src-shared/taxonomy';
import type { Store } from '../store/db';
import {
  getBattlecardRow, getPlaybookRow, listBattlecardRows, listPlaybookRows, playbookRowsFor, updateBattlecardText, updatePlaybookText,
  type BattlecardRow, type PlaybookRow,
} from '../store/content';
import { BUNDLED_BATTLECARDS, BUNDLED_PLAYBOOKS, bundledBattlecardId, bundledPlaybookId } from './bundled';

const ORIGIN_RANK: Record<string, number> = { tenant: 3, user: 2, bundled: 1 };

/** Stable competitor id from a name or id: `RD Station` → `rd-station`, `Gong.io` → `gong-io`. */
export const competitorSlug = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const parseList = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

const bundledPlaybookIds = new Set(BUNDLED_PLAYBOOKS.map((p) => bundledPlaybookId(p.objectionType, p.language)));
const bundledBattlecardIds = new Set(BUNDLED_BATTLECARDS.map((b) => bundledBattlecardId(b.competitor, b.language)));

const asOrigin = (o: string): ContentOrigin => (o === 'tenant' || o === 'user' ? o : 'bundled');

function toPlaybook(row: PlaybookRow, active: boolean): Playbook {
  return {
    id: row.id,
    objectionType: row.objection_type as ObjectionType,
    language: row.language as SpokenLanguage,
    title: row.title,
    replies: parseList(row.replies),
    origin: asOrigin(row.origin),
    updatedAt: row.updated_at,
    hasDefault: bundledPlaybookIds.has(row.id),
    active,
  };
}

function toBattlecard(row: BattlecardRow, active: boolean): Battlecard {
  const aliases = parseList(row.aliases);
  return {
    id: row.id,
    competitor: competitorSlug(row.competitor),
    name: aliases[0] ?? row.competitor,
    aliases,
    language: row.language as SpokenLanguage,
    positioning: row.positioning,
    landmines: parseList(row.landmines),
    proofPoints: parseList(row.proof_points),
    talkTrack: row.talk_track,
    origin: asOrigin(row.origin),
    updatedAt: row.updated_at,
    hasDefault: bundledBattlecardIds.has(row.id),
    active,
  };
}

/** Marks the winner of each (key, language) group by origin rank, then recency. */
function markActive<R extends { origin: string; updated_at: number; language: string }>(rows: R[], key: (r: R) => string): Map<R, boolean> {
  const best = new Map<string, R>();
  for (const r of rows) {
    const k = `${key(r)}|${r.language}`;
    const cur = best.get(k);
    if (!cur || (ORIGIN_RANK[r.origin] ?? 0) > (ORIGIN_RANK[cur.origin] ?? 0) || ((ORIGIN_RANK[r.origin] ?? 0) === (ORIGIN_RANK[cur.origin] ?? 0) && r.updated_at > cur.updated_at)) best.set(k, r);
  }
  const winners = new Set(best.values());
  return new Map(rows.map((r) => [r, winners.has(r)]));
}

export function listPlaybooks(store: Store, language?: SpokenLanguage): Playbook[] {
  const rows = listPlaybookRows(store);
  const active = markActive(rows, (r) => r.objection_type);
  return rows.filter((r) => !language || r.language === language).map((r) => toPlaybook(r, active.get(r) ?? false));
}

export function listBattlecards(store: Store, language?: SpokenLanguage): Battlecard[] {
  const rows = listBattlecardRows(store);
  const active = markActive(rows, (r) => competitorSlug(r.competitor));
  return rows.filter((r) => !language || r.language === language).map((r) => toBattlecard(r, active.get(r) ?? false));
}

/** The playbook the hint engine uses for this objection and language, or null. */
export function activePlaybook(store: Store, type: ObjectionType, language: SpokenLanguage): Playbook | null {
  const rows = playbookRowsFor(store, type, language);
  const winner = [...markActive(rows, () => type)].find(([, a]) => a)?.[0];
  return winner ? toPlaybook(winner, true) : null;
}

/** The battlecard for this competitor id and language, or null. */
export function activeBattlecard(store: Store, competitor: string, language: SpokenLanguage): Battlecard | null {
  return listBattlecards(store, language).find((b) => b.active && b.competitor === competitorSlug(competitor)) ?? null;
}

/** Every competitor with its names, for competitor detection (all languages merged). */
export function competitorCatalog(store: Store): { id: string; name: string; aliases: string[] }[] {
  const byId = new Map<string, { id: string; name: string; aliases: Set<string> }>();
  for (const b of listBattlecards(store)) {
    const entry = byId.get(b.competitor) ?? { id: b.competitor, name: b.name, aliases: new Set<string>() };
    b.aliases.forEach((a) => entry.aliases.add(a));
    byId.set(b.competitor, entry);
  }
  return [...byId.values()].map((e) => ({ id: e.id, name: e.name, aliases: [...e.aliases] }));
}

const requirePlaybookRow = (store: Store, id: string): PlaybookRow => {
  const row = getPlaybookRow(store, id);
  if (!row) throw new CoreError('not_found', `no playbook with id ${id}`);
  return row;
};
const requireBattlecardRow = (store: Store, id: string): BattlecardRow => {
  const row = getBattlecardRow(store, id);
  if (!row) throw new CoreError('not_found', `no battlecard with id ${id}`);
  return row;
};

const findPlaybook = (store: Store, id: string): Playbook => {
  const found = listPlaybooks(store).find((p) => p.id === id);
  if (!found) throw new CoreError('not_found', `no playbook with id ${id}`);
  return found;
};
const findBattlecard = (store: Store, id: string): Battlecard => {
  const found = listBattlecards(store).find((b) => b.id === id);
  if (!found) throw new CoreError('not_found', `no battlecard with id ${id}`);
  return found;
};

const refuseTenant = (origin: string, what: string) => {
  if (origin === 'tenant') throw new CoreError('conflict', `this ${what} is managed by your company (sync server) and cannot be edited here`);
};

export function savePlaybook(store: Store, edit: { id: string; title: string; replies: string[] }, now = Date.now()): Playbook {
  refuseTenant(requirePlaybookRow(store, edit.id).origin, 'playbook');
  updatePlaybookText(store, edit.id, edit, 'user', now);
  return findPlaybook(store, edit.id);
}

export function restorePlaybook(store: Store, id: string, now = Date.now()): Playbook {
  const row = requirePlaybookRow(store, id);
  const def = BUNDLED_PLAYBOOKS.find((p) => bundledPlaybookId(p.objectionType, p.language) === id);
  if (!def) throw new CoreError('not_found', `playbook ${id} has no bundled default to restore`);
  refuseTenant(row.origin, 'playbook');
  updatePlaybookText(store, id, def, 'bundled', now);
  return findPlaybook(store, id);
}

type BattlecardEdit = { id: string; aliases: string[]; positioning: string; landmines: string[]; proofPoints: string[]; talkTrack: string };

export function saveBattlecard(store: Store, edit: BattlecardEdit, now = Date.now()): Battlecard {
  refuseTenant(requireBattlecardRow(store, edit.id).origin, 'battlecard');
  updateBattlecardText(store, edit.id, edit, 'user', now);
  return findBattlecard(store, edit.id);
}

export function restoreBattlecard(store: Store, id: string, now = Date.now()): Battlecard {
  const row = requireBattlecardRow(store, id);
  const def = BUNDLED_BATTLECARDS.find((b) => bundledBattlecardId(b.competitor, b.language) === id);
  if (!def) throw new CoreError('not_found', `battlecard ${id} has no bundled default to restore`);
  refuseTenant(row.origin, 'battlecard');
  updateBattlecardText(store, id, def, 'bundled', now);
  return findBattlecard(store, id);
}
