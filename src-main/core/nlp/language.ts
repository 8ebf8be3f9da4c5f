/**
 * pt / en detection for one utterance: function words and Portuguese spelling. Short,
 * accentless recogniser output ("ta caro demais") is the hard case, so the word lists carry
 * spoken forms ("ta", "pra", "ne", "gente"). Ties go to the caller's fallback.
 */
import { normalizeText } from './featurize';

type Language = 'pt' | 'en';

export const PT_WORDS: ReadonlySet<string> = new Set(
  ('nao que de da do das dos pra para pro com uma um uns umas os as no na nos nas voce voces gente isso esse essa este esta ' +
    'ta tem temos muito muita mas ja vai vou eu meu minha nosso nossa por mais agora ainda sim bem entao tudo como quando aqui ' +
    'ele ela eles ser foi sao estamos estou fazer ne cara olha caro barato preco orcamento verba sem pode posso obrigado ' +
    'tambem porque ou se seu sua ao aos pela pelo depois hoje ano mes semana dia chefe diretor dinheiro').split(' '),
);
export const EN_WORDS: ReadonlySet<string> = new Set(
  ('the is are we you i it to of and that this what have has not dont don our for with be can do does was will would just so ' +
    'but they my me your about too very already need right now there their its im thats how when why who which if then than ' +
    'get got like want think know yes no it s isn t can t won t price budget expensive cheap next year month week day boss ' +
    'money call back team tool really sure okay ok also from at on in by an').split(' '),
);
const PT_SPELLING = /[ãõçáéíóúâêô]|ção|ções|nh|lh/i;

export function detectLanguage(text: string, fallback: Language = 'pt'): Language {
  let pt = PT_SPELLING.test(text) ? 2 : 0;
  let en = 0;
  for (const tok of normalizeText(text).split(' ')) {
    if (PT_WORDS.has(tok)) pt += 1;
    if (EN_WORDS.has(tok)) en += 1;
  }
  if (pt === en) return fallback;
  return pt > en ? 'pt' : 'en';
}
