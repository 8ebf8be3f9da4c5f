/**
 * Competitor mentions from battlecard names and aliases, robust to what a recogniser does to
 * brand names: accents and case ("Gông"), punctuation ("Gong.io", "RD-Station"), split or
 * joined words ("sales force", "hub spot", "pipe drive"), spoken punctuation ("gong dot io",
 * "gong ponto io"), acronyms spelled out ("erre dê station", "ar di station"), Portuguese
 * spellings of English sounds ("gongue", "paipedraive", "rubspot") and one- or two-letter
 * slips in long names.
 *
 * How: text and aliases are folded the same way (no accents, lower case, split on anything
 * that is not a letter or digit) and compared as joined windows of 1..4 tokens, so every
 * spacing, hyphen and dot form of a name is the same string. Each alias also yields
 * systematic variants (generated, not listed by hand): its web suffix dropped ("Gong.io" →
 * "gong"), and its acronyms spelled with Portuguese and English letter names ("RD" → "erre
 * de", "ar di"). A window matches first exactly, then by a phonetic key (Portuguese/English
 * sound folding), then by edit distance gated by length: names under 6 letters must match
 * exactly (or by key), 6-8 letters allow 1 edit, 9+ allow 2. Ordinary words never fuzzy-match,
 * so "going" is not "Gong", "course" is not "Chorus" and "agendar" is not "Agendor".
 *
 * Brand names that are also everyday words ("teams", "gong", "chorus", "outreach", "sales
 * force") follow the context rules in WORD_RULES below.
 */
import { EN_WORDS, PT_WORDS } from './language';

export type Battlecard = { id: string; competitor: string; aliases: string[] };
type CompetitorMention = { id: string; name: string; confidence: number };

const MAX_WINDOW = 4;

/**
 * Common words (pt + en) a fuzzy match must never turn into a brand. Only exact alias matches
 * may fire on them (and, when the alias is itself an ordinary word, only under WORD_RULES).
 */
const COMMON_WORDS = new Set([
  'going', 'gone', 'long', 'song', 'wrong', 'along', 'among', 'course', 'courses', 'chores', 'horus', 'choose', 'chose', 'close',
  'source', 'sources', 'forces', 'force', 'sales', 'sale', 'spot', 'drive', 'drives', 'driver', 'pipe', 'pipes', 'reach', 'outreach',
  'station', 'stations', 'loft', 'chorus', 'outras', 'outros', 'outra', 'outro', 'corpus', 'coros', 'coro', 'congo', 'conga', 'team', 'teams',
  'zoom', 'hubs', 'help', 'helps', 'heap', 'whose', 'house', 'horse', 'horses', 'salesforces', 'salsa', 'salas', 'selos', 'pipoca',
  'pipa', 'privado', 'private', 'price', 'prices', 'prive', 'prove', 'proved', 'rede', 'redes', 'times', 'time', 'tims', 'tins',
  'agenda', 'agendas', 'agendar', 'agendado', 'agendada', 'agendei', 'agendamos', 'agende', 'agendo', 'agendou', 'agendam', 'agendem',
  'agente', 'agentes', 'gente', 'soho', 'zero', 'zorro', 'sol', 'plume', 'plumas', 'pluma', 'plumb', 'plums', 'plumbs', 'homes', 'poemas',
  'poems', 'pumas', 'plans', 'planes', 'gongo', 'microsoft',
]);

/** Latin letters as people say them in pt-BR and English, to match spelled-out acronyms. */
const LETTER_NAMES: Record<string, string[]> = {
  a: ['a'], b: ['be', 'bi'], c: ['ce', 'si'], d: ['de', 'di', 'dee'], e: ['e', 'i'], f: ['efe', 'ef'], g: ['ge', 'ji', 'gee'],
  h: ['aga', 'eitch'], i: ['i', 'ai'], j: ['jota', 'jei'], k: ['ca', 'ka', 'kei'], l: ['ele', 'el'], m: ['eme', 'em'], n: ['ene', 'en'],
  o: ['o', 'ou'], p: ['pe', 'pi', 'pee'], q: ['que', 'kiu'], r: ['erre', 'ere', 'ar'], s: ['esse', 'es'], t: ['te', 'ti', 'tee'],
  u: ['u', 'iu'], v: ['ve', 'vi'], w: ['dabliu'], x: ['xis', 'ex'], y: ['ipsilon', 'uai'], z: ['ze', 'zi', 'zee'],
};

/** Trailing web suffixes that are not said as part of the name ("Gong.io" is said "gong"). */
const WEB_SUFFIXES = new Set(['io', 'com', 'ai', 'app']);
/** Spoken punctuation before a web suffix: "gong dot io", "gong ponto io". */
const SPOKEN_DOTS = new Set(['dot', 'ponto']);

/**
 * Context rules for brand names that are everyday words. Decided as follows:
 *
 * - `teams`: Microsoft Teams only when the context says it is the app: its full name
 *   ("microsoft teams", "ms teams", an alias of its own), or right after a word that puts a
 *   meeting *in an app*: "on teams", "via teams", "over teams", "pelo/pela teams", "no teams"
 *   and the singular article "o teams"/"do teams" in Portuguese ("teams" is plural, so a
 *   singular article makes it a name). Everything else is the common noun: "sales teams",
 *   "os teams", "our teams", "teams of three", and in English text "no teams" (no = none;
 *   "no" counts only when the text reads as Portuguese). Capitalisation does not count: a
 *   recogniser writes "Sales Teams" as readily as "Teams".
 * - `outreach`: the company only when written as a name (capitalised) or after a verb of
 *   using a tool ("we use outreach", "switched to outreach", "o outreach" in Portuguese, where
 *   the English noun is not used), and never in its common-noun frames: "our/cold/email
 *   outreach", "outreach program/campaign/efforts/team", "outreach to …".
 * - `gong` and `chorus`: in a sales call these are nearly always the products, so the bare
 *   word counts unless the words around it (three either side) are about a sound or music:
 *   "hit the gong", "o gong tocou", "the chorus of the song", "cantar o refrão", or the idioms
 *   "a chorus of complaints" and "in chorus".
 * - `sales force` (split, lower case) is Salesforce unless it is the English noun for a
 *   company's sellers: "our/the whole/a large sales force", "a sales force of 20". The
 *   joined "salesforce" always counts.
 *
 * Any other single-word alias that is an ordinary word (a tenant's card named "Drive")
 * counts only when capitalised or after a tool cue (DEFAULT_RULE).
 */
type WordRule = {
  /** 'name': the word is the brand unless the context blocks it; 'cue': only when a cue says so. */
  mode: 'name' | 'cue';
  /** Tokens right before the word that make it the brand ('cue' mode); a "pt:" prefix: only in Portuguese text. */
  cues?: string[];
  /** A capitalised word counts as a cue. */
  capitalCounts?: boolean;
  /** The ordinary sense wins when the previous token is one of these. */
  blockBefore?: string[];
  /** … or the next token is one of these. */
  blockAfter?: string[];
  /** … or any token within 3 either side is one of these. */
  blockNear?: string[];
  /** The rule applies only to the name split in words ("sales force"), not to the joined form. */
  splitOnly?: boolean;
};

const TOOL_VERBS = ['use', 'uses', 'using', 'used', 'tried', 'trying', 'evaluating', 'evaluated', 'testing', 'tested', 'than', 'vs', 'versus'];
const PT_TOOL_CUES = ['pt:o', 'pt:do', 'pt:no', 'pt:pelo', 'pt:pela', 'pt:usa', 'pt:usam', 'pt:usamos', 'pt:usando', 'pt:uso', 'pt:usava', 'pt:usavam', 'pt:testamos', 'pt:testando'];
const TO_VERBS = ['switched', 'switch', 'switching', 'moved', 'move', 'moving', 'migrated', 'migrate', 'migrating'];

const DEFAULT_RULE: WordRule = { mode: 'cue', capitalCounts: true, cues: [...TOOL_VERBS, ...PT_TOOL_CUES] };

const WORD_RULES: Record<string, WordRule> = {
  teams: { mode: 'cue', cues: ['on', 'via', 'over', 'pt:pelo', 'pt:pela', 'pt:no', 'pt:o', 'pt:do', 'pt:via'], blockAfter: ['of', 'that', 'who', 'which'] },
  outreach: {
    mode: 'cue',
    capitalCounts: true,
    cues: [...TOOL_VERBS, ...PT_TOOL_CUES],
    blockBefore: ['our', 'my', 'your', 'their', 'his', 'her', 'cold', 'email', 'mail', 'sales', 'social', 'community', 'customer', 'more', 'less', 'of', 'linkedin', 'direct', 'outbound', 'phone', 'public', 'any', 'some', 'much', 'no'],
    blockAfter: ['program', 'programs', 'programme', 'campaign', 'campaigns', 'effort', 'efforts', 'strategy', 'strategies', 'team', 'teams', 'to', 'work', 'plan', 'plans', 'budget', 'events', 'activities', 'emails', 'calls'],
  },
  gong: {
    mode: 'name',
    blockNear: ['sound', 'sounds', 'sounded', 'rang', 'ring', 'rings', 'ringing', 'rung', 'hit', 'hits', 'bang', 'banged', 'banging', 'struck', 'strike', 'bath', 'baths', 'meditation', 'show', 'bell', 'bells', 'gongs', 'tocou', 'toca', 'tocar', 'tocando', 'tocamos', 'bateu', 'bater', 'batendo', 'bate', 'batem', 'batemos', 'som', 'sino', 'badalada', 'meditacao', 'banho'],
  },
  chorus: {
    mode: 'name',
    blockBefore: ['in'],
    blockAfter: ['of', 'line', 'lines'],
    blockNear: ['song', 'songs', 'sing', 'sang', 'singing', 'sung', 'music', 'musical', 'verse', 'verses', 'choir', 'refrain', 'lyrics', 'band', 'tune', 'catchy', 'musica', 'cancao', 'refrao', 'cantar', 'cantou', 'cantando', 'coral', 'letra', 'banda'],
  },
  // "Ploomes" is heard as the English word "plumes": the brand unless feathers or smoke are near.
  plumes: {
    mode: 'name',
    blockNear: ['smoke', 'feather', 'feathers', 'feathered', 'pillow', 'hat', 'peacock', 'bird', 'birds', 'steam', 'fumaca', 'penas', 'pena'],
  },
  salesforce: {
    mode: 'name',
    splitOnly: true,
    blockBefore: ['our', 'my', 'your', 'their', 'whole', 'entire', 'a', 'large', 'big', 'small', 'field', 'direct', 'internal', 'global', 'inside', 'its'],
    blockAfter: ['of'],
  },
};

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
    .replace(/oo/g, 'u') // "ploomes" ~ "plumes"
    .replace(/ea/g, 'i') // "reach" ~ "rich"
    .replace(/ee/g, 'i')
    .replace(/y/g, 'i')
    .replace(/w/g, 'u')
    .replace(/z/g, 's')
    .replace(/^r/, 'h') // a Brazilian initial r is said [h]: "rubspot" ~ "hubspot"
    .replace(/(.)\1+/g, '$1');
  // Portuguese speakers (and recognisers) add a vowel after a final consonant: "gongue", "gongui".
  if (w.length > 3) w = w.replace(/([bcdfgkpt])[eiou]$/, '$1');
  return w;
}

/** Damerau-Levenshtein (optimal string alignment) distance, with an early exit past `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const w = b.length + 1;
  // One flat row-major table (rows i-2..i are all the recurrence needs, but the table is small).
  const rows = new Int32Array((a.length + 1) * w);
  for (let j = 0; j <= b.length; j++) rows[j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[i * w] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(rows[(i - 1) * w + j]! + 1, rows[i * w + j - 1]! + 1, rows[(i - 1) * w + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[(i - 2) * w + j - 2]! + 1);
      rows[i * w + j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length * w + b.length]!;
}

/** Tokens with and without case: accents dropped, split on anything but letters and digits. */
function tokenize(text: string): { cased: string[]; lower: string[] } {
  const cased = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').split(/[^A-Za-z0-9]+/).filter(Boolean);
  return { cased, lower: cased.map((t) => t.toLowerCase()) };
}

/** Every spelling of an acronym token with letter names ("rd" → "erre de", "ar di", …), joined. */
function spelledOut(token: string): string[] {
  let out = [''];
  for (const ch of token) {
    const names = LETTER_NAMES[ch];
    if (!names) return [];
    out = out.flatMap((prefix) => names.map((n) => prefix + n));
  }
  return out;
}

const allowedEdits = (length: number): number => (length < 6 ? 0 : length < 9 ? 1 : 2);

type CompiledAlias = { joined: string; key: string; tokens: number };
type CompiledCard = {
  id: string;
  name: string;
  /** Aliases compared by sound and spelling (fuzzy). */
  aliases: CompiledAlias[];
  /** Every exact form, generated variants included. */
  exact: Set<string>;
  /** Exact forms that are everyday words, with their rule. */
  ruled: Map<string, WordRule>;
};

const isOrdinaryWord = (w: string) => COMMON_WORDS.has(w) || EN_WORDS.has(w) || PT_WORDS.has(w);

function compileCard(card: Battlecard): CompiledCard {
  const aliases: CompiledAlias[] = [];
  const exact = new Set<string>();
  const ruled = new Map<string, WordRule>();
  const add = (joined: string, tokens: number, fuzzy: boolean) => {
    if (joined.length < 2 || exact.has(joined)) return;
    exact.add(joined);
    if (tokens === 1 && (WORD_RULES[joined] || isOrdinaryWord(joined))) ruled.set(joined, WORD_RULES[joined] ?? DEFAULT_RULE);
    else if (WORD_RULES[joined]?.splitOnly) ruled.set(joined, WORD_RULES[joined]);
    if (fuzzy) aliases.push({ joined, key: phoneticKey(joined), tokens });
  };
  for (const raw of [card.competitor, ...card.aliases]) {
    const { cased, lower } = tokenize(raw);
    if (lower.length === 0) continue;
    const bases = [lower];
    if (lower.length > 1 && WEB_SUFFIXES.has(lower.at(-1)!)) bases.push(lower.slice(0, -1));
    for (const toks of bases) {
      add(toks.join(''), toks.length, true);
      // Acronyms (2-4 capitals in the alias as written: "RD", "SFDC", "MS") spelled out.
      const spellings = toks.map((t, i) => (/^[A-Z]{2,4}$/.test(cased[i]!) ? [t, ...spelledOut(t)] : [t]));
      if (spellings.some((s) => s.length > 1)) {
        let combos = [''];
        for (const s of spellings) combos = combos.flatMap((c) => s.map((x) => c + x)).slice(0, 2000);
        for (const c of combos) add(c, toks.length, false);
      }
    }
  }
  return { id: card.id, name: card.competitor, aliases, exact, ruled };
}

/** A span of 1..MAX_WINDOW tokens of the text, prepared once for every card. */
type Window = { start: number; end: number; joined: string; key: string; fuzzy: boolean };

/** Scores one text window against one alias by sound and spelling: 0.9 same sound, lower for edits; 0 none. */
function fuzzyScore(w: Window, alias: CompiledAlias): number {
  if (w.key === alias.key && alias.key.length >= 3) return 0.9;
  // Each comparison gets the edit budget of its own length: the key of "gongue" is "gong",
  // which must match exactly, or "longe" would be one edit away.
  // The raw spelling is never more lenient than the key: "gongue" (key "gong") allows no edit,
  // or "tongue" would be Gong.
  const rawBudget = allowedEdits(Math.min(alias.joined.length, alias.key.length));
  const keyBudget = allowedEdits(alias.key.length);
  const dRaw = rawBudget > 0 ? editDistance(w.joined, alias.joined, rawBudget) : Number.POSITIVE_INFINITY;
  const dKey = keyBudget > 0 ? editDistance(w.key, alias.key, keyBudget) : Number.POSITIVE_INFINITY;
  const d = Math.min(dRaw <= rawBudget ? dRaw : Number.POSITIVE_INFINITY, dKey <= keyBudget ? dKey : Number.POSITIVE_INFINITY);
  return Number.isFinite(d) ? 0.85 - 0.1 * d : 0;
}

type TextContext = { lower: string[]; cased: string[]; portuguese: boolean };

/** Whether an everyday-word alias at tokens [start, end) is the brand here (see WORD_RULES). */
function ruleAllows(rule: WordRule, ctx: TextContext, start: number, end: number): boolean {
  if (rule.splitOnly && end - start < 2) return true;
  const prev = ctx.lower[start - 1];
  const next = ctx.lower[end];
  // A web suffix makes it a name: "outreach io", "chorus dot ai".
  if (next && WEB_SUFFIXES.has(next)) return true;
  if (prev && rule.blockBefore?.includes(prev)) return false;
  if (next && rule.blockAfter?.includes(next)) return false;
  if (rule.blockNear) {
    for (let i = Math.max(0, start - 3); i < Math.min(ctx.lower.length, end + 3); i++) {
      if ((i < start || i >= end) && rule.blockNear.includes(ctx.lower[i]!)) return false;
    }
  }
  if (rule.mode === 'name') return true;
  if (rule.capitalCounts && /^[A-Z]/.test(ctx.cased[start]!)) return true;
  if (!prev) return false;
  const cues = rule.cues ?? [];
  if (cues.includes(prev) || (ctx.portuguese && cues.includes(`pt:${prev}`))) return true;
  // "switched to outreach", "moved everything to teams": a verb of changing tools up to 3 words before "to".
  return prev === 'to' && ctx.lower.slice(Math.max(0, start - 4), start - 1).some((w) => TO_VERBS.includes(w));
}

/**
 * More Portuguese than English: function words found in one list only ("no" is in both), plus
 * one for letters English does not write (ã, ç, õ, ê…). Ties: not Portuguese.
 */
function looksPortuguese(text: string, lower: string[]): boolean {
  let pt = /[ãõçêâôáéíóú]/i.test(text) ? 1 : 0;
  let en = 0;
  for (const t of lower) {
    const inPt = PT_WORDS.has(t);
    const inEn = EN_WORDS.has(t);
    if (inPt && !inEn) pt += 1;
    if (inEn && !inPt) en += 1;
  }
  return pt > en;
}

/** Drops spoken dots before a web suffix ("gong dot io" → "gong io"). */
function dropSpokenDots(tokens: { cased: string[]; lower: string[] }): { cased: string[]; lower: string[] } {
  const keep = tokens.lower.map((t, i) => !(SPOKEN_DOTS.has(t) && i > 0 && WEB_SUFFIXES.has(tokens.lower[i + 1] ?? '')));
  return { cased: tokens.cased.filter((_, i) => keep[i]), lower: tokens.lower.filter((_, i) => keep[i]) };
}

/**
 * Every battlecard named in `text`, best confidence first (then first mentioned). Compile once and reuse with
 * createCompetitorDetector when the battlecards do not change.
 */
export function createCompetitorDetector(battlecards: Battlecard[]): (text: string) => CompetitorMention[] {
  const cards = battlecards.map(compileCard);
  return (text) => {
    const { cased, lower } = dropSpokenDots(tokenize(text));
    const ctx: TextContext = { cased, lower, portuguese: looksPortuguese(text, lower) };
    const windows: Window[] = [];
    for (let start = 0; start < lower.length; start++) {
      for (let end = start + 1; end <= Math.min(lower.length, start + MAX_WINDOW); end++) {
        const toks = lower.slice(start, end);
        const joined = toks.join('');
        // A window holding an ordinary or function word may only match exactly: "outreach to"
        // is not "Outreach.io", "for us" is not "Chorus".
        const fuzzy = !toks.some((t) => isOrdinaryWord(t) || t.length < 2);
        windows.push({ start, end, joined, key: fuzzy ? phoneticKey(joined) : '', fuzzy });
      }
    }
    const found: (CompetitorMention & { at: number })[] = [];
    for (const card of cards) {
      let best = 0;
      let at = 0;
      for (const w of windows) {
        if (best === 1) break;
        if (card.exact.has(w.joined)) {
          const rule = card.ruled.get(w.joined);
          if (!rule || ruleAllows(rule, ctx, w.start, w.end)) [best, at] = [1, w.start];
          continue;
        }
        if (!w.fuzzy) continue;
        for (const alias of card.aliases) {
          // Only windows of a plausible length can be this alias.
          if (Math.abs(w.joined.length - alias.joined.length) > allowedEdits(alias.joined.length) + 2) continue;
          const score = fuzzyScore(w, alias);
          if (score > best) [best, at] = [score, w.start];
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
