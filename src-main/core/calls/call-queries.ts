/**
 * Read side of the calls history: the filtered/searched list and one call's detail. Raw SQL
 * on the better-sqlite3 connection: FTS5 MATCH has no kysely builder, and the list must
 * answer a search over 10,000 calls in well under 50 ms (bench/calls-search.bench.ts).
 */
import { CoreError } from '../../../src-shared/errors';
import type { CallDetail, CallFilter, CallList, CallListItem, SentimentTag } from '../../../src-shared/ipc/calls';
import type { Store } from '../store/db';
import { highlight, toFtsQuery } from './fts-query';
import { callMetrics, isQuestion } from './metrics';
import { customerSentimentSeries } from './sentiment-trend';
import { competitorNames, type CompetitorNames } from './competitor-names';

/** Average customer score beyond which a call is tagged positive/negative. */
const TAG_THRESHOLD = 0.15;

export const sentimentTag = (avg: number | null): SentimentTag | null =>
  avg === null ? null : avg <= -TAG_THRESHOLD ? 'negative' : avg >= TAG_THRESHOLD ? 'positive' : 'neutral';

type CallRow = {
  id: string; title: string; started_at: number; duration_ms: number | null; customer: string | null; deal_id: string | null;
  deal_name: string | null; source: string; language: string | null; sentiment: number | null;
};

// sentiment_avg is written when a call ends; calls still open (or written by older code) fall
// back to the mean of their scored utterances.
const BASE = `
  SELECT c.id, c.title, c.started_at, c.source, c.language, c.customer, c.deal_id, d.name AS deal_name,
    COALESCE(c.duration_ms, c.ended_at - c.started_at, (SELECT max(end_ms) FROM segments s WHERE s.call_id = c.id)) AS duration_ms,
    COALESCE(c.sentiment_avg, (SELECT avg(score) FROM sentiment s WHERE s.call_id = c.id)) AS sentiment
  FROM calls c LEFT JOIN deals d ON d.id = c.deal_id`;

// Hits of a search: the calls with a matching segment, computed once per query.
const HITS = 'WITH hits(id) AS MATERIALIZED (SELECT DISTINCT call_id FROM segments_fts WHERE segments_fts MATCH ?)';

function whereClause(filter: CallFilter, names: CompetitorNames | null): { sql: string; params: unknown[]; prefix: string } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const fts = filter.query ? toFtsQuery(filter.query) : null;
  if (fts) {
    // `hits` is the CTE listCalls/listAllIds put in front (matched once, then reused).
    parts.push('c.id IN hits');
    params.push(fts);
  }
  if (filter.from !== undefined) {
    parts.push('c.started_at >= ?');
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    parts.push('c.started_at <= ?');
    params.push(filter.to);
  }
  if (filter.objection) {
    parts.push(`c.id IN (SELECT call_id FROM detections WHERE kind = 'objection' AND value = ?)`);
    params.push(filter.objection);
  }
  if (filter.competitor) {
    // Case-insensitive, and a name or alias means its id: "Gong", "GONG" and "gong.io" find `gong`.
    const ids = names ? names.resolve(filter.competitor) : [filter.competitor];
    parts.push(`c.id IN (SELECT call_id FROM detections WHERE kind = 'competitor' AND lower(value) IN (${ids.map(() => 'lower(?)').join(', ')}))`);
    params.push(...ids);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params, prefix: fts ? HITS : '' };
}

function sentimentClause(tag: SentimentTag | undefined): string {
  if (!tag) return '';
  if (tag === 'negative') return `WHERE sentiment <= ${-TAG_THRESHOLD}`;
  if (tag === 'positive') return `WHERE sentiment >= ${TAG_THRESHOLD}`;
  return `WHERE sentiment > ${-TAG_THRESHOLD} AND sentiment < ${TAG_THRESHOLD}`;
}

const namesFor = (store: Store, filter: CallFilter): CompetitorNames | null => (filter.competitor ? competitorNames(store) : null);

export function listCalls(store: Store, filter: CallFilter & { limit?: number; offset?: number }): CallList {
  const where = whereClause(filter, namesFor(store, filter));
  const inner = `${BASE} ${where.sql}`;
  const outer = sentimentClause(filter.sentiment);
  const limit = filter.limit ?? 50;
  const offset = filter.offset ?? 0;
  let rows: (CallRow & { total?: number })[];
  let total: number;
  if (where.prefix) {
    // A search: one pass gives the page and (window) the total, so the match runs once.
    rows = store.sqlite
      .prepare(`${where.prefix} SELECT *, count(*) OVER () AS total FROM (${inner}) ${outer} ORDER BY started_at DESC, id LIMIT ? OFFSET ?`)
      .all(...where.params, limit, offset) as (CallRow & { total: number })[];
    total = rows[0]?.total ?? (offset > 0 ? countCalls(store, where, inner, outer) : 0);
  } else {
    // No search: the page comes straight off the started_at index; counting is cheap.
    rows = store.sqlite.prepare(`SELECT * FROM (${inner}) ${outer} ORDER BY started_at DESC, id LIMIT ? OFFSET ?`).all(...where.params, limit, offset) as CallRow[];
    total = countCalls(store, where, inner, outer);
  }
  return { items: toItems(store, rows, filter.query), total };
}

const countCalls = (store: Store, where: ReturnType<typeof whereClause>, inner: string, outer: string): number =>
  (store.sqlite.prepare(`${where.prefix} SELECT count(*) AS n FROM (${inner}) ${outer}`).get(...where.params) as { n: number }).n;

/** Every call matching a filter (exports), newest first. */
export function listAllIds(store: Store, filter: CallFilter): string[] {
  const where = whereClause(filter, namesFor(store, filter));
  const rows = store.sqlite
    .prepare(`${where.prefix} SELECT id FROM (${BASE} ${where.sql}) ${sentimentClause(filter.sentiment)} ORDER BY started_at DESC, id`)
    .all(...where.params) as { id: string }[];
  return rows.map((r) => r.id);
}

function toItems(store: Store, rows: CallRow[], query: string | undefined): CallListItem[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const marks = ids.map(() => '?').join(',');
  const counts = store.sqlite
    .prepare(`SELECT call_id, kind, value, count(*) AS n FROM detections WHERE call_id IN (${marks}) GROUP BY call_id, kind, value ORDER BY n DESC, value`)
    .all(...ids) as { call_id: string; kind: string; value: string; n: number }[];
  const textsOf = store.sqlite.prepare('SELECT text FROM segments WHERE call_id = ? ORDER BY start_ms, id').pluck();
  const names = counts.some((c) => c.kind === 'competitor') ? competitorNames(store) : null;
  return rows.map((r) => {
    const mine = counts.filter((c) => c.call_id === r.id);
    const pick = (kind: string) => mine.filter((c) => c.kind === kind).map((c) => ({ value: c.value, count: c.n }));
    return {
      id: r.id,
      title: r.title,
      startedAt: r.started_at,
      durationMs: r.duration_ms,
      customer: r.customer,
      dealId: r.deal_id,
      dealName: r.deal_name,
      source: r.source,
      language: r.language,
      sentimentAvg: r.sentiment,
      sentimentTag: sentimentTag(r.sentiment),
      topObjections: pick('objection').slice(0, 3),
      objections: pick('objection'),
      competitors: pick('competitor').map((c) => ({ ...c, name: names?.name(c.value) ?? c.value })),
      snippet: query ? highlight(textsOf.all(r.id) as string[], query) : null,
    };
  });
}

export function getCallItem(store: Store, id: string): CallListItem {
  const row = store.sqlite.prepare(`${BASE} WHERE c.id = ?`).get(id) as CallRow | undefined;
  if (!row) throw new CoreError('not_found', `no call with id ${id}`);
  return toItems(store, [row], undefined)[0]!;
}

export function getCallDetail(store: Store, id: string): CallDetail {
  const call = getCallItem(store, id);
  const db = store.sqlite;
  const segs = db.prepare('SELECT id, speaker, start_ms, end_ms, text FROM segments WHERE call_id = ? ORDER BY start_ms, id').all(id) as {
    id: number; speaker: 'rep' | 'customer'; start_ms: number; end_ms: number; text: string;
  }[];
  const segments = segs.map((s) => ({
    id: s.id,
    speaker: s.speaker,
    startMs: s.start_ms,
    endMs: s.end_ms,
    text: s.text,
    isQuestion: s.speaker === 'rep' && isQuestion(s.text),
  }));
  // The chart shows the customer's sentiment only, with its trend (sentiment-trend.ts).
  const sentiment = customerSentimentSeries(
    (db.prepare('SELECT s.at_ms, s.score, s.rolling, s.label, g.speaker FROM sentiment s LEFT JOIN segments g ON g.id = s.segment_id WHERE s.call_id = ? ORDER BY s.at_ms, s.id').all(id) as {
      at_ms: number; score: number; rolling: number | null; label: SentimentTag; speaker: 'rep' | 'customer' | null;
    }[]).map((s) => ({ atMs: s.at_ms, score: s.score, rolling: s.rolling, label: s.label, speaker: s.speaker })),
  );
  const names = competitorNames(store);
  const nameOf = (kind: string, value: string) => (kind === 'competitor' ? names.name(value) : value);
  const markers = (db.prepare('SELECT at_ms, kind, value, confidence FROM detections WHERE call_id = ? ORDER BY at_ms, id').all(id) as {
    at_ms: number; kind: 'objection' | 'competitor'; value: string; confidence: number;
  }[]).map((d) => ({ atMs: d.at_ms, kind: d.kind, value: d.value, name: nameOf(d.kind, d.value), confidence: d.confidence }));
  const hints = (db.prepare('SELECT id, kind, trigger, text, shown_ms, latency_ms, status FROM hints WHERE call_id = ? ORDER BY shown_ms, id').all(id) as {
    id: string; kind: string; trigger: string; text: string; shown_ms: number; latency_ms: number; status: CallDetail['hints'][number]['status'];
  }[]).map((h) => ({
    id: h.id,
    kind: h.kind,
    trigger: h.trigger,
    name: nameOf(h.kind, h.trigger),
    text: h.text,
    shownMs: h.shown_ms,
    latencyMs: h.latency_ms,
    status: h.status,
    used: h.status === 'used' || h.status === 'copied',
  }));
  return { call, segments, sentiment, markers, hints, metrics: callMetrics(segments) };
}

/** Competitors seen in any call (the filter menu), by name, and the name of every known competitor id. */
export function knownCompetitors(store: Store): { competitors: { id: string; name: string }[]; names: Record<string, string> } {
  const names = competitorNames(store);
  const seen = store.sqlite.prepare(`SELECT DISTINCT value FROM detections WHERE kind = 'competitor'`).pluck().all() as string[];
  const competitors = seen.map((id) => ({ id, name: names.name(id) })).sort((a, b) => a.name.localeCompare(b.name));
  return { competitors, names: Object.fromEntries(names.all().map((c) => [c.id, c.name])) };
}
