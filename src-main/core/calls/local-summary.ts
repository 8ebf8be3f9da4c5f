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

/** Sentences of an utterance (split after . ! ? …), trimmed, empty ones dropped. */
export const sentences = (text: string): string[] => text.split(/(?<=[.!?…])\s+/).map((x) => x.trim()).filter(Boolean);

// A trailing check-in after a statement ("…, combinado?", "…, ok?", "…, right?") does not make it a question.
const TAG_QUESTION = /,\s*(combinado|ok|okay|certo|tudo bem|pode ser|beleza|fechado|fechou|ta bom|ta|sim|ne|right|alright|all right|sound good|sounds good|does that work|is that ok|fair)\s*\?$/;
// "Vou ser sincero", "vou te falar", "let me know", "I'll be honest": discourse, not a promise.
const NOT_A_PROMISE = /\b(vou (te|lhe) (falar|dizer|confessar)|vou ser (sincer|honest|franc)[oa]|vou confessar|let me (know|ask|see|think|understand|check if i|be)|i'll be (honest|frank|straight)|we'll see|vamos ver)\b/;

/** A statement (not a question) that promises a future action in the first person ("I'll send", "vou enviar"). */
export const isCommitment = (text: string): boolean => {
  const f = fold(text).replace(/’/g, "'").trim();
  if (f.endsWith('?') && !TAG_QUESTION.test(f)) return false;
  if (isQuestion(text.replace(/[?\s]+$/, '')) && !TAG_QUESTION.test(f)) return false;
  if (NOT_A_PROMISE.test(f) && !COMMITMENT.some((re) => re.test(f.replace(NOT_A_PROMISE, '')))) return false;
  return COMMITMENT.some((re) => re.test(f));
};

/** Words in a reply long enough to count as an answer to a question. */
const ANSWER_MIN_WORDS = 4;
/** Words a rep's reply needs to count as a substantive answer to an objection. */
const OBJECTION_ANSWER_MIN_WORDS = 6;

// The customer saying the point is settled ("faz sentido", "that answers it"; not a mere "sounds good" to a promise) or still pushing back ("ainda acho caro", "still").
const ACCEPTS = /\b(faz sentido|isso resolve|resolveu|entendi|tira a duvida|that makes sense|makes sense|that answers|that helps|got it|fair enough)\b/;
const PUSHES_BACK = /\b(ainda (acho|assim|esta|e|continua|fica)|mesmo assim|continua (caro|alto|dificil|complicado)|nao sei nao|nao me convence|nao resolve|still|not convinced|i'm not sure|im not sure|doesn't solve|does not solve|that doesn't help|i don't think so)\b/;

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * Whether an objection was answered in the call, from the transcript after it: the rep replied
 * with substance (a statement of at least OBJECTION_ANSWER_MIN_WORDS words that is not only a
 * question or a promise to send something later; or any reply after using the hint for it), and
 * the customer then accepted it ("faz sentido", "sounds good") or moved on to something else
 * without pushing back or raising the same objection again. When the customer never spoke
 * again, we cannot tell, so it stays open: a follow-up is the safer default.
 */
function answeredInTranscript(segs: CallDetail['segments'], at: number, type: string, objectionAt: (i: number) => Set<string>, hintUsed: boolean): boolean {
  let i = at + 1;
  while (i < segs.length && segs[i]!.speaker === 'customer' && !objectionAt(i).has(type)) {
    // The customer went on talking (a follow-on line): the rep's reply comes after it.
    i += 1;
  }
  const reply: string[] = [];
  while (i < segs.length && segs[i]!.speaker === 'rep') reply.push(segs[i++]!.text);
  const statements = reply.flatMap(sentences).filter((x) => !isQuestion(x) && !isCommitment(x));
  const substance = statements.length > 0 && words(statements.join(' ')) >= OBJECTION_ANSWER_MIN_WORDS;
  const next = segs[i];
  if (!next) return false;
  const f = fold(next.text);
  if (objectionAt(i).has(type) || PUSHES_BACK.test(f)) return false;
  // With a substantive reply, accepting or moving on both close it; without one, only the customer saying so does.
  return substance || (hintUsed && reply.length > 0) || (reply.length > 0 && ACCEPTS.test(f));
}

export function localFindings(detail: CallDetail, language: 'pt' | 'en'): LocalFindings {
  const segs = detail.segments;
  const segmentIndexAt = (atMs: number) => {
    const i = segs.findIndex((s) => s.speaker === 'customer' && s.startMs <= atMs && s.endMs >= atMs);
    if (i >= 0) return i;
    for (let j = segs.length - 1; j >= 0; j--) if (segs[j]!.speaker === 'customer' && segs[j]!.endMs <= atMs + 1000) return j;
    return -1;
  };
  const usedTriggers = new Set(detail.hints.filter((h) => h.used).map((h) => h.trigger));
  const objectionMarkers = detail.markers.filter((x) => x.kind === 'objection').map((m) => ({ ...m, seg: segmentIndexAt(m.atMs) }));
  const objectionsBySegment = new Map<number, Set<string>>();
  for (const m of objectionMarkers) objectionsBySegment.set(m.seg, (objectionsBySegment.get(m.seg) ?? new Set()).add(m.value));
  const objectionAt = (i: number) => objectionsBySegment.get(i) ?? new Set<string>();

  const objections = new Map<string, { count: number; example: string; lastSeg: number }>();
  for (const m of objectionMarkers) {
    const cur = objections.get(m.value) ?? { count: 0, example: segs[m.seg]?.text ?? '', lastSeg: m.seg };
    cur.count += 1;
    cur.lastSeg = Math.max(cur.lastSeg, m.seg);
    objections.set(m.value, cur);
  }
  // Judged on the last time it came up: raised again after an answer, it is still open.
  const keyObjections = [...objections.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([type, v]) => ({ type, count: v.count, example: v.example, answered: v.lastSeg >= 0 && answeredInTranscript(segs, v.lastSeg, type, objectionAt, usedTriggers.has(type)) }));

  // A customer question is open when the rep did not answer it with a real reply.
  const openQuestions: string[] = [];
  segs.forEach((s, i) => {
    if (s.speaker !== 'customer' || !isQuestion(s.text)) return;
    const reply = segs.slice(i + 1, i + 3).find((n) => n.speaker === 'rep');
    if (!reply || reply.text.split(/\s+/).length < ANSWER_MIN_WORDS || isQuestion(reply.text)) openQuestions.push(s.text.trim());
  });

  // Commitments are sentences: "Boa pergunta. Vou enviar…" lists the promise, not the whole line.
  const commitments = segs.flatMap((s) => sentences(s.text).filter(isCommitment));
  // Dates said alongside a commitment come first: they are the ones to follow up on.
  const dated = [...segs.filter((s) => sentences(s.text).some(isCommitment)), ...segs.filter((s) => !sentences(s.text).some(isCommitment))];
  const dates = [...new Set(dated.flatMap((s) => findDates(s.text)))];
  return { language, keyObjections, openQuestions, commitments, dates };
}
