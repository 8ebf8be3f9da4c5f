/**
 * Competitor mentions from battlecard names and aliases, robust to what a recogniser does to
 * brand names: accents and case ("Gông"), punctuation ("Gong.io"), split or joined words
 * ("sales force", "hub spot", "pipe drive"), Portuguese spellings of English sounds
 * ("gongue", "paipedraive", "rubspot") and one- or two-letter slips in long names.
 *
 * How: text and aliases are normalised (featurize.normalizeText) and compared as joined
 * windows of 1..4 tokens, first exactly, then by a phonetic key (Portuguese/English sound
 * folding), then by edit distance gated by length: names under 6 letters must match exactly
 * (or by key), 6-8 letters allow 1 edit, 9+ allow 2. Ordinary words never fuzzy-match, so
 * "going" is not "Gong" and "course" is not "Chorus".
 */
import { normalizeText } from './featurize';
import { EN_WORDS, PT_WORDS } from './language';

export type Battlecard = { id: string; competitor: string; aliases: string[] };
export type CompetitorMention = { id: string; name: string; confidence: number };

const MAX_WINDOW = 4;

/**
 * Common words (pt + en) a fuzzy match must never turn into a brand. Only exact alias matches
 * may fire on them.
 */
const COMMON_WORDS = new Set([
  'going', 'gone', 'long', 'song', 'wrong', 'along', 'among', 'course', 'courses', 'chores', 'horus', 'choose', 'chose', 'close',
  'source', 'sources', 'forces', 'force', 'sales', 'sale', 'spot', 'drive', 'drives', 'driver', 'pipe', 'pipes', 'reach', 'outreach',
  'station', 'stations', 'loft', 'chorus', 'outras', 'outros', 'outra', 'outro', 'corpus', 'coros', 'congo', 'conga', 'team', 'teams', 'zoom',
  'hubs', 'help', 'helps', 'heap', 'whose', 'house', 'horse', 'horses', 'salesforces', 'salsa', 'salas', 'selos', 'pipoca',
  'pipa', 'privado', 'private', 'price', 'prices', 'prive', 'prove', 'proved', 'rede', 'redes',
]);

/** Folds spellings that sound alike in Brazilian Portuguese or English onto one key. */
export function phoneticKey(word: string): string {
  let w = word.toLowerCase().replace(/[^a-z0-9]/g, '');
  w = w
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/qu/g, 'k')
    .replace(/gu(?=[ei])/g, 'g')
    .replace(/ch(?=[aoru])/g, 'k') // "chorus" ~ "korus"
    .replace(/c(?=[aoulrk])/g, 'k')
    .replace(/c(?=[ei])/g, 's')
    .replace(/ai/g, 'i') // "paipe draive" ~ "pipe drive"
    .replace(/ei/g, 'e') // "seilsforce"
    .replace(/ou/g, 'au') // "autrich" ~ "outreach"
    .replace(/ea/g, 'i') // "reach" ~ "rich"
    .replace(/ee/g, 'i')
    .replace(/y/g, 'i')
    .replace(/w/g, 'u')
    .replace(/z/g, 's')
    .replace(/(.)\1+/g, '$1');
  // Portuguese speakers (and recognisers) add a vowel after a final consonant: "gongue", "gongui".
  if (w.length > 3) w = w.replace(/([bcdfgkpt])[eiou]$/, '$1');
  return w;
}

/** Damerau-Levenshtein (optimal string alignment) distance, with an early exit past `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** Tokens as normalizeText makes them, but keeping case (to tell "Outreach" from "outreach"). */
const caseKeepingTokens = (text: string): string[] =>
  text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[0-9]+/g, '0').replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);

const allowedEdits = (length: number): number => (length < 6 ? 0 : length < 9 ? 1 : 2);

/**
 * `commonWord`: the alias is itself an ordinary word ("Outreach", "Chorus"), so the word as
 * such counts only capitalised: "we use Outreach" fires, "our outreach is weak" does not.
 */
type CompiledAlias = { joined: string; key: string; tokens: number; commonWord: boolean };
type CompiledCard = { id: string; name: string; aliases: CompiledAlias[] };

function compileCard(card: Battlecard): CompiledCard {
  const aliases: CompiledAlias[] = [];
  const seen = new Set<string>();
  for (const raw of [card.competitor, ...card.aliases]) {
    const tokens = normalizeText(raw).split(' ').filter(Boolean);
    // "Gong.io" is said "gong": a trailing web suffix is not part of the name.
    const variants = [tokens, tokens.length > 1 && ['io', 'com', 'ai'].includes(tokens.at(-1)!) ? tokens.slice(0, -1) : []];
    for (const toks of variants) {
      const joined = toks.join('');
      if (joined.length < 2 || seen.has(joined)) continue;
      seen.add(joined);
      aliases.push({ joined, key: phoneticKey(joined), tokens: toks.length, commonWord: toks.length === 1 && COMMON_WORDS.has(joined) });
    }
  }
  return { id: card.id, name: card.competitor, aliases };
}

/** Scores one text window against one alias: 1 exact, 0.9 same sound, lower for edits; 0 none. */
function matchScore(windowTokens: string[], alias: CompiledAlias): number {
  const joined = windowTokens.join('');
  if (joined === alias.joined) return 1;
  // A window holding an ordinary or function word may only match exactly: "outreach to" is
  // not "Outreach.io", "for us" is not "Chorus".
  if (windowTokens.some((t) => COMMON_WORDS.has(t) || PT_WORDS.has(t) || EN_WORDS.has(t) || t.length < 2)) return 0;
  const key = phoneticKey(joined);
  if (key === alias.key && alias.key.length >= 3) return 0.9;
  // Each comparison gets the edit budget of its own length: the key of "gongue" is "gong",
  // which must match exactly, or "longe" would be one edit away.
  // The raw spelling is never more lenient than the key: "gongue" (key "gong") allows no edit,
  // or "tongue" would be Gong.
  const rawBudget = allowedEdits(Math.min(alias.joined.length, alias.key.length));
  const keyBudget = allowedEdits(alias.key.length);
  const dRaw = rawBudget > 0 ? editDistance(joined, alias.joined, rawBudget) : Number.POSITIVE_INFINITY;
  const dKey = keyBudget > 0 ? editDistance(key, alias.key, keyBudget) : Number.POSITIVE_INFINITY;
  const d = Math.min(dRaw <= rawBudget ? dRaw : Number.POSITIVE_INFINITY, dKey <= keyBudget ? dKey : Number.POSITIVE_INFINITY);
  return Number.isFinite(d) ? 0.85 - 0.1 * d : 0;
}

/**
 * Every battlecard named in `text`, best confidence first (then first mentioned). Compile once and reuse with
 * createCompetitorDetector when the battlecards do not change.
 */
export function createCompetitorDetector(battlecards: Battlecard[]): (text: string) => CompetitorMention[] {
  const cards = battlecards.map(compileCard);
  return (text) => {
    const tokens = normalizeText(text).split(' ').filter(Boolean);
    const cased = caseKeepingTokens(text);
    const capitalised = (i: number) => cased.length !== tokens.length || /^[A-Z]/.test(cased[i]!);
    const found: (CompetitorMention & { at: number })[] = [];
    for (const card of cards) {
      let best = 0;
      let at = 0;
      for (let start = 0; start < tokens.length && best < 1; start++) {
        for (let size = 1; size <= MAX_WINDOW && start + size <= tokens.length; size++) {
          const window = tokens.slice(start, start + size);
          const len = window.join('').length;
          for (const alias of card.aliases) {
            // Only windows of a plausible length can be this alias.
            if (Math.abs(len - alias.joined.length) > allowedEdits(alias.joined.length) + 2) continue;
            if (alias.commonWord && window.join('') === alias.joined && !capitalised(start)) continue;
            const score = matchScore(window, alias);
            if (score > best) [best, at] = [score, start];
          }
        }
      }
      if (best > 0) found.push({ id: card.id, name: card.name, confidence: Math.round(best * 100) / 100, at });
    }
    return found.sort((a, b) => b.confidence - a.confidence || a.at - b.at).map(({ at: _at, ...m }) => m);
  };
}

export function detectCompetitors(text: string, battlecards: Battlecard[]): CompetitorMention[] {
  return createCompetitorDetector(battlecards)(text);
}
