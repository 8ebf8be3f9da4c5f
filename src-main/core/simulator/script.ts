/**
 * A rep's own call script (issue 14, point 1): each non-empty line is a key point, and a run
 * covers it when one of the rep's turns says most of its content words (accents and case
 * folded, short and common words left out, a word matched by its first five letters so
 * "integração" covers "integrar"). Reported beside the score, not in it: the rubric stays the
 * same for every rep.
 */
import { fold } from './features';

const STOP = new Set(
  'a o as os um uma uns umas de da do das dos em no na nos nas por para pra com sem que e ou mas se ao aos the an and or but of to in on at for with without that this is are be we you our your it as by from nosso nossa voce voces eles elas ele ela isso esse essa este esta muito mais'.split(' '),
);
const MAX_POINTS = 30;

const content = (text: string): string[] => [...new Set((fold(text).match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 3 && !STOP.has(w)).map((w) => w.slice(0, 5)))];

export type ScriptPoint = { point: string; covered: boolean; turn: number | null };

/** The script's key points: its lines, without bullets or numbering; at most 30. */
export function scriptPoints(script: string): string[] {
  return script
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*(?:[-*•·]|\d+[.)])\s*/u, '').trim())
    .filter((l) => content(l).length > 0)
    .slice(0, MAX_POINTS);
}

/** Which key points the rep's turns covered, and the transcript index of the turn that did. */
export function scriptCoverage(script: string, transcript: { speaker: 'buyer' | 'rep'; text: string }[]): ScriptPoint[] {
  const turns = transcript.map((t, i) => ({ i, words: t.speaker === 'rep' ? new Set(content(t.text)) : null })).filter((t) => t.words);
  return scriptPoints(script).map((point) => {
    const want = content(point);
    const need = want.length <= 2 ? want.length : Math.ceil(want.length * 0.5);
    const hit = turns.find((t) => want.filter((w) => t.words!.has(w)).length >= need);
    return { point, covered: hit !== undefined, turn: hit?.i ?? null };
  });
}
