/**
 * PII redaction for anything that leaves the laptop (sync, LLM prompts, redacted exports):
 * e-mails, card numbers (Luhn-checked), CNPJ, CPF, phone numbers and personal names, in
 * Portuguese and English. Placeholders are in the text's language so a redacted follow-up
 * still reads naturally.
 *
 * Order matters: card numbers and Brazilian tax ids are digit runs that a phone pattern would
 * also match, so the stricter patterns run first.
 */
import { FIRST_NAMES } from './first-names';

export type PiiKind = 'name' | 'email' | 'phone' | 'cpf' | 'cnpj' | 'card';
export type RedactLanguage = 'pt' | 'en';

const PLACEHOLDER: Record<RedactLanguage, Record<PiiKind, string>> = {
  en: { name: '[NAME]', email: '[EMAIL]', phone: '[PHONE]', cpf: '[CPF]', cnpj: '[CNPJ]', card: '[CARD]' },
  pt: { name: '[NOME]', email: '[E-MAIL]', phone: '[TELEFONE]', cpf: '[CPF]', cnpj: '[CNPJ]', card: '[CARTÃO]' },
};

export type RedactOptions = {
  /** Names known to belong to this call (customer, contact, rep): always redacted. */
  names?: string[];
};

export type RedactResult = { text: string; found: Record<PiiKind, number> };

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// 13-19 digits, optionally in groups separated by a space or a dash.
const CARD = /(?<![\d.])\d(?:[ -]?\d){12,18}(?![\d])/g;
const CNPJ = /(?<!\d)\d{2}\.?\d{3}\.?\d{3}\/?\d{4}-?\d{2}(?!\d)/g;
const CPF = /(?<![\d.])\d{3}\.?\d{3}\.?\d{3}-?\d{2}(?![\d])/g;
// +55 (11) 91234-5678, (11) 3456-7890, 11 91234 5678, +1 (415) 555-0100, 415-555-0100, 555 0100…
const PHONE = /(?<![\p{L}\p{N}])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,3}\)[ .-]?|\d{2,3}[ .-])?\d{3,5}[ .-]?\d{4}(?![\p{N}])/gu;

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

const onlyDigits = (s: string) => s.replace(/\D/g, '');
const formatted = (s: string) => /[.\-/]/.test(s);

// Cues after which a capitalised word is a person's name, in both languages (case-insensitive).
const NAME_CUES =
  /(?<![\p{L}])(?:my name is|name's|this is|i am|i'm|speaking with|talk to|talking to|ask for|mr\.?|mrs\.?|ms\.?|dr\.?|dra\.?|sr\.?|sra\.?|srta\.?|meu nome é|me chamo|aqui é|aqui quem fala é|quem fala é|sou (?:o|a)|falar com (?:o|a)|falo com (?:o|a)|fala (?:o|a)|senhor|senhora|dona)\s+(?:(?:o|a)\s+)?/giu;
// A run of capitalised words ("Ana", "Ana Paula de Souza"); case-sensitive, unlike the cues.
const WORD = "\\p{Lu}[\\p{Ll}'’-]+";
const NAME_RUN = new RegExp(`${WORD}(?:\\s+(?:d[aeo]s?\\s+)?${WORD}){0,3}`, 'uy');
const CAPITALISED_RUN = new RegExp(`(?<![\\p{L}\\[])${WORD}(?:\\s+(?:d[aeo]s?\\s+)?${WORD}){0,3}`, 'gu');

export function redactDetailed(text: string, lang: RedactLanguage, options: RedactOptions = {}): RedactResult {
  const ph = PLACEHOLDER[lang];
  const found: Record<PiiKind, number> = { name: 0, email: 0, phone: 0, cpf: 0, cnpj: 0, card: 0 };
  const hit = (kind: PiiKind) => {
    found[kind] += 1;
    return ph[kind];
  };
  let out = text.replace(EMAIL, () => hit('email'));
  out = out.replace(CARD, (m) => (luhnValid(onlyDigits(m)) ? hit('card') : m));
  out = out.replace(CNPJ, (m) => (formatted(m) || cnpjValid(onlyDigits(m)) ? hit('cnpj') : m));
  out = out.replace(CPF, (m) => (formatted(m) || cpfValid(onlyDigits(m)) ? hit('cpf') : m));
  // A phone is a digit run of its own: not a slice of a longer number (e.g. a non-Luhn card).
  out = out.replace(PHONE, (m, at: number, whole: string) =>
    onlyDigits(m).length >= 8 && !/\d[ .-]?$/.test(whole.slice(Math.max(0, at - 2), at)) && !/^[ .-]?\d/.test(whole.slice(at + m.length, at + m.length + 2)) ? hit('phone') : m,
  );
  out = redactNames(out, options.names ?? [], () => hit('name'));
  return { text: out, found };
}

/** The text with every kind of PII replaced by a placeholder in `lang`. */
export const redact = (text: string, lang: RedactLanguage, options?: RedactOptions): string => redactDetailed(text, lang, options).text;

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function redactNames(text: string, known: string[], replace: () => string): string {
  let out = text;
  // Names known to belong to this call, longest first so "Ana Souza" goes before "Ana".
  // Each part on its own too ("Mariana" alone), when long enough not to be a common word.
  const parts = known.flatMap((n) => [n, ...n.split(/\s+/).filter((p) => p.length >= 3 && !/^d[aeo]s?$/i.test(p))]);
  for (const name of [...new Set(parts)].map((n) => n.trim()).filter((n) => n.length >= 2).sort((a, b) => b.length - a.length)) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![\\p{L}])${escaped}(?![\\p{L}])`, 'giu'), () => replace());
  }
  // The capitalised words right after a cue ("my name is Carla Mendes", "aqui é o Júlio").
  let result = '';
  let last = 0;
  for (const cue of out.matchAll(NAME_CUES)) {
    const end = cue.index + cue[0].length;
    if (end < last) continue;
    NAME_RUN.lastIndex = end;
    const name = NAME_RUN.exec(out);
    if (!name) continue;
    result += out.slice(last, end) + replace();
    last = end + name[0].length;
  }
  out = result + out.slice(last);
  // Common first names anywhere, with the capitalised surnames that follow them.
  // ("Olá Mariana Costa" keeps "Olá": the name starts at the first word that is a first name.)
  return out.replace(CAPITALISED_RUN, (run) => {
    const words = run.split(/(\s+)/);
    const at = words.findIndex((w, i) => i % 2 === 0 && FIRST_NAMES.has(fold(w)));
    return at < 0 ? run : `${words.slice(0, at).join('')}${replace()}`;
  });
}
