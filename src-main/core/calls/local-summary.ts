/**
 * The offline summary of a call (no network, no model): key objections and whether a reply
 * was taken, the customer's open questions, commitments and dates mentioned, in pt or en.
 * Rules over the transcript and the detections the live pipeline stored.
 */
import type { CallDetail, CallSummary } from '../../../src-shared/ipc/calls';
import { fold } from './fts-query';
import { isQuestion } from './metrics';

export type LocalFindings = Omit<CallSummary, 'text' | 'followUpEmail' | 'actions' | 'source' | 'llmError'>;

// First-person promises about the future ("I'll send", "vou enviar", "ficamos de").
const COMMITMENT = [
  /\b(i'll|i will|we'll|we will|i'm going to|we're going to|let me|i can send|i promise|we commit|i'll get back)\b/i,
  /\b(vou|vamos|irei|iremos|te envio|te mando|lhe envio|fico de|ficamos de|posso te enviar|posso enviar|me comprometo|combinado|prometo)\b/i,
];

const MONTHS_EN = 'january|february|march|april|may|june|july|august|september|october|november|december';
const MONTHS_PT = 'janeiro|fevereiro|marco|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro';
const DAYS_EN = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const DAYS_PT = 'segunda(?:-feira)?|terca(?:-feira)?|quarta(?:-feira)?|quinta(?:-feira)?|sexta(?:-feira)?|sabado|domingo';
const NUM_WORDS = 'one|two|three|four|five|six|\\d+|um|uma|dois|duas|tres|quatro|cinco|seis';
// Matched against folded text (no accents, lower case), so one pattern covers "março"/"marco".
const DATE_PATTERNS = [
  new RegExp(`\\b(?:next|this|on|by|until)?\\s*(?:${DAYS_EN})(?: (?:morning|afternoon))?\\b`, 'g'),
  new RegExp(`\\b(?:na |nesta |na proxima |ate )?(?:${DAYS_PT})(?: que vem)?\\b`, 'g'),
  new RegExp(`\\b(?:${MONTHS_EN}) \\d{1,2}(?:st|nd|rd|th)?\\b|\\b\\d{1,2}(?:st|nd|rd|th)? of (?:${MONTHS_EN})\\b`, 'g'),
  new RegExp(`\\b\\d{1,2} de (?:${MONTHS_PT})\\b|\\b(?:em|ate|no inicio de|no fim de) (?:${MONTHS_PT})\\b`, 'g'),
  /\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g,
  /\b(?:tomorrow|next week|next month|next quarter|end of (?:the )?(?:month|quarter|year)|in (?:one|two|three|four|\d+) (?:days|weeks|months)|q[1-4])\b/g,
  new RegExp(`\\b(?:amanha|depois de amanha|semana que vem|proxima semana|mes que vem|proximo mes|fim do mes|final do mes|fim do ano|proximo trimestre|em (?:${NUM_WORDS}) (?:dias|semanas|meses))\\b`, 'g'),
];

export function findDates(text: string): string[] {
  // Fold character by character so match positions map back onto the original text
  // (the phrase is shown with its accents: "até sexta-feira", not "ate sexta-feira").
  const chars = [...text];
  const folded = chars.map((c) => (fold(c)[0] ?? ' ').padEnd(c.length, ' ')).join('');
  const original = text;
  const found: { at: number; phrase: string }[] = [];
  for (const re of DATE_PATTERNS) {
    for (const m of folded.matchAll(re)) {
      const phrase = m[0].trim();
      if (phrase.length > 1) found.push({ at: m.index + m[0].indexOf(phrase), phrase: original.slice(m.index + m[0].indexOf(phrase), m.index + m[0].indexOf(phrase) + phrase.length) });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.phrase);
}

export const isCommitment = (text: string): boolean => COMMITMENT.some((re) => re.test(fold(text)));

/** Words in a reply long enough to count as an answer to a question. */
const ANSWER_MIN_WORDS = 4;

export function localFindings(detail: CallDetail, language: 'pt' | 'en'): LocalFindings {
  const segs = detail.segments;
  const bySegmentAt = (atMs: number) =>
    segs.find((s) => s.speaker === 'customer' && s.startMs <= atMs && s.endMs >= atMs) ??
    [...segs].reverse().find((s) => s.speaker === 'customer' && s.endMs <= atMs + 1000);
  const usedTriggers = new Set(detail.hints.filter((h) => h.used).map((h) => h.trigger));

  const objections = new Map<string, { count: number; example: string }>();
  for (const m of detail.markers.filter((x) => x.kind === 'objection')) {
    const cur = objections.get(m.value) ?? { count: 0, example: bySegmentAt(m.atMs)?.text ?? '' };
    cur.count += 1;
    objections.set(m.value, cur);
  }
  const keyObjections = [...objections.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([type, v]) => ({ type, count: v.count, example: v.example, answered: usedTriggers.has(type) }));

  // A customer question is open when the rep did not answer it with a real reply.
  const openQuestions: string[] = [];
  segs.forEach((s, i) => {
    if (s.speaker !== 'customer' || !isQuestion(s.text)) return;
    const reply = segs.slice(i + 1, i + 3).find((n) => n.speaker === 'rep');
    if (!reply || reply.text.split(/\s+/).length < ANSWER_MIN_WORDS || isQuestion(reply.text)) openQuestions.push(s.text.trim());
  });

  const commitments = segs.filter((s) => isCommitment(s.text)).map((s) => s.text.trim());
  // Dates said alongside a commitment come first: they are the ones to follow up on.
  const dated = [...segs.filter((s) => isCommitment(s.text)), ...segs.filter((s) => !isCommitment(s.text))];
  const dates = [...new Set(dated.flatMap((s) => findDates(s.text)))];
  return { language, keyObjections, openQuestions, commitments, dates };
}
