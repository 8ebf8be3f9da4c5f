/**
 * Turns the findings of a call into words: the summary paragraph, the follow-up e-mail in
 * the call's language, and the recommended next actions. Local templates, no network.
 */
import type { CallDetail, CallSummary, RecommendedAction } from '../../../src-shared/ipc/calls';
import { fold } from './fts-query';
import { findDates, isCommitment, sentences, type LocalFindings } from './local-summary';

type Lang = 'pt' | 'en';

const OBJECTION_NAMES: Record<Lang, Record<string, string>> = {
  en: {
    price: 'price', budget: 'budget', timing: 'timing', authority: 'decision authority', need: 'need', competitor: 'competitor',
    trust: 'trust', complexity: 'complexity', contract: 'contract terms',
  },
  pt: {
    price: 'preço', budget: 'orçamento', timing: 'momento', authority: 'poder de decisão', need: 'necessidade', competitor: 'concorrente',
    trust: 'confiança', complexity: 'complexidade', contract: 'condições de contrato',
  },
};

const list = (items: string[], lang: Lang): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${lang === 'pt' ? 'e' : 'and'} ${items.at(-1)}`;

export type FollowUpInput = {
  detail: CallDetail;
  findings: LocalFindings;
  /** competitor id → display name (from battlecards), when known. */
  competitorNames: Map<string, string>;
};

export function recommendedActions({ detail, findings, competitorNames }: FollowUpInput): RecommendedAction[] {
  const lang = findings.language;
  const actions: RecommendedAction[] = [];
  for (const { value } of detail.call.competitors) {
    const name = competitorNames.get(value) ?? value;
    actions.push({
      kind: 'send-battlecard',
      target: value,
      text: lang === 'pt' ? `Enviar o comparativo com ${name} (battlecard)` : `Send the ${name} comparison (battlecard)`,
    });
  }
  for (const o of findings.keyObjections.filter((x) => !x.answered)) {
    const label = OBJECTION_NAMES[lang][o.type] ?? o.type;
    actions.push({
      kind: 'answer-objection',
      target: o.type,
      text: lang === 'pt' ? `Responder a objeção de ${label} que ficou em aberto` : `Answer the open ${label} objection`,
    });
  }
  const when = findings.dates[0];
  if (when || findings.commitments.length > 0 || findings.openQuestions.length > 0) {
    actions.push({
      kind: 'schedule-follow-up',
      target: when ?? '',
      text: lang === 'pt' ? `Agendar o próximo contato${when ? ` (${when})` : ''}` : `Schedule the follow-up${when ? ` (${when})` : ''}`,
    });
  }
  return actions;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function summaryText({ detail, findings, competitorNames }: FollowUpInput): string {
  const lang = findings.language;
  const objs = findings.keyObjections.map((o) => {
    const name = OBJECTION_NAMES[lang][o.type] ?? o.type;
    if (lang === 'pt') return `${name} (${o.answered ? 'respondida na chamada' : 'ainda em aberto'})`;
    return `${name} (${o.answered ? 'answered on the call' : 'still open'})`;
  });
  const comps = detail.call.competitors.map((c) => competitorNames.get(c.value) ?? c.value);
  // Under a minute in seconds ("3-second call"), else in whole minutes.
  const secs = Math.round((detail.call.durationMs ?? 0) / 1000);
  const mins = Math.max(1, Math.round((detail.call.durationMs ?? 0) / 60_000));
  const parts: string[] = [];
  const q = findings.openQuestions.length;
  const c = findings.commitments.length;
  if (lang === 'pt') {
    parts.push(`Chamada de ${secs < 60 ? `${secs} s` : `${mins} min`}${detail.call.customer ? ` com ${detail.call.customer}` : ''}.`);
    parts.push(objs.length ? `Objeções principais: ${list(objs, lang)}.` : 'Nenhuma objeção detectada.');
    if (comps.length) parts.push(`Concorrentes citados: ${list(comps, lang)}.`);
    if (q) parts.push(`${plural(q, 'pergunta do cliente ficou', 'perguntas do cliente ficaram')} em aberto.`);
    if (c) parts.push(`${plural(c, 'compromisso assumido', 'compromissos assumidos')}.`);
    if (findings.dates.length) parts.push(`Datas mencionadas: ${list(findings.dates, lang)}.`);
  } else {
    parts.push(`${secs < 60 ? `${secs}-second` : `${mins}-minute`} call${detail.call.customer ? ` with ${detail.call.customer}` : ''}.`);
    parts.push(objs.length ? `Main objections: ${list(objs, lang)}.` : 'No objections detected.');
    if (comps.length) parts.push(`Competitors mentioned: ${list(comps, lang)}.`);
    if (q) parts.push(`${plural(q, 'customer question is', 'customer questions are')} still open.`);
    if (c) parts.push(`${plural(c, 'commitment', 'commitments')} made.`);
    if (findings.dates.length) parts.push(`Dates mentioned: ${list(findings.dates, lang)}.`);
  }
  return parts.join(' ');
}

/**
 * One natural sentence per topic the customer raised, for the e-mail: what we will do when it
 * is still open, a short recap when it was answered on the call. `{names}`: the competitors.
 */
const TOPIC_SENTENCES: Record<Lang, Record<string, { open: string; answered: string }>> = {
  pt: {
    price: { open: 'Sei que o investimento foi uma preocupação. Vou preparar uma proposta com as opções de plano para avaliarmos juntos.', answered: 'Sobre o investimento, fico à disposição para detalhar os valores que conversamos.' },
    budget: { open: 'Entendi que o orçamento deste período está apertado. Um início em fases pode caber melhor no planejamento de vocês, e posso montar essa opção.', answered: 'Sobre o orçamento, fico à disposição para revisar a opção de início que conversamos.' },
    timing: { open: 'Entendi que o momento ainda não é o ideal. Podemos alinhar um cronograma que funcione para vocês.', answered: 'Sobre o prazo, sigo com o cronograma que alinhamos.' },
    authority: { open: 'Se ajudar, preparo um material curto para você compartilhar com as outras pessoas envolvidas na decisão.', answered: 'Fico à disposição para conversar também com as outras pessoas envolvidas na decisão.' },
    need: { open: 'Quero entender melhor onde a solução faria diferença para vocês, e posso trazer exemplos de empresas parecidas.', answered: 'Que bom que conseguimos ver onde a solução ajuda vocês.' },
    competitor: { open: 'Como você comentou que também está avaliando {names}, posso enviar um comparativo para ajudar na decisão.', answered: 'Sobre a comparação com {names}, fico à disposição para aprofundar qualquer ponto.' },
    trust: { open: 'Posso enviar referências de clientes e os detalhes de segurança e privacidade para você avaliar com calma.', answered: 'Sobre segurança e referências, fico à disposição se quiser mais detalhes.' },
    complexity: { open: 'Sobre a implantação, posso detalhar o passo a passo e o apoio que oferecemos para que seja simples para a equipe.', answered: 'Sobre a implantação, fico à disposição para detalhar qualquer etapa.' },
    contract: { open: 'Sobre as condições de contrato, posso rever os termos com você e ver o que se ajusta melhor.', answered: 'Sobre as condições de contrato, sigo com o que conversamos.' },
  },
  en: {
    price: { open: 'I know the investment was a concern, so I will put together a proposal with the plan options for us to go over together.', answered: 'On pricing, I am happy to go over the figures we discussed in more detail.' },
    budget: { open: 'I understand the budget is tight this period. A phased start could fit your planning better, and I am happy to sketch one out.', answered: 'On budget, I am happy to revisit the starting option we discussed.' },
    timing: { open: 'I understand the timing is not ideal yet. We can agree on a schedule that works for you.', answered: 'On timing, I will stick to the schedule we agreed.' },
    authority: { open: 'If it helps, I can prepare a short overview for you to share with the others involved in the decision.', answered: 'I am happy to talk with anyone else involved in the decision as well.' },
    need: { open: 'I would like to understand better where this would make a difference for you, and I can bring examples from similar companies.', answered: 'I am glad we could see where this helps your team.' },
    competitor: { open: 'Since you mentioned you are also looking at {names}, I can send a comparison to help with the decision.', answered: 'On the comparison with {names}, I am happy to go deeper on any point.' },
    trust: { open: 'I can send customer references and our security and privacy details for you to review at your own pace.', answered: 'On security and references, just tell me if you would like more detail.' },
    complexity: { open: 'On the rollout, I can walk you through the steps and the support we provide to keep it simple for your team.', answered: 'On the rollout, I am happy to go through any step in more detail.' },
    contract: { open: 'On the contract terms, I am happy to go over them with you and see what fits best.', answered: 'On the contract terms, I will proceed with what we discussed.' },
  },
};

const COMPANY_SUFFIX = /\b(ltda|s\.?a\.?|inc|llc|ltd|corp|corporation|gmbh|eireli|me|group|grupo|company|co)\.?$/i;

/** The name to greet: a person's first name ("Mariana Costa" → "Mariana"); null for none or a company. */
export function greetingName(customer: string | null): string | null {
  const name = customer?.trim().replace(/\s+/g, ' ');
  if (!name || COMPANY_SUFFIX.test(name) || /\d|@/.test(name)) return null;
  const parts = name.split(' ');
  return parts.length > 1 && parts.every((p) => /^\p{Lu}/u.test(p) || /^(da|de|do|das|dos|e|van|von|der)$/.test(p)) ? parts[0]! : name;
}

const TAG_TAIL = /,\s*(combinado|ok|okay|certo|tudo bem|pode ser|beleza|fechado|right|alright|sounds? good|does that work)\s*\?$/i;

/** A promise as written in the e-mail: the check-in tag dropped, a full stop at the end. */
const asSentence = (text: string): string => {
  const t = text.trim().replace(TAG_TAIL, '').replace(/[\s,;:]+$/, '');
  return /[.!?…]$/.test(t) ? t : `${t}.`;
};

const PT_SWAP: Record<string, string> = { meu: 'seu', minha: 'sua', meus: 'seus', minhas: 'suas', nosso: 'seu', nossa: 'sua', nossos: 'seus', nossas: 'suas', te: 'me', você: 'mim' };
const EN_SWAP: Record<string, string> = { my: 'your', our: 'your', me: 'you', you: 'me', your: 'my', i: 'you', we: 'you', us: 'you' };

/**
 * A customer's own promise turned to the second person for the e-mail ("Vou falar com o meu
 * diretor" → "falar com o seu diretor"); null when it does not open with a first-person future.
 */
function customerAction(text: string, lang: Lang): string | null {
  const t = asSentence(text).replace(/[.!…]+$/, '');
  const m = lang === 'pt'
    ? /^(?:(?:ok|certo|combinado|beleza|então|entao)[,\s]+)?(?:eu |a gente )?(?:vou|vamos|irei|iremos|fico de|ficamos de|prometo|me comprometo a)\s+(.+)$/i.exec(t)
    : /^(?:(?:ok|okay|sure|alright|great)[,\s]+)?(?:i'll|i will|we'll|we will|i'm going to|we're going to|i promise to)\s+(.+)$/i.exec(t.replace(/’/g, "'"));
  if (!m) return null;
  // "… and we can talk next week": the meeting goes in the closing line, not in the customer's to-do.
  const action = m[1]!.split(/,?\s+(?:and|e)\s+(?:we|you|podemos|a gente|vamos)\b/i)[0]!;
  const swap = lang === 'pt' ? PT_SWAP : EN_SWAP;
  return `${action.split(' ').map((w) => swap[w.toLowerCase()] ?? w).join(' ')}.`;
}

const MEETING_WORDS = /\b(falar|conversar|conversamos|reuniao|reunir|call|ligacao|ligar|talk|meet|meeting|speak|catch up|chat)\b/;

/** The date the next conversation was set for, when one was ("podemos falar na semana que vem"). */
function nextMeeting(detail: CallDetail): string | null {
  for (const s of detail.segments) {
    const f = fold(s.text);
    const m = MEETING_WORDS.exec(f);
    if (!m) continue;
    const after = findDates(s.text.slice(m.index));
    if (after[0]) return after[0];
  }
  return null;
}

/** "na semana que vem" → "a semana que vem", "on Tuesday" → "Tuesday": the phrase after "para"/"for". */
function meetingPhrase(when: string, lang: Lang): string {
  if (lang === 'en') return when.replace(/^(on|by|until|this)\s+/i, '').replace(/^end of/i, 'the end of');
  const w = when.replace(/^(até|ate|na|no|nesta|neste|em)\s+/i, '');
  if (/^(semana|próxima|proxima)\b/i.test(w)) return `a ${w}`;
  if (/^(mês|mes|próximo|proximo|fim|final|início|inicio)\b/i.test(w)) return `o ${w}`;
  return w;
}

export function followUpEmail({ detail, findings, competitorNames }: FollowUpInput): CallSummary['followUpEmail'] {
  const lang = findings.language;
  const who = greetingName(detail.call.customer);
  const comps = detail.call.competitors.map((c) => competitorNames.get(c.value) ?? c.value);
  const compNames = comps.length ? list(comps, lang) : lang === 'pt' ? 'outras opções' : 'other options';
  const bullets = (items: string[]) => items.map((i) => `- ${i}`).join('\n');

  // One sentence per topic, in the order they came up; a competitor named without an objection is a topic too.
  const topics = findings.keyObjections.map((o) => ({ type: o.type, answered: o.answered }));
  if (comps.length && !topics.some((t) => t.type === 'competitor')) topics.push({ type: 'competitor', answered: false });
  const topicText = topics
    .map((t) => TOPIC_SENTENCES[lang][t.type]?.[t.answered ? 'answered' : 'open'].replace('{names}', compNames))
    .filter((x): x is string => Boolean(x));

  // The customer's questions, as questions (a leading remark in the same line is left out).
  const questions = findings.openQuestions.map((q) => sentences(q).filter((x) => x.endsWith('?')).join(' ') || q);

  // Promises, by who made them: the rep's as said, the customer's turned to "you".
  const repPromises: string[] = [];
  const customerPromises: string[] = [];
  for (const s of detail.segments) {
    for (const x of sentences(s.text).filter(isCommitment)) {
      if (s.speaker === 'rep') repPromises.push(asSentence(x));
      else {
        const action = customerAction(x, lang);
        if (action) customerPromises.push(action);
      }
    }
  }

  const when = nextMeeting(detail);
  const pt = [
    who ? `Olá, ${who},` : 'Olá,',
    'Obrigado pela conversa de hoje. Seguem os principais pontos.',
    topicText.join(' '),
    questions.length ? `Sobre as perguntas que ficaram em aberto, retorno com as respostas:\n${bullets(questions)}` : '',
    repPromises.length ? `Como combinamos:\n${bullets(repPromises)}` : '',
    customerPromises.length ? `Da sua parte, ficou de:\n${bullets(customerPromises)}` : '',
    when ? `Podemos confirmar a próxima conversa para ${meetingPhrase(when, 'pt')}?` : 'Qual o melhor dia para conversarmos novamente?',
    'Um abraço,',
  ];
  const en = [
    who ? `Hi ${who},` : 'Hello,',
    'Thank you for your time today. Here is a short recap.',
    topicText.join(' '),
    questions.length ? `I will come back to you on the questions we left open:\n${bullets(questions)}` : '',
    repPromises.length ? `As agreed:\n${bullets(repPromises)}` : '',
    customerPromises.length ? `On your side, you were going to:\n${bullets(customerPromises)}` : '',
    when ? `Can we confirm our next conversation for ${meetingPhrase(when, 'en')}?` : 'When would be a good time to talk again?',
    'Best regards,',
  ];
  return {
    subject: lang === 'pt' ? `Próximos passos — ${detail.call.title}` : `Next steps — ${detail.call.title}`,
    body: (lang === 'pt' ? pt : en).filter(Boolean).join('\n\n'),
  };
}
