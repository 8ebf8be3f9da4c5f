/**
 * Name-likeness of one word: a logistic regression over hashed character 2-4-grams of the folded
 * word, trained by training/pii/train_name_model.py (model card: training/pii/name-model.md) on the
 * lexicon's names against everyday words, firms, brands, products and places, plus a large name list.
 * The redactor asks it only in slots where a person is likely (the head of a clause before a verb, a
 * list item next to a name), never on its own. The featuriser here must match the script's
 * `features` exactly.
 */
import model from './name-model.json';

const { dim, bias, weights } = model as { dim: number; bias: number; weights: number[] };
/** 22k first names and surnames of 29 locales (Faker's person lists, less everyday words): consulted in the same slots. */
const NAME_LIST: ReadonlySet<string> = new Set((model as { names: string[] }).names);
/** At most 3 % of held-out everyday words score above it (set by the training script). */
export const NAME_THRESHOLD: number = (model as { threshold: number }).threshold;

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i += 1) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

const cache = new Map<string, number>();
/** P(word is a person's first name or surname), for a word already folded (lower case, no accents). */
export function nameScore(folded: string): number {
  const hit = cache.get(folded);
  if (hit !== undefined) return hit;
  const w = `^${folded.replace(/’/g, "'")}$`;
  let z = bias;
  for (let n = 2; n <= 4; n += 1) for (let i = 0; i + n <= w.length; i += 1) z += weights[fnv(String(n) + w.slice(i, i + n)) % dim]!;
  z += weights[fnv(`len${Math.min(w.length - 2, 12)}`) % dim]!;
  const p = 1 / (1 + Math.exp(-z));
  if (cache.size > 4096) cache.clear();
  cache.set(folded, p);
  return p;
}

/** A word that reads as a person's name: in the large name list, or scoring at least `bar`. */
export const nameLike = (folded: string, bar: number = NAME_THRESHOLD): boolean => NAME_LIST.has(folded) || nameScore(folded) >= bar;
