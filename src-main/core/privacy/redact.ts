/**
 * PII redaction for anything that leaves the laptop (sync, LLM prompts, redacted exports), in
 * Portuguese and English, written or spoken (ASR output: lower case, digits read out, "arroba",
 * "ponto com"). Kinds: e-mails, card numbers (Luhn), IBAN (mod 97), PIX random keys, CNPJ,
 * CPF, phones (Brazilian in every usual shape, international), CEP / US ZIP, street
 * addresses and person names. Placeholders are in the text's language so a redacted
 * follow-up still reads naturally.
 *
 * How it works: each detector proposes spans {start, end, kind} on the input; a span that
 * overlaps a stronger one is dropped (e-mail > PIX > IBAN > card > CNPJ/CPF > address > CEP >
 * phone > name), and the rest are replaced. Digit runs (written or spoken) are read once and
 * classified by shape, checksum and the words just before them, so a ticket, order or
 * invoice number, a price, a percentage, a date or a version is left alone. Names come from
 * the call's known names, a first-name list (with the surnames that follow), and cues ("meu
 * nome é", "falei com a", "Sr.", "my name is", "talk to"…); a capitalised word at the start
 * of a sentence is not a name on its own, and cities and companies are never names.
 */
import { AMBIGUOUS_NAMES, COMMON_WORDS, FIRST_NAMES, MAIL_PROVIDERS, NAME_SUFFIXES, NOT_NAMES, ORGANISATIONS, PARTICLES, PLACES, PRODUCT_HEADS, SURNAMES, TLDS } from './lexicon';
import { nameLike, nameScore } from './name-model';
import everydayWords from './everyday-words.json';

/** Words said at least twice in the training utterances (training/pii/build_everyday_words.py): never a surname by shape alone. */
const EVERYDAY: ReadonlySet<string> = new Set(everydayWords as string[]);

export type PiiKind = 'name' | 'email' | 'phone' | 'cpf' | 'cnpj' | 'card' | 'address' | 'cep' | 'iban' | 'pix';
export type RedactLanguage = 'pt' | 'en';
/** A detected span: UTF-16 offsets into the input text, end exclusive. */
export type PiiSpan = { start: number; end: number; kind: PiiKind };

const PLACEHOLDER: Record<RedactLanguage, Record<PiiKind, string>> = {
  en: { name: '[NAME]', email: '[EMAIL]', phone: '[PHONE]', cpf: '[CPF]', cnpj: '[CNPJ]', card: '[CARD]', address: '[ADDRESS]', cep: '[ZIP]', iban: '[IBAN]', pix: '[PIX KEY]' },
  pt: { name: '[NOME]', email: '[E-MAIL]', phone: '[TELEFONE]', cpf: '[CPF]', cnpj: '[CNPJ]', card: '[CARTÃO]', address: '[ENDEREÇO]', cep: '[CEP]', iban: '[IBAN]', pix: '[CHAVE PIX]' },
};

const PRIORITY: Record<PiiKind, number> = { email: 10, pix: 9, iban: 8, card: 7, cnpj: 6, cpf: 6, address: 5, cep: 4, phone: 3, name: 1 };

type RedactOptions = {
  /** Names known to belong to this call (customer, contact, rep): always redacted, any case or accents. */
  names?: string[];
};

type RedactResult = { text: string; found: Record<PiiKind, number>; spans: PiiSpan[] };

// ---------------------------------------------------------------------------------------------
// Checksums

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

export function cpfValid(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || /^(\d)\1{10}$/.test(digits)) return false;
  const check = (len: number) => {
    let sum = 0;
    for (let i = 0; i < len; i += 1) sum += Number(digits[i]) * (len + 1 - i);
    const r = (sum * 10) % 11;
    return (r === 10 ? 0 : r) === Number(digits[len]);
  };
  return check(9) && check(10);
}

export function cnpjValid(digits: string): boolean {
  if (!/^\d{14}$/.test(digits) || /^(\d)\1{13}$/.test(digits)) return false;
  const check = (len: number) => {
    const weights = len === 12 ? [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const sum = weights.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
    const r = sum % 11;
    return (r < 2 ? 0 : 11 - r) === Number(digits[len]);
  };
  return check(12) && check(13);
}

/** ISO 13616: country, check digits, then the account; valid when the rearranged number mod 97 is 1. */
export function ibanValid(iban: string): boolean {
  const s = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem === 1;
}

// ---------------------------------------------------------------------------------------------
// Text helpers

const ACCENTS: Record<string, string> = {};
for (const [plain, marked] of Object.entries({ a: 'áàâãäå', e: 'éèêë', i: 'íìîï', o: 'óòôõö', u: 'úùûü', c: 'ç', n: 'ñ', y: 'ýÿ' })) {
  for (const ch of marked) ACCENTS[ch] = plain;
}
/** Lower case without accents, same length as the input (so offsets carry over). */
function fold(s: string): string {
  const lower = s.toLowerCase();
  if (lower.length !== s.length) return s; // a rare letter whose lower case is longer: leave as is
  if (!/[^ -~]/.test(lower)) return lower;
  // Latin-1 from the table; other Latin letters (Turkish, Polish, Vietnamese, Romanian: "gülşen", "łukasz", "nguyễn")
  // by their base letter, one character for one so offsets stay true.
  return lower.replace(/[à-ÿ]/g, (ch) => ACCENTS[ch] ?? ch).replace(/[\u0100-\u024f\u1e00-\u1eff]/g, (ch) => OTHER_LATIN[ch] ?? baseLetter(ch));
}
const OTHER_LATIN: Record<string, string> = { 'ı': 'i', 'ł': 'l', 'đ': 'd', 'ħ': 'h', 'ŧ': 't', 'ŀ': 'l' };
const baseLetter = (ch: string): string => {
  const b = ch.normalize('NFD').replace(/\p{M}/gu, '');
  return b.length === 1 ? b : ch;
};

const onlyDigits = (s: string) => s.replace(/\D/g, '');

type Token = { s: number; e: number; raw: string; f: string; cap: boolean; digits: boolean };
const TOKEN = /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*|\d+/gu;

function tokenize(text: string, folded: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const s = m.index;
    const e = s + m[0].length;
    const c = m[0].charAt(0);
    out.push({ s, e, raw: m[0], f: folded.slice(s, e), cap: c !== c.toLowerCase(), digits: c >= '0' && c <= '9' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Detection

/** The PII spans of `text`: sorted, non-overlapping, offsets into `text`. */
export function detectPii(text: string, lang: RedactLanguage, options: RedactOptions = {}): PiiSpan[] {
  if (!text) return [];
  const folded = fold(text);
  const tokens = tokenize(text, folded);
  const cands: PiiSpan[] = [];
  const add = (start: number, end: number, kind: PiiKind) => {
    if (end > start) cands.push({ start, end, kind });
  };
  if (text.includes('@')) writtenEmails(text, add);
  spokenEmails(text, tokens, add);
  if (text.includes('-')) uuids(text, add);
  ibans(text, add);
  addresses(text, folded, lang, add);
  const addressSpans = cands.filter((c) => c.kind === 'address');
  writtenNumbers(text, folded, addressSpans, add);
  spokenNumbers(text, folded, tokens, lang, addressSpans, add);
  names(text, folded, tokens, lang, options.names ?? [], add);
  return resolve(text, cands);
}

/** Strongest first; a span overlapping an accepted one is dropped; names next to names merge. */
function resolve(text: string, cands: PiiSpan[]): PiiSpan[] {
  cands.sort((a, b) => PRIORITY[b.kind] - PRIORITY[a.kind] || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: PiiSpan[] = [];
  for (const c of cands) {
    const clash = kept.filter((k) => c.start < k.end && k.start < c.end);
    if (clash.length === 0) kept.push(c);
    else if (c.kind === 'name') {
      // A name that ran into an e-mail or a number keeps the part before it.
      const cut = Math.min(...clash.map((k) => k.start));
      const head = text.slice(c.start, cut).replace(/[\s,.;:-]+$/, '');
      if (cut > c.start && /\p{L}{2}/u.test(head)) kept.push({ ...c, end: c.start + head.length });
    }
  }
  kept.sort((a, b) => a.start - b.start);
  const merged: PiiSpan[] = [];
  for (const s of kept) {
    const prev = merged[merged.length - 1];
    if (prev && prev.kind === s.kind && s.kind === 'name' && /^\s+$/.test(text.slice(prev.end, s.start))) prev.end = s.end;
    else merged.push({ ...s });
  }
  return merged;
}

// --- e-mail -----------------------------------------------------------------------------------

// An apostrophe may sit inside the local part ("kate_o'neil@mail.ie", RFC 5322 allows it).
const EMAIL = /[\p{L}\p{N}._%+-]+(?:'[\p{L}\p{N}._%+-]+)* ?@ ?[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
function writtenEmails(text: string, add: (s: number, e: number, k: PiiKind) => void): void {
  for (const m of text.matchAll(EMAIL)) add(m.index, m.index + m[0].length, 'email');
}

const AT_WORDS = new Set(['arroba', 'at']);
const DOT_WORDS = new Set(['ponto', 'dot', 'period']);
const NOT_LOCAL = new Set(['is', 'me', 'us', 'you', 'him', 'her', 'them', 'it', 'email', 'mail', 'address', 'e', 'o', 'a', 'meu', 'seu', 'be', 'are', 'was', 'here', 'there', 'at', 'arroba', 'to', 'ate', 'eu', 'we', 'i', 'and', 'or', 'ou']);
const LOCAL_SEP_WORDS = new Set(['ponto', 'dot', 'period', 'underline', 'underscore', 'traco', 'tracinho', 'hifen', 'dash', 'hyphen']);

/** "carla ponto lima arroba empresa ponto com ponto br", "tom dot baker at example dot org". */
function spokenEmails(text: string, tokens: Token[], add: (s: number, e: number, k: PiiKind) => void): void {
  /** The first of the single letters, one space apart, that end at token k ("f l e t c h e r"). */
  const letterRunStart = (k: number): number => {
    let q = k;
    while (q > 0 && /^[a-z]$/i.test(tokens[q - 1]!.raw) && /^\s$/.test(text.slice(tokens[q - 1]!.e, tokens[q]!.s))) q -= 1;
    return q;
  };
  for (let i = 1; i < tokens.length - 1; i += 1) {
    const at = tokens[i]!;
    const written = text.slice(tokens[i - 1]!.e, at.s).trim() === '@';
    if (!AT_WORDS.has(at.f) && !written) continue;
    // Domain: word (dot word)*, ending in a top-level domain (or a known provider after "arroba").
    const domStart = written ? i : i + 1;
    let j = domStart;
    let end = -1;
    let dots = 0;
    for (;;) {
      const w = tokens[j];
      if (!w || DOT_WORDS.has(w.f) || AT_WORDS.has(w.f)) break;
      if (dots > 0 && TLDS.has(w.f)) end = j;
      if (dots > 0 && w.f === 'be' && tokens[j + 1]?.f === 'erre') end = j + 1; // spoken "ponto bê erre" 
      const gap = tokens[j + 1] ? text.slice(w.e, tokens[j + 1]!.s) : '';
      if (gap === '.' && tokens[j + 1]) {
        dots += 1;
        j += 1;
        continue;
      }
      const next = tokens[j + 1];
      // "padaria bom pao ponto com": spoken domains may hold spaces (up to three words).
      if (next && !DOT_WORDS.has(next.f) && dots === 0 && j - domStart < 2 && /^\s+$/.test(gap) && !NOT_LOCAL.has(next.f) && !(TLDS.has(next.f) && next.f.length <= 3)) {
        const look = tokens.slice(j + 2, j + 4).some((x) => DOT_WORDS.has(x.f)) || text.slice(next.e, next.e + 1) === '.';
        if (look) {
          j += 1;
          continue;
        }
      }
      if (next && DOT_WORDS.has(next.f) && /^\s+$/.test(gap) && tokens[j + 2] && /^\s+$/.test(text.slice(next.e, tokens[j + 2]!.s))) {
        dots += 1;
        j += 2;
        continue;
      }
      break;
    }
    if (end < 0 && (at.f === 'arroba' || written) && tokens[domStart] && MAIL_PROVIDERS.has(tokens[domStart]!.f)) end = domStart;
    if (end < 0) continue;
    // Local part: word ((dot|underline…) word)* right before the "at".
    let k = i - 1;
    // "anapaula tudo junto arroba …", "johnsmith all one word at …": the spelling hint is part of what is masked.
    const hint = [['tudo', 'junto'], ['all', 'one', 'word'], ['one', 'word'], ['no', 'spaces']].find((h) => h.every((w, q) => tokens[k - h.length + 1 + q]?.f === w));
    if (hint && tokens[k - hint.length]) k -= hint.length;
    // "j o s e arroba …": a local part spelled letter by letter (its letters may be words alone: "e", "a").
    const spelled = tokens[k] && /^[a-z]$/i.test(tokens[k]!.raw) ? k - letterRunStart(k) + 1 : 0;
    // "contact dash us at …": a word that is no local part alone may follow a separator word.
    const afterSep = tokens[k - 1] && tokens[k - 2] && LOCAL_SEP_WORDS.has(tokens[k - 1]!.f) && !LOCAL_SEP_WORDS.has(tokens[k - 2]!.f) && !NOT_LOCAL.has(tokens[k - 2]!.f);
    if (!tokens[k] || LOCAL_SEP_WORDS.has(tokens[k]!.f) || (NOT_LOCAL.has(tokens[k]!.f) && !afterSep && spelled < 3)) continue;
    for (;;) {
      const prev = tokens[k - 1];
      const gap = prev ? text.slice(prev.e, tokens[k]!.s) : '';
      // "rahul.sharma2024": letters and digits run together
      if (prev && (/^[._-]$/.test(gap) || gap === '')) {
        k -= 1;
        continue;
      }
      // "ferreira noventa e dois arroba …": a number said with "e"/"and" inside it
      if (prev && (prev.f === 'e' || prev.f === 'and') && isNumberWord(tokens[k]!) && tokens[k - 2] && isNumberWord(tokens[k - 2]!) && !tokens[k - 2]!.digits) {
        k -= 2;
        continue;
      }
      // "s smith eighty seven at …": digits read out at the end of the local part
      if (prev && /^\s+$/.test(gap) && isNumberWord(tokens[k]!) && !tokens[k]!.digits && tokens[k - 2] !== undefined && !NOT_LOCAL.has(prev.f) && !FILLERS.has(prev.f) && !LOCAL_SEP_WORDS.has(prev.f)) {
        k -= 1;
        continue;
      }
      const before = tokens[k - 2];
      if (prev && before && LOCAL_SEP_WORDS.has(prev.f) && /^\s+$/.test(gap) && /^\s+$/.test(text.slice(before.e, prev.s)) && !LOCAL_SEP_WORDS.has(before.f)) {
        k -= 2;
        continue;
      }
      break;
    }
    // "f l e t c h e r at gmail dot com": a local part spelled letter by letter
    if (tokens[k]!.raw.length === 1 && !tokens[k]!.digits) {
      const q = letterRunStart(k);
      if (k - q >= 2) k = q;
    }
    // "t baker at acme dot io": an initial spoken before the local part
    const ini = tokens[k - 1];
    if (ini && ini.raw.length === 1 && !ini.digits && !/^[aeoiéy]$/i.test(ini.raw) && /^\s+$/.test(text.slice(ini.e, tokens[k]!.s))) k -= 1;
    add(tokens[k]!.s, tokens[end]!.e, 'email');
    i = end;
  }
}

// --- PIX random keys, IBAN ----------------------------------------------------------------------

const UUID = /(?<![\p{L}\p{N}])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\p{L}\p{N}])/giu;
function uuids(text: string, add: (s: number, e: number, k: PiiKind) => void): void {
  for (const m of text.matchAll(UUID)) add(m.index, m.index + m[0].length, 'pix');
}

const IBAN = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,8}(?: ?[A-Za-z0-9]{1,3}){0,2}(?![\p{L}\p{N}])/gu;
function ibans(text: string, add: (s: number, e: number, k: PiiKind) => void): void {
  for (const m of text.matchAll(IBAN)) {
    // Drop trailing groups until the checksum holds (a word after the number may have joined).
    let s = m[0];
    for (;;) {
      if (ibanValid(s)) {
        add(m.index, m.index + s.length, 'iban');
        break;
      }
      const cut = s.lastIndexOf(' ');
      if (cut < 8) break;
      s = s.slice(0, cut);
    }
  }
}

// --- street addresses ---------------------------------------------------------------------------

const NUM_WORDS_PT =
  'zero|um|uma|dois|duas|tr[eê]s|quatro|cinco|seis|sete|oito|nove|dez|onze|doze|treze|quatorze|catorze|quinze|dezesseis|dezessete|dezoito|dezenove|vinte|trinta|quarenta|cinquenta|sessenta|setenta|oitenta|noventa|cem|cento|duzentos|trezentos|quatrocentos|quinhentos|seiscentos|setecentos|oitocentos|novecentos|mil';
const NUM_WORDS_EN =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|oh';
const ANY_NUMBER_WORD = new RegExp(`(?<![\\p{L}])(?:${NUM_WORDS_PT}|${NUM_WORDS_EN})(?![\\p{L}])`, 'iu');
const SPOKEN_NUMBER = `(?:(?:${NUM_WORDS_PT}|${NUM_WORDS_EN})(?![\\p{L}])(?:(?:\\s+e\\s+|\\s+and\\s+|[\\s-]+)(?:${NUM_WORDS_PT}|${NUM_WORDS_EN})(?![\\p{L}])){0,6})`;
const ORDINAL_PT = String.raw`(?:(?:d[ée]cimo|vig[ée]simo|trig[ée]simo)(?:\s+(?:primeiro|segundo|terceiro|quarto|quinto|sexto|s[ée]timo|oitavo|nono))?|primeiro|segundo|terceiro|quarto|quinto|sexto|s[ée]timo|oitavo|nono)`;
const ORDINAL_EN = '(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|ground|top)';
const COMPLEMENT_PT = String.raw`(?:\s*[,\-–]?\s*(?:apto?\.?|apartamento|ap\.?|sala|sl\.?|bloco|bl\.?|conjunto|conj\.?|cj\.?|casa|lote|lt\.?|quadra|qd\.?|torre|loja|fundos|km|galp[ãa]o|armaz[ée]m|box|dep[óo]sito|sobreloja|cobertura|casa\s+de\s+fundos|pr[ée]dio|edif[íi]cio|bloco)(?![\p{L}])\s*(?:n[º°o]\.?\s*(?=\d))?(?:\d{1,5}[a-z]?|norte|sul|leste|oeste|[a-z](?![\p{L}])|${SPOKEN_NUMBER})?|\s*[,\-–]?\s*(?:\d{1,3}\s*[º°o]?|${ORDINAL_PT})\s*andar|\s*[,\-–]?\s*t[ée]rreo)`;
const STREET_PT = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:rua|r\.|avenida|av\.?|alameda|al\.|travessa|tv\.|trav\.|estrada|estr\.|rodovia|rod\.|pra[çc]a|p[çc]a\.|largo|ladeira|viela|beco|servid[ãa]o|condom[íi]nio|residencial|loteamento)\s+` +
    String.raw`((?:[\p{L}\p{N}'’.-]+\s+){0,6}?[\p{L}'’.-]+)\s*,?\s*(?:-\s*)?(?:(?:n[º°o]\.?|n\.|número|numero)\s*)?(\d{1,2}\.\d{3}(?![\p{L}\p{N}])|\d{1,5}[a-z]?(?![\p{L}\p{N}])|km\s*\d{1,4}(?:[.,]\d)?(?![\p{L}\p{N}])|s\/n(?![\p{L}])|sem n[uú]mero|${SPOKEN_NUMBER}(?![\p{L}])(?!\s+d[eoa]s?\s))` +
    `(?:${COMPLEMENT_PT})*`,
  'giu',
);
const STREET_EN = new RegExp(
  String.raw`(?<![\p{L}\p{N}:])(?:(?:(?:apt\.?|apartment|flat|suite|ste\.?|unit|level|floor|fl\.?|building|bldg\.?|block|shop)\s*#?\s*\d{1,5}[a-z]?(?=\s*,?\s+|\s?\/)|(?:\d{1,3}(?:st|nd|rd|th)|${ORDINAL_EN})\s+floor)(?:\s*,?\s+|\s?\/\s?))?((?:\d{1,4}[a-z]?\s?\/\s?)?\d{1,6}(?:[a-z]|\s[a-h](?=\s))?(?:\s?[-–]\s?\d{1,5}[a-z]?)?|${SPOKEN_NUMBER})\s+((?:[\p{L}\p{N}'’.-]+\s+){0,3}?[\p{L}\p{N}'’.-]+)\s+(?:street|st\.?|avenue|ave\.?|road|rd\.?|boulevard|blvd\.?|lane|ln\.?|drive|dr\.?|way|court|ct\.?|place|pl\.?|terrace|highway|hwy\.?|parkway|pkwy\.?|circle|square|loop|plaza|crescent|trail|row|alley|pike|turnpike|expressway|freeway|walk|close|mews|gardens|grove|quay|wharf|esplanade|causeway|crossing|commons|ridge|heights|parade)(?![\p{L}])` +
    String.raw`(?:\s+(?:street|st\.?|avenue|ave\.?|road|rd\.?|boulevard|blvd\.?|lane|ln\.?|drive|dr\.?|court|ct\.?|place|pl\.?|way|circle|cir\.?|terrace|parkway|pkwy\.?|highway|hwy\.?|trail|loop|plaza|square|crescent|row|pike|walk|close)(?![\p{L}]))?(?:\s+(?:nw|ne|sw|se|n\.w\.|n\.e\.|s\.w\.|s\.e\.|northwest|northeast|southwest|southeast|upper|lower)(?![\p{L}])|\s+(?:[NSEW]|north|south|east|west)(?=\s*(?:$|[,.;]))|\s+[nsew](?=\s*,?\s*(?:suite|ste|apt|unit|#|floor)(?![\p{L}])))?(?:\s*,?\s*(?:apt\.?|apartment|flat|suite|ste\.?|unit|floor|fl\.?|room|bldg\.?|building|tower|dock|bay|#)\s*#?\s*(?:\d{1,5}[a-z]?|[a-z](?![\p{L}])|${SPOKEN_NUMBER})|\s*,?\s*\d{1,3}(?:st|nd|rd|th)\s+floor)*`,
  'giu',
);
// "travessa da paz, casa 3", "rua das flores, lote 12": a street and a complement, no house number.
const STREET_PT_COMPLEMENT = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:rua|r\.|avenida|av\.?|alameda|al\.|travessa|tv\.|trav\.|estrada|estr\.|viela|beco|servid[ãa]o)\s+((?:[\p{L}'’.-]+\s+){0,5}?[\p{L}'’.-]+)\s*,\s*(?=(?:casa|lote|lt\.?|quadra|qd\.?|bloco|apto?\.?|apartamento|sala|loja)\s+(?:\d|[a-z](?![\p{L}])|${NUM_WORDS_PT}))` + `(?:${COMPLEMENT_PT})+`,
  'giu',
);
// Goiânia and Palmas style: a street named by a number, then the house number ("Rua 15, nº 230", "Avenida T-9, 1200").
const STREET_PT_NUMBERED = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:rua|r\.|avenida|av\.?|alameda|al\.|travessa|rodovia|rod\.|estrada|estr\.)\s+(?:[a-z]{1,2}-?)?\d{1,3}[a-z]?(?:\s*,\s*(?:(?:n[º°o]\.?|n\.|número|numero)\s*)?\d{1,5}(?![\p{L}\p{N}])|(?=\s*,?\s*(?:casa|lote|quadra|qd|bloco|apto?|sala)(?![\p{L}])))` + `(?:${COMPLEMENT_PT})*`,
  'giu',
);
// Cheap gates: the full patterns run only on lines that name a street type.
const STREET_TYPE_PT = /(?<![\p{L}])(?:rua|r\.|av|avenida|alameda|al\.|travessa|tv\.|trav\.|estrada|estr\.|rodovia|rod\.|pra[çc]a|p[çc]a\.|largo|ladeira|viela|beco|servid[ãa]o|condom[íi]nio|residencial|loteamento)(?![\p{L}])/iu;
const STREET_TYPE_EN = /(?<![\p{L}])(?:street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl|terrace|highway|hwy|parkway|pkwy|circle|square|loop|plaza|crescent|trail|row|alley|pike|turnpike|expressway|freeway|walk|close|mews|gardens|grove|quay|wharf|esplanade|causeway|crossing|commons|ridge|heights|parade)(?![\p{L}])/iu;
// "1578 Broadway", "Route 9, mile 72": a street without a type word, and a highway's milepost.
const STREET_EN_BARE = /(?<![\p{L}\p{N}])\d{1,6}\s+(?:broadway|(?!(?:any|half|mid|give|sub|rail|run|high|door|hall|path|free|motor|gate|drive|stair|walk|fair|take|get|throw|car|air|water|express|speed|gang|hide|some|no|one|two|each|right|side|break|park)way)\p{L}{3,}way)(?![\p{L}])(?:\s*,?\s*(?:apt\.?|flat|suite|ste\.?|unit|floor|fl\.?|room|#)\s*#?\s*\d{1,5}[a-z]?)*|(?<![\p{L}\p{N}])(?:route|rte\.?|highway|hwy\.?|interstate)\s+\d{1,4}\s*,?\s*(?:mile|exit)\s+\d{1,4}/giu;
// "house number 56, mg road", "door no. 12/3, gandhi street", "plot no 7, sector 5 road": the number named, then a comma.
const HOUSE_NO_EN = new RegExp(
  String.raw`(?<![\p{L}])(?:house|door|plot|flat|shop)\s+(?:number|no\.?|#)\s*\d{1,5}[a-z]?(?:\/\d{1,4})?\s*,\s*(?:((?:[\p{L}\p{N}'’.-]+\s+){0,3}?[\p{L}\p{N}'’.-]+)\s+(?:street|st\.?|avenue|ave\.?|road|rd\.?|lane|ln\.?|main|cross|nagar|marg|colony|layout|block)(?![\p{L}])|(?:sector|phase|block)\s+\d{1,3}[a-z]?(?![\p{L}\p{N}]))(?:\s*,\s*\d{1,3}(?:st|nd|rd|th)\s+(?:cross|main)(?:\s+road)?(?![\p{L}]))*`,
  'giu',
);
// A house number on a numbered road: "1200 Route 22", "45 Highway 7", "100 County Road 12", "9 State Route 4".
const ROUTE_EN = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:\d{1,6}|${SPOKEN_NUMBER})\s+(?:(?:county|state|us|farm to market)\s+)?(?:route|rte\.?|highway|hwy\.?|road|rd\.?)\s+(?:\d{1,4}[a-z]?|${SPOKEN_NUMBER})(?![\p{L}\p{N}])(?:\s+(?:north|south|east|west)(?![\p{L}]))?`,
  'giu',
);
/**
 * A UK postcode, a ZIP's kind: the outward code (one or two letters, a digit, an optional letter
 * or digit) and the inward code (a digit and two letters, never C, I, K, M, O or V), in upper
 * case ("SW1A 2AA", "M1 1AE") or in a transcript's lower case ("ec1a 1bb").
 */
const UK_POSTCODE = /(?<![\p{L}\p{N}])[a-pr-uwyz][a-hk-y]?\d[a-hjkmnps-y\d]? ?(\d[abd-hjlnp-uw-z]{2})(?![\p{L}\p{N}])/giu;
const UK_POSTCODE_CUE = /(?:post ?code|postal code|zip(?: code)?)(?:\s+(?:is|e|eh|é))?[\s:]*$/i;
// What may stand before a lower-case postcode as its town: a word that is no function word or cue for a code.
const UK_TOWN_BEFORE = /(?<![\p{L}])(?!(?:is|the|a|an|of|in|at|on|to|and|or|for|number|no|code|id|ref|part|model|serial|sku|item|version|order|room|gate|seat|flight|e|o|de|do|da|em|no|na)\b)\p{L}{2,},?\s+$/iu;
/**
 * Canada's postal code (letter, digit, letter, digit, letter, digit: "M5V 2T6", "v6b 1a1"; no D, F,
 * I, O, Q or U) and Ireland's Eircode (a routing key "D02", "A65" or "D6W", then four letters and
 * digits: "D02 X285"). Both are taken after a cue or a town, like a UK postcode; an Eircode whose
 * last four are all digits only after a cue ("flight A12 3456" is not one).
 */
const CA_POSTCODE = /(?<![\p{L}\p{N}])[abceghj-nprstvxy]\d[abceghj-nprstv-z] ?\d[abceghj-nprstv-z]\d(?![\p{L}\p{N}])/giu;
const CA_PROVINCE_BEFORE = /(?:^|[^\p{L}])(?:on|qc|bc|ab|mb|sk|ns|nb|nl|pe|pei|yt|nu|ontario|quebec|québec|alberta|manitoba|saskatchewan|nova scotia|new brunswick|newfoundland|british columbia)\s*,?\s*$/iu;
const EIRCODE = /(?<![\p{L}\p{N}])(?:[acdefhknprtvwxy]\d{2}|d6w) ?([0-9acdefhknprtvwxy]{4})(?![\p{L}\p{N}])/giu;
const EIRCODE_CUE = /(?:eircode|post ?code|postal code|zip(?: code)?)(?:\s+(?:is|e|eh|é))?[\s:]*$/i;
/**
 * Australia's four-digit postcode after its state ("sydney nsw 2000", "Perth WA 6000", "melbourne
 * victoria 3000") and India's six-digit PIN after "pin code" or a city or state ("bangalore 560 001",
 * "Mumbai - 400001"). "wa", "sa", "nt" and "act" are words or US states in lower case: capitals only.
 */
const AU_STATES = 'nsw|vic|qld|tas|new south wales|victoria|queensland|tasmania|south australia|western australia|northern territory|australian capital territory';
const AU_POSTCODE = new RegExp(String.raw`(?<![\p{L}])(?:${AU_STATES})\s*,?\s*(\d{4})(?![\p{N}])`, 'giu');
const AU_POSTCODE_CITY = /(?<![\p{L}])(?:(?:perth|fremantle|mandurah|bunbury|broome|adelaide|glenelg|darwin|canberra)\s*,?\s+(?:wa|sa|nt|act)|sydney|melbourne|brisbane|perth|adelaide|hobart|darwin|canberra|parramatta|bondi|surry hills|fremantle|geelong|wollongong|newcastle nsw|gold coast)\s*,?\s*(\d{4})(?![\p{N}])/giu;
const AU_POSTCODE_CAPS = /(?<![\p{L}])(?:WA|SA|NT|ACT)\s*,?\s*(\d{4})(?![\p{N}])/gu;
const IN_PLACES =
  'mumbai|bombay|new delhi|delhi|bangalore|bengaluru|chennai|madras|hyderabad|kolkata|calcutta|pune|ahmedabad|jaipur|surat|lucknow|kochi|cochin|noida|gurgaon|gurugram|chandigarh|indore|bhopal|nagpur|coimbatore|mysore|mysuru|vadodara|thane|visakhapatnam|karnataka|maharashtra|tamil nadu|kerala|telangana|gujarat|rajasthan|haryana|punjab|west bengal|uttar pradesh|andhra pradesh|madhya pradesh|odisha|goa';
const IN_PIN = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:pin ?code|pincode|postal index number)(?:\s+(?:is|number|no\.?))?[\s:#-]*|(?:${IN_PLACES})\s*[,–-]?\s*)([1-8]\d{2} ?\d{3})(?![\p{N}])|(?<![\p{L}\p{N}])([1-8]\d{2} ?\d{3})\s*,?\s*(?=(?:${IN_PLACES})(?![\p{L}]))`,
  'giu',
);
const PO_BOX = new RegExp(String.raw`(?<![\p{L}])(?:p\.?\s?o\.?\s+box|caixa postal)\s+(?:\d{1,6}|${SPOKEN_NUMBER}(?![\p{L}]))`, 'giu');

// "quadra doze lote oito", "conjunto três casa catorze", "qd 5 lt 12": a block and at least one complement, spoken or written.
const BLOCK_SPOKEN_PT = new RegExp(
  String.raw`(?<![\p{L}])(?:quadra|qd\.?|q\.|conjunto|conj\.?|(?:shis|shin|shls|shln|sqs|sqn|sqsw|sqnw|shces|scs|scn|sbs|sbn|seps|sepn|sgas|sgan|smpw|smdb|shcs|shcn|cln|cls|crs|crn|qnm|qnn|qnd|qsd)(?:\s+(?:qi|ql|qs|qr|qn))?)\s+(?:\d{1,4}[a-z]?|${SPOKEN_NUMBER})(?![\p{L}\p{N}])(?:\s*,?\s*(?:lote|lt\.?|casa|bloco|conjunto|apto?\.?|apartamento)\s+(?:\d{1,4}[a-z]?|[a-z](?![\p{L}])|${SPOKEN_NUMBER}(?![\p{L}])))+`,
  'giu',
);
const NUMBER_NAME = new RegExp(`^(?:${NUM_WORDS_PT})$`);
// Brasília and Palmas addresses: a sector or block code and a number, then at least one complement
// ("SHIS QI 15 conjunto 8 casa 12", "SQN 104 bloco A apto 302", "Quadra 104 Norte, Alameda 12, lote 5").
const BLOCK_ADDRESS = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(?:SHIS|SHIN|SHLS|SHLN|SQS|SQN|SQSW|SQNW|SHCES|SCS|SCN|SBS|SBN|SEPS|SEPN|SGAS|SGAN|SMPW|SMDB|SHCS|SHCN|CLN|CLS|CRS|CRN|QI|QL|QS|QR|QN|QNM|QNN|QE|QND|QSD)(?:\s+(?:QI|QL|QS|QR|QN))?|[Qq]uadra|[Qq]d\.?)\s*\d{1,4}[A-Z]?(?:\s+(?:[Nn]orte|[Ss]ul|[Ll]este|[Oo]este))?` +
    String.raw`(?:\s*,?\s*(?:[Cc]onjunto|[Cc]onj\.?|[Cc]j\.?|[Bb]loco|[Bb]l\.?|[Cc]asa|[Ll]ote|[Ll]t\.?|[Aa]pto?\.?|[Aa]partamento|[Aa]lameda|[Aa]l\.?|[Rr]ua|[Aa]venida|[Aa]v\.?|[Ll]oja|[Ss]ala)\s*(?:n[º°o]\.?\s*)?(?:\d{1,4}[A-Za-z]?|[A-Z](?![\p{L}])))+`,
  'gu',
);
const STREET_STOP = new Set(
  'e que com para pra em no na nos nas ha tem foi vai era sao eu voce ele ela a o os as um uma por mas ou se the of to on in at and or is are was were we i you they it with for from by my our your their this that these those more than about into'.split(' '),
);
/** Street names are words, not clauses: no function word may appear among them. */
const streetName = (name: string, lang: 'pt' | 'en'): boolean => {
  const raw = name.split(/\s+/);
  const ws = fold(name).split(/\s+/);
  if (ws.length === 0) return false;
  if (lang === 'pt' && PARTICLES.has(ws[0]!)) return ws.length > 1;
  // "Rua São Bento", "rua são joão": 'são' (also "are") is a saint's title when a word follows it and it is
  // capitalised or opens the name; "201 E Randolph St": a capital compass letter, not the Portuguese 'e'.
  const saint = (w: string, k: number) => w === 'sao' && k < ws.length - 1 && (k === 0 || /^\p{Lu}/u.test(raw[k]!));
  const compass = (k: number) => lang === 'en' && (/^[NSEW]{1,2}\.?$/.test(raw[k]!) || (/^[nsew]\.?$/.test(raw[k]!) && k === 0 && /^\d+(?:st|nd|rd|th)$/i.test(raw[k + 1] ?? '')));
  // "Rua Vinte e Cinco de Março": 'e' between two number words is part of a date-named street.
  const spokenDate = (k: number) => ws[k] === 'e' && k > 0 && NUMBER_NAME.test(ws[k - 1]!) && NUMBER_NAME.test(ws[k + 1] ?? '');
  return !ws.some((w, k) => STREET_STOP.has(w) && !(lang === 'pt' && k > 0 && PARTICLES.has(w)) && !saint(w, k) && !compass(k) && !spokenDate(k));
};

// Québec: "1200 rue sainte-catherine ouest, bureau 500" (the type before the name; a stop word ends the name).
const STREET_FR_CA = new RegExp(
  String.raw`(?<![\p{L}\p{N}])\d{1,6}\s*,?\s+(?:(?:el|la)\s+)?(?:rue|boulevard|boul\.?|chemin|ch\.|c[ôo]te|avenue(?=\s+(?:of|de|du|des)\s)|av\.|camino|calle|paseo|via)\s+(?:(?!(?:in|at|on|and|or|to|for|near|with|is|was|but|so|suite|unit|apt)(?![\p{L}]))[\p{L}'’.-]+(?:\s+|$)){1,4}(?:(?:est|ouest|nord|sud)(?![\p{L}]))?(?:\s*,?\s*(?:bureau|suite|app\.?|appartement|local|porte|unit[ée])\s*#?\s*\d{1,5}[a-z]?)*`,
  'giu',
);
const COMPASS_STREET_EN = /(?<=(?:^|[^\p{L}])(?:at|address(?: is)?|located at|to|office is|hq is|site is|store is|it is|it's|is at)\s+)\d{1,6}\s+(?:n|s|e|w|north|south|east|west)\.?\s+([\p{L}]{3,})(?![\p{L}\p{N}])/giu;
// "level 5, 80 bishopsgate", "unit 7 - 3500 kingsway": a unit, then a number and one street word with no type.
const UNIT_LED_EN = /(?<![\p{L}])(?:unit|suite|ste\.?|level|floor|flat|apt\.?|apartment|office)\s*#?\s*\d{1,5}[a-z]?\s*[,–-]\s*\d{1,6}\s+([\p{L}'’-]{3,})(?![\p{L}\p{N}])/giu;
// "Unit 9, Riverside Business Park, Station Road", "Flat 602, Sea View Apartments, Carter Road": a unit in a named building on a street.
const UNIT_BUILDING_EN = new RegExp(
  String.raw`(?<![\p{L}])(?:flat|unit|suite|apt\.?|apartment|shop|office)\s*#?\s*\d{1,5}[a-z]?\s*,\s*(?:[\p{L}'’.-]+\s+){0,4}(?:apartments|business park|industrial estate|house|tower|towers|building|court|centre|center|plaza|mansions|estate|complex|chambers|residency|enclave)\s*,\s*(?:[\p{L}'’.-]+\s+){0,3}(?:street|st\.?|road|rd\.?|lane|avenue|ave\.?|way|drive)(?![\p{L}])`,
  'giu',
);
const UNIT_BEFORE_EN = new RegExp(String.raw`(?<![\p{L}])(?:(?:unit|suite|ste\.?|level|floor|flat|apt\.?|apartment|building|bldg\.?|office|shop)\s*#?\s*\d{1,5}[a-z]?|(?:\d{1,3}(?:st|nd|rd|th)|${ORDINAL_EN})\s+floor)\s*[,–-]\s*$`, 'iu');
const CONDO_BEFORE_PT = /(?<![\p{L}])(?:condom[íi]nio|residencial|edif[íi]cio|ed\.|conjunto)\s+(?:[\p{L}\p{N}'’.-]+\s*){1,4},\s*$/iu;
// What may sit between an address and its postcode: up to three town words ("san francisco", "dublin 2", "toronto on").
const POSTCODE_AFTER_ADDRESS = new RegExp(
  String.raw`^(?:\s*,?\s*(?!(?:and|we|have|has|had|the|is|was|for|to|of|with|by|at|in|on|it|i|you|they|our|about|over|only|just|will|since|from|until|next|suite|unit|apt|floor|room|order|ticket|invoice)(?![\p{L}]))[\p{L}'’.-]{2,}(?:\s+\d{1,2}(?![\p{L}\p{N}]))?){0,3}?\s*,?\s*(?:-\s*)?` +
    String.raw`(\d{5}(?:-\d{4})?|[abceghj-nprstvxy]\d[abceghj-nprstv-z] ?\d[abceghj-nprstv-z]\d|[a-pr-uwyz][a-hk-y]?\d[a-hjkmnps-y\d]? ?\d[abd-hjlnp-uw-z]{2}|(?:[acdefhknprtvwxy]\d{2}|d6w) ?[0-9acdefhknprtvwxy]{4}|[1-8]\d{2} ?\d{3}|\d{4})(?![\p{L}\p{N}])`,
  'iu',
);
const STREET_COUNT_AFTER = /^\s+(?:stores|shops|firms|banks|companies|locations|branches|offices|retailers|brands|restaurants|outlets|traders|investors|analysts|businesses|clients|customers|journal|journals|executives|types|veterans)\b/;
const TIME_UNITS = new Set('minute minutes min mins hour hours hr hrs second seconds day days mile miles km block blocks'.split(' '));

function addresses(text: string, folded: string, lang: RedactLanguage, addOut: (s: number, e: number, k: PiiKind) => void): void {
  if (!/\d|n[uú]mero|s\/n/i.test(text) && !ANY_NUMBER_WORD.test(text)) return;
  const found: PiiSpan[] = [];
  const add = (start: number, end: number, kind: PiiKind) => void found.push({ start, end, kind });
  // A rejected match is retried one character later ("at 3 pm at 55 Water Street").
  const scan = (re: RegExp, ok: (m: RegExpExecArray) => boolean) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (ok(m)) add(m.index, m.index + m[0].length, 'address');
      else re.lastIndex = m.index + 1;
    }
  };
  if (STREET_TYPE_PT.test(text)) scan(STREET_PT, (m) => streetName(m[1]!, 'pt'));
  if (STREET_TYPE_PT.test(text)) scan(STREET_PT_COMPLEMENT, (m) => streetName(m[1]!, 'pt'));
  if (STREET_TYPE_PT.test(text)) for (const m of text.matchAll(STREET_PT_NUMBERED)) add(m.index, m.index + m[0].length, 'address');
  if (/\b(?:[A-Z]{2,5}|[Qq]uadra|[Qq]d)\b/.test(text)) for (const m of text.matchAll(BLOCK_ADDRESS)) add(m.index, m.index + m[0].length, 'address');
  if (/quadra|qd|q\.|conj|sq|sh|sc|sb|se|sg|sm|cl|cr|qn|qs/i.test(folded)) for (const m of text.matchAll(BLOCK_SPOKEN_PT)) add(m.index, m.index + m[0].length, 'address');
  // "500 units on the road": the house number must not be a count of something; "5 high street stores",
  // "40 wall street firms", "a 30 minute drive": a count of shops or firms, a distance in time.
  const countOf = (m: RegExpExecArray) => /^\d+(?:\s[a-h])?$/.test(m[1]!) && (STREET_COUNT_AFTER.test(folded.slice(m.index + m[0].length, m.index + m[0].length + 16)) || TIME_UNITS.has(fold(m[2]!.split(/\s+/).pop()!)));
  // "14 The Crescent", "2 the close": a British street whose name is the type word after "the".
  // (Capitalised, or ending the clause: "at 5 the square was empty" is a time.)
  const theStreet = (m: RegExpExecArray) =>
    /^the$/i.test(m[2]!) && /(?:crescent|close|mews|parade|grove|square|terrace|avenue|drive|strand|walk)\s*$/i.test(m[0]) && (m[2] === 'The' || /^\s*(?:$|[,.;])/.test(text.slice(m.index + m[0].length)));
  const countedWord = (m: RegExpExecArray) => /^\d+$/.test(m[1]!) && !/^[NSEW]{1,2}\.?$/.test(m[2]!.split(/\s+/)[0]!) && !/^[nsew]\.?\s+\d+(?:st|nd|rd|th)\b/i.test(m[2]!) && NOT_NAMES.has(fold(m[2]!.split(/\s+/)[0]!));
  if (STREET_TYPE_EN.test(text)) scan(STREET_EN, (m) => !countOf(m) && (theStreet(m) || (streetName(m[2]!, 'en') && !countedWord(m))));
  if (/house|door|plot|flat|shop/.test(folded)) scan(HOUSE_NO_EN, (m) => m[1] === undefined || streetName(m[1], 'en'));
  if (/way|mile|exit/.test(folded)) for (const m of text.matchAll(STREET_EN_BARE)) add(m.index, m.index + m[0].length, 'address');
  if (/box|postal/i.test(folded)) for (const m of text.matchAll(PO_BOX)) add(m.index, m.index + m[0].length, 'address');
  if (/route|rte|highway|hwy|road|rd/.test(folded)) for (const m of text.matchAll(ROUTE_EN)) add(m.index, m.index + m[0].length, 'address');
  // …after a postcode cue, or a town ("London SW1A 2AA", "london sw1a 1aa"), not after "part number is";
  // an inward part that reads as an ordinal or a unit ("q2 2nd", "i7 8gb") is not one.
  const preOf = (at: number) => text.slice(Math.max(0, at - 30), at);
  const townOrCue = (pre: string, cue: RegExp) => cue.test(pre) || /\p{Lu}\p{Ll}+,?\s+$/u.test(pre) || UK_TOWN_BEFORE.test(pre);
  for (const m of text.matchAll(UK_POSTCODE)) {
    const pre = preOf(m.index);
    if (/^\d(?:st|nd|rd|th|gb|tb|kb|hz|hp|lb|ft|yd)$/i.test(m[1]!) && !UK_POSTCODE_CUE.test(pre)) continue;
    if (townOrCue(pre, UK_POSTCODE_CUE)) add(m.index, m.index + m[0].length, 'cep');
  }
  for (const m of text.matchAll(CA_POSTCODE)) {
    const pre = preOf(m.index);
    if (townOrCue(pre, UK_POSTCODE_CUE) || CA_PROVINCE_BEFORE.test(pre)) add(m.index, m.index + m[0].length, 'cep');
  }
  for (const m of text.matchAll(EIRCODE)) {
    const pre = preOf(m.index);
    if (EIRCODE_CUE.test(pre) || (/\p{L}/u.test(m[1]!) && townOrCue(pre, EIRCODE_CUE))) add(m.index, m.index + m[0].length, 'cep');
  }
  if (/rue|boul|chemin|c[ôo]te|camino|calle|paseo|via|avenue of/i.test(text)) scan(STREET_FR_CA, () => true);
  // "it is 25 north wacker", "the new site is 500 w madison": Chicago's compass streets, after a place cue.
  if (/\d/.test(text)) scan(COMPASS_STREET_EN, (m) => !STREET_STOP.has(fold(m[1]!)) && !NOT_NAMES.has(fold(m[1]!)) && !/^(?:american|african|european|asian|carolina|dakota|america|coast|side|end|shore|facing|bound|ward)$/i.test(m[1]!));
  if (/unit|suite|ste|level|floor|flat|apt|apartment|office/i.test(text)) {
    scan(UNIT_LED_EN, (m) => !NOT_NAMES.has(fold(m[1]!)) && !STREET_STOP.has(fold(m[1]!)) && !NUMBER_WORDS.has(fold(m[1]!)));
    scan(UNIT_BUILDING_EN, () => true);
  }
  if (/\d{3}/.test(text)) {
    for (const m of [...text.matchAll(AU_POSTCODE), ...text.matchAll(AU_POSTCODE_CAPS), ...text.matchAll(AU_POSTCODE_CITY)]) if (!PRICE_AFTER.test(folded.slice(m.index + m[0].length, m.index + m[0].length + 16))) add(m.index + m[0].length - m[1]!.length, m.index + m[0].length, 'cep');
    for (const m of text.matchAll(IN_PIN)) {
      const pin = m[1] ?? m[2]!;
      const at = m[1] ? m.index + m[0].length - pin.length : m.index;
      add(at, at + pin.length, 'cep');
    }
  }
  for (const f of found) {
    if (f.kind !== 'address') continue;
    // "Unit 9, " / "level 5 - " / "Condomínio Residencial Ipês, " before an address belongs to it.
    const pre = text.slice(Math.max(0, f.start - 60), f.start);
    const lead = (lang === 'pt' ? CONDO_BEFORE_PT : UNIT_BEFORE_EN).exec(pre);
    if (lead) f.start -= lead[0].length;
    // A postcode right after an address, or after its town ("… 3b 60614", "… dublin 2 D02 X285", "… sydney 2000").
    if (lang === 'en') {
      const post = POSTCODE_AFTER_ADDRESS.exec(text.slice(f.end, f.end + 60));
      if (post && !PRICE_AFTER.test(folded.slice(f.end + post[0].length, f.end + post[0].length + 16))) found.push({ start: f.end + post[0].length - post[1]!.length, end: f.end + post[0].length, kind: 'cep' });
    }
  }
  for (const f of found) addOut(f.start, f.end, f.kind);
}

// --- digit runs: CPF, CNPJ, card, phone, CEP / ZIP -----------------------------------------------

const before = (folded: string, at: number, n = 40) => folded.slice(Math.max(0, at - n), at);

const TICKET_CONTEXT =
  /(?:^|[^a-z])(?:ticket|tickets|pedido|pedidos|protocolo|chamado|nota fiscal|nota|nf|nfe|nf-e|order|orders|invoice|invoices|case|caso|os|ordem|fatura|boleto|contrato|contract|agreement|proposta|proposal|quote|cotacao|orcamento|processo|sku|lote|serial|serie|po|ref|referencia|reference|tracking|rastreio|codigo|codigo de barras|linha digitavel|code|matricula|id|conta|account|agencia|versao|version|build|release|v|modelo|model|item|itens|cupom|coupon|voucher|reserva|booking|confirmation|confirmacao|transacao|transaction|apolice|policy|sinistro|claim)(?:\s+(?:do|da|de|desse|dessa|deste|desta|of|for|the|this|that|your|my|our|seu|sua|meu|minha)\s+[a-z]{3,})?(?:\s+(?:de|do|da|number|no\.?|n[ºo°]\.?|#|numero|num\.?|id|compra|servico|fiscal|eletronica|de compra|code|codigo|is|e|é))*(?:\s+(?:o|a|the))?\s*[:#nº°.-]*\s*$/;
const PRICE_BEFORE = /(?:r\$|us\$|u\$|\$|€|£|usd|brl|eur|gbp)\s*$/;
const PRICE_AFTER = /^\s*(?:%|por cento|percent|reais|real|dolares|dollars|bucks|euros|usd|brl|mil\b|k\b|mi\b|milhoes|milhao|million|billion|bilhoes|x\b|vezes|times|horas|hours|minutos|minutes|dias|days|meses|months|anos|years|usuarios|users|licencas|licenses|seats)/;
const PHONE_WORDS = /(?:area code|ddd|telefone|fone|celular|whats|whatsapp|zap|wpp|ligar|ligue|phone|cell|mobile|landline)/;
const PHONE_CONTEXT = /(?:area code|ddd|telefone|tel|fone|celular|cel|whats|whatsapp|zap|wpp|ligar|liga|ligue|ligacao|contato|fixo|ramal|numero|phone|cell|mobile|call|reach|text|number|sms|landline|fax)/;
const CPF_CONTEXT = /\bcpf\b/;
// "cnpj", and the English ways of naming it on a call ("tax id", "company number", "registration number").
const CNPJ_CONTEXT = /\bcnpj\b|\b(?:tax|taxpayer|company|business|corporate|registration|federal)\s+(?:id|number|no\.?|registration|identification|code)\b/;
const CARD_CONTEXT = /(?:cartao|card|credito|credit|debito|debit|visa|master|amex|elo\b)/;
const CEP_CONTEXT = /(?:\bcep\b|codigo postal|postal code|postcode|zip)/;
const ZIP_STATE = /(?:,\s*|\s)(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)\s*$/;

// The same, as a transcript writes it: a state's name, or a lower-case abbreviation that is no
// English or Portuguese word ("in", "or", "me", "ok", "hi", "oh", "de", "la", "pa", "ma", "ne", "va", "co", "al", "id", "ar" are left out).
const US_STATE_NAMES = [
  'alabama', 'alaska', 'arizona', 'arkansas', 'california', 'colorado', 'connecticut', 'delaware', 'florida', 'georgia', 'hawaii', 'idaho', 'illinois', 'indiana', 'iowa', 'kansas',
  'kentucky', 'louisiana', 'maine', 'maryland', 'massachusetts', 'michigan', 'minnesota', 'mississippi', 'missouri', 'montana', 'nebraska', 'nevada', 'new hampshire', 'new jersey',
  'new mexico', 'new york', 'north carolina', 'north dakota', 'ohio', 'oklahoma', 'oregon', 'pennsylvania', 'rhode island', 'south carolina', 'south dakota', 'tennessee', 'texas',
  'utah', 'vermont', 'virginia', 'washington', 'west virginia', 'wisconsin', 'wyoming',
];
const ZIP_STATE_SPOKEN = new RegExp(
  `(?:^|[^a-z])(?:${[
    ...US_STATE_NAMES,
    'ak', 'az', 'ct', 'fl', 'ga', 'ks', 'ky', 'md', 'mn', 'ms', 'mo', 'mt', 'nv', 'nh', 'nj', 'nm', 'ny', 'nc', 'nd', 'ri', 'sc', 'sd', 'tn', 'tx', 'ut', 'vt', 'wv', 'wi', 'wy', 'dc',
    // the old short forms a caller says ("cambridge mass", "san jose calif"); "ill", "ind", "ore", "wis" are words
    'mass', 'calif', 'penn', 'conn', 'fla', 'colo', 'ariz', 'minn', 'mich', 'tenn', 'okla', 'wash', 'tex',
  ].join('|')})\\s*,?\\s*$`,
);
const ZIP_CUE_IS = /(?:zip|post ?code|postal code)(?: code)?\b[^.?!]{0,30}\s(?:is|was)\s*:?\s*$/;
// Lower-case abbreviations that are words too ("or", "in", "me"…): only after a town, with the ZIP ending the clause.
const ZIP_STATE_AMBIGUOUS = new RegExp(
  `(?:^|[^a-z])(?!(?:the|a|an|to|is|are|was|and|or|of|in|on|at|for|by|with|from|me|us|it|we|you|they|call|text|number|ticket|order|room|version|item|code)\\s)[a-z]{3,}\\s+(?:in|or|me|ok|hi|oh|de|la|pa|ma|ne|va|co|al|id|ar|wa|ca|il|ia)\\s*,?\\s*$`,
);
const MEETING_ID_CONTEXT = /(?:meeting id|webinar id|zoom id|id da reuniao|id da sala|id do zoom|id do meet|codigo da reuniao|passcode|access code|codigo de acesso)(?:\s+(?:do|da|no|na|of|on|in|for)\s+[a-z]+)?(?:\s+(?:is|e|eh|do zoom|da reuniao))?[\s\d:#-]*$/;
// A Brazilian court case number (CNJ: NNNNNNN-DD.AAAA.J.TR.OOOO): a public record, not a phone or a CPF.
const CNJ_CASE = /(?<!\d)\d{7}-\d{2}\.\d{4}\.\d\.\d{2}\.\d{4}(?!\d)/g;
const validDdd = (d: string) => /^[1-9][1-9]/.test(d);

type Shape = { digits: string; groups: number[]; seps: string[]; plus: boolean; spoken: boolean };

/** What a digit run is, from its shape and the words before it; null when it is not PII. */
function classify(shape: Shape, ctx: string, after: string, origBefore: string): PiiKind | null {
  const { digits: d, groups: g, plus } = shape;
  const n = d.length;
  const gs = g.join(',');
  const allSeps = shape.seps.join('');
  if (PRICE_BEFORE.test(ctx) || PRICE_AFTER.test(after)) return null;
  const near = ctx.slice(-28);
  if (plus) return n >= 7 && n <= 15 ? 'phone' : null;
  // Meeting ids and passcodes ("the zoom meeting id is 845 2291 0034", "id da reunião é …"): a room, not a person, whatever the grouping.
  if (MEETING_ID_CONTEXT.test(ctx) && !allSeps.includes('-') && !allSeps.includes('.')) return null;
  // Shapes that are what they look like, checksum or not (transcripts have typos).
  if (gs === '3,3,3,2' || (gs === '9,2' && allSeps.includes('-'))) return 'cpf';
  if (gs === '2,3,3,4,2' || gs === '8,4,2' || gs === '2,6,4,2' || (gs === '12,2' && allSeps.includes('-'))) return 'cnpj';
  if ((gs === '5,3' && /^[-. ]$/.test(allSeps)) || (gs === '2,3,3' && /^\.-$/.test(allSeps))) {
    if (allSeps === '-' || allSeps === '.-' || CEP_CONTEXT.test(near)) return 'cep';
  }
  if ((n === 5 || gs === '5,4') && (CEP_CONTEXT.test(near) || ZIP_STATE.test(origBefore) || ZIP_STATE_SPOKEN.test(near))) return 'cep';
  // "the zip code for the warehouse is 75201"; "seattle wa 98101", "portland or 97205" at the end of what is said
  if ((n === 5 || gs === '5,4') && ZIP_CUE_IS.test(ctx.slice(-50))) return 'cep';
  if ((n === 5 || gs === '5,4') && ZIP_STATE_AMBIGUOUS.test(near) && /^\s*(?:$|[,.;!?)]|usa\b|us\b|united states)/.test(after)) return 'cep';
  if (n === 8 && CEP_CONTEXT.test(near) && !PHONE_CONTEXT.test(near.slice(-12))) return 'cep';
  // Fourteen digits with a valid CNPJ check pair, or with a slash where a CNPJ has one ("10.795.733/000113"):
  // a CNPJ whatever the grouping or the words around it (1 in 100 random runs pass the check).
  if (n === 14 && !CARD_CONTEXT.test(near) && (cnpjValid(d) || (allSeps.includes('/') && g[g.length - 1]! <= 6 && g[0]! <= 8))) return 'cnpj';
  if (TICKET_CONTEXT.test(ctx) && !CPF_CONTEXT.test(near) && !CNPJ_CONTEXT.test(near) && !PHONE_WORDS.test(near.slice(-14))) return null;
  // Meeting ids and passcodes ("the zoom meeting id is 845 2291 0034", "id da reunião é …"): a room, not a person.
  if (MEETING_ID_CONTEXT.test(ctx)) return null;
  // Dates: 12/05/2024, 2024-05-12, 12.05.2024
  if (/^[/.-]+$/.test(allSeps) && (gs === '2,2,4' || gs === '4,2,2' || gs === '2,2,2' || gs === '1,2,4' || gs === '2,1,4' || gs === '1,1,4')) return null;
  if (allSeps.includes('/') && !(gs === '8,4,2')) return null;
  if (n === 5) return null;
  if (n >= 13 && n <= 19) {
    if (luhnValid(d) || CARD_CONTEXT.test(near)) return 'card';
  }
  if (n === 14 && (g.length === 1 || shape.spoken || CNPJ_CONTEXT.test(near))) return 'cnpj';
  if (CNPJ_CONTEXT.test(near) && n >= 12 && n <= 15) return 'cnpj';
  const phoneCtx = PHONE_CONTEXT.test(near);
  if (CPF_CONTEXT.test(near) && n >= 9 && n <= 12) return 'cpf';
  const last = g[g.length - 1]!;
  if (shape.spoken && phoneCtx && n >= 7 && n <= 13) return 'phone';
  if (shape.spoken && n >= 10 && n <= 13 && n !== 11) return 'phone';
  const brMobile = (x: string) => x.length === 11 && validDdd(x) && x[2] === '9';
  const brLand = (x: string) => x.length === 10 && validDdd(x) && /[2-8]/.test(x[2]!);
  if (n === 11) {
    if (phoneCtx) return 'phone';
    if (g.length === 1 || shape.spoken) return cpfValid(d) ? 'cpf' : brMobile(d) ? 'phone' : 'cpf';
    if (brMobile(d) && (gs === '2,5,4' || gs === '2,1,4,4' || gs === '2,9' || gs === '2,4,5' || gs === '2,3,3,3')) return 'phone';
    if (d[0] === '0' && last >= 4) return 'phone'; // 020 7946 0958
    if (d[0] === '1' && (gs === '1,3,3,4')) return 'phone';
    return last >= 3 ? 'phone' : null;
  }
  if (n === 12 || n === 13) {
    if (d.startsWith('55') && validDdd(d.slice(2))) return 'phone';
    if (d[0] === '0' && validDdd(d.slice(1))) return 'phone';
    if (phoneCtx && last >= 4) return 'phone';
    return null;
  }
  if (n === 10) {
    if (phoneCtx || gs === '3,3,4' || gs === '2,4,4' || gs === '2,8' || (g.length === 1 && brLand(d)) || shape.spoken) return 'phone';
    return last === 4 && g.length > 1 ? 'phone' : null;
  }
  if (n === 9) {
    if (gs === '5,4' || gs === '1,4,4' || phoneCtx || (d[0] === '9' && (g.length === 1 || shape.spoken))) return 'phone';
    return null;
  }
  if (n === 8) {
    if (gs === '4,4' || phoneCtx) return 'phone';
    return null;
  }
  if (n === 7 && gs === '3,4' && (allSeps === '-' || phoneCtx)) return 'phone';
  return null;
}

// A run of digit groups joined by one separator each: "+55 (11) 9 8765-4321", "529.982.247-25".
const NUM_RUN = /(?<![\p{L}\p{N}_@.,/-])(?:\+ ?)?(?:0[xX]{2} ?(?=\d))?(?:\( ?(?:0[xX]{2})?\d{1,4} ?\) ?)?\d+(?:(?: ?[-./–] ?| |\) ?| ?\()\d+)*\)?/gu;

// English writers group thousands with commas: "12,345,678/0001-95", "529,982,247-25".
const COMMA_CNPJ = /(?<![\d.,])\d{2},\d{3},\d{3}\/\d{4}-\d{2}(?!\d)/g;
const COMMA_CPF = /(?<![\d.,])\d{3},\d{3},\d{3}-\d{2}(?!\d)/g;

function writtenNumbers(text: string, folded: string, addressSpans: readonly PiiSpan[], add: (s: number, e: number, k: PiiKind) => void): void {
  // (digits read one at a time: "zip is 9 4 1 0 7")
  if (!/\d{2}|\d[ .-]\d[ .-]\d/.test(text)) return;
  if (text.includes(',')) {
    for (const m of text.matchAll(COMMA_CNPJ)) add(m.index, m.index + m[0].length, 'cnpj');
    for (const m of text.matchAll(COMMA_CPF)) add(m.index, m.index + m[0].length, 'cpf');
  }
  const cases = [...text.matchAll(CNJ_CASE)].map((c) => [c.index, c.index + c[0].length] as const);
  for (const m of text.matchAll(NUM_RUN)) {
    if (cases.some(([a, b]) => m.index < b && m.index + m[0].length > a)) continue;
    let raw = m[0];
    if (raw.endsWith(')') && !raw.includes('(')) raw = raw.slice(0, -1);
    const start = m.index;
    const total = onlyDigits(raw).length;
    if (total < 5 || total > 30) continue; // a boleto's line of digits is a payment code, not PII
    const next = text.charAt(start + raw.length);
    if (/[\p{L}]/u.test(next) && !/^[ºª°]/.test(next)) continue; // "30min", "10x"
    // Units: groups joined by non-space separators; the run may be split at spaces.
    const parts: { s: number; e: number }[] = [];
    const re = /\d+/g;
    for (const g of raw.matchAll(re)) parts.push({ s: start + g.index, e: start + g.index + g[0].length });
    const plus = raw.startsWith('+');
    // Four or more groups of four that are no card (Luhn failed): one number, never split into a phone.
    if (parts.length >= 4 && parts.every((p) => p.e - p.s === 4)) {
      const kind = classify({ digits: onlyDigits(raw), groups: parts.map(() => 4), seps: [], plus: false, spoken: false }, before(folded, start), folded.slice(start + raw.length, start + raw.length + 16), '');
      if (kind) add(start, start + raw.length, kind);
      continue;
    }
    // Digits inside an address are its house number or unit: what comes after is read on its own
    // ("SQN 308 bloco C apto 402 70747-030": the CEP, not an 11-digit run).
    const inAddress = (p: { s: number; e: number }) => addressSpans.some((a) => p.s < a.end && p.e > a.start);
    if (!parts.some(inAddress)) classifyParts(text, folded, parts, plus, start, add);
    else {
      let run: { s: number; e: number }[] = [];
      for (const p of [...parts, null]) {
        if (p && !inAddress(p)) run.push(p);
        else if (run.length) {
          classifyParts(text, folded, run, false, run[0]!.s, add);
          run = [];
        }
      }
    }
  }
}

/** Longest classifiable sub-run first, left to right. */
function classifyParts(text: string, folded: string, parts: { s: number; e: number }[], plus: boolean, runStart: number, add: (s: number, e: number, k: PiiKind) => void): void {
  let i = 0;
  // "the fedex tracking is 7489 1234 5678": after a ticket word the whole run is the ticket, none of its tails a phone.
  const ctx0 = before(folded, runStart);
  const ticketRun = TICKET_CONTEXT.test(ctx0) && !CPF_CONTEXT.test(ctx0.slice(-28)) && !CNPJ_CONTEXT.test(ctx0.slice(-28)) && !PHONE_WORDS.test(ctx0.slice(-14));
  while (i < parts.length && !(ticketRun && i > 0)) {
    let done = false;
    for (let j = parts.length - 1; j >= i; j -= 1) {
      const digits = parts.slice(i, j + 1).map((p) => text.slice(p.s, p.e)).join('');
      if (digits.length < 5) break;
      const groups = parts.slice(i, j + 1).map((p) => p.e - p.s);
      const seps = parts.slice(i, j).map((p, k) => text.slice(p.e, parts[i + k + 1]!.s).replace(/[()]/g, '').trim() || ' ');
      const hasPlus = plus && i === 0;
      let s = i === 0 ? runStart : parts[i]!.s;
      if (i > 0 && text.charAt(s - 1) === '(') s -= 1;
      let e = parts[j]!.e;
      if (text.charAt(e) === ')' && text.slice(s, e).includes('(')) e += 1;
      const kind = classify({ digits, groups, seps, plus: hasPlus, spoken: false }, before(folded, s), folded.slice(e, e + 16), text.slice(Math.max(0, s - 8), s));
      if (kind) {
        add(s, e, kind);
        i = j + 1;
        done = true;
        break;
      }
    }
    if (!done) i += 1;
  }
}

// --- spoken digits ("nove nove oito…", "five five five oh one…") ------------------------------

const UNITS_PT: Record<string, string> = { zero: '0', um: '1', uma: '1', dois: '2', duas: '2', tres: '3', quatro: '4', cinco: '5', seis: '6', meia: '6', sete: '7', oito: '8', nove: '9' };
const UNITS_EN: Record<string, string> = { zero: '0', oh: '0', o: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9' };
const TEENS: Record<string, string> = {
  dez: '10', onze: '11', doze: '12', treze: '13', quatorze: '14', catorze: '14', quinze: '15', dezesseis: '16', dezasseis: '16', dezessete: '17', dezoito: '18', dezenove: '19',
  ten: '10', eleven: '11', twelve: '12', thirteen: '13', fourteen: '14', fifteen: '15', sixteen: '16', seventeen: '17', eighteen: '18', nineteen: '19',
};
const TENS: Record<string, string> = {
  vinte: '2', trinta: '3', quarenta: '4', cinquenta: '5', sessenta: '6', setenta: '7', oitenta: '8', noventa: '9',
  twenty: '2', thirty: '3', forty: '4', fifty: '5', sixty: '6', seventy: '7', eighty: '8', ninety: '9',
};
const HUNDREDS: Record<string, string> = { cem: '1', cento: '1', duzentos: '2', trezentos: '3', quatrocentos: '4', quinhentos: '5', seiscentos: '6', setecentos: '7', oitocentos: '8', novecentos: '9' };
const SEP_WORDS = new Set(['ponto', 'traco', 'tracinho', 'hifen', 'barra', 'dash', 'hyphen', 'dot', 'slash']);
const DASH_WORDS = new Set(['traco', 'tracinho', 'hifen', 'dash', 'hyphen']);
const MULT: Record<string, number> = { double: 2, triple: 3, duplo: 2, triplo: 3 };
const NUMBER_WORDS: ReadonlySet<string> = new Set([...Object.keys(UNITS_PT), ...Object.keys(UNITS_EN), ...Object.keys(TEENS), ...Object.keys(TENS), ...Object.keys(HUNDREDS), ...Object.keys(MULT)]);

function unitOf(f: string): string | undefined {
  return UNITS_PT[f] ?? UNITS_EN[f];
}

const isNumberWord = (t: Token) => t.digits || NUMBER_WORDS.has(t.f) || (t.f.includes('-') && t.f.split('-').every((p) => unitOf(p) || TENS[p]));

function spokenNumbers(text: string, folded: string, tokens: Token[], lang: RedactLanguage, addressSpans: readonly PiiSpan[], add: (s: number, e: number, k: PiiKind) => void): void {
  let i = 0;
  const n = tokens.length;
  let words = 0;
  // (A separator read out between written digits counts too: "12 345 678 barra 0001 traço 95".)
  for (const t of tokens) if (!t.digits && (isNumberWord(t) || SEP_WORDS.has(t.f))) words += 1;
  if (words < 2) return; // a spoken number worth masking has several words
  while (i < n) {
    if (!isNumberWord(tokens[i]!)) {
      i += 1;
      continue;
    }
    let j = i;
    let digits = '';
    let words = 0;
    let lastEnd = -1;
    let firstTok = -1;
    let lastTok = -1;
    const dashes: number[] = [];
    while (j < n) {
      const t = tokens[j]!;
      const at = j;
      if (lastEnd >= 0 && !/^[\s,.()–-]*$/.test(text.slice(lastEnd, t.s))) break;
      if (lastEnd >= 0 && text.slice(lastEnd, t.s).length > 5) break;
      const f = t.f;
      if (HUNDREDS[f]) {
        // "setecentos e sessenta e cinco" = 765, "cento e dois" = 102, "quinhentos" = 500
        const nx = tokens[j + 1];
        const nx2 = tokens[j + 2];
        let rest = '00';
        if (nx && nx.f === 'e' && nx2 && (TENS[nx2.f] || TEENS[nx2.f] || (unitOf(nx2.f) && nx2.f !== 'o'))) {
          if (TEENS[nx2.f]) rest = TEENS[nx2.f]!;
          else if (TENS[nx2.f]) {
            const u = tokens[j + 3]?.f === 'e' && tokens[j + 4] && unitOf(tokens[j + 4]!.f) ? unitOf(tokens[j + 4]!.f)! : null;
            rest = TENS[nx2.f]! + (u ?? '0');
            if (u) j += 2;
          } else rest = `0${unitOf(nx2.f)!}`;
          j += 2;
        }
        digits += HUNDREDS[f] + rest;
        words += 1;
      } else if ((f === 'hundred' || f === 'thousand') && digits && words > 0) {
        digits += f === 'hundred' ? '00' : '000'; // "oh one hundred" = 0100
        words += 1;
      } else if (t.digits) {
        digits += t.raw;
      } else if (f.includes('-') && f.split('-').every((p) => unitOf(p) || TENS[p])) {
        const [a, b] = f.split('-');
        digits += (TENS[a!] ?? unitOf(a!)!) + (unitOf(b!) ?? '');
        words += 1;
      } else if (TENS[f]) {
        const nx = tokens[j + 1];
        const nx2 = tokens[j + 2];
        if (nx && (nx.f === 'e' || nx.f === 'and') && nx2 && unitOf(nx2.f) && nx2.f !== 'o' && nx2.f !== 'oh' && nx2.f !== 'zero') {
          digits += TENS[f] + unitOf(nx2.f)!;
          j += 2;
        } else if (nx && unitOf(nx.f) && lang === 'en' && nx.f !== 'o' && nx.f !== 'oh' && nx.f !== 'zero' && /^\s+$/.test(text.slice(t.e, nx.s))) {
          digits += TENS[f] + unitOf(nx.f)!;
          j += 1;
        } else digits += `${TENS[f]}0`;
        words += 1;
      } else if (TEENS[f]) {
        digits += TEENS[f];
        words += 1;
      } else if (MULT[f] && tokens[j + 1] && unitOf(tokens[j + 1]!.f)) {
        digits += unitOf(tokens[j + 1]!.f)!.repeat(MULT[f]);
        j += 1;
        words += 1;
      } else if (unitOf(f) && !(f === 'o' && lang === 'pt') && !(f === 'um' && lang === 'en')) {
        digits += unitOf(f)!;
        words += 1;
      } else if (SEP_WORDS.has(f) && digits && tokens[j + 1] && (unitOf(tokens[j + 1]!.f) || tokens[j + 1]!.digits || TENS[tokens[j + 1]!.f] || TEENS[tokens[j + 1]!.f] || HUNDREDS[tokens[j + 1]!.f])) {
        // joins groups: "um dois três ponto quatro…", "12 345 678 slash 0001 dash 95", "… ponto oitocentos e …"
        if (DASH_WORDS.has(f)) dashes.push(digits.length);
        words += 1;
      } else break;
      if (firstTok < 0) firstTok = at;
      lastTok = j;
      lastEnd = tokens[j]!.e;
      j += 1;
    }
    // "one z seven x four two …": digits after letters read out one by one are a tracking code, not a phone.
    const b1 = tokens[firstTok - 1];
    const b2 = tokens[firstTok - 2];
    const alnum = firstTok >= 2 && b1 && b2 && /^[a-z]$/i.test(b1.raw) && (isNumberWord(b2) || /^[a-z]$/i.test(b2.raw));
    if (words > 0 && firstTok >= 0 && !alnum) {
      const s = tokens[firstTok]!.s;
      const e = tokens[lastTok]!.e;
      const ctx = before(folded, s);
      // Five digits right after an address are its ZIP ("38 oak avenue nine four one one oh"); "oito nove zero um
      // zero traço zero zero zero" has a CEP's shape (five, a dash word, three).
      const zipAfterAddress = lang === 'en' && digits.length === 5 && addressSpans.some((a) => a.end <= s && /^[\s,]*$/.test(text.slice(a.end, s)));
      const cepShape = digits.length === 8 && dashes.length === 1 && dashes[0] === 5 && !PHONE_CONTEXT.test(ctx.slice(-20));
      const min = CEP_CONTEXT.test(ctx.slice(-28)) || ZIP_STATE_SPOKEN.test(ctx.slice(-28)) ? 5 : 7;
      if (zipAfterAddress || cepShape) add(s, e, 'cep');
      else if (digits.length >= min && digits.length <= 19) {
        const kind = classify({ digits, groups: [digits.length], seps: [], plus: text.charAt(s - 1) === '+' || /(?:mais|plus)\s*$/.test(ctx), spoken: true }, ctx, folded.slice(e, e + 16), text.slice(Math.max(0, s - 8), s));
        if (kind) add(/(?:mais|plus)\s+$/.test(ctx) ? s - (ctx.length - ctx.search(/(?:mais|plus)\s+$/)) : s, e, kind);
      }
      i = Math.max(j, i + 1);
    } else i = j > i ? j : i + 1;
  }
}

// --- names ------------------------------------------------------------------------------------

type CueStrength = 'strong' | 'medium' | 'person' | 'recipient' | 'list' | 'title' | 'honorific' | 'greeting';
const CUES: [string, CueStrength][] = [
  ['meu nome e', 'strong'], ['me chamo', 'strong'], ['my name is', 'strong'], ["my name's", 'strong'], ['my name’s', 'strong'], ['o nome dela e', 'strong'],
  ['o nome dele e', 'strong'], ['nome dela e', 'strong'], ['nome dele e', 'strong'], ['se chama', 'strong'], ['chamada', 'medium'],
  ['chamado', 'medium'], ['named', 'medium'], ['called', 'medium'], ['her name is', 'strong'], ['his name is', 'strong'],
  ['aqui e o', 'medium'], ['aqui e a', 'medium'], ['aqui quem fala e o', 'strong'], ['aqui quem fala e a', 'strong'], ['quem fala e o', 'strong'],
  ['quem fala e a', 'strong'], ['quem fala e', 'strong'], ['aqui e', 'medium'], ['sou o', 'medium'], ['sou a', 'medium'],
  ['falei com o', 'medium'], ['falei com a', 'medium'], ['falar com o', 'medium'], ['falar com a', 'medium'], ['fala com o', 'medium'],
  ['fala com a', 'medium'], ['falo com o', 'medium'], ['falo com a', 'medium'], ['falei com', 'medium'], ['falar com', 'medium'],
  ['conversei com o', 'medium'], ['conversei com a', 'medium'], ['conversar com o', 'medium'], ['conversar com a', 'medium'],
  ['reuniao com o', 'medium'], ['reuniao com a', 'medium'], ['procurar o', 'medium'], ['procurar a', 'medium'], ['procure o', 'medium'],
  ['procure a', 'medium'], ['pergunta pro', 'medium'], ['pergunta pra', 'medium'], ['pergunte ao', 'medium'], ['pergunte a', 'medium'],
  ['ligou o', 'medium'], ['ligou a', 'medium'], ['com o senhor', 'title'], ['com a senhora', 'title'],
  ['this is', 'medium'], ['i am', 'medium'], ["i'm", 'medium'], ['i’m', 'medium'], ['talk to', 'medium'], ['talked to', 'medium'], ['talking to', 'medium'],
  ['speak to', 'medium'], ['speak with', 'medium'], ['spoke to', 'medium'], ['spoke with', 'medium'], ['speaking with', 'medium'],
  ['talked with', 'medium'], ['talking with', 'medium'], ['chatted with', 'medium'], ['loop in', 'medium'], ['signed by', 'medium'], ['ping', 'medium'],
  ['conversando com', 'medium'], ['falando com', 'medium'],
  ['assinado por', 'medium'], ['assinada por', 'medium'], ['o contato e o', 'medium'], ['o contato e a', 'medium'], ['o responsavel e o', 'medium'],
  ['a responsavel e a', 'medium'], ['the contact is', 'medium'], ['contact person is', 'medium'],
  ['ask for', 'medium'], ['meeting with', 'medium'], ['call with', 'medium'], ['met with', 'medium'], ['reach out to', 'medium'], ['cc', 'list'],
  ['sr', 'title'], ['sra', 'title'], ['srta', 'title'], ['dr', 'title'], ['dra', 'title'], ['mr', 'title'], ['mrs', 'title'], ['ms', 'title'],
  ['miss', 'title'], ['dona', 'honorific'], ['seu', 'honorific'], ['senhor', 'honorific'], ['senhora', 'honorific'], ['doutor', 'title'], ['doutora', 'title'],
  ['prof', 'title'], ['professor', 'honorific'], ['professora', 'honorific'], ['sir', 'honorific'],
  ['oi', 'greeting'], ['ola', 'greeting'], ['alo', 'greeting'], ['hi', 'greeting'], ['hello', 'greeting'], ['hey', 'greeting'], ['dear', 'greeting'],
  ['prezado', 'greeting'], ['prezada', 'greeting'], ['caro', 'greeting'], ['obrigado', 'greeting'], ['obrigada', 'greeting'], ['valeu', 'greeting'],
  ['thanks', 'greeting'], ['thank you', 'greeting'], ['bye', 'greeting'], ['tchau', 'greeting'], ['bom dia', 'greeting'], ['boa tarde', 'greeting'],
  ['boa noite', 'greeting'], ['good morning', 'greeting'], ['good afternoon', 'greeting'], ['att', 'greeting'], ['atenciosamente', 'greeting'],
  ['regards', 'greeting'], ['cheers', 'greeting'], ['abraco', 'greeting'], ['abracos', 'greeting'], ['beijo', 'greeting'],
  ['best', 'greeting'], ['grato', 'greeting'], ['grata', 'greeting'], ['abs', 'greeting'], ['saudacoes', 'greeting'],
  // Slots that hold a person whatever the word, so an unlisted lower-case word there is a name too
  // ("falei com o kleiton", "quem assina é a rayssa"): speaking with someone, deciding, signing.
  // Slots that take a recipient ('recipient': "liguei pro", "mandei pra", "contato da", "attention") hold
  // departments, firms and offices as often ("liguei pra central", "contato da transportadora"): there
  // only a listed or capitalised word counts.
  ['liguei pro', 'recipient'], ['liguei pra', 'recipient'], ['liguei para o', 'recipient'], ['liguei para a', 'recipient'],
  ['ligar pro', 'recipient'], ['ligar pra', 'recipient'], ['liga pro', 'recipient'], ['liga pra', 'recipient'], ['mandei pro', 'recipient'],
  ['mandei pra', 'recipient'], ['mandei para o', 'recipient'], ['mandei para a', 'recipient'], ['manda pro', 'recipient'],
  ['manda pra', 'recipient'], ['encaminhei pro', 'recipient'], ['encaminhei pra', 'recipient'], ['encaminhei para o', 'recipient'],
  ['encaminhei para a', 'recipient'], ['passar pro', 'recipient'], ['passar pra', 'recipient'], ['passa pro', 'recipient'],
  ['passa pra', 'recipient'], ['falei com o', 'person'], ['falei com a', 'person'], ['conversei com o', 'person'], ['conversei com a', 'person'],
  ['encontrei o', 'recipient'], ['encontrei a', 'recipient'], ['chama o', 'recipient'], ['chama a', 'recipient'], ['marquei com o', 'person'],
  ['marquei com a', 'person'], ['marcou com o', 'person'], ['marcou com a', 'person'], ['marcamos com o', 'person'], ['marcamos com a', 'person'],
  ['aos cuidados do', 'recipient'], ['aos cuidados da', 'recipient'], ['quem decide e o', 'person'], ['quem decide e a', 'person'],
  ['quem assina e o', 'person'], ['quem assina e a', 'person'], ['quem falou foi o', 'person'], ['quem falou foi a', 'person'],
  ['contato do', 'recipient'], ['contato da', 'recipient'], ['com copia pra', 'recipient'], ['com copia pro', 'recipient'],
  ['reuniao com', 'medium'], ['call com', 'medium'], ['alinhamento com', 'medium'], ['conversa com', 'medium'], ['i called', 'recipient'],
  ['we called', 'recipient'], ['sent it to', 'recipient'], ['send it to', 'recipient'], ['pass it to', 'recipient'], ['passed it to', 'recipient'],
  ['forwarded to', 'recipient'], ['forward it to', 'recipient'], ['ran into', 'recipient'], ['text', 'recipient'], ['texted', 'recipient'],
  ['chatted with', 'person'], ['talked to', 'person'], ['spoke with', 'person'], ['spoke to', 'person'], ['copying', 'recipient'],
  ['attention', 'recipient'], ['attn', 'recipient'], ['booked', 'recipient'], ['the decision maker is', 'person'], ['the signer is', 'person'],
  ['the one who spoke was', 'person'], ['sync with', 'medium'], ['lunch with', 'medium'], ['catch up with', 'medium'],
  // Attendee lists: the first item here, the rest by list continuation.
  ['participantes', 'list'], ['presentes', 'list'], ['presentes na reuniao', 'list'], ['convidados', 'list'], ['attendees', 'list'],
  ['participants', 'list'], ['invitees', 'list'], ['present', 'list'], ['in the meeting', 'list'], ['on the call were', 'list'],
  ['on the call', 'list'], ['estavam na call o', 'list'], ['estavam na call a', 'list'], ['vieram o', 'list'], ['vieram a', 'list'],
  ['customer side', 'list'], ['time do cliente', 'list'], ['we had', 'list'],
  // Round 3: who referred, who to ask, who holds a role ("quem me indicou foi a rayane", "referred by Marisol",
  // "the buyer is mr. Abernathy", "ask Ludmila"), and family honorifics used for older contacts ("tia Cida", "Auntie Ruth").
  ['referred by', 'person'], ['recommended by', 'person'], ['introduced by', 'person'], ['indicado pelo', 'person'], ['indicada pela', 'person'],
  ['indicacao do', 'person'], ['indicacao da', 'person'], ['quem indicou foi o', 'person'], ['quem indicou foi a', 'person'],
  ['quem me indicou foi o', 'person'], ['quem me indicou foi a', 'person'], ['me indicou foi o', 'person'], ['me indicou foi a', 'person'],
  ['quem cuida disso e o', 'person'], ['quem cuida disso e a', 'person'], ['quem cuida disso la e o', 'person'], ['quem cuida disso la e a', 'person'],
  ['o responsavel pela compra e o', 'person'], ['a responsavel pela compra e a', 'person'], ['o contato la e o', 'person'], ['o contato la e a', 'person'],
  ['the buyer is', 'medium'], ['the contact there is', 'medium'], ['point of contact is', 'medium'], ['handling this is', 'medium'],
  ['the person handling this is', 'person'], ['ask', 'medium'], ['pergunta pro', 'medium'], ['fale com o', 'medium'], ['fale com a', 'medium'],
  ['combinei com o', 'person'], ['combinei com a', 'person'], ['combinamos com o', 'person'], ['combinamos com a', 'person'],
  // Relations that name a person right after them ("my colleague Rhiannon", "meu sócio Evandro", "my manager, Delphine").
  ['my colleague', 'medium'], ['my coworker', 'medium'], ['my co-worker', 'medium'], ['my boss', 'medium'], ['my manager', 'medium'],
  ['my partner', 'medium'], ['my assistant', 'medium'], ['my director', 'medium'], ['my teammate', 'medium'], ['my counterpart', 'medium'],
  ['meu colega', 'medium'], ['minha colega', 'medium'], ['meu socio', 'medium'], ['minha socia', 'medium'], ['meu chefe', 'medium'],
  ['minha chefe', 'medium'], ['meu gerente', 'medium'], ['minha gerente', 'medium'], ['meu diretor', 'medium'], ['minha diretora', 'medium'],
  ['meu assistente', 'medium'], ['minha assistente', 'medium'],
  ['tia', 'honorific'], ['tio', 'honorific'], ['auntie', 'honorific'], ['aunt', 'honorific'], ['uncle', 'honorific'],
  // Round 4: company present on the call ("i'm here with Thelonius and Ramona", "tô aqui com o Zenildo"), grandparents.
  ['here with', 'medium'], ['aqui com o', 'medium'], ['aqui com a', 'medium'], ['grandma', 'honorific'], ['grandpa', 'honorific'],
  ['granny', 'honorific'], ['vovo', 'honorific'], ['meeting is with', 'medium'], ['call is with', 'medium'],
  ['reuniao e com o', 'medium'], ['reuniao e com a', 'medium'], ['link to', 'recipient'], ['link pro', 'recipient'], ['link pra', 'recipient'],
  ['invite to', 'recipient'], ['convite pro', 'recipient'], ['convite pra', 'recipient'],
  // Round 7: "passei pro Mehmet"; notes shorthand "spoke w/ Henderson", "intro call w/ …".
  ['passei pro', 'recipient'], ['passei pra', 'recipient'], ['passei para o', 'recipient'], ['passei para a', 'recipient'],
  ['spoke w', 'medium'], ['call w', 'medium'], ['meeting w', 'medium'], ['sync w', 'medium'], ['chat w', 'medium'], ['met w', 'medium'],
];
/** Cues by their last word, longest first. */
const CUE_INDEX = new Map<string, { words: string[]; strength: CueStrength }[]>();
for (const [phrase, strength] of CUES) {
  const ws = phrase.split(' ');
  const key = ws[ws.length - 1]!;
  // A phrase listed twice keeps its later strength ("falei com o": a person slot, not just a medium cue).
  const list = (CUE_INDEX.get(key) ?? []).filter((c) => c.words.join(' ') !== phrase);
  list.push({ words: ws, strength });
  list.sort((a, b) => b.words.length - a.words.length);
  CUE_INDEX.set(key, list);
}

const phraseIndex = (phrases: readonly string[]) => {
  const idx = new Map<string, string[][]>();
  for (const p of phrases) {
    const ws = fold(p).replace(/['’]/g, '').split(/[\s&-]+/).filter(Boolean);
    const list = idx.get(ws[0]!) ?? [];
    list.push(ws);
    // "coca-cola", "harley-davidson": a hyphenated entry is one token in the text, so it is indexed whole too.
    if (p.includes('-')) {
      const whole = fold(p).replace(/['’]/g, '').split(/[\s&]+/).filter(Boolean);
      const wl = idx.get(whole[0]!) ?? [];
      wl.push(whole);
      wl.sort((a, b) => b.length - a.length);
      idx.set(whole[0]!, wl);
    }
    list.sort((a, b) => b.length - a.length);
    idx.set(ws[0]!, list);
  }
  return idx;
};
const ORG_INDEX = phraseIndex(ORGANISATIONS);
const PLACE_INDEX = phraseIndex(PLACES);
const COMPANY_HEADS = new Set(
  'banco lojas loja casa casas grupo supermercado supermercados mercado farmacia farmacias drogaria drogarias construtora incorporadora restaurante padaria hotel hoteis escola colegio faculdade universidade instituto hospital clinica laboratorio fundacao editora auto posto transportadora distribuidora industria industrias metalurgica comercial cooperativa associacao escritorio consultoria bank banco'.split(' '),
);
const COMPANY_SUFFIXES = new Set('controls financial brands electric chemical pharmaceuticals associates brothers bros sons field stadium theater theatre media studios pharma motors airlines news press high school college university academy institute hospital clinic center centre foundation museum stadium arena ltda ltd inc llc corp corporation sa s.a eireli me group holdings holding advogados associados consultoria engenharia tecnologia sistemas solucoes partners company co energia energy seguros insurance telecom foods alimentos saude health labs builders construtora logistica logistics enterprises industries international technologies technology solutions services global ventures capital software networks'.split(' '));
// "São [X]", "Fort [X]", "Vila [X]": a place whatever the capitalised word after it.
const PLACE_PREFIX = new Set(['sao', 'santa', 'santo', 'san', 'saint', 'st', 'fort', 'ft', 'mount', 'mt', 'lake', 'port', 'porto', 'vila', 'nova', 'novo', 'rio', 'campo', 'ponta', 'jardim', 'parque', 'bairro', 'new', 'north', 'south', 'east', 'west', 'cape', 'palm', 'los', 'las']);
const INSTITUTION_HEADS = new Set(
  'instituto colegio universidade faculdade museu hospital fundacao escola teatro estadio sala auditorio edificio predio aeroporto shopping hotel ponte viaduto avenida rua alameda travessa estrada rodovia praca largo ladeira parque'.split(' '),
);
const LANDMARK_TAILS = new Set('bridge tunnel airport national company corporation foundation institute university college hospital stadium arena day memorial museum library boulevard station hall conference'.split(' '));
const STATE_INDEX = phraseIndex([
  ...US_STATE_NAMES,
  ...['ontario', 'quebec', 'alberta', 'manitoba', 'saskatchewan', 'british columbia', 'nova scotia', 'new brunswick'],
  ...['queensland', 'victoria', 'tasmania', 'new south wales'],
]);
const AUX_THEN_VERB = /^\s+(?:was|is|will|would|has|had|did)\s+(?:supposed|going|gonna|able|about|trying|planning|asking|saying|telling|sending|calling|waiting|out|back|\p{L}+ed)(?![\p{L}])/iu;
const POSSESSED_BY_PERSON = /^\s+(?:out|off|back|away|boss|manager|assistant|calendar|inbox|desk|email|e-mail|phone|cell|number|wife|husband|kids|son|daughter|mom|dad|replacement|approval|sign-off)(?![\p{L}])/iu;
const POSSESSIVES = new Set(['our', 'their', 'your', 'my', 'this', 'that', 'nossa', 'nosso', 'sua', 'seu', 'essa', 'esse']);
const LOCATION_PREP = new Set(['em', 'no', 'na', 'para', 'pra', 'in', 'from', 'to', 'near', 'at', 'de', 'do', 'da', 'of']);
/** Before a capitalised word, these make it a place rather than a subject ("in Sacramento", "em Jundiaí"). */
const PLACE_PREPS = new Set(['in', 'em', 'near', 'at', 'of']);

/** A one-word place that is also a first name ("Austin", "Charlotte"): a place after "in", next to another place, or before ", TX". */
function placeContext(text: string, tokens: Token[], i: number): boolean {
  // ("talked to Chelsea", "falei com a Vitória": a person cue ending in the preposition is no place.)
  if (i > 0 && LOCATION_PREP.has(tokens[i - 1]!.f) && !cueBefore(text, tokens, i)) return true;
  const t = tokens[i]!;
  // "…, Austin" after an address or a list, but not "Thanks, Austin"
  if (i > 0 && /^,\s*$/.test(text.slice(tokens[i - 1]!.e, t.s)) && !CUE_INDEX.has(tokens[i - 1]!.f)) return true;
  if (/^,\s*[A-Z]{2}(?![\p{L}])/u.test(text.slice(t.e, t.e + 6))) return true;
  // …and next to a firm in a list too ("Ford and Lincoln dealers").
  const near = (k: number) => {
    const x = tokens[k];
    return !!x && (matchPhrase(tokens, k, PLACE_INDEX) > 0 || matchPhrase(tokens, k, ORG_INDEX) > 0);
  };
  // "Virginia has more stores": a place-name opening a sentence before "has"/"tem" is the place.
  if (sentenceStart(text, tokens, i) && ['has', 'had', 'tem', 'teve'].includes(tokens[i + 1]?.f ?? '')) return true;
  const nx = tokens[i + 1];
  const nextIdx = nx && (nx.f === 'and' || nx.f === 'e') ? i + 2 : i + 1;
  if (nx && /^\s*(?:,|and|e)\s*$/.test(text.slice(t.e, tokens[nextIdx]?.s ?? t.e)) && near(nextIdx)) return true;
  const pv = tokens[i - 1];
  const prevIdx = pv && (pv.f === 'and' || pv.f === 'e') ? i - 2 : i - 1;
  return !!pv && prevIdx >= 0 && /^\s*(?:,|and|e)\s*$/.test(text.slice(tokens[prevIdx]!.e, t.s)) && near(prevIdx);
}

/** Ambiguous only in one language: "tom" is a word in Portuguese, "will" in English. */
const PT_ONLY_AMBIGUOUS = new Set('clara rosa graca luz paz gloria vitoria aurora flor estrela mel celeste serena alegria cruz caio marina dora tom marco'.split(' '));
const EN_ONLY_AMBIGUOUS = new Set('will mark bill grace hope may june april faith joy rich frank jack art ray drew chase hunter pat sue gene dean holly penny sandy summer autumn august sky crystal brook cliff glen guy don max miles grant nick rob chuck rusty robin bob sally page'.split(' '));

const NAME_VERBS = new Set('said says asked told wants wanted called mentioned emailed thinks agreed replied from disse falou pediu mandou ligou quer acha confirmou respondeu'.split(' '));
/** Verbs whose subject is a person: an unlisted word right before one, at the head of a clause, is a name. */
const PERSON_VERBS = new Set(
  `said says asked asks told tells wants wanted thinks thought agreed replied emailed texted mentioned confirmed signed approved complained
  promised answered decided suggested called sent forwarded owns runs handles joined gave wrote liked loved hated
  disse diz falou fala pediu pede mandou manda ligou liga quer queria acha achou confirmou respondeu assinou aprovou perguntou
  reclamou enviou passou prometeu decidiu sugeriu cuida curtiu gostou topou
  ficou explicou comentou avisou garantiu aceitou recusou insistiu explained insisted warned accepted declined recommended pinged
  booked scheduled shared reviewed updated uploaded prefers needs needed reached spoke met flagged raised requested noted attended presented
  saiu resolveu trouxe levou`.split(/\s+/),
);
/** Verbs and auxiliaries that follow names and much else: they count only after a listed or capitalised word. */
const WEAK_VERBS = new Set("is was will would has had hasn't isn't didn't doesn't won't can could from vai vem esta ta e tem foi vao".split(' '));
/** Skipped between a subject and its verb ("o valdemar ainda não aprovou", "a rosa me passou"). */
const VERB_SKIP = new Set('ainda nao ja tambem so me te lhe nos still also just already never really then'.split(' '));
/** Words that lead a clause in speech, so the word after them may be a subject ("so um kayden sent…"). */
const FILLERS = new Set('um uh umm so yeah like man then but well ok okay and oh hey anyway know ahn hum e entao ai tipo ne mas ontem hoje yesterday today'.split(' '));
const PT_ARTICLES = new Set(['o', 'a']);
/** The learned scorer's bar where a firm is as likely as a person (a bare capitalised word opening a sentence). */
const HIGH_NAME_SCORE = 0.95;
/** …and where a person is the likely reading but a verb or an adjective may sit ("Gumercindo aqui," / "Sumiu aqui."). */
const SLOT_NAME_SCORE = 0.5;

/**
 * The word a name lookup uses: without an English possessive, and a Portuguese diminutive or
 * augmentative of a listed first name taken back to it ("fernandinha" → fernanda, "pedrão" → pedro,
 * "joãozinho" → joão); everyday words with those endings ("cafezinho", "carrão") have no listed base.
 */
const baseOf = (f: string): string => {
  const b = f.replace(/['’]s$/, '');
  if (b.length < 5 || FIRST_NAMES.has(b)) return b;
  const m = /^(.{3,}?)(zinho|zinha|inho|inha|ao|ona)$/.exec(b);
  if (!m) return b;
  for (const base of [m[1]!, `${m[1]}o`, `${m[1]}a`]) if (FIRST_NAMES.has(base) && !COMMON_WORDS.has(b) && !EVERYDAY.has(b)) return base;
  return b;
};

function matchPhrase(tokens: Token[], i: number, idx: Map<string, string[][]>): number {
  const t0 = tokens[i]!.f;
  // "Victoria's Secret": the possessive may belong to the phrase ("victorias secret") or not ("Natura's").
  const list = [...(idx.get(baseOf(t0).replace(/['’]/g, '')) ?? []), ...(t0.includes("'") || t0.includes('’') ? (idx.get(t0.replace(/['’]/g, '')) ?? []) : [])].sort((a, b) => b.length - a.length);
  if (list.length === 0) return 0;
  outer: for (const ws of list) {
    for (let k = 0; k < ws.length; k += 1) {
      const t = tokens[i + k];
      if (!t) continue outer;
      const plain = t.f.replace(/['’]/g, '');
      if (plain !== ws[k] && !(k === ws.length - 1 && baseOf(t.f).replace(/['’]/g, '') === ws[k])) continue outer;
    }
    return ws.length;
  }
  return 0;
}

const sentenceStart = (text: string, tokens: Token[], i: number) => i === 0 || /[.!?:;\n"“(\u2014–-]\s*$/.test(text.slice(tokens[i - 1]!.e, tokens[i]!.s));
const joinedBySpace = (text: string, a: Token, b: Token) => /^ {1,2}$/.test(text.slice(a.e, b.s));
const internalCaps = (raw: string) => /^\p{L}[\p{Ll}]*\p{Lu}/u.test(raw.replace(/^[OoDd]['’]/, '')) && !/^(?:mc|mac)/i.test(raw);

type KnownName = { words: string[] };
const knownCache = new Map<string, Map<string, KnownName[]>>();
function knownIndex(names: string[]): Map<string, KnownName[]> {
  const key = names.join('\u0000');
  const hit = knownCache.get(key);
  if (hit) return hit;
  const idx = new Map<string, KnownName[]>();
  const put = (ws: string[]) => {
    if (ws.length === 0) return;
    const list = idx.get(ws[0]!) ?? [];
    if (!list.some((k) => k.words.join(' ') === ws.join(' '))) list.push({ words: ws });
    list.sort((a, b) => b.words.length - a.words.length);
    idx.set(ws[0]!, list);
  };
  for (const name of names) {
    const ws = [...fold(name).matchAll(TOKEN)].map((m) => m[0]);
    put(ws);
    // Each part on its own too ("Mariana" alone), when long enough not to be a common word.
    for (const w of ws) if (w.length >= 3 && !PARTICLES.has(w) && !NOT_NAMES.has(w)) put([w]);
  }
  if (knownCache.size > 64) knownCache.clear();
  knownCache.set(key, idx);
  return idx;
}

function names(text: string, folded: string, tokens: Token[], lang: RedactLanguage, known: string[], add: (s: number, e: number, k: PiiKind) => void): void {
  const n = tokens.length;
  if (n === 0) return;
  // Cities and companies are never names: mark their tokens first.
  const blocked = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) {
    const t = tokens[i]!;
    let len = matchPhrase(tokens, i, ORG_INDEX);
    if (len && len === 1 && FIRST_NAMES.has(t.f) && !t.cap) len = 0; // "marisa" lower case: a person
    if (len === 1 && AMBIGUOUS_NAMES.has(t.f) && cueBefore(text, tokens, i)) len = 0; // "this is Chase" (not "Chase approved")
    let place = matchPhrase(tokens, i, PLACE_INDEX);
    // "José dos Santos", "Ana Natal": a one-word place that is a surname, right after a name.
    const pv = tokens[i - 1];
    if (place === 1 && pv && SURNAMES.has(t.f) && joinedBySpace(text, pv, t) && (PARTICLES.has(pv.f) || (pv.cap && t.cap && FIRST_NAMES.has(pv.f)))) place = 0;
    if (place === 1 && FIRST_NAMES.has(t.f) && pv && (pv.f === 'the' || POSSESSIVES.has(pv.f))) len = 1; // "the Charlotte branch", "our chelsea store"
    if (place > 1 || (place === 1 && (!FIRST_NAMES.has(t.f) || placeContext(text, tokens, i)))) len = Math.max(len, place);
    // "melbourne vic 3000": a state before its postcode, not Vic.
    if (!len && (t.f === 'vic' || t.f === 'tas') && /^\d{4}$/.test(tokens[i + 1]?.raw ?? '') && !PRICE_AFTER.test(folded.slice(tokens[i + 1]!.e, tokens[i + 1]!.e + 16))) len = 1;
    // "o plano Rosa", "the Aurora product": a product or plan, not a person.
    if (!len && pv && ((t.cap && PRODUCT_HEADS.has(pv.f)) || (tokens[i + 1] && PRODUCT_HEADS.has(tokens[i + 1]!.f) && (pv.f === 'the' || pv.f === 'o' || pv.f === 'a' || POSSESSIVES.has(pv.f))))) len = 1;
    // "no jardim ângela", "na vila maria": a neighbourhood after a place preposition, in any case.
    if (!len && pv && LOCATION_PREP.has(pv.f) && (t.f === 'jardim' || t.f === 'vila' || t.f === 'parque' || t.f === 'bairro') && tokens[i + 1] && !tokens[i + 1]!.digits && joinedBySpace(text, t, tokens[i + 1]!)) len = 2;
    // "são jorge", "santa rita", "são lucas" in lower case: a saint's day, a place, a hospital; never a person.
    if (!len && (t.f === 'sao' || t.f === 'santa' || t.f === 'santo') && tokens[i + 1] && !tokens[i + 1]!.digits && joinedBySpace(text, t, tokens[i + 1]!) && (FIRST_NAMES.has(tokens[i + 1]!.f) || SURNAMES.has(tokens[i + 1]!.f) || nameLike(tokens[i + 1]!.f))) len = 2;
    if (!len && PLACE_PREFIX.has(t.f) && (t.cap || t.f === 'sao') && tokens[i + 1] && tokens[i + 1]!.cap && joinedBySpace(text, t, tokens[i + 1]!)) {
      len = 2; // São [Anything], Santa [Anything], San [Anything]
      if (tokens[i + 2] && PARTICLES.has(tokens[i + 2]!.f) && tokens[i + 3]?.cap) len = 4;
    }
    // "Banco Safra", "Lojas Silva", "Construtora Tenda": a company head and the capitalised words after it.
    if (!len && t.cap && COMPANY_HEADS.has(t.f)) {
      len = 1;
      while (i + len < n && len < 5) {
        const x = tokens[i + len]!;
        if (!joinedBySpace(text, tokens[i + len - 1]!, x)) break;
        if (x.cap || (PARTICLES.has(x.f) && tokens[i + len + 1]?.cap && !FIRST_NAMES.has(tokens[i + len + 1]!.f))) len += 1;
        else break;
      }
    }
    // "instituto oswaldo cruz", "colégio pedro ii", "museu oscar niemeyer", "avenida getúlio vargas": the name of an
    // institution or a street, in any case (the words that read as names after its head, and a roman numeral).
    if (!len && INSTITUTION_HEADS.has(t.f) && tokens[i + 1] && joinedBySpace(text, t, tokens[i + 1]!) && !cueBefore(text, tokens, i + 1)) {
      len = 1;
      while (i + len < n && len < 5) {
        const x = tokens[i + len]!;
        if (!joinedBySpace(text, tokens[i + len - 1]!, x) || x.digits) break;
        const named = x.cap || FIRST_NAMES.has(baseOf(x.f)) || SURNAMES.has(x.f) || AMBIGUOUS_NAMES.has(x.f) || nameLike(x.f) || /^(?:ii|iii|iv|dom|dona|dr|doutor|professor|presidente|general|marechal|coronel|padre|irma|santa|santo|sao)$/.test(x.f);
        if (named || (PARTICLES.has(x.f) && len > 1 && tokens[i + len + 1] && (FIRST_NAMES.has(tokens[i + len + 1]!.f) || SURNAMES.has(tokens[i + len + 1]!.f)))) len += 1;
        else break;
      }
      if (len === 1) len = 0;
    }
    // "tyler, texas", "hamilton, ontario", "washington state", "kansas city": a town before its state, or a state's word.
    if (!len && tokens[i + 1] && (/^,\s*$/.test(text.slice(t.e, tokens[i + 1]!.s)) && matchPhrase(tokens, i + 1, STATE_INDEX) > 0)) len = 1;
    if (!len && tokens[i + 1] && /^\s+$/.test(text.slice(t.e, tokens[i + 1]!.s)) && /^(?:state|dc|county|city)$/.test(tokens[i + 1]!.f) && matchPhrase(tokens, i, PLACE_INDEX) + matchPhrase(tokens, i, STATE_INDEX) > 0) len = 2;
    for (let k = 0; k < len; k += 1) blocked[i + k] = 1;
    if (len) i += len - 1;
  }
  // "george washington bridge", "the walt disney company", "reagan national", "martin luther king jr. day": names before
  // a landmark, firm or holiday word, in any case.
  for (let i = 1; i < n; i += 1) {
    if (!LANDMARK_TAILS.has(tokens[i]!.f)) continue;
    for (let k = i - 1; k >= 0 && k >= i - 4; k -= 1) {
      const x = tokens[k]!;
      if (!/^[\s.]*$/.test(text.slice(x.e, tokens[k + 1]!.s))) break;
      if (!(x.cap || FIRST_NAMES.has(baseOf(x.f)) || SURNAMES.has(x.f) || nameLike(x.f) || NAME_SUFFIXES.has(x.f))) break;
      blocked[k] = 1;
    }
  }
  // "Frank & Oak", "Ernst & Young": two capitalised words joined by "&" are a firm.
  for (let i = 1; i < n; i += 1) if (tokens[i]!.cap && tokens[i - 1]!.cap && /^\s*&\s*$/.test(text.slice(tokens[i - 1]!.e, tokens[i]!.s))) blocked[i] = blocked[i - 1] = 1;
  // "Souza & Filhos Ltda", "Ferreira Advogados", "Hamilton Group": capitalised words before a company suffix.
  for (let i = 0; i < n; i += 1) {
    if (!COMPANY_SUFFIXES.has(tokens[i]!.f) || !tokens[i]!.cap) continue;
    for (let k = i - 1; k >= 0 && k >= i - 4; k -= 1) {
      const x = tokens[k]!;
      if (!(x.cap || PARTICLES.has(x.f)) || !/^\s*(?:&\s*)?$/.test(text.slice(x.e, tokens[k + 1]!.s)) || sentenceStart(text, tokens, k + 1)) break;
      blocked[k] = 1;
    }
  }
  // (Internal capitals mark brands, "HubSpot", "RingCentral", but also names: "McAllister", "DeShawn", "LaToya".)
  const isNameWord = (t: Token) => !t.digits && t.raw.length >= 2 && !NOT_NAMES.has(baseOf(t.f)) && (!internalCaps(t.raw) || /^(?:Mc|Mac|De|Da|Di|La|Le|Van|Von)\p{Lu}\p{Ll}{2,}$/u.test(t.raw));
  /** No everyday, function, cue, verb or filler word: what is left may be a name by its shape. */
  const unseenWord = (t: Token) => t.f.length >= 3 && !EVERYDAY.has(t.f) && !COMMON_WORDS.has(t.f) && !CUE_INDEX.has(t.f) && !PERSON_VERBS.has(t.f) && !WEAK_VERBS.has(t.f) && !NAME_VERBS.has(t.f) && !FILLERS.has(t.f) && !STREET_STOP.has(t.f);
  const spanEnd = (t: Token) => (/['’]s$/i.test(t.raw) && FIRST_NAMES.has(baseOf(t.f)) ? t.e - 2 : /['’]s$/i.test(t.raw) ? t.e - 2 : t.e);

  /** From a first word at i, take the surnames that follow; returns the index of the last word. */
  const extend = (i: number, loose: boolean): number => {
    let last = i;
    let extra = 0;
    let k = i + 1;
    while (k < n && extra < 4) {
      const prev = tokens[k - 1]!;
      const t = tokens[k]!;
      if (!joinedBySpace(text, prev, t) || /['’]s$/i.test(prev.raw)) break;
      // "Filho", "Neto", "Júnior", "Jr.": a generational suffix closes the name.
      if (NAME_SUFFIXES.has(t.f) && (t.cap || t.f.length > 3) && !blocked[k]) {
        last = k;
        break;
      }
      if (blocked[k]) break;
      if (PARTICLES.has(t.f) && !t.cap) {
        // "dos Santos", "van der Meer": one or two particles, then a capitalised word or a surname.
        const two = tokens[k + 1] && PARTICLES.has(tokens[k + 1]!.f) && joinedBySpace(text, t, tokens[k + 1]!) ? 1 : 0;
        const at = k + 1 + two;
        const nx = tokens[at];
        if (nx && !blocked[at] && joinedBySpace(text, tokens[at - 1]!, nx) && isNameWord(nx) && (nx.cap || SURNAMES.has(baseOf(nx.f)))) {
          last = at;
          k = at + 1;
          extra += 1;
          continue;
        }
        break;
      }
      if (!isNameWord(t)) break;
      const surname = SURNAMES.has(baseOf(t.f)) || (FIRST_NAMES.has(baseOf(t.f)) && !AMBIGUOUS_NAMES.has(t.f));
      const capitalised = t.cap && !sentenceStart(text, tokens, k);
      // "priya ramanathan", "matheus yuji", "mohammed al-rashid": an unlisted word that reads as a name and is no everyday word.
      // "omar farouk wants…": a word no list or score knows, when a verb follows it.
      const shaped = extra < 2 && unseenWord(t) && (nameLike(t.f, 0.9) || /^(?:al|el|bin|ibn|abu|ben)-\p{L}{3,}$/u.test(t.f) || (nameScore(t.f) >= 0.4 && nameLike(t.f)) || (extra === 0 && nameScore(t.f) >= 0.1 && verbAfter(text, tokens, k) === 'strong'));
      if (!(surname || capitalised || shaped || (loose && extra < 2))) break;
      last = k;
      k += 1;
      extra += 1;
    }
    return last;
  };

  const kidx = known.length ? knownIndex(known) : null;
  let prevLast = -1;
  let i = 0;
  while (i < n) {
    const t = tokens[i]!;
    if (blocked[i] || t.digits) {
      i += 1;
      continue;
    }
    // 1. The call's known names.
    if (kidx) {
      const list = kidx.get(baseOf(t.f));
      const hit = list?.find((k) => k.words.every((w, j) => tokens[i + j] && baseOf(tokens[i + j]!.f) === w));
      if (hit) {
        const last = extend(i + hit.words.length - 1, false);
        add(t.s, spanEnd(tokens[last]!), 'name');
        prevLast = last;
        i = last + 1;
        continue;
      }
    }
    // 2. A cue right before this word.
    const cueHit = cueBefore(text, tokens, i) ?? roleSlot(tokens, i);
    const cue = cueHit?.strength;
    const f = baseOf(t.f);
    const first = f.includes('-') ? f.slice(0, f.indexOf('-')) : f;
    // (In English, "rosa", "clara", "marina" are no words: names, as a listed one.)
    const listed = FIRST_NAMES.has(f) || FIRST_NAMES.has(first) || (lang === 'en' && AMBIGUOUS_NAMES.has(f) && PT_ONLY_AMBIGUOUS.has(f));
    const ambiguous = AMBIGUOUS_NAMES.has(f) && !(lang === 'en' ? PT_ONLY_AMBIGUOUS.has(f) : EN_ONLY_AMBIGUOUS.has(f));
    const midCap = t.cap && !sentenceStart(text, tokens, i);
    let start = false;
    let loose = false;
    const nameWord = isNameWord(t);
    // An unlisted lower-case word that is no everyday word ("kleiton", "rayssa").
    // (A verb is no name: "a minha gerente, Rosimeire, aprovou" must not take "aprovou" as a list item.)
    const unknown = nameWord && !listed && !ambiguous && !t.digits && t.raw.length >= 3 && !COMMON_WORDS.has(f) && !CUE_INDEX.has(f) && !/^\p{Lu}{2,}$/u.test(t.raw) && !PERSON_VERBS.has(f) && !WEAK_VERBS.has(f) && !NAME_VERBS.has(f);
    if (cue && nameWord) {
      if (cue === 'strong' || cue === 'title') {
        start = true;
        loose = cue === 'strong';
      } else if (cue === 'medium' || cue === 'honorific') {
        start = listed || ambiguous || (t.cap && !PERSON_VERBS.has(f) && !(cue === 'medium' && !listed && firmUnitAfter(text, tokens, i)));
        // "o seu juvenal", "dona eulália": after an honorific, an unlisted word that reads as a name and is no everyday word.
        if (!start && cue === 'honorific' && unknown && !EVERYDAY.has(f) && nameLike(f, 0.5)) start = true;
      }
      else if (cue === 'person') start = listed || ambiguous || (t.cap && !COMMON_WORDS.has(f)) || unknown;
      else if (cue === 'list') start = listed || ambiguous || (t.cap && !COMMON_WORDS.has(f)) || (unknown && itemEnds(text, tokens, i));
      else if (cue === 'recipient') start = listed || ambiguous || (t.cap && !COMMON_WORDS.has(f) && !firmUnitAfter(text, tokens, i));
      else start = listed || (t.cap && !COMMON_WORDS.has(f)) || (unknown && itemEnds(text, tokens, i)); // greeting: "thanks, marty" (not "Thanks, Accounts Payable")
    }
    // A list after a name: "ana, bruno e carla", "Katie and Wes", "a bruna e o caio".
    if (!start && nameWord && prevLast >= 0 && listJoin(text, tokens, prevLast, i)) start = listed || ambiguous || (t.cap && !COMMON_WORDS.has(f)) || (unknown && itemEnds(text, tokens, i));
    // The head of a clause before a verb whose subject is a person: "o jurandir disse", "darnell confirmed", "Grant confirmed".
    if (!start && nameWord && !NOT_NAMES.has(f)) {
      const pv = i > 0 ? tokens[i - 1]! : null;
      const article = lang === 'pt' && !!pv && PT_ARTICLES.has(pv.f) && joinedBySpace(text, pv, t);
      const head = sentenceStart(text, tokens, i) || article || (!!pv && FILLERS.has(pv.f));
      const verb = verbAfter(text, tokens, i);
      if (verb && (listed || ambiguous || unknown || t.cap)) {
        // A surname alone at the head of a sentence may be a firm ("Figueiredo mandou a proposta").
        // (Portuguese firms go by a founder's surname more often than English ones: "Figueiredo mandou", but "Henderson signed".)
        const firm = lang === 'pt' && SURNAMES.has(f) && !listed && !ambiguous && sentenceStart(text, tokens, i);
        // Before a person verb a listed (or ambiguous) word counts at the head of a clause; an unlisted one only
        // when capitalised mid-sentence with no article before it ("then Braxton asked"). An unlisted word at
        // the head is as often a department, a tool or a firm: "o frete pediu", "o Sicredi confirmou", "Pricing said".
        // (…nor after a place preposition: "the folks in Sacramento liked it".)
        const bareMidCap = midCap && !article && !(pv && (pv.f === 'the' || PT_ARTICLES.has(pv.f) || PLACE_PREPS.has(pv.f) || (pv.cap && joinedBySpace(text, pv, t)))) && !COMMON_WORDS.has(f) && !/^\p{Lu}{2,}$/u.test(t.raw);
        if (verb === 'strong' && !firm && (((head || midCap) && (listed || ambiguous)) || bareMidCap)) start = true;
        else if (verb === 'weak' && (listed || ambiguous) && (t.cap || head) && !(ambiguous && !t.cap)) start = true;
        // "DeShawn is leading the evaluation": a capitalised word of the large name list that is no everyday word.
        else if (verb === 'weak' && t.cap && !firm && nameLike(f, 2) && !EVERYDAY.has(f) && !COMMON_WORDS.has(f) && !/^\p{Lu}{2,}$/u.test(t.raw)) start = true;
        // "uh bob was supposed to send it", "mark is going to call": a lower-case name-word at the head before an
        // auxiliary and a participle or "-ing" form (a thing is rarely "supposed to" or "going to").
        else if (verb === 'weak' && ambiguous && !t.cap && head && !article && AUX_THEN_VERB.test(text.slice(t.e, t.e + 40))) start = true;
        // Round 4: an unlisted word that reads as a name (the learned scorer) at the head of a clause before a verb
        // ("o Wesclei ficou de mandar", "Marguerite will handle", "so Dashiell is sending"); "o Sicredi confirmou",
        // "o frete pediu", "Salesforce will handle" score low. Not after "the", never a word in all capitals.
        // A bare capitalised word opening a sentence is as often a firm ("Vandelay decided…"): it needs a higher score.
        else if (unknown && !firm && (head || bareMidCap) && pv?.f !== 'the' && nameLike(f, sentenceStart(text, tokens, i) && !article ? HIGH_NAME_SCORE : undefined)) start = true;
      }
      // Round 3: two capitalised words joined by "and"/"e" at the head of a clause before a verb ("Tomasz and Aisling
      // will test it", "Rhys e Anouk vão testar"): each is unlisted-capitalised or listed, neither an everyday word.
      if (!start && t.cap && head && !(pv && (pv.f === 'the' || PT_ARTICLES.has(pv.f))) && !COMMON_WORDS.has(f) && !/^\p{Lu}{2,}$/u.test(t.raw)) {
        const and = tokens[i + 1];
        const y = tokens[i + 2];
        if (and && y && (and.f === 'and' || and.f === 'e') && y.cap && !blocked[i + 2] && isNameWord(y) && !COMMON_WORDS.has(baseOf(y.f)) && joinedBySpace(text, t, and) && joinedBySpace(text, and, y) && verbAfter(text, tokens, i + 2)) start = true;
      }
      // "o Mark", "a Luz Marina": a capitalised word that is a name only sometimes, after an article mid-sentence.
      // An unlisted capitalised word there is as often a brand, a bank or a region ("o Sicredi", "a Bahia").
      if (!start && article && midCap && AMBIGUOUS_NAMES.has(f) && !COMMON_WORDS.has(f)) start = true;
      // A call title: "Renovação Grupo Mateus – Luiz Fernando", "Negotiation - Giovanni Bianchi".
      if (!start && t.cap && !COMMON_WORDS.has(f) && titleTail(text, tokens, i, blocked)) start = true;
    }
    // "Emre's out till monday", "jess's boss has final say": a possessive before what only a person has or is.
    if (!start && nameWord && /['’]s$/.test(t.raw) && !EVERYDAY.has(f) && !COMMON_WORDS.has(f) && (listed || ambiguous || nameLike(f)) && POSSESSED_BY_PERSON.test(text.slice(t.e, t.e + 24))) start = true;
    // Round 3: a person's department right after the word ("a Kethlen do marketing pediu", "Fenwick from
    // procurement will call"): capitalised, or listed without an article ("o código do produto" is no name).
    if (!start && nameWord && !COMMON_WORDS.has(f) && !/^\p{Lu}{2,}$/u.test(t.raw) && deptAfter(text, tokens, i)) {
      const pv = i > 0 ? tokens[i - 1]! : null;
      const article = !!pv && PT_ARTICLES.has(pv.f) && joinedBySpace(text, pv, t);
      // A capitalised word opening a sentence there is as often a verb ("Gostei do produto", "Depende de TI").
      if (pv?.f !== 'the' && (t.cap || listed) && !(article && !t.cap) && (listed || !sentenceStart(text, tokens, i) || nameLike(f))) start = true;
    }
    // Round 3: a caller naming themself ("Fenwick here, quick question", "Odell speaking", "é a Carla falando",
    // "Gumercindo aqui, tudo bem?") and someone added to a thread ("please add Quillon to the thread").
    if (!start && t.cap && nameWord && !COMMON_WORDS.has(f) && !/^\p{Lu}{2,}$/u.test(t.raw)) {
      const nx1 = tokens[i + 1];
      const after = nx1 ? text.slice(nx1.e, tokens[i + 2]?.s ?? text.length) : '';
      // (…with punctuation or the end right after: "Caiu aqui rapidinho" is a verb.)
      if (nx1 && ['here', 'speaking', 'aqui', 'falando'].includes(nx1.f) && /^\s+$/.test(text.slice(t.e, nx1.s)) && (tokens[i + 2] ? /^\s*[,.!?;:]/.test(after) : /^[\s,.!?;:]*$/.test(after)) && (listed || nameLike(f, SLOT_NAME_SCORE)) && (sentenceStart(text, tokens, i) || (i > 0 && PT_ARTICLES.has(tokens[i - 1]!.f)))) start = true;
      const pv = tokens[i - 1];
      if (!start && pv && (pv.f === 'add' || pv.f === 'adiciona' || pv.f === 'adicionar' || pv.f === 'inclui' || pv.f === 'incluir') && /^\s*(?:to|no|na|em)\s+(?:the\s+|o\s+|a\s+)?(?:thread|email|e-mail|call|invite|meeting|chat|group|grupo|convite|reuniao|reunião|copia|cópia)\b/iu.test(text.slice(t.e))) start = true;
    }
    // 3. A first name from the list (an ambiguous one only when capitalised mid-sentence, and
    //    never after "the": "the Austin team"; a month never after a time preposition or next to a day: "in April", "May 5").
    if (!start && listed && isNameWord(t)) start = !ambiguous || (midCap && !(i > 0 && tokens[i - 1]!.f === 'the') && !monthContext(tokens, i));
    // …or capitalised before a reporting verb ("Mark said", "Frank from finance").
    if (!start && ambiguous && !monthContext(tokens, i) && t.cap && tokens[i + 1] && NAME_VERBS.has(tokens[i + 1]!.f) && joinedBySpace(text, t, tokens[i + 1]!)) start = true;
    // …or followed by a listed first name ("Sue Ellen", "marco antônio").
    const nf = tokens[i + 1];
    if (!start && ambiguous && nameWord && nf && !blocked[i + 1] && joinedBySpace(text, t, nf) && (t.cap === nf.cap) && FIRST_NAMES.has(nf.f) && !AMBIGUOUS_NAMES.has(nf.f) && !(i > 0 && tokens[i - 1]!.f === 'the')) start = true;
    // 4. Two capitalised words, the second a known surname ("Abílio Diniz", "Priya Sharma").
    const nx = tokens[i + 1];
    if (!start && t.cap && isNameWord(t) && !t.raw.match(/^\p{Lu}{2,}$/u) && nx && nx.cap && !blocked[i + 1] && joinedBySpace(text, t, nx) && SURNAMES.has(baseOf(nx.f)) && !(i > 0 && tokens[i - 1]!.f === 'the')) start = true;
    // Round 4: a name-like unlisted word before a particle and a capitalised or listed surname ("o Abelardo de Souza
    // Lima", "Hendrik van Houten"), or before "e"/"and" and a listed first name ("a Núbia e a Edilene").
    if (!start && unknown && nx && nameLike(f) && !(i > 0 && tokens[i - 1]!.f === 'the')) {
      const y = tokens[i + 2];
      const z = tokens[i + 3];
      if (PARTICLES.has(nx.f) && !nx.cap && y && !blocked[i + 2] && joinedBySpace(text, t, nx) && joinedBySpace(text, nx, y) && (y.cap || SURNAMES.has(baseOf(y.f))) && isNameWord(y)) start = true;
      const item = y && PT_ARTICLES.has(y.f) && lang === 'pt' ? z : y;
      if ((nx.f === 'e' || nx.f === 'and') && item && !blocked[tokens.indexOf(item)] && /^[\s\p{L}]*$/u.test(text.slice(t.e, item.s)) && FIRST_NAMES.has(baseOf(item.f)) && !AMBIGUOUS_NAMES.has(baseOf(item.f))) start = true;
    }
    // Round 4: two capitalised unlisted words that read as a first name and a surname: the second shaped like one
    // ("Desmond O'Rourke", "Fitzwilliam Darcy-Holt") or both scoring as names ("Lysander Boone agreed"); at a
    // sentence start only before a verb.
    if (!start && unknown && t.cap && nx && nx.cap && !blocked[i + 1] && joinedBySpace(text, t, nx) && isNameWord(nx) && !COMMON_WORDS.has(baseOf(nx.f)) && !(i > 0 && tokens[i - 1]!.f === 'the')) {
      const shaped = /^(?:[OD]['’]\p{Lu}\p{Ll}+|\p{Lu}\p{Ll}+-\p{Lu}\p{Ll}+)$/u.test(nx.raw);
      const verb = verbAfter(text, tokens, i + 1);
      const scored = shaped || (nameLike(f) && (SURNAMES.has(baseOf(nx.f)) || nameLike(baseOf(nx.f)) || !!verb)) || (!!verb && nameLike(f, SLOT_NAME_SCORE) && nameLike(baseOf(nx.f), SLOT_NAME_SCORE));
      if (scored && (!sentenceStart(text, tokens, i) || verb)) start = true;
    }
    if (start) {
      const last = extend(i, loose);
      // A title goes with the name ("Sr. Rodolfo", "dona Cida").
      let from = (cue === 'title' || cue === 'honorific') && cueHit ? tokens[cueHit.from]!.s : t.s;
      // "chen wei and yuki": a surname said first, right before the name, belongs to it.
      const pv = tokens[i - 1];
      if (from === t.s && pv && i - 1 > prevLast && !blocked[i - 1] && joinedBySpace(text, pv, t) && isNameWord(pv) && unseenWord(pv) && (SURNAMES.has(pv.f) || nameLike(pv.f, 0.9))) from = pv.s;
      add(from, spanEnd(tokens[last]!), 'name');
      prevLast = last;
      i = last + 1;
      continue;
    }
    i += 1;
  }
}

const MONTHS = new Set('april may june august'.split(' '));
const TIME_PREPS = new Set('in since until till by before after early late mid next last this of during from through'.split(' '));
/** An ambiguous name that is a month here: after a time preposition, or next to a day number ("May 5", "5 June"). */
function monthContext(tokens: Token[], i: number): boolean {
  if (!MONTHS.has(tokens[i]!.f)) return false;
  return TIME_PREPS.has(tokens[i - 1]?.f ?? '') || !!tokens[i + 1]?.digits || !!tokens[i - 1]?.digits;
}

/** Tokens between a name ending at `last` and token i join a list: ", ", " e ", " and ", ", e o ". */
function listJoin(text: string, tokens: Token[], last: number, i: number): boolean {
  if (i - last > 3) return false;
  const mid = tokens.slice(last + 1, i).map((t) => t.f);
  const gap = text.slice(tokens[last]!.e, tokens[i]!.s);
  if (!/^[\s,]*(?:(?:e|and|&)\s+)?(?:(?:o|a)\s+)?$/i.test(gap.replace(/\p{L}+/gu, (w) => w))) return false;
  if (mid.length === 0) return /^\s*,\s*$/.test(gap);
  if (!(mid[0] === 'e' || mid[0] === 'and')) return false;
  return mid.length === 1 || (mid.length === 2 && (mid[1] === 'o' || mid[1] === 'a'));
}

/** The word at i closes a list item: end of text, a comma, a conjunction or a bracket follows. */
function itemEnds(text: string, tokens: Token[], i: number): boolean {
  const nx = tokens[i + 1];
  const gap = text.slice(tokens[i]!.e, nx ? nx.s : text.length);
  if (!nx) return /^[\s.!?]*$/.test(gap);
  return /^\s*[,;(!]/.test(gap) || (/^\s+$/.test(gap) && (nx.f === 'e' || nx.f === 'and'));
}

/** 'strong' or 'weak' when a verb follows token i (skipping "ainda não", "me", "still"). */
function verbAfter(text: string, tokens: Token[], i: number): 'strong' | 'weak' | null {
  let j = i + 1;
  for (let skip = 0; skip < 2 && tokens[j] && VERB_SKIP.has(tokens[j]!.f); skip += 1) j += 1;
  const v = tokens[j];
  if (!v || !/^\s+$/.test(text.slice(tokens[j - 1]!.e, v.s)) || !/^\s+$/.test(text.slice(tokens[i]!.e, tokens[i + 1]!.s))) return null;
  if (PERSON_VERBS.has(v.f)) return 'strong';
  if (WEAK_VERBS.has(v.f) || /['’]s$/.test(tokens[i]!.raw)) return WEAK_VERBS.has(v.f) ? 'weak' : null;
  return null;
}

/** Token i opens the last part of a call title after a dash: one to four capitalised words to the end (or a bracket). */
function titleTail(text: string, tokens: Token[], i: number, blocked: Uint8Array): boolean {
  if (i === 0 || !/\s[–—-]\s*$/.test(text.slice(tokens[i - 1]!.e, tokens[i]!.s))) return false;
  let k = i;
  let words = 0;
  let listed = 0; // one known first name or surname among them: "Kickoff - Northwind Traders" is no person
  for (; k < tokens.length; k += 1) {
    const t = tokens[k]!;
    if (k > i && !/^\s+$/.test(text.slice(tokens[k - 1]!.e, t.s))) break;
    if (blocked[k] || t.digits) return false;
    if (t.cap) {
      words += 1;
      if (FIRST_NAMES.has(baseOf(t.f)) || SURNAMES.has(baseOf(t.f))) listed += 1;
    } else if (!(PARTICLES.has(t.f) || t.f === 'e' || t.f === 'and')) return false;
  }
  const rest = text.slice(tokens[k - 1]!.e, k < tokens.length ? tokens[k]!.s : text.length);
  return words >= 1 && words <= 5 && listed > 0 && (k === tokens.length ? /^[\s.!]*$/.test(rest) : /^\s*[(/|]/.test(rest));
}

/** An unlisted capitalised word followed by a unit of a firm is the firm ("we called Comcast support", "liguei pro
 * Sicredi atendimento"). */
const FIRM_UNITS = new Set('support suporte team time office escritorio store loja bank banco sales vendas service servico atendimento desk helpdesk center central hq headquarters branch filial matriz customer account billing'.split(' '));
function firmUnitAfter(text: string, tokens: Token[], i: number): boolean {
  const x = tokens[i + 1];
  // ("Comcast support", "Acme legal": a firm's unit or department right after it, with no "do"/"from" between.)
  return !!x && !x.cap && (FIRM_UNITS.has(x.f) || DEPARTMENTS.has(x.f)) && /^\s+$/.test(text.slice(tokens[i]!.e, x.s));
}

/** Departments that follow a person's name ("do marketing", "from legal"). */
const DEPARTMENTS = new Set('suprimentos financeiro marketing compras juridico ti rh vendas comercial suporte logistica operacoes controladoria diretoria engenharia produto atendimento faturamento contabilidade cobranca seguranca qualidade finance legal procurement it hr sales support logistics operations ops accounting purchasing engineering product security billing marketing'.split(' '));
function deptAfter(text: string, tokens: Token[], i: number): boolean {
  const p = tokens[i + 1];
  const d = tokens[i + 2];
  if (!p || !d || !/^\s+$/.test(text.slice(tokens[i]!.e, p.s)) || !/^\s+$/.test(text.slice(p.e, d.s))) return false;
  if (!['do', 'da', 'de', 'from', 'in', 'no', 'na'].includes(p.f)) return false;
  if (DEPARTMENTS.has(d.f)) return true;
  // "Parisa from the toronto office", "Ayşe from the istanbul team": from a named office or team.
  if (p.f !== 'from' || d.f !== 'the') return false;
  const rest = tokens.slice(i + 3, i + 6).map((x) => x.f);
  return rest.some((w, k) => k > 0 && /^(?:office|team|side|branch|hq|plant|site|store)$/.test(w));
}

/** Roles whose holder is named after "é o" / "is" ("o gerente é o Valdisney", "the buyer is Odell"). */
const ROLE_NOUNS = new Set('gerente diretor diretora dono dona responsavel contato comprador compradora decisor decisora socio socia presidente coordenador coordenadora supervisor supervisora assinante signatario manager director owner buyer contact signer approver champion sponsor cfo ceo cto coo vp founder head lead'.split(' '));
/** A person slot made by a role or a "quem …" clause before "é o/a" or "is": "quem vai assinar é o Gumercindo",
 * "o gerente é o Valdisney", "our buyer is Odell". */
function roleSlot(tokens: Token[], i: number): { strength: CueStrength; from: number } | null {
  const a = tokens[i - 1];
  if (!a) return null;
  let k = i - 1;
  if (PT_ARTICLES.has(a.f)) k -= 1;
  const is = tokens[k];
  if (!is || !(is.f === 'e' || is.f === 'is' || is.f === 'sera' || is.f === 'foi' || is.f === 'was' || is.f === 'be')) return null;
  if (is.f === 'e' && k === i - 1) return null; // "e" without an article is "and"
  for (let j = k - 1; j >= Math.max(0, k - 5); j -= 1) {
    const w = tokens[j]!.f;
    // After "quem …" (pt) any unlisted word is a name, as after "quem assina é o"; after a role, or in English,
    // only a listed or capitalised one ("the buyer is happy", "o contato é o whatsapp").
    if (w === 'quem') return { strength: 'person', from: i };
    // "the one running the system will be Tanvi": "the one" holds a role too.
    if (w === 'who' || (ROLE_NOUNS.has(w) && j >= k - 2) || (w === 'one' && tokens[j - 1]?.f === 'the' && /^(?:\p{L}{2,}ing|who)$/u.test(tokens[j + 1]?.f ?? '') && !/thing$/.test(tokens[j + 1]!.f))) return { strength: 'medium', from: i };
  }
  return null;
}

const ADJECTIVE_GREETINGS = new Set('caro cara best grato grata att abs cheers'.split(' '));
const DETERMINERS = new Set('the a an my our your their his her its this that very most o um uma meu minha nosso nossa seu sua'.split(' '));
/** The strength of the cue that ends right before token i, if any. */
function cueBefore(text: string, tokens: Token[], i: number): { strength: CueStrength; from: number } | null {
  if (i === 0) return null;
  const prev = tokens[i - 1]!;
  const list = CUE_INDEX.get(prev.f);
  if (!list) return null;
  const gap = text.slice(prev.e, tokens[i]!.s);
  if (!/^(?:\.?\s+|,\s*|:\s*|\s*-\s*|\/\s+)$/.test(gap)) return null; // ("w/ Henderson")
  for (const cue of list) {
    const ws = cue.words;
    let ok = true;
    for (let k = 0; k < ws.length - 1 && ok; k += 1) {
      const tok = tokens[i - ws.length + k];
      ok = !!tok && tok.f === ws[k];
    }
    if (ok) {
      if (cue.strength === 'title' && ws.length === 1 && !/^\.?\s+$/.test(gap)) return null;
      // "the best season", "a very good morning": a greeting or sign-off is no adjective after a determiner; a
      // sign-off that is also an adjective ("caro", "best") opens the text or a sentence; "Caro. Bonito" is no salutation.
      if (cue.strength === 'greeting' && DETERMINERS.has(tokens[i - ws.length - 1]?.f ?? '')) return null;
      if (cue.strength === 'greeting' && (gap.startsWith('.') || (ADJECTIVE_GREETINGS.has(prev.f) && !sentenceStart(text, tokens, i - ws.length)))) return null;
      // "we don't miss having", "we will miss Jennifer": a lower-case "miss" is a verb, no title.
      if (prev.f === 'miss' && !prev.cap) return null;
      return { strength: cue.strength, from: i - ws.length };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

export function redactDetailed(text: string, lang: RedactLanguage, options: RedactOptions = {}): RedactResult {
  const spans = detectPii(text, lang, options);
  const found: Record<PiiKind, number> = { name: 0, email: 0, phone: 0, cpf: 0, cnpj: 0, card: 0, address: 0, cep: 0, iban: 0, pix: 0 };
  const ph = PLACEHOLDER[lang];
  let out = '';
  let last = 0;
  for (const s of spans) {
    out += text.slice(last, s.start) + ph[s.kind];
    found[s.kind] += 1;
    last = s.end;
  }
  out += text.slice(last);
  return { text: out, found, spans };
}

/** The text with every kind of PII replaced by a placeholder in `lang`. */
export const redact = (text: string, lang: RedactLanguage, options?: RedactOptions): string => redactDetailed(text, lang, options).text;
