import { OBJECTION_TYPES } from '../../../src-shared/taxonomy';
import { EntityId, type CallInsightPayload } from '../../../src-shared/sync-protocol';
import type { Store } from '../store/db';
import { callAggregates } from '../store/sync-sources';
import { enqueueSyncOp } from './outbox';

/**
 * The builder from the local tables to the call insight payload, and helpers that queue it.
 * Call the enqueue* helpers inside the transaction that wrote the call. (The wire protocol's
 * forecast and simulation_result entities have no local tables yet: the deals and simulator
 * work adds them with their builders.)
 * What leaves the laptop is aggregates only: no audio, no transcript here (the sync engine
 * attaches a PII-redacted transcript at push time, and only if the tenant allows it).
 */
function buildCallInsight(store: Store, callId: string): CallInsightPayload | null {
  const rows = callAggregates(store, callId);
  if (!rows) return null;
  const { call, detections: det, sentiment: sent, hints } = rows;
  const count = (label: string) => sent.find((s) => s.label === label)?.n ?? 0;
  const total = sent.reduce((a, s) => a + s.n, 0);
  const avg = call.sentiment_avg ?? (total > 0 ? sent.reduce((a, s) => a + s.avg * s.n, 0) / total : null);
  const lang = call.language?.slice(0, 2);
  const source = ['live', 'import', 'demo', 'simulation'].includes(call.source) ? (call.source as CallInsightPayload['source']) : 'live';
  return {
    callId: call.id,
    title: call.title.slice(0, 300),
    startedAt: call.started_at,
    durationMs: call.duration_ms,
    language: lang === 'pt' || lang === 'en' ? lang : null,
    source,
    dealId: call.deal_id,
    summary: summaryText(call.summary),
    objections: det.filter((d) => d.kind === 'objection' && (OBJECTION_TYPES as readonly string[]).includes(d.value)).map((d) => ({ type: d.value as (typeof OBJECTION_TYPES)[number], count: d.n })),
    competitors: det.filter((d) => d.kind === 'competitor').map((d) => ({ id: d.value.slice(0, 100), count: d.n })),
    sentiment: { avg: avg === null ? null : Math.max(-1, Math.min(1, avg)), positive: count('positive'), neutral: count('neutral'), negative: count('negative') },
    hints: {
      shown: hints.reduce((a, h) => a + h.n, 0),
      used: hints.filter((h) => h.status === 'used' || h.status === 'copied').reduce((a, h) => a + h.n, 0),
      dismissed: hints.find((h) => h.status === 'dismissed')?.n ?? 0,
    },
  };
}

/** `calls.summary` is JSON written by the calls layer: keep its text, never more than 20k chars. */
function summaryText(raw: string | null): string | null {
  if (raw === null) return null;
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // plain text
  }
  if (typeof value === 'string') return value.slice(0, 20_000);
  const obj = value as { text?: unknown; summary?: unknown } | null;
  if (obj && typeof obj.text === 'string') return obj.text.slice(0, 20_000);
  if (obj && typeof obj.summary === 'string') return obj.summary.slice(0, 20_000);
  return JSON.stringify(value).slice(0, 20_000);
}

/** Queues the call's insight (or its deletion if the call is gone). Returns the op id. */
export function enqueueCallInsight(store: Store, callId: string): string {
  const payload = buildCallInsight(store, callId);
  return enqueueSyncOp(store, payload ? { entity: 'call_insight', entityId: callId, op: 'upsert', payload } : { entity: 'call_insight', entityId: callId, op: 'delete' });
}

/**
 * A deleted call's insight must leave the server too (the manager's team view counts it).
 * The op names the call id (the id its upserts used) and nothing else: a delete carries no
 * payload, so no title, summary or transcript text. Call it inside the transaction that
 * deletes the call; it supersedes any op still queued for the insight (hint feedback
 * re-queues the same insight, so that is covered). null when the id could never have been
 * synced (an upsert with it would have been refused), so there is nothing to delete.
 */
export function enqueueCallInsightDelete(store: Store, callId: string): string | null {
  if (!EntityId.safeParse(callId).success) return null;
  return enqueueSyncOp(store, { entity: 'call_insight', entityId: callId, op: 'delete' });
}
