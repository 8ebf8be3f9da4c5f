/**
 * Exports one call (full detail: transcript, metrics, summary) or a list of calls (one row
 * each) as Markdown, JSON or CSV. With `redact`, every transcript line and free text goes
 * through the PII redactor first (for files that will be shared).
 */
import type { CallDetail, CallListItem, CallSummary, ExportFormat } from '../../../src-shared/ipc/calls';
import type { Store } from '../store/db';
import { redact } from '../privacy/redact';
import { getCallDetail, getCallItem } from './call-queries';
import { localSummary } from './summarize';
import { formatClock } from '../../../src-shared/format';
import { localDayKey } from '../../../src-shared/local-date';

type ExportFile = { fileName: string; mime: string; content: string };

const MIME: Record<ExportFormat, string> = { md: 'text/markdown', json: 'application/json', csv: 'text/csv' };

export { formatClock };

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote when needed; a leading = + - @ is prefixed so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
const csv = (rows: unknown[][]): string => rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

type Scrub = (text: string) => string;

function scrubberFor(detail: CallDetail, lang: 'pt' | 'en', on: boolean): Scrub {
  if (!on) return (t) => t;
  const names = [detail.call.customer, detail.call.dealName].filter((n): n is string => !!n);
  return (t) => redact(t, lang, { names });
}

export function exportCall(store: Store, id: string, format: ExportFormat, options: { redact?: boolean } = {}): ExportFile {
  const detail = getCallDetail(store, id);
  const summary = localSummary(store, id);
  const scrub = scrubberFor(detail, summary.language, options.redact === true);
  const clean = scrubDetail(detail, summary, scrub);
  const fileName = `call-${id}.${format}`;
  if (format === 'json') return { fileName, mime: MIME.json, content: `${JSON.stringify({ ...clean.detail, summary: clean.summary }, null, 2)}\n` };
  if (format === 'csv') {
    const rows: unknown[][] = [['call_id', 'start', 'end', 'speaker', 'text']];
    for (const s of clean.detail.segments) rows.push([id, formatClock(s.startMs), formatClock(s.endMs), s.speaker, s.text]);
    return { fileName, mime: MIME.csv, content: csv(rows) };
  }
  return { fileName, mime: MIME.md, content: callMarkdown(clean.detail, clean.summary) };
}

function scrubDetail(detail: CallDetail, summary: CallSummary, scrub: Scrub) {
  const call = { ...detail.call, title: scrub(detail.call.title), customer: detail.call.customer && scrub(detail.call.customer), snippet: null };
  const segments = detail.segments.map((s) => ({ ...s, text: scrub(s.text) }));
  const metrics = { ...detail.metrics, repQuestions: detail.metrics.repQuestions.map(scrub) };
  const cleanSummary: CallSummary = {
    ...summary,
    keyObjections: summary.keyObjections.map((o) => ({ ...o, example: scrub(o.example) })),
    openQuestions: summary.openQuestions.map(scrub),
    commitments: summary.commitments.map(scrub),
    text: scrub(summary.text),
    followUpEmail: { subject: scrub(summary.followUpEmail.subject), body: scrub(summary.followUpEmail.body) },
  };
  return { detail: { ...detail, call, segments, metrics }, summary: cleanSummary };
}

function callMarkdown(d: CallDetail, s: CallSummary): string {
  const c = d.call;
  const pct = d.metrics.talkRatio === null ? '—' : `${Math.round(d.metrics.talkRatio * 100)}% rep / ${Math.round((1 - d.metrics.talkRatio) * 100)}% customer`;
  const lines = [
    `# ${c.title}`,
    '',
    `- Date: ${new Date(c.startedAt).toISOString()}`,
    `- Duration: ${c.durationMs === null ? '—' : formatClock(c.durationMs)}`,
    `- Customer: ${c.customer ?? '—'}${c.dealName ? ` (deal: ${c.dealName})` : ''}`,
    `- Sentiment: ${c.sentimentTag ?? '—'}${c.sentimentAvg === null ? '' : ` (${c.sentimentAvg.toFixed(2)})`}`,
    `- Objections: ${c.objections.map((o) => `${o.value} ×${o.count}`).join(', ') || '—'}`,
    `- Competitors: ${c.competitors.map((o) => `${o.name} ×${o.count}`).join(', ') || '—'}`,
    `- Talk time: ${pct}`,
    d.metrics.longestMonologue
      ? `- Longest monologue: ${d.metrics.longestMonologue.speaker}, ${formatClock(d.metrics.longestMonologue.durationMs)} at ${formatClock(d.metrics.longestMonologue.startMs)}`
      : '- Longest monologue: —',
    '',
    '## Summary',
    '',
    s.text,
    '',
    ...(s.actions.length ? ['## Recommended actions', '', ...s.actions.map((a) => `- ${a.text}`), ''] : []),
    ...(d.metrics.repQuestions.length ? ['## Questions asked by the rep', '', ...d.metrics.repQuestions.map((q) => `- ${q}`), ''] : []),
    ...(d.hints.length ? ['## Hints shown', '', ...d.hints.map((h) => `- [${formatClock(h.shownMs)}] ${h.name}: ${h.text} (${h.used ? 'used' : h.status})`), ''] : []),
    '## Follow-up e-mail',
    '',
    `**${s.followUpEmail.subject}**`,
    '',
    s.followUpEmail.body,
    '',
    '## Transcript',
    '',
    ...d.segments.map((seg) => `**[${formatClock(seg.startMs)}] ${seg.speaker === 'rep' ? 'Rep' : 'Customer'}:** ${seg.text}  `),
    '',
  ];
  return lines.join('\n');
}

export function exportCallList(store: Store, ids: string[], format: ExportFormat, options: { redact?: boolean } = {}): ExportFile {
  const items: CallListItem[] = ids.map((id) => getCallItem(store, id));
  const scrub: Scrub = options.redact ? (t) => redact(t, 'en', {}) : (t) => t;
  const clean = items.map((i) => ({ ...i, title: scrub(i.title), customer: i.customer && scrub(i.customer) }));
  const fileName = `calls-${localDayKey(Date.now())}.${format}`;
  if (format === 'json') return { fileName, mime: MIME.json, content: `${JSON.stringify({ calls: clean }, null, 2)}\n` };
  const header = ['id', 'date', 'duration_s', 'title', 'customer', 'deal', 'sentiment', 'objections', 'competitors'];
  const row = (i: CallListItem) => [
    i.id,
    new Date(i.startedAt).toISOString(),
    i.durationMs === null ? '' : Math.round(i.durationMs / 1000),
    i.title,
    i.customer ?? '',
    i.dealName ?? '',
    i.sentimentTag ?? '',
    i.objections.map((o) => o.value).join(' '),
    i.competitors.map((o) => o.name).join(', '),
  ];
  if (format === 'csv') return { fileName, mime: MIME.csv, content: csv([header, ...clean.map(row)]) };
  const md = (v: unknown) => String(v).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    `# Calls (${clean.length})`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...clean.map((i) => `| ${row(i).map(md).join(' | ')} |`),
    '',
  ];
  return { fileName, mime: MIME.md, content: lines.join('\n') };
}
