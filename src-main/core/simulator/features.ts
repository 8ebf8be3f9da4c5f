/**
 * What a rep's turn does, read from its words (pt-BR and English, accents and case folded):
 * acknowledges the buyer, asks (an open question or a closed one), answers the objection on
 * the table with substance, offers a discount, dismisses, proposes a dated next step, fills
 * with "um"/"tipo". Cue lists, not a model: each feature is a fact a rep can read back in the
 * feedback ("you offered a discount before asking…"), and the rubric's checks are built on them.
 */
import type { ObjectionType, SpokenLanguage } from '../../../src-shared/taxonomy';

export const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const words = (text: string): string[] => fold(text).match(/[\p{L}\p{N}']+/gu) ?? [];

/** Phrase lists are folded (no accents, lower case) and matched on word boundaries. */
const has = (text: string, phrases: readonly string[]): boolean => {
  const t = ` ${words(text).join(' ')} `;
  return phrases.some((p) => t.includes(` ${p} `) || (p.endsWith('*') && t.includes(` ${p.slice(0, -1)}`)));
};
const count = (text: string, phrases: readonly string[]): number => {
  const t = ` ${words(text).join(' ')} `;
  let n = 0;
  for (const p of phrases) n += t.split(` ${p} `).length - 1;
  return n;
};

const ACK: Record<SpokenLanguage, string[]> = {
  pt: ['entendo', 'entendi', 'compreendo', 'faz sentido', 'e justo', 'justo', 'boa pergunta', 'imagino', 'concordo', 'com certeza', 'obrigado', 'obrigada', 'agradeco', 'e normal', 'e uma preocupacao', 'preocupacao legitima', 'voce tem razao', 'tem razao', 'e natural', 'ouvi', 'sei como e', 'e importante'],
  en: ['i understand', 'understand', 'makes sense', 'that s fair', 'fair', 'good question', 'i hear you', 'valid', 'appreciate', 'i see', 'totally get', 'i get it', 'get that', 'thank you', 'thanks', 'you re right', 'that s a real concern', 'reasonable', 'i can imagine', 'important point', 'natural'],
};
const DISMISS: Record<SpokenLanguage, string[]> = {
  pt: ['nao e verdade', 'voce esta errado', 'voce esta errada', 'isso nao e problema', 'nao tem problema nenhum', 'confia em mim', 'relaxa', 'todo mundo usa', 'e so assinar', 'bobagem', 'nada a ver', 'nao precisa se preocupar', 'isso e besteira', 'fecha logo'],
  en: ['that s not true', 'you re wrong', 'not a problem at all', 'no problem at all', 'trust me', 'relax', 'everyone uses', 'just sign', 'nonsense', 'don t worry about', 'that s silly', 'doesn t matter', 'no way that'],
};
const DISCOUNT: Record<SpokenLanguage, string[]> = {
  pt: ['desconto', 'descontos', 'abaixar o preco', 'baixar o preco', 'baixo o preco', 'reduzo o preco', 'reduzir o preco', 'preco menor', 'faco por menos', 'sai mais barato se', 'cortar o preco'],
  en: ['discount', 'discounts', 'lower the price', 'cut the price', 'drop the price', 'knock off', 'cheaper if', 'reduce the price', 'price down'],
};
const QUESTION_OPEN: Record<SpokenLanguage, string[]> = {
  pt: ['o que', 'como', 'quais', 'qual', 'por que', 'porque', 'quando', 'quem', 'quanto', 'quantos', 'quantas', 'onde', 'me conta', 'me conte', 'me fala', 'pode me contar', 'pode me explicar'],
  en: ['what', 'how', 'which', 'why', 'when', 'who', 'where', 'tell me', 'walk me through', 'help me understand', 'could you share', 'can you share'],
};
const QUESTION_CLOSED: Record<SpokenLanguage, string[]> = {
  pt: ['voce acha', 'voces tem', 'voce tem', 'faz sentido pra', 'seria possivel', 'topa', 'tudo bem se', 'consegue', 'conseguem'],
  en: ['do you', 'does it', 'would you', 'could we', 'can we', 'is it', 'are you', 'would it', 'shall we', 'is that'],
};
const NEXT_STEP: Record<SpokenLanguage, string[]> = {
  pt: ['proximo passo', 'proximos passos', 'agendar', 'agendo', 'agendamos', 'marcar', 'marcamos', 'marco', 'reuniao', 'piloto', 'teste', 'prova de conceito', 'demo', 'demonstracao', 'proposta', 'convite', 'mando o convite', 'envio', 'conversa com'],
  en: ['next step', 'next steps', 'schedule', 'book', 'set up', 'meeting', 'pilot', 'trial', 'proof of concept', 'demo', 'proposal', 'invite', 'send you', 'call with', 'follow up'],
};
const WHEN: Record<SpokenLanguage, string[]> = {
  pt: ['amanha', 'depois de amanha', 'segunda', 'terca', 'quarta', 'quinta', 'sexta', 'semana que vem', 'proxima semana', 'esta semana', 'essa semana', 'mes que vem', 'hoje', 'fim da semana', 'final da semana'],
  en: ['tomorrow', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'next week', 'this week', 'today', 'next month', 'end of the week', 'end of week'],
};
/** A time or a date written out: "10h", "14:30", "3 pm", "dia 12", "12/03", "the 4th". */
const DATE_OR_TIME = /\b\d{1,2}(h\d{0,2}|:\d\d| ?(am|pm))\b|\bdia \d{1,2}\b|\b\d{1,2}\/\d{1,2}\b|\b\d{1,2}(st|nd|rd|th)\b/;
const FILLERS: Record<SpokenLanguage, string[]> = {
  pt: ['tipo', 'ne', 'hum', 'hm', 'eh', 'ahn', 'tipo assim', 'sabe', 'entao ne', 'basicamente'],
  en: ['um', 'uh', 'erm', 'like', 'you know', 'basically', 'kind of', 'sort of', 'i mean'],
};
/** Evidence the rep gives: a number, a customer, an example, a guarantee. */
const EVIDENCE: Record<SpokenLanguage, string[]> = {
  pt: ['por exemplo', 'clientes como', 'um cliente', 'nossos clientes', 'caso', 'em media', 'reduziu', 'aumentou', 'economia', 'retorno', 'referencia', 'garantia', 'garantimos', 'incluido', 'incluso', 'sem custo'],
  en: ['for example', 'for instance', 'customers like', 'one customer', 'our customers', 'case study', 'on average', 'reduced', 'increased', 'saved', 'savings', 'return', 'reference', 'guarantee', 'included', 'at no cost'],
};

/** Words that answer each objection (both languages, folded); `*` matches a prefix. */
const SUBSTANCE: Record<ObjectionType, string[]> = {
  price: ['roi', 'retorno', 'return', 'payback', 'custo total', 'total cost', 'valor', 'value', 'economia', 'econom*', 'sav*', 'por vendedor', 'per rep', 'per seat', 'por licenca', 'se paga', 'pays for itself', 'investimento', 'investment', 'compar*', 'receita', 'revenue', 'margem', 'margin', 'horas', 'hours'],
  budget: ['fase*', 'phase*', 'piloto', 'pilot', 'parcel*', 'installment*', 'comecar menor', 'start small*', 'menos licencas', 'fewer seats', 'orcamento do proximo', 'next year s budget', 'opex', 'capex', 'centro de custo', 'cost center', 'trimestre', 'quarter', 'pagamento', 'payment', 'billing', 'faturamento'],
  timing: ['implantacao', 'implant*', 'rollout', 'onboarding', 'semanas', 'weeks', 'dias', 'days', 'custo de esperar', 'cost of waiting', 'cada mes', 'every month', 'perde', 'lose', 'losing', 'cronograma', 'timeline', 'prazo', 'paralelo', 'parallel', 'sem pesar', 'without loading'],
  authority: ['diretor*', 'director', 'decisor*', 'decision maker*', 'comite', 'committee', 'apresenta*', 'present*', 'caso de negocio', 'business case', 'reuniao com', 'meeting with', 'quem mais', 'who else', 'deck', 'resumo', 'summary', 'one pager'],
  need: ['problema', 'problem', 'dor', 'pain', 'impacto', 'impact', 'resultado*', 'result*', 'perde*', 'los*', 'horas', 'hours', 'erro*', 'error*', 'planilha', 'spreadsheet', 'meta', 'quota', 'target', 'conversao', 'conversion', 'ramp*'],
  competitor: ['diferen*', 'differen*', 'compar*', 'integra*', 'migra*', 'lado a lado', 'side by side', 'portugues', 'portuguese', 'offline', 'local', 'tempo real', 'real time', 'teste', 'trial', 'enquanto', 'while', 'contrato atual', 'current contract'],
  trust: ['clientes', 'customers', 'referencia*', 'reference*', 'caso*', 'case*', 'seguranca', 'security', 'sla', 'garantia', 'guarantee', 'certifica*', 'certif*', 'lgpd', 'gdpr', 'soc', 'auditoria', 'audit', 'investidores', 'investors', 'escrow'],
  complexity: ['treinamento', 'training', 'suporte', 'support', 'onboarding', 'implantacao', 'implementation', 'semanas', 'weeks', 'dias', 'days', 'simples', 'simple', 'cuidamos', 'we handle', 'nosso time', 'our team', 'sem ti', 'without it', 'sso', 'integra*', 'passo a passo', 'step by step', 'acompanha*'],
  contract: ['anual', 'annual', 'yearly', 'mensal', 'monthly', 'clausula*', 'clause*', 'saida', 'exit', 'cancela*', 'cancel*', 'flexib*', 'juridico', 'legal', 'termos', 'terms', 'reajuste', 'increase', 'teto', 'cap', 'ipca', 'inflation', 'renova*', 'renew*', 'multa', 'fee'],
};

/** Whether a sentence of the text begins with one of the phrases. */
const startsSentence = (text: string, phrases: readonly string[]): boolean =>
  fold(text)
    .split(/[.!?;\n]+/)
    .map((x) => x.trim().replace(/^[^\p{L}]+/u, ''))
    .some((sentence) => phrases.some((p) => sentence === p || sentence.startsWith(`${p} `)));

export type TurnFeatures = {
  words: number;
  acknowledges: boolean;
  dismisses: boolean;
  offersDiscount: boolean;
  /** An open question (what / how / why …), or any question ("?" or a closed one). */
  openQuestion: boolean;
  asksQuestion: boolean;
  /** Words that answer the objection on the table (none: no objection open). */
  substance: number;
  evidence: boolean;
  nextStep: boolean;
  /** A next step with a time ("tuesday at 10", "semana que vem"). */
  datedNextStep: boolean;
  fillers: number;
};

const matchSubstance = (text: string, type: ObjectionType): number => {
  const ws = words(text);
  const joined = ` ${ws.join(' ')} `;
  let n = 0;
  for (const p of SUBSTANCE[type]) {
    if (p.endsWith('*')) n += ws.some((w) => w.startsWith(p.slice(0, -1))) ? 1 : 0;
    else n += joined.includes(` ${p} `) ? 1 : 0;
  }
  return n;
};

export function turnFeatures(text: string, language: SpokenLanguage, objection: ObjectionType | null): TurnFeatures {
  const both = (lists: Record<SpokenLanguage, string[]>) => has(text, lists[language]) || has(text, lists[language === 'pt' ? 'en' : 'pt']);
  const hasMark = text.includes('?');
  const open = both(QUESTION_OPEN) && (hasMark || /^\s*(o que|como|quais|qual|por que|quando|quem|quanto|what|how|which|why|when|who|tell me)\b/i.test(fold(text)));
  const nextStep = both(NEXT_STEP);
  return {
    words: words(text).length,
    acknowledges: both(ACK),
    dismisses: both(DISMISS),
    offersDiscount: both(DISCOUNT),
    openQuestion: open,
    // A closed question counts when it is asked: a question mark, or a sentence that opens with one ("do you…", "podemos…").
    asksQuestion: hasMark || open || startsSentence(text, [...QUESTION_CLOSED.pt, ...QUESTION_CLOSED.en]),
    substance: objection ? matchSubstance(text, objection) : 0,
    evidence: both(EVIDENCE) || /\d/.test(text),
    nextStep,
    datedNextStep: nextStep && (both(WHEN) || DATE_OR_TIME.test(fold(text))),
    fillers: count(text, FILLERS[language]),
  };
}
