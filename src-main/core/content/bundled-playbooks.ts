/**
 * The playbooks that ship with the app: for every objection type, a title and several reply
 * variants in pt-BR and en. Variants rotate so a recurring objection gets a fresh line.
 * Written as things a rep can say aloud in one breath, each ending in a question that keeps
 * the customer talking (discovery beats rebuttal).
 */
import type { ObjectionType, SpokenLanguage } from '../../../src-shared/taxonomy';

type BundledPlaybook = { objectionType: ObjectionType; language: SpokenLanguage; title: string; replies: string[] };

type Pair = { pt: { title: string; replies: string[] }; en: { title: string; replies: string[] } };

const CONTENT: Record<ObjectionType, Pair> = {
  price: {
    pt: {
      title: 'Preço alto',
      replies: [
        'Entendo. Comparado com o quê? Se a gente olhar o custo de cada negócio perdido hoje, quanto isso representa por trimestre?',
        'Faz sentido olhar o investimento. Clientes do seu porte recuperam o valor em cerca de 4 meses com o aumento da taxa de conversão. Posso te mostrar a conta com os seus números?',
        'Preço é sempre importante. Além do valor, o que mais pesa na decisão: prazo de retorno, forma de pagamento ou escopo?',
      ],
    },
    en: {
      title: 'Too expensive',
      replies: [
        'I hear you. Compared to what? If we look at what each lost deal costs you today, what is that per quarter?',
        'Fair to look hard at the investment. Teams your size earn it back in about four months from higher win rates. Can I run the math with your numbers?',
        'Price always matters. Beyond the number, what weighs most: payback time, payment terms or scope?',
      ],
    },
  },
  budget: {
    pt: {
      title: 'Sem orçamento',
      replies: [
        'Entendo que o orçamento deste ano já está fechado. Quando começa o planejamento do próximo ciclo, e quem participa dele?',
        'Muitos clientes começaram com um piloto de uma equipe, pago com a verba de treinamento. Isso seria possível aí?',
        'Se o retorno se pagasse dentro do trimestre, existiria uma forma de liberar verba? O que precisaria ser verdade?',
      ],
    },
    en: {
      title: 'No budget',
      replies: [
        "Understood, this year's budget is set. When does planning for the next cycle start, and who is part of it?",
        'Several customers started with a one-team pilot funded from the enablement budget. Could that work for you?',
        'If it paid for itself within the quarter, is there a way to free up budget? What would need to be true?',
      ],
    },
  },
  timing: {
    pt: {
      title: 'Não é o momento',
      replies: [
        'Faz sentido. O que precisa acontecer para ser o momento certo? Posso te ajudar a preparar isso agora?',
        'Entendo. Cada mês sem isso custa negócios perdidos. Que tal começar pequeno agora e expandir quando vocês estiverem prontos?',
        'Sem problema. Para eu não te incomodar na hora errada: qual data faz sentido retomarmos, e o que muda até lá?',
      ],
    },
    en: {
      title: 'Bad timing',
      replies: [
        'Makes sense. What needs to happen for the timing to be right? Can I help you get that ready now?',
        'Understood. Every month without it costs lost deals. How about starting small now and expanding when you are ready?',
        'No problem. So I do not chase you at the wrong moment: when should we pick this up, and what changes by then?',
      ],
    },
  },
  authority: {
    pt: {
      title: 'Não decide sozinho',
      replies: [
        'Perfeito. Quem mais participa da decisão? Podemos marcar 20 minutos com essa pessoa esta semana?',
        'Faz sentido envolver a diretoria. O que ela vai querer ver para aprovar? Posso preparar um resumo de uma página com você.',
        'Como costuma funcionar a aprovação de uma compra como esta aí? Quais são as etapas e quem assina?',
      ],
    },
    en: {
      title: 'Not the decision maker',
      replies: [
        'Great. Who else is part of the decision? Could we get 20 minutes with them this week?',
        'Makes sense to bring leadership in. What will they want to see to approve it? I can draft a one-page summary with you.',
        'How does approval usually work for a purchase like this? What are the steps and who signs?',
      ],
    },
  },
  need: {
    pt: {
      title: 'Não vê necessidade',
      replies: [
        'Entendo. Hoje, como vocês sabem por que um negócio foi perdido? Quanto tempo o gestor gasta ouvindo gravações?',
        'Pode ser que não seja prioridade. Se a taxa de conversão subisse 10%, o que isso significaria para a meta do trimestre?',
        'Justo. O que funciona bem hoje no processo de vendas, e onde a equipe ainda tropeça?',
      ],
    },
    en: {
      title: 'No need',
      replies: [
        'I understand. Today, how do you learn why a deal was lost? How much time do managers spend listening to recordings?',
        'It may not be a priority. If win rates went up 10%, what would that mean for the quarter?',
        'Fair. What works well in your sales process today, and where does the team still stumble?',
      ],
    },
  },
  competitor: {
    pt: {
      title: 'Já usa um concorrente',
      replies: [
        'Ótimo que vocês já valorizam isso. O que funciona bem com a ferramenta atual, e o que ainda falta?',
        'Muitos dos nossos clientes vieram de outra ferramenta. A diferença que eles mais citam é a dica ao vivo durante a chamada, não só a análise depois. Isso faria diferença para vocês?',
        'Quando o contrato atual renova? Vale comparar com calma antes disso.',
      ],
    },
    en: {
      title: 'Already uses a competitor',
      replies: [
        'Great that you already value this. What works well with your current tool, and what is still missing?',
        'Many of our customers switched from another tool. The difference they mention most is the live hint during the call, not just analysis afterwards. Would that matter to you?',
        'When does your current contract renew? Worth comparing calmly before then.',
      ],
    },
  },
  trust: {
    pt: {
      title: 'Desconfiança',
      replies: [
        'É justo desconfiar. Posso te colocar em contato com um cliente do seu setor para ouvir direto dele?',
        'Entendo a preocupação. Os dados ficam no computador do vendedor e só os resumos sincronizam. O que mais precisa ver para se sentir seguro?',
        'Que tal um piloto de 30 dias com critérios de sucesso que você define? Se não atingir, vocês não seguem.',
      ],
    },
    en: {
      title: 'Lack of trust',
      replies: [
        'Fair to be skeptical. Can I connect you with a customer in your industry so you hear it from them?',
        'I understand the concern. Data stays on the rep’s laptop and only summaries sync. What else would you need to see to feel safe?',
        'How about a 30-day pilot with success criteria you define? If we miss them, you walk away.',
      ],
    },
  },
  complexity: {
    pt: {
      title: 'Parece complicado',
      replies: [
        'A instalação leva minutos e funciona ao lado do Zoom, Teams ou Meet, sem integração. O que te preocupa mais: instalar ou treinar a equipe?',
        'Entendo. A equipe de TI instala de forma silenciosa com um arquivo de política. Quer que eu fale com o seu TI?',
        'Os vendedores não precisam aprender nada novo: as dicas aparecem sozinhas durante a chamada. Posso te mostrar em 5 minutos?',
      ],
    },
    en: {
      title: 'Seems complicated',
      replies: [
        'Setup takes minutes and it runs next to Zoom, Teams or Meet, no integration needed. What worries you more: installing it or training the team?',
        'Understood. IT can install it silently with a policy file. Would it help if I talked to your IT team?',
        'Reps do not learn anything new: hints simply appear during the call. Can I show you in five minutes?',
      ],
    },
  },
  contract: {
    pt: {
      title: 'Contrato / fidelidade',
      replies: [
        'Entendo a preocupação com fidelidade. Podemos começar com um contrato mensal e migrar para anual quando fizer sentido. Isso resolve?',
        'Qual cláusula preocupa mais: prazo, multa de cancelamento ou reajuste? Vamos olhar juntos.',
        'Temos uma saída em 90 dias se as metas do piloto não forem atingidas. Isso ajudaria o jurídico de vocês?',
      ],
    },
    en: {
      title: 'Contract terms',
      replies: [
        'I understand not wanting to be locked in. We can start month to month and move to annual when it makes sense. Would that work?',
        'Which clause worries you most: term length, cancellation fee or price increases? Let us go through it together.',
        'There is a 90-day exit if the pilot goals are not met. Would that help your legal team?',
      ],
    },
  },
};

export const BUNDLED_PLAYBOOKS: BundledPlaybook[] = Object.entries(CONTENT).flatMap(([type, pair]) =>
  (['pt', 'en'] as const).map((language) => ({ objectionType: type as ObjectionType, language, ...pair[language] })),
);

export const bundledPlaybookId = (type: ObjectionType, language: SpokenLanguage): string => `playbook:${type}:${language}`;
