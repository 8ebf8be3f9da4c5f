/**
 * Read side of the calls history: the filtered/searched list and one call's detail, as the
 * contract's items. The queries are store/calls.ts (the list and its transcript search),
 * store/segments.ts (segments, sentiment, detections) and store/hints.ts.
 */
import { CoreError } from '../../../src-shared/errors';
import type { CallDetail, CallFilter, CallList, CallListItem, SentimentTag } from '../../../src-shared/ipc/calls';
import type { Store } from '../store/db';
import { getCallListRow, listCallIds, listCallRows, type CallListRow, type CallWhere } from '../store/calls';
import { listCallHintRows } from '../store/hints';
import { countDetections, detectedCompetitorIds, listDetectionRows, listSegmentRows, listSentimentRows, segmentTexts } from '../store/segments';
import { highlight, toFtsQuery } from './fts-query';
import { callMetrics, isQuestion } from './metrics';
import { customerSentimentSeries } from './sentiment-trend';
import { competitorNames } from './competitor-names';

/** Average customer score beyond which a call is tagged positive/negative. */
const TAG_THRESHOLD = 0.15;

export const sentimentTag = (avg: number | null): SentimentTag | null =>
  avg === null ? null : avg <= -TAG_THRESHOLD ? 'negative' : avg >= TAG_THRESHOLD ? 'positive' : 'neutral';

function whereOf(store: Store, filter: CallFilter): CallWhere {
  return {
    fts: filter.query ? toFtsQuery(filter.query) : null,
    from: filter.from,
    to: filter.to,
    objection: filter.objection || undefined,
    // Case-insensitive, and a name or alias means its id: "Gong", "GONG" and "gong.io" find `gong`.
    competitorIds: filter.competitor ? competitorNames(store).resolve(filter.competitor) : undefined,
    sentiment: filter.sentiment ? { tag: filter.sentiment, threshold: TAG_THRESHOLD } : undefined,
  };
}

export function listCalls(store: Store, filter: CallFilter & { limit?: number; offset?: number }): CallList {
  const { rows, total } = listCallRows(store, whereOf(store, filter), { limit: filter.limit ?? 50, offset: filter.offset ?? 0 });
  return { items: toItems(store, rows, filter.query), total };
}

/** Every call matching a filter (exports), newest first. */
export function listAllIds(store: Store, filter: CallFilter): string[] {
  return listCallIds(store, whereOf(store, filter));
}

function toItems(store: Store, rows: CallListRow[], query: string | undefined): CallListItem[] {
  if (rows.length === 0) return [];
  const counts = countDetections(store, rows.map((r) => r.id));
  const names = counts.some((c) => c.kind === 'competitor') ? competitorNames(store) : null;
  const texts = query ? segmentTexts(store, rows.map((r) => r.id)) : null;
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
      snippet: texts && query ? highlight(texts.get(r.id) ?? [], query) : null,
    };
  });
}

export function getCallItem(store: Store, id: string): CallListItem {
  const row = getCallListRow(store, id);
  if (!row) throw new CoreError('not_found', `no call with id ${id}`);
  return toItems(store, [row], undefined)[0]!;
}

export function getCallDetail(store: Store, id: string): CallDetail {
  const call = getCallItem(store, id);
  const segments = listSegmentRows(store, id).map((s) => ({
    id: s.id,
    speaker: s.speaker,
    startMs: s.start_ms,
    endMs: s.end_ms,
    text: s.text,
    isQuestion: s.speaker === 'rep' && isQuestion(s.text),
  }));
  // The chart shows the customer's sentiment only, with its trend (sentiment-trend.ts).
  const sentiment = customerSentimentSeries(
    listSentimentRows(store, id).map((s) => ({ atMs: s.at_ms, score: s.score, rolling: s.rolling, label: s.label, speaker: s.speaker })),
  );
  const names = competitorNames(store);
  const nameOf = (kind: string, value: string) => (kind === 'competitor' ? names.name(value) : value);
  const markers = listDetectionRows(store, id).map((d) => ({ atMs: d.at_ms, kind: d.kind, value: d.value, name: nameOf(d.kind, d.value), confidence: d.confidence }));
  const hints = listCallHintRows(store, id).map((h) => ({
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
  const competitors = detectedCompetitorIds(store).map((id) => ({ id, name: names.name(id) })).sort((a, b) => a.name.localeCompare(b.name));
  return { competitors, names: Object.fromEntries(names.all().map((c) => [c.id, c.name])) };
}
