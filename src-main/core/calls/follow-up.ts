/**
 * Turns the findings of a call into words: the summary paragraph, the follow-up e-mail in
 * the call's language, and the recommended next actions. Local templates, no network.
 */
import type { CallDetail, CallSummary, RecommendedAction } from '../../../src-shared/ipc/calls';
import type { LocalFindings } from './local-summary';

type Lang = 'pt' | 'en';

export const OBJECTION_NAMES: Record<Lang, Record<string, string>> = {
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

export function summaryText({ detail, findings, competitorNames }: FollowUpInput): string {
  const lang = findings.language;
  const objs = findings.keyObjections.map((o) => OBJECTION_NAMES[lang][o.type] ?? o.type);
  const comps = detail.call.competitors.map((c) => competitorNames.get(c.value) ?? c.value);
  const mins = Math.max(1, Math.round((detail.call.durationMs ?? 0) / 60_000));
  const parts: string[] = [];
  if (lang === 'pt') {
    parts.push(`Chamada de ${mins} min${detail.call.customer ? ` com ${detail.call.customer}` : ''}.`);
    parts.push(objs.length ? `Objeções principais: ${list(objs, lang)}.` : 'Nenhuma objeção detectada.');
    if (comps.length) parts.push(`Concorrentes citados: ${list(comps, lang)}.`);
    if (findings.openQuestions.length) parts.push(`${findings.openQuestions.length} pergunta(s) do cliente em aberto.`);
    if (findings.commitments.length) parts.push(`Compromissos assumidos: ${findings.commitments.length}.`);
    if (findings.dates.length) parts.push(`Datas mencionadas: ${list(findings.dates, lang)}.`);
  } else {
    parts.push(`${mins}-minute call${detail.call.customer ? ` with ${detail.call.customer}` : ''}.`);
    parts.push(objs.length ? `Main objections: ${list(objs, lang)}.` : 'No objections detected.');
    if (comps.length) parts.push(`Competitors mentioned: ${list(comps, lang)}.`);
    if (findings.openQuestions.length) parts.push(`${findings.openQuestions.length} open customer question(s).`);
    if (findings.commitments.length) parts.push(`Commitments made: ${findings.commitments.length}.`);
    if (findings.dates.length) parts.push(`Dates mentioned: ${list(findings.dates, lang)}.`);
  }
  return parts.join(' ');
}

export function followUpEmail({ detail, findings }: FollowUpInput): CallSummary['followUpEmail'] {
  const lang = findings.language;
  const who = detail.call.customer;
  const objs = findings.keyObjections.map((o) => OBJECTION_NAMES[lang][o.type] ?? o.type);
  const bullets = (items: string[]) => items.map((i) => `- ${i}`).join('\n');
  const when = findings.dates[0];
  // Paragraphs; empty ones (nothing to say) are left out.
  const pt = [
    `Olá${who ? `, ${who}` : ''},`,
    'Obrigado pela conversa de hoje. Seguem os pontos que tratamos.',
    objs.length ? `Sobre ${list(objs, lang)}: preparei as informações para esclarecer as dúvidas que você levantou.` : '',
    findings.openQuestions.length ? `Suas perguntas que ficaram em aberto:\n${bullets(findings.openQuestions)}` : '',
    findings.commitments.length ? `O que ficou combinado:\n${bullets(findings.commitments)}` : '',
    when ? `Podemos falar novamente (${when})?` : 'Qual o melhor dia para conversarmos novamente?',
    'Um abraço,',
  ];
  const en = [
    `Hi${who ? ` ${who}` : ''},`,
    'Thank you for your time today. Here is a recap of what we discussed.',
    objs.length ? `On ${list(objs, lang)}: I have put together the details to address the points you raised.` : '',
    findings.openQuestions.length ? `Your open questions:\n${bullets(findings.openQuestions)}` : '',
    findings.commitments.length ? `What we agreed:\n${bullets(findings.commitments)}` : '',
    when ? `Could we talk again (${when})?` : 'When would be a good time to talk again?',
    'Best regards,',
  ];
  return {
    subject: lang === 'pt' ? `Próximos passos — ${detail.call.title}` : `Next steps — ${detail.call.title}`,
    body: (lang === 'pt' ? pt : en).filter(Boolean).join('\n\n'),
  };
}
