/**
 * Turns what a person types into a safe FTS5 MATCH expression. Every word is quoted (so
 * FTS5 operators and punctuation in the input cannot break the query) and all must match;
 * the last word also matches as a prefix, so results appear while typing.
 */
export function toFtsQuery(input: string): string | null {
  const words = tokenize(input);
  if (words.length === 0) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

/** Words as the unicode61 tokenizer sees them: letters and digits, lower case. */
function tokenize(input: string): string[] {
  return (input.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);
}

/** Lower case without accents, as `remove_diacritics 2` compares ("preço" = "preco"). */
export const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The first text that contains the searched words, hits wrapped in [ ] (FTS5's own snippet()
 * would scan every match of a common word across all calls; this looks at one call only).
 */
export function highlight(texts: string[], input: string): string | null {
  const words = tokenize(input).map(fold);
  if (words.length === 0) return null;
  for (const text of texts) {
    // Cheap test first: most lines of a matching call do not contain the words.
    const folded = fold(text);
    if (!words.some((w) => folded.includes(w))) continue;
    const found: [number, number][] = [];
    for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
      const token = fold(m[0]);
      const hit = words.some((w, i) => (i === words.length - 1 ? token.startsWith(w) : token === w));
      if (hit) found.push([m.index, m.index + m[0].length]);
    }
    if (found.length === 0) continue;
    let out = '';
    let last = 0;
    for (const [a, b] of found) {
      out += `${text.slice(last, a)}[${text.slice(a, b)}]`;
      last = b;
    }
    return trimAround(out + text.slice(last), 160);
  }
  return null;
}

function trimAround(text: string, max: number): string {
  if (text.length <= max) return text;
  const first = Math.max(0, text.indexOf('[') - 40);
  const piece = text.slice(first, first + max);
  return `${first > 0 ? '…' : ''}${piece}${first + max < text.length ? '…' : ''}`;
}
