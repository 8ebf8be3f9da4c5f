/** Persists hints (with the latency fields of README: Live hints) and the rep's actions on them. */
import crypto from 'node:crypto';
import { CoreError } from '../../../src-shared/errors';
import type { Hint, HintAction, HintStatus } from '../../../src-shared/ipc/live';
import type { SpokenLanguage } from '../../../src-shared/taxonomy';
import type { Store } from '../store/db';
import {
  battlecardDetails, getHintRow, insertHintRow, listHintRows, playbookTitle, segmentText, updateHintShown, updateHintSpeechEnd, updateHintStatus, type HintRow,
} from '../store/hints';
import type { HintDecision } from './hint-engine';

const ACTION_STATUS: Record<HintAction, HintStatus> = { pin: 'pinned', copy: 'copied', dismiss: 'dismissed', used: 'used' };

/** What the table does not hold (title, details, utterance, priority) travels in memory. */
type HintExtras = Pick<Hint, 'title' | 'details' | 'utterance' | 'priority'>;

export function insertHint(
  store: Store,
  row: { callId: string; decision: Omit<HintDecision, 'playbookLines'>; speechEndMs: number; shownMs: number; segmentId?: number | null; kind?: Hint['kind'] },
): Hint {
  const id = crypto.randomUUID();
  const d = row.decision;
  const kind = row.kind ?? d.kind;
  insertHintRow(store, {
    id, call_id: row.callId, segment_id: row.segmentId ?? null, kind, trigger: d.trigger, source_id: d.sourceId, text: d.text, language: d.language,
    confidence: d.confidence, speech_end_ms: Math.round(row.speechEndMs), shown_ms: Math.round(row.shownMs), from_partial: d.fromPartial ? 1 : 0,
    status: 'shown', created_at: Date.now(),
  });
  return {
    id, callId: row.callId, kind, trigger: d.trigger, sourceId: d.sourceId, title: d.title, text: d.text, details: d.details, language: d.language,
    confidence: d.confidence, utterance: d.utterance, speechEndMs: Math.round(row.speechEndMs), shownMs: Math.round(row.shownMs),
    latencyMs: Math.round(row.shownMs) - Math.round(row.speechEndMs), fromPartial: d.fromPartial, status: 'shown', priority: d.priority,
  };
}

/** The utterance ended: its real end of speech replaces the provisional one. */
export function setHintSpeechEnd(store: Store, id: string, speechEndMs: number, segmentId: number | null): void {
  updateHintSpeechEnd(store, id, Math.round(speechEndMs), segmentId);
}

export function setHintShown(store: Store, id: string, shownMs: number): void {
  updateHintShown(store, id, Math.round(shownMs));
}

/** The rep's feedback on a hint. The sync side (re-queueing the call's insight) is the recorder's: live/session-recorder.ts recordHintAction. */
export function setHintStatus(store: Store, id: string, action: HintAction): HintRow {
  if (updateHintStatus(store, id, ACTION_STATUS[action]) === 0) throw new CoreError('not_found', `no hint with id ${id}`);
  return getHintRow(store, id)!;
}

export { getHintRow };

/** Rebuilds a Hint from its row; title and details come from the playbook/battlecard it used. */
export function hintFromRow(store: Store, row: HintRow, extras?: Partial<HintExtras>): Hint {
  let title = extras?.title;
  let details = extras?.details ?? null;
  if (title === undefined && row.source_id) {
    const pb = playbookTitle(store, row.source_id);
    const bc = pb === undefined ? battlecardDetails(store, row.source_id) : undefined;
    title = pb ?? (bc ? ((JSON.parse(bc.aliases) as string[])[0] ?? row.trigger) : undefined);
    if (bc && !extras?.details) details = { positioning: bc.positioning, landmines: JSON.parse(bc.landmines) as string[], proofPoints: JSON.parse(bc.proof_points) as string[] };
  }
  let utterance = extras?.utterance;
  if (utterance === undefined && row.segment_id !== null) {
    utterance = segmentText(store, row.segment_id);
  }
  return {
    id: row.id, callId: row.call_id, kind: row.kind, trigger: row.trigger, sourceId: row.source_id, title: title ?? row.trigger, text: row.text,
    details: row.kind === 'competitor' ? details : null, language: row.language as SpokenLanguage, confidence: row.confidence, utterance: utterance ?? '',
    speechEndMs: row.speech_end_ms, shownMs: row.shown_ms, latencyMs: row.shown_ms - row.speech_end_ms, fromPartial: row.from_partial === 1,
    status: row.status, priority: extras?.priority ?? 0,
  };
}

export function listHints(store: Store, callId: string): Hint[] {
  return listHintRows(store, callId).map((r) => hintFromRow(store, r));
}
