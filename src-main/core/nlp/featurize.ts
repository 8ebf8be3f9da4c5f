/**
 * Text featurisation for the objection and sentiment models: the exact TypeScript twin of
 * training/featurize.py (see its docstring for the recipe). featurize.test.ts checks it against
 * vectors the training scripts export, so any drift between the two fails a test.
 */

export type FeaturizerConfig = {
  dim: number;
  charMin: number;
  charMax: number;
  /** Scale of lexicon ("k:") and question ("p:q") features before L2 normalisation. */
  lexiconWeight?: number;
};

/** A compiled lexicon pattern: a concept and its token parts (prefix parts came from `word*`). */
export type LexiconPattern = { concept: string; parts: { text: string; prefix: boolean }[] };

const MARKS = /[\u0300-\u036f]/g;
const DIGITS = /[0-9]+/g;
const NON_ALNUM = /[^a-z0-9]+/g;

/** NFD, no combining marks, lower case, digit runs -> "0", anything else -> single spaces. */
export function normalizeText(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').toLowerCase().replace(DIGITS, '0').replace(NON_ALNUM, ' ').trim();
}

/** FNV-1a, 32 bit, over UTF-8 bytes (feature strings are ASCII after normalisation). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(s, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function compileLexicon(lexicon: Record<string, unknown>): LexiconPattern[] {
  const out: LexiconPattern[] = [];
  for (const [concept, patterns] of Object.entries(lexicon)) {
    if (concept.startsWith('_') || !Array.isArray(patterns)) continue;
    for (const raw of patterns) {
      if (typeof raw !== 'string') continue;
      const parts: LexiconPattern['parts'] = [];
      for (const tok of raw.split(/\s+/).filter(Boolean)) {
        const star = tok.endsWith('*');
        const sub = normalizeText(tok.replace(/\*+$/, '')).split(' ').filter(Boolean);
        sub.forEach((text, k) => parts.push({ text, prefix: star && k === sub.length - 1 }));
      }
      if (parts.length) out.push({ concept, parts });
    }
  }
  return out;
}

type LexiconIndex = { exact: Map<string, LexiconPattern[]>; prefix: LexiconPattern[] };
const INDEXES = new WeakMap<LexiconPattern[], LexiconIndex>();

/** Patterns grouped by their first part, so a text costs one lookup per token instead of a scan
 * of the whole lexicon (over a thousand patterns); same matches as trying every pattern everywhere. */
function indexOf(lexicon: LexiconPattern[]): LexiconIndex {
  let index = INDEXES.get(lexicon);
  if (!index) {
    index = { exact: new Map(), prefix: [] };
    for (const pattern of lexicon) {
      const first = pattern.parts[0]!;
      if (first.prefix) index.prefix.push(pattern);
      else index.exact.set(first.text, [...(index.exact.get(first.text) ?? []), pattern]);
    }
    INDEXES.set(lexicon, index);
  }
  return index;
}

export function lexiconFeatures(tokens: string[], lexicon: LexiconPattern[]): string[] {
  const { exact, prefix } = indexOf(lexicon);
  const out: string[] = [];
  tokens.forEach((token, i) => {
    const candidates = [...(exact.get(token) ?? []), ...prefix.filter((p) => token.startsWith(p.parts[0]!.text))];
    for (const { concept, parts } of candidates) {
      if (i + parts.length > tokens.length) continue;
      let ok = true;
      for (let j = 0; j < parts.length && ok; j++) {
        const tok = tokens[i + j]!;
        const part = parts[j]!;
        ok = tok === part.text || (part.prefix && tok.startsWith(part.text));
      }
      if (ok) out.push(`k:${concept}`);
    }
  });
  return out;
}

function featureStrings(normalized: string, charMin: number, charMax: number): string[] {
  const toks = normalized ? normalized.split(' ') : [];
  const out = toks.map((t) => `w:${t}`);
  for (let i = 0; i + 1 < toks.length; i++) out.push(`b:${toks[i]} ${toks[i + 1]}`);
  const padded = ` ${normalized} `;
  for (let n = charMin; n <= charMax; n++) {
    for (let i = 0; i + n <= padded.length; i++) out.push(`c:${padded.slice(i, i + n)}`);
  }
  return out;
}

/** Sparse features as index -> value (float64; the model input is float32). */
export function featurizeSparse(text: string, config: FeaturizerConfig, lexicon?: LexiconPattern[]): Map<number, number> {
  const normalized = normalizeText(text);
  const counts = new Map<number, number>();
  for (const f of featureStrings(normalized, config.charMin, config.charMax)) {
    const i = fnv1a(f) % config.dim;
    counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  const vals = new Map<number, number>();
  for (const [i, c] of counts) vals.set(i, 1 + Math.log(c));
  const extraStrings = [
    ...(lexicon?.length ? lexiconFeatures(normalized ? normalized.split(' ') : [], lexicon) : []),
    ...(text.includes('?') ? ['p:q'] : []),
  ];
  const extra = new Map<number, number>();
  for (const f of extraStrings) {
    const i = fnv1a(f) % config.dim;
    extra.set(i, (extra.get(i) ?? 0) + 1);
  }
  const weight = config.lexiconWeight ?? 1;
  for (const [i, c] of extra) vals.set(i, (vals.get(i) ?? 0) + weight * (1 + Math.log(c)));
  let norm = 0;
  for (const v of vals.values()) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [i, v] of vals) vals.set(i, v / norm);
  return vals;
}

/** Dense float32 rows, ready to be an ONNX `features` tensor of shape [texts.length, dim]. */
export function featurizeBatch(texts: string[], config: FeaturizerConfig, lexicon?: LexiconPattern[]): Float32Array {
  const out = new Float32Array(texts.length * config.dim);
  texts.forEach((text, row) => {
    for (const [i, v] of featurizeSparse(text, config, lexicon)) out[row * config.dim + i] = v;
  });
  return out;
}
