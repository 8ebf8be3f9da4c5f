/**
 * Writes a finished call with its segments, sentiment, detections and hints straight into the
 * store. Used by tests and the search benchmark to build histories without running audio.
 */
import crypto from 'node:crypto';
import type { Store } from '../store/db';
import { insertCallRow } from '../store/calls';
import { insertHintRow } from '../store/hints';
import { transaction } from '../store/query';
import { insertDetectionRow, insertSegmentRow, insertSentimentRow } from '../store/segments';

export type SeedSegment = {
  speaker: 'rep' | 'customer';
  startMs: number;
  endMs: number;
  text: string;
  sentiment?: number;
  objections?: string[];
  competitors?: string[];
};

export type SeedCall = {
  id?: string;
  title?: string;
  customer?: string | null;
  dealId?: string | null;
  language?: 'pt' | 'en' | null;
  startedAt?: number;
  source?: string;
  segments: SeedSegment[];
  hints?: { trigger: string; kind?: 'objection' | 'competitor' | 'llm'; text: string; status?: 'shown' | 'pinned' | 'copied' | 'dismissed' | 'used'; atMs: number }[];
};

const label = (score: number): 'negative' | 'neutral' | 'positive' => (score <= -0.2 ? 'negative' : score >= 0.2 ? 'positive' : 'neutral');

export function seedCall(store: Store, call: SeedCall): string {
  const id = call.id ?? crypto.randomUUID();
  const startedAt = call.startedAt ?? Date.now();
  const durationMs = Math.max(0, ...call.segments.map((s) => s.endMs));
  const scores = call.segments.filter((s) => s.speaker === 'customer' && s.sentiment !== undefined).map((s) => s.sentiment!);
  const avg = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
  const language = call.language ?? null;
  transaction(store, () => {
    insertCallRow(store, {
      id, title: call.title ?? 'Call', deal_id: call.dealId ?? null, customer: call.customer ?? null, source: call.source ?? 'live', language,
      started_at: startedAt, ended_at: startedAt + durationMs, duration_ms: durationMs, sentiment_avg: avg, created_at: startedAt,
    });
    let rolling: number | null = null;
    for (const s of call.segments) {
      const segId = insertSegmentRow(store, { call_id: id, speaker: s.speaker, start_ms: s.startMs, end_ms: s.endMs, text: s.text, language, engine: 'seed' });
      if (s.sentiment !== undefined) {
        if (s.speaker === 'customer') rolling = rolling === null ? s.sentiment : rolling * 0.6 + s.sentiment * 0.4;
        // As the live path writes it: only the customer's rows carry the rolling score.
        insertSentimentRow(store, { call_id: id, segment_id: segId, at_ms: s.endMs, label: label(s.sentiment), score: s.sentiment, rolling: s.speaker === 'customer' ? rolling : null });
      }
      for (const o of s.objections ?? []) insertDetectionRow(store, { call_id: id, segment_id: segId, kind: 'objection', value: o, confidence: 0.9, at_ms: s.endMs });
      for (const c of s.competitors ?? []) insertDetectionRow(store, { call_id: id, segment_id: segId, kind: 'competitor', value: c, confidence: 0.95, at_ms: s.endMs });
    }
    for (const h of call.hints ?? []) {
      insertHintRow(store, {
        id: crypto.randomUUID(), call_id: id, kind: h.kind ?? 'objection', trigger: h.trigger, text: h.text, language: call.language ?? 'en', confidence: 0.9,
        speech_end_ms: h.atMs, shown_ms: h.atMs + 180, status: h.status ?? 'shown', created_at: startedAt,
      });
    }
  });
  return id;
}
