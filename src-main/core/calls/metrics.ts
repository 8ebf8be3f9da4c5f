/** Conversation metrics of one call, from its speaker-labelled segments. */
import type { CallDetail } from '../../../src-shared/ipc/calls';
import { fold } from './fts-query';

type Seg = { speaker: 'rep' | 'customer'; startMs: number; endMs: number; text: string };

// ASR output often has no punctuation, so a question is also told by how it opens.
const QUESTION_OPENERS = [
  // en
  'what', 'how', 'why', 'when', 'where', 'who', 'which', 'whose', 'do you', 'does', 'did you', 'is it', 'is there', 'are you', 'are there',
  'can you', 'can we', 'could you', 'would you', 'will you', 'should we', 'have you', 'has your', 'any chance',
  // pt (folded: no accents)
  'o que', 'como', 'por que', 'porque voce', 'quando', 'onde', 'quem', 'qual', 'quais', 'quanto', 'quantos', 'quantas', 'sera que',
  'voce pode', 'voces podem', 'voce poderia', 'poderia', 'podemos', 'voce tem', 'voces tem', 'existe', 'tem como', 'e se',
];

export function isQuestion(text: string): boolean {
  const t = text.trim();
  if (t.endsWith('?')) return true;
  const f = fold(t).replace(/^[^\p{L}]+/u, '');
  return QUESTION_OPENERS.some((q) => f === q || f.startsWith(`${q} `));
}

export function callMetrics(segments: Seg[]): CallDetail['metrics'] {
  let repTalkMs = 0;
  let customerTalkMs = 0;
  for (const s of segments) {
    const d = Math.max(0, s.endMs - s.startMs);
    if (s.speaker === 'rep') repTalkMs += d;
    else customerTalkMs += d;
  }
  // A monologue is a run of one speaker's segments not interrupted by the other speaker.
  let longest: CallDetail['metrics']['longestMonologue'] = null;
  let run: { speaker: Seg['speaker']; startMs: number; endMs: number } | null = null;
  const close = () => {
    if (run && (!longest || run.endMs - run.startMs > longest.durationMs)) longest = { ...run, durationMs: run.endMs - run.startMs };
  };
  for (const s of [...segments].sort((a, b) => a.startMs - b.startMs)) {
    if (run && run.speaker === s.speaker) run.endMs = Math.max(run.endMs, s.endMs);
    else {
      close();
      run = { speaker: s.speaker, startMs: s.startMs, endMs: s.endMs };
    }
  }
  close();
  const total = repTalkMs + customerTalkMs;
  return {
    repTalkMs,
    customerTalkMs,
    talkRatio: total > 0 ? repTalkMs / total : null,
    longestMonologue: longest,
    repQuestions: segments.filter((s) => s.speaker === 'rep' && isQuestion(s.text)).map((s) => s.text.trim()),
  };
}

const PT_WORDS = new Set(['o', 'a', 'os', 'as', 'de', 'do', 'da', 'que', 'nao', 'e', 'um', 'uma', 'para', 'com', 'voce', 'isso', 'esta', 'muito', 'mas', 'nos', 'por', 'mais', 'preco', 'sim']);
const EN_WORDS = new Set(['the', 'a', 'an', 'of', 'to', 'and', 'is', 'it', 'you', 'we', 'that', 'this', 'not', 'for', 'with', 'but', 'are', 'our', 'your', 'price', 'yes', 'too']);

/** The call's language: as recorded, else the one most of its words belong to. */
export function guessLanguage(recorded: string | null, texts: string[]): 'pt' | 'en' {
  if (recorded?.startsWith('pt')) return 'pt';
  if (recorded?.startsWith('en')) return 'en';
  let pt = 0;
  let en = 0;
  for (const w of fold(texts.join(' ')).match(/\p{L}+/gu) ?? []) {
    if (PT_WORDS.has(w)) pt += 1;
    if (EN_WORDS.has(w)) en += 1;
  }
  return pt > en ? 'pt' : 'en';
}
