/** Persists hints (with the latency fields of README: Live hints) and the rep's actions on them. */
import crypto from 'node:crypto';
import { CoreError } from '../../../src-shared/errors';
import type { Hint, HintAction, HintStatus } from '../../../src-shared/ipc/live';
import type { SpokenLanguage } from '../../../src-shared/taxonomy';
import type { Store } from '../store/db';
import type { Row } from '../store/schema';
import type { HintDecision } from './hint-engine';
import { enqueueCallInsight } from '../sync/insights';

export const ACTION_STATUS: Record<HintAction, HintStatus> = { pin: 'pinned', copy: 'copied', dismiss: 'dismissed', used: 'used' };

/** What the table does not hold (title, details, utterance, priority) travels in memory. */
export type HintExtras = Pick<Hint, 'title' | 'details' | 'utterance' | 'priority'>;

export function insertHint(
  store: Store,
  row: { callId: string; decision: Omit<HintDecision, 'playbookLines'>; speechEndMs: number; shownMs: number; segmentId?: number | null; kind?: Hint['kind'] },
): Hint {
  const id = crypto.randomUUID();
  const d = row.decision;
  const kind = row.kind ?? d.kind;
  store.sqlite
    .prepare(
      `INSERT INTO hints (id, call_id, segment_id, kind, trigger, source_id, text, language, confidence, speech_end_ms, shown_ms, from_partial, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'shown', ?)`,
    )
    .run(id, row.callId, row.segmentId ?? null, kind, d.trigger, d.sourceId, d.text, d.language, d.confidence, Math.round(row.speechEndMs), Math.round(row.shownMs), d.fromPartial ? 1 : 0, Date.now());
  return {
    id, callId: row.callId, kind, trigger: d.trigger, sourceId: d.sourceId, title: d.title, text: d.text, details: d.details, language: d.language,
    confidence: d.confidence, utterance: d.utterance, speechEndMs: Math.round(row.speechEndMs), shownMs: Math.round(row.shownMs),
    latencyMs: Math.round(row.shownMs) - Math.round(row.speechEndMs), fromPartial: d.fromPartial, status: 'shown', priority: d.priority,
  };
}

/** The utterance ended: its real end of speech replaces the provisional one. */
export function setHintSpeechEnd(store: Store, id: string, speechEndMs: number, segmentId: number | null): void {
  store.sqlite.prepare('UPDATE hints SET speech_end_ms = ?, segment_id = COALESCE(?, segment_id) WHERE id = ?').run(Math.round(speechEndMs), segmentId, id);
}

export function setHintShown(store: Store, id: string, shownMs: number): void {
  store.sqlite.prepare('UPDATE hints SET shown_ms = ? WHERE id = ?').run(Math.round(shownMs), id);
}

export function setHintStatus(store: Store, id: string, action: HintAction): Row<'hints'> {
  // The rep's feedback changes the call's hint-use figures managers see: re-queue its insight
  // (same transaction) once the call has ended.
  const row = store.sqlite.transaction(() => {
    const res = store.sqlite.prepare('UPDATE hints SET status = ? WHERE id = ?').run(ACTION_STATUS[action], id);
    if (res.changes === 0) throw new CoreError('not_found', `no hint with id ${id}`);
    const updated = getHintRow(store, id)!;
    const ended = store.sqlite.prepare('SELECT ended_at FROM calls WHERE id = ?').get(updated.call_id) as { ended_at: number | null } | undefined;
    if (ended?.ended_at) enqueueCallInsight(store.sqlite, updated.call_id);
    return updated;
  })();
  return row;
}

export const getHintRow = (store: Store, id: string): Row<'hints'> | undefined =>
  store.sqlite.prepare('SELECT * FROM hints WHERE id = ?').get(id) as Row<'hints'> | undefined;

/** Rebuilds a Hint from its row; title and details come from the playbook/battlecard it used. */
export function hintFromRow(store: Store, row: Row<'hints'>, extras?: Partial<HintExtras>): Hint {
  let title = extras?.title;
  let details = extras?.details ?? null;
  if (title === undefined && row.source_id) {
    const pb = store.sqlite.prepare('SELECT title FROM playbooks WHERE id = ?').get(row.source_id) as { title: string } | undefined;
    const bc = pb ? undefined : (store.sqlite.prepare('SELECT aliases, positioning, landmines, proof_points FROM battlecards WHERE id = ?').get(row.source_id) as
      | { aliases: string; positioning: string; landmines: string; proof_points: string }
      | undefined);
    title = pb?.title ?? (bc ? ((JSON.parse(bc.aliases) as string[])[0] ?? row.trigger) : undefined);
    if (bc && !extras?.details) details = { positioning: bc.positioning, landmines: JSON.parse(bc.landmines) as string[], proofPoints: JSON.parse(bc.proof_points) as string[] };
  }
  let utterance = extras?.utterance;
  if (utterance === undefined && row.segment_id !== null) {
    utterance = (store.sqlite.prepare('SELECT text FROM segments WHERE id = ?').get(row.segment_id) as { text: string } | undefined)?.text;
  }
  return {
    id: row.id, callId: row.call_id, kind: row.kind, trigger: row.trigger, sourceId: row.source_id, title: title ?? row.trigger, text: row.text,
    details: row.kind === 'competitor' ? details : null, language: row.language as SpokenLanguage, confidence: row.confidence, utterance: utterance ?? '',
    speechEndMs: row.speech_end_ms, shownMs: row.shown_ms, latencyMs: row.shown_ms - row.speech_end_ms, fromPartial: row.from_partial === 1,
    status: row.status, priority: extras?.priority ?? 0,
  };
}

export function listHints(store: Store, callId: string): Hint[] {
  const rows = store.sqlite.prepare('SELECT * FROM hints WHERE call_id = ? ORDER BY shown_ms, created_at').all(callId) as Row<'hints'>[];
  return rows.map((r) => hintFromRow(store, r));
}
