/**
 * Writes a finished call with its segments, sentiment, detections and hints straight into the
 * store. Used by tests and the search benchmark to build histories without running audio.
 */
import crypto from 'node:crypto';
import type { Store } from '../store/db';

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

const label = (score: number) => (score <= -0.2 ? 'negative' : score >= 0.2 ? 'positive' : 'neutral');

export function seedCall(store: Store, call: SeedCall): string {
  const id = call.id ?? crypto.randomUUID();
  const db = store.sqlite;
  const startedAt = call.startedAt ?? Date.now();
  const durationMs = Math.max(0, ...call.segments.map((s) => s.endMs));
  const scores = call.segments.filter((s) => s.speaker === 'customer' && s.sentiment !== undefined).map((s) => s.sentiment!);
  const avg = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
  const insSeg = db.prepare('INSERT INTO segments (call_id, speaker, start_ms, end_ms, text, language, engine) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insSent = db.prepare('INSERT INTO sentiment (call_id, segment_id, at_ms, label, score, rolling) VALUES (?, ?, ?, ?, ?, ?)');
  const insDet = db.prepare('INSERT INTO detections (call_id, segment_id, kind, value, confidence, at_ms) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare(
      'INSERT INTO calls (id, title, deal_id, customer, source, language, started_at, ended_at, duration_ms, sentiment_avg, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(id, call.title ?? 'Call', call.dealId ?? null, call.customer ?? null, call.source ?? 'live', call.language ?? null, startedAt, startedAt + durationMs, durationMs, avg, startedAt);
    let rolling: number | null = null;
    for (const s of call.segments) {
      const segId = Number(insSeg.run(id, s.speaker, s.startMs, s.endMs, s.text, call.language ?? null, 'seed').lastInsertRowid);
      if (s.sentiment !== undefined) {
        if (s.speaker === 'customer') rolling = rolling === null ? s.sentiment : rolling * 0.6 + s.sentiment * 0.4;
        // As the live path writes it: only the customer's rows carry the rolling score.
        insSent.run(id, segId, s.endMs, label(s.sentiment), s.sentiment, s.speaker === 'customer' ? rolling : null);
      }
      for (const o of s.objections ?? []) insDet.run(id, segId, 'objection', o, 0.9, s.endMs);
      for (const c of s.competitors ?? []) insDet.run(id, segId, 'competitor', c, 0.95, s.endMs);
    }
    for (const h of call.hints ?? []) {
      db.prepare(
        'INSERT INTO hints (id, call_id, kind, trigger, text, language, confidence, speech_end_ms, shown_ms, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(crypto.randomUUID(), id, h.kind ?? 'objection', h.trigger, h.text, call.language ?? 'en', 0.9, h.atMs, h.atMs + 180, h.status ?? 'shown', startedAt);
    }
  })();
  return id;
}
