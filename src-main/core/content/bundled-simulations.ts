/**
 * The role-play library that ships with the app (issue 14): buyer personas and the scenarios a
 * rep rehearses, in pt-BR and English. A persona says how the buyer behaves (temperament, how
 * hard they push back, what they really worry about); a scenario says what is on the table and
 * which objections come up, in order. The buyer's lines are written per objection type and
 * language: `raise` opens an objection, `press` insists when the answer did not land, `accept`
 * moves on when it did. Data only: src-main/core/simulator/ runs it.
 */
import type { ObjectionType, SpokenLanguage } from '../../../src-shared/taxonomy';

type Text = Record<SpokenLanguage, string>;
type Lines = Record<SpokenLanguage, string[]>;

export type BundledPersona = {
  id: string;
  name: Text;
  role: Text;
  temperament: 'conservative' | 'analytical' | 'loyal' | 'strict' | 'friendly' | 'impatient';
  goals: Text;
  /** What they do not say at first; a good discovery question brings it out. */
  hiddenConcern: Text;
  /** The objections this buyer raises, most typical first. */
  objections: ObjectionType[];
  /** How many times they insist on an objection that was not answered well (1-3). */
  pushback: 1 | 2 | 3;
  opening: Lines;
  /** What they say when a question uncovers the hidden concern. */
  reveal: Lines;
};

export type BundledScenario = {
  id: string;
  title: Text;
  /** What the rep sells and to whom. */
  product: Text;
  situation: Text;
  repGoal: Text;
  persona: string;
  /** The objections the buyer raises, in order (the persona's pushback decides how hard). */
  objections: ObjectionType[];
  /** Total score (0-100) a run must reach to pass. */
  passMark: number;
  /** Rep turns before the buyer wraps up (default: one per objection and one for discovery). */
  meetingTurns?: number;
};

/** The buyer's words per objection: raise it, press when the answer missed, accept when it landed. */
export const OBJECTION_LINES: Record<ObjectionType, { raise: Lines; press: Lines; accept: Lines }> = {
  price: {
    raise: {
      pt: ['Sinceramente, achei caro. O valor está bem acima do que a gente imaginava.', 'Esse preço não fecha pra nós, está muito salgado.', 'Por esse valor fica difícil justificar aqui dentro.'],
      en: ["Honestly, this is expensive. It's well above what we had in mind.", "That price doesn't work for us, it's steep.", "At that price it's hard to justify internally."],
    },
    press: {
      pt: ['Tá, mas continua caro. O que eu levo pra diretoria pra justificar esse valor?', 'Não me convenceu. Por que vale pagar isso?'],
      en: ["Okay, but it's still expensive. What do I take to the board to justify it?", "I'm not convinced. Why is it worth paying that?"],
    },
    accept: { pt: ['Entendi, se o retorno for esse, dá pra conversar.', 'Faz sentido olhar pelo custo total.'], en: ['I see, if that is the return, we can talk.', 'Looking at the total cost makes sense.'] },
  },
  budget: {
    raise: {
      pt: ['O orçamento deste ano já está fechado, não tem verba pra isso agora.', 'Não cabe no que o financeiro aprovou.'],
      en: ["This year's budget is already locked, there's no money for this now.", "It doesn't fit what finance approved."],
    },
    press: { pt: ['Mas de onde eu tiro esse dinheiro? O orçamento não muda.', 'Continuo sem verba, não sei como resolver isso.'], en: ["But where would the money come from? The budget won't change.", "I still have no budget, I don't see how to solve that."] },
    accept: { pt: ['Começar menor e em fases pode caber, sim.', 'Um piloto pequeno talvez passe.'], en: ['Starting smaller, in phases, could fit.', 'A small pilot might get through.'] },
  },
  timing: {
    raise: {
      pt: ['Agora não é o momento, estamos no meio de outro projeto. Talvez no ano que vem.', 'Vamos deixar pro próximo trimestre, agora está tudo muito corrido.'],
      en: ["Now isn't the time, we're in the middle of another project. Maybe next year.", "Let's leave it for next quarter, things are hectic right now."],
    },
    press: { pt: ['Não tem como agora, o time está sem fôlego.', 'Esperar não custa nada, né?'], en: ["There's no way right now, the team is stretched.", "Waiting doesn't cost anything, does it?"] },
    accept: { pt: ['Se a implantação não pesa no time, dá pra pensar em começar antes.', 'Visto assim, esperar tem custo mesmo.'], en: ["If the rollout doesn't load the team, we could start sooner.", 'Put that way, waiting does have a cost.'] },
  },
  authority: {
    raise: {
      pt: ['Isso não é decisão minha, preciso levar pro meu diretor.', 'Quem decide é o comitê, eu só avalio.'],
      en: ["This isn't my decision, I need to take it to my director.", 'The committee decides, I only evaluate.'],
    },
    press: { pt: ['Meu diretor não vai ter tempo pra isso.', 'Não sei se consigo colocar isso na pauta dele.'], en: ["My director won't have time for this.", "I'm not sure I can get it on their agenda."] },
    accept: { pt: ['Se você me ajudar a montar a apresentação, eu levo.', 'Uma conversa rápida com ele pode funcionar.'], en: ["If you help me build the case, I'll take it to them.", 'A short call with them could work.'] },
  },
  need: {
    raise: {
      pt: ['Pra ser sincero, não sei se a gente precisa disso. Hoje funciona com planilha.', 'Nosso processo atual já resolve.'],
      en: ["To be honest, I'm not sure we need this. Spreadsheets work today.", 'Our current process already handles it.'],
    },
    press: { pt: ['Ainda não vejo o problema que isso resolve pra nós.', 'A planilha dá conta, sério.'], en: ["I still don't see what problem this solves for us.", 'The spreadsheet does the job, really.'] },
    accept: { pt: ['É, se está perdendo negócio por isso, vale olhar.', 'Esse ponto das horas perdidas pesa mesmo.'], en: ["Right, if we're losing deals over it, it's worth a look.", 'That point about lost hours does matter.'] },
  },
  competitor: {
    raise: {
      pt: ['Já usamos a ferramenta de um concorrente e ela atende.', 'O fornecedor atual faz quase a mesma coisa e é mais barato.'],
      en: ['We already use a competitor and it does the job.', 'Our current vendor does almost the same for less.'],
    },
    press: { pt: ['Não vejo motivo pra trocar, migrar dá trabalho.', 'O que vocês têm que eles não têm?'], en: ["I don't see a reason to switch, migrating is work.", "What do you have that they don't?"] },
    accept: { pt: ['Essa diferença na integração é relevante pra nós.', 'Se a migração é assistida, muda a conversa.'], en: ['That difference in the integration matters to us.', 'If the migration is assisted, that changes things.'] },
  },
  trust: {
    raise: {
      pt: ['Vocês são uma empresa pequena, e se daqui a um ano não existirem mais?', 'Já caí numa dessas com fornecedor pequeno, tenho receio.'],
      en: ["You're a small company, what if you're gone in a year?", 'I got burned by a small vendor before, I am wary.'],
    },
    press: { pt: ['Promessa todo mundo faz. Tem alguém como nós usando?', 'E os nossos dados, ficam seguros?'], en: ['Everyone makes promises. Is anyone like us using it?', 'And our data, is it safe?'] },
    accept: { pt: ['Falar com um cliente de referência ajudaria.', 'Com esse contrato de SLA fico mais tranquilo.'], en: ['Talking to a reference customer would help.', 'With that SLA in writing I feel better.'] },
  },
  complexity: {
    raise: {
      pt: ['Parece complicado de implantar, meu time não tem tempo pra aprender mais um sistema.', 'Isso vai exigir TI e a TI está sobrecarregada.'],
      en: ["It looks complicated to roll out, my team has no time to learn another system.", 'This will need IT and IT is overloaded.'],
    },
    press: { pt: ['Toda ferramenta diz que é fácil e nunca é.', 'Quanto tempo isso vai tomar da equipe?'], en: ['Every tool says it is easy and it never is.', 'How much of the team’s time will it take?'] },
    accept: { pt: ['Com treinamento incluído e suporte, fica viável.', 'Se em duas semanas está rodando, tudo bem.'], en: ['With training and support included, it is doable.', "If it's running in two weeks, fine."] },
  },
  contract: {
    raise: {
      pt: ['Contrato de três anos com multa de cancelamento? Não dá.', 'Nosso jurídico não aceita essas cláusulas de fidelidade.'],
      en: ["A three-year contract with a cancellation fee? No way.", "Our legal team won't accept those lock-in clauses."],
    },
    press: { pt: ['Sem flexibilidade no contrato não tem acordo.', 'E se não der certo, fico preso?'], en: ['Without flexibility in the contract there is no deal.', "And if it doesn't work out, am I stuck?"] },
    accept: { pt: ['Um contrato anual com saída facilitada o jurídico aceita.', 'Com essa cláusula de saída dá pra seguir.'], en: ['Legal will accept a yearly contract with an easy exit.', 'With that exit clause we can move on.'] },
  },
};

export const BUNDLED_PERSONAS: BundledPersona[] = [
  {
    id: 'cfo-conservative',
    name: { pt: 'Helena Prado, CFO conservadora', en: 'Helen Park, conservative CFO' },
    role: { pt: 'Diretora financeira de uma indústria em corte de custos', en: 'CFO of a manufacturer cutting costs' },
    temperament: 'conservative',
    goals: { pt: 'Reduzir custos e não assumir riscos neste ano', en: 'Cut costs and take no risks this year' },
    hiddenConcern: { pt: 'Teme que a ferramenta vire mais um custo fixo que ninguém usa', en: 'Fears it becomes another fixed cost nobody uses' },
    objections: ['price', 'budget', 'contract'],
    pushback: 3,
    opening: { pt: ['Bom dia. Tenho uns vinte minutos. Me diga por que eu deveria gastar com isso num ano de corte.'], en: ['Good morning. I have about twenty minutes. Tell me why I should spend on this in a year of cuts.'] },
    reveal: { pt: ['Olha, o que me preocupa de verdade é pagar por algo que o time não vai usar.'], en: ["Look, what really worries me is paying for something the team won't use."] },
  },
  {
    id: 'tech-evaluator',
    name: { pt: 'Rafael Nunes, avaliador técnico', en: 'Ryan Nolan, technical evaluator' },
    role: { pt: 'Arquiteto de software responsável pela avaliação', en: 'Software architect running the evaluation' },
    temperament: 'analytical',
    goals: { pt: 'Escolher algo que integre sem dor e seja seguro', en: 'Pick something that integrates painlessly and is secure' },
    hiddenConcern: { pt: 'A última integração que aprovou atrasou seis meses', en: 'The last integration he approved slipped six months' },
    objections: ['complexity', 'trust', 'competitor'],
    pushback: 2,
    opening: { pt: ['Oi. Li a documentação por cima. Quero entender como isso se encaixa na nossa arquitetura.'], en: ['Hi. I skimmed the docs. I want to understand how this fits our architecture.'] },
    reveal: { pt: ['Pra ser franco, a última integração que eu aprovei atrasou seis meses e sobrou pra mim.'], en: ['Frankly, the last integration I signed off slipped six months and it landed on me.'] },
  },
  {
    id: 'competitor-loyal',
    name: { pt: 'Marcos Teixeira, cliente de concorrente', en: 'Mark Taylor, happy with a competitor' },
    role: { pt: 'Gerente comercial que já usa outra ferramenta', en: 'Sales manager already using another tool' },
    temperament: 'loyal',
    goals: { pt: 'Não trocar o que funciona sem um motivo forte', en: "Not change what works without a strong reason" },
    hiddenConcern: { pt: 'O time reclama que a ferramenta atual não funciona bem em português', en: "His team complains the current tool does poorly with Portuguese calls" },
    objections: ['competitor', 'need', 'complexity'],
    pushback: 2,
    opening: { pt: ['Oi, tudo bem? Vou ser direto: a gente já tem uma ferramenta pra isso.'], en: ["Hi there. I'll be upfront: we already have a tool for this."] },
    reveal: { pt: ['Bom, o pessoal reclama que ela erra muito quando a chamada é em português.'], en: ['Well, the team does complain it gets a lot wrong when the call is in Portuguese.'] },
  },
  {
    id: 'procurement-strict',
    name: { pt: 'Patrícia Lima, compras', en: 'Patricia Lane, procurement' },
    role: { pt: 'Gerente de compras focada em termos de contrato', en: 'Procurement manager focused on contract terms' },
    temperament: 'strict',
    goals: { pt: 'Termos flexíveis, preço previsível, nenhuma surpresa', en: 'Flexible terms, predictable price, no surprises' },
    hiddenConcern: { pt: 'Foi cobrada por um reajuste surpresa de outro fornecedor', en: 'She was blamed for another vendor’s surprise price increase' },
    objections: ['contract', 'price', 'trust'],
    pushback: 3,
    opening: { pt: ['Olá. Recebi a proposta. Antes de qualquer coisa, quero falar dos termos.'], en: ['Hello. I got the proposal. Before anything else, I want to discuss the terms.'] },
    reveal: { pt: ['No ano passado um fornecedor nos deu um reajuste surpresa e quem levou a bronca fui eu.'], en: ['Last year a vendor hit us with a surprise increase and I took the blame.'] },
  },
  {
    id: 'champion-no-authority',
    name: { pt: 'Bruno Costa, aliado sem poder de decisão', en: 'Ben Carter, champion without authority' },
    role: { pt: 'Coordenador de vendas que gostou da demo', en: 'Sales team lead who liked the demo' },
    temperament: 'friendly',
    goals: { pt: 'Levar a ferramenta pro time sem se queimar com a chefia', en: 'Bring the tool to his team without getting burned by his boss' },
    hiddenConcern: { pt: 'Não sabe montar o caso de negócio pra diretora', en: "He doesn't know how to build the business case for his director" },
    objections: ['authority', 'budget', 'timing'],
    pushback: 1,
    opening: { pt: ['E aí! Curti muito a demo, de verdade. Agora preciso ver como fazer isso andar aqui.'], en: ['Hey! I really liked the demo. Now I need to figure out how to get this moving here.'] },
    reveal: { pt: ['Pra falar a verdade, não sei nem por onde começar o caso de negócio pra minha diretora.'], en: ["Honestly, I don't even know where to start the business case for my director."] },
  },
  {
    id: 'executive-impatient',
    name: { pt: 'Sérgio Andrade, executivo impaciente', en: 'Steve Andrews, impatient executive' },
    role: { pt: 'Diretor comercial com pouco tempo', en: 'VP of sales with little time' },
    temperament: 'impatient',
    goals: { pt: 'Bater a meta do trimestre', en: "Hit this quarter's number" },
    hiddenConcern: { pt: 'Dois vendedores novos estão demorando para performar', en: 'Two new reps are slow to ramp' },
    objections: ['need', 'timing', 'price'],
    pushback: 2,
    opening: { pt: ['Tenho dez minutos. Vai direto ao ponto.'], en: ['I have ten minutes. Get to the point.'] },
    reveal: { pt: ['O que me tira o sono são os dois vendedores novos que ainda não engrenaram.'], en: ['What keeps me up is the two new reps who still have not ramped.'] },
  },
];

export const BUNDLED_SCENARIOS: BundledScenario[] = [
  {
    id: 'cost-cutting-renewal',
    title: { pt: 'Proposta num ano de corte de custos', en: 'A proposal in a year of cost cuts' },
    product: { pt: 'Plataforma de inteligência de chamadas para o time de vendas (40 licenças)', en: 'Call-intelligence platform for the sales team (40 seats)' },
    situation: { pt: 'A proposta foi enviada; a CFO chamou para discutir antes de aprovar', en: 'The proposal went out; the CFO asked for a call before approving' },
    repGoal: { pt: 'Sair com um piloto aprovado ou uma reunião com o comitê', en: 'Leave with an approved pilot or a meeting with the committee' },
    persona: 'cfo-conservative',
    objections: ['price', 'budget', 'contract'],
    passMark: 70,
  },
  {
    id: 'architecture-review',
    title: { pt: 'Revisão de arquitetura', en: 'Architecture review' },
    product: { pt: 'Copiloto de vendas com integração ao CRM e SSO', en: 'Sales copilot with CRM integration and SSO' },
    situation: { pt: 'O time técnico precisa aprovar a integração antes da compra', en: 'The technical team must approve the integration before purchase' },
    repGoal: { pt: 'Agendar uma prova de conceito com o time técnico', en: 'Book a proof of concept with the technical team' },
    persona: 'tech-evaluator',
    objections: ['complexity', 'trust', 'competitor'],
    passMark: 70,
  },
  {
    id: 'displace-incumbent',
    title: { pt: 'Trocar o fornecedor atual', en: 'Displace the incumbent' },
    product: { pt: 'Copiloto de vendas com transcrição em português', en: 'Sales copilot with Portuguese transcription' },
    situation: { pt: 'O cliente usa um concorrente há dois anos e o contrato vence em quatro meses', en: 'The customer has used a competitor for two years; the contract ends in four months' },
    repGoal: { pt: 'Conseguir um teste lado a lado com o fornecedor atual', en: 'Win a side-by-side trial against the incumbent' },
    persona: 'competitor-loyal',
    objections: ['competitor', 'need', 'complexity'],
    passMark: 70,
  },
  {
    id: 'contract-negotiation',
    title: { pt: 'Negociação de contrato', en: 'Contract negotiation' },
    product: { pt: 'Assinatura anual da plataforma com suporte', en: 'Annual platform subscription with support' },
    situation: { pt: 'Compras quer mudar prazo, multa e reajuste antes de assinar', en: 'Procurement wants term, fee and price-increase changes before signing' },
    repGoal: { pt: 'Fechar os termos sem dar desconto de graça', en: 'Agree the terms without giving away a discount' },
    persona: 'procurement-strict',
    objections: ['contract', 'price', 'trust'],
    passMark: 70,
  },
  {
    id: 'champion-business-case',
    title: { pt: 'Ajudar o aliado a vender internamente', en: 'Help the champion sell internally' },
    product: { pt: 'Plataforma de coaching de vendas', en: 'Sales coaching platform' },
    situation: { pt: 'O coordenador adorou a demo mas não decide nem tem verba', en: 'The team lead loved the demo but neither decides nor holds the budget' },
    repGoal: { pt: 'Marcar uma reunião com a diretora, com o coordenador junto', en: 'Set a meeting with the director, with the team lead in it' },
    persona: 'champion-no-authority',
    objections: ['authority', 'budget', 'timing'],
    passMark: 70,
  },
  {
    id: 'executive-ten-minutes',
    title: { pt: 'Dez minutos com o diretor', en: 'Ten minutes with the VP' },
    product: { pt: 'Copiloto de vendas em tempo real', en: 'Real-time sales copilot' },
    situation: { pt: 'Primeira reunião, conseguida por indicação', en: 'First meeting, won through a referral' },
    repGoal: { pt: 'Descobrir a dor e marcar uma demo com o time', en: 'Uncover the pain and book a demo with the team' },
    persona: 'executive-impatient',
    objections: ['need', 'timing', 'price'],
    passMark: 70,
  },
  {
    id: 'security-questionnaire',
    title: { pt: 'Segurança e confiança', en: 'Security and trust' },
    product: { pt: 'Copiloto que processa o áudio no notebook', en: 'Copilot that processes audio on the laptop' },
    situation: { pt: 'O cliente teve um incidente de dados com um fornecedor e está desconfiado', en: 'The customer had a data incident with a vendor and is wary' },
    repGoal: { pt: 'Agendar a conversa com o time de segurança e um cliente de referência', en: 'Book the security review and a reference call' },
    persona: 'procurement-strict',
    objections: ['trust', 'contract', 'complexity'],
    passMark: 70,
  },
  {
    id: 'next-quarter-stall',
    title: { pt: 'O "fica pro próximo trimestre"', en: 'The "next quarter" stall' },
    product: { pt: 'Plataforma de inteligência de chamadas', en: 'Call-intelligence platform' },
    situation: { pt: 'O negócio está parado há três semanas; o cliente sumiu', en: 'The deal has been stuck for three weeks; the customer went quiet' },
    repGoal: { pt: 'Reativar o negócio com um próximo passo com data', en: 'Revive the deal with a dated next step' },
    persona: 'executive-impatient',
    objections: ['timing', 'budget', 'authority'],
    passMark: 70,
  },
];

/** What the buyer says at the end, by how the meeting went. */
export const CLOSING_LINES: Record<'won' | 'open' | 'lost', Lines> = {
  won: { pt: ['Combinado, vamos seguir com esse próximo passo.'], en: ["Agreed, let's go ahead with that next step."] },
  open: { pt: ['Vou pensar e te dou um retorno.'], en: ["I'll think about it and get back to you."] },
  lost: { pt: ['Acho que não é pra nós agora. Obrigada pelo tempo.'], en: ["I don't think this is for us right now. Thanks for your time."] },
};

/** What the buyer asks once the objections are through, so the rep can propose the next step. */
export const NEXT_STEP_PROMPT: Lines = {
  pt: ['Tá bom. E qual seria o próximo passo?', 'Certo. O que você propõe daqui?'],
  en: ['Alright. So what would the next step be?', 'Okay. What do you suggest from here?'],
};

/** What the buyer says when the rep proposes nothing after being asked for the next step. */
export const NEXT_STEP_PRESS: Lines = {
  pt: ['Mas, concretamente, o que a gente faz a seguir?', 'Certo, mas qual é a proposta, na prática?'],
  en: ['But concretely, what do we do next?', 'Right, but what are you actually proposing?'],
};

/** What the buyer says when the meeting's time is up. */
export const WRAP_UP_LINES: Lines = {
  pt: ['Estamos quase sem tempo.', 'Preciso entrar em outra reunião daqui a pouco.'],
  en: ["We're almost out of time.", 'I have another meeting in a minute.'],
};
