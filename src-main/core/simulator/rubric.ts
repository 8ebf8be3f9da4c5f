/**
 * The score of a role-play (issue 14): yes/no checks in four categories, each tied to the rep
 * turn that earned or lost it, category scores (share of checks passed), a weighted total 0-100,
 * a pass mark per scenario, and 2-4 feedback lines a rep can act on, in the run's language.
 * The checks read the engine's facts (features.ts, engine.ts) and, when an analyzer is given,
 * the same sentiment model as the live path for the rep's tone.
 *
 * A run is scored on what it covered: an objection the buyer never raised (the meeting ended
 * first) or raised after the rep's last answer (the answers ran out) is no check. It passes when
 * the total reaches the scenario's mark, at least one objection was answered, and either the
 * buyer closed the meeting or the rep answered every objection the scenario has.
 */
import type { ObjectionType, SpokenLanguage } from '../../../src-shared/taxonomy';
import type { SimulationRun, SimTurn } from './engine';

export type Category = 'objection' | 'empathy' | 'discovery' | 'technique';
export const CATEGORIES: readonly Category[] = ['objection', 'empathy', 'discovery', 'technique'];
const WEIGHTS: Record<Category, number> = { objection: 0.35, empathy: 0.2, discovery: 0.25, technique: 0.2 };

/** `turn`: index in the transcript of the rep turn that decided the check (null: the run as a whole). */
export type Check = { id: string; category: Category; passed: boolean; turn: number | null };
export type Score = { score: number; passed: boolean; categories: Record<Category, number>; checks: Check[]; feedback: string[] };

type RepTurn = Extract<SimTurn, { speaker: 'rep' }>;

const OBJECTION_NAME: Record<SpokenLanguage, Record<ObjectionType, string>> = {
  pt: { price: 'o preço', budget: 'o orçamento', timing: 'o momento', authority: 'quem decide', need: 'a necessidade', competitor: 'o concorrente', trust: 'a confiança', complexity: 'a complexidade', contract: 'o contrato' },
  en: { price: 'price', budget: 'budget', timing: 'timing', authority: 'who decides', need: 'need', competitor: 'the competitor', trust: 'trust', complexity: 'complexity', contract: 'the contract' },
};

/** `tone[i]`: the sentiment score (-1..1) of the rep's i-th turn, when an analyzer scored them. */
/** `skip`: check ids left out (a recorded call has no persona's hidden concern to find). */
export function scoreRun(run: SimulationRun, o: { language: SpokenLanguage; passMark: number; tone?: number[]; skip?: readonly string[] }): Score {
  const lang = o.language;
  const t = run.transcript;
  const reps = t.map((turn, i) => ({ turn, i })).filter((x): x is { turn: RepTurn; i: number } => x.turn.speaker === 'rep');
  const checks: Check[] = [];
  const check = (id: string, category: Category, passed: boolean, turn: number | null) => void (o.skip?.includes(id) || checks.push({ id, category, passed, turn }));
  const firstWhere = (pred: (r: RepTurn) => boolean) => reps.find((r) => pred(r.turn))?.i ?? null;

  // Objection handling: every objection the rep replied to answered; no price/budget given away before asking.
  const faced = run.objections.filter((ob) => ob.firstAttemptAt !== null);
  for (const ob of faced) check(`objection.${ob.type}.answered`, 'objection', ob.answeredAt !== null, ob.answeredAt ?? ob.firstAttemptAt);
  const moneyTurns = reps.filter((r) => r.turn.objection === 'price' || r.turn.objection === 'budget');
  if (moneyTurns.length) {
    const discountAt = moneyTurns.find((r) => r.turn.features.offersDiscount);
    const askedBefore = discountAt ? moneyTurns.some((r) => r.i < discountAt.i && r.turn.features.asksQuestion) || discountAt.turn.features.asksQuestion : true;
    check('objection.no-early-discount', 'objection', !discountAt || askedBefore, discountAt?.i ?? null);
  }

  // Empathy: each objection acknowledged at the first answer; never dismissive; a civil tone.
  const acked = faced.filter((ob) => (t[ob.firstAttemptAt!] as RepTurn).features.acknowledges);
  const firstUnacked = faced.find((ob) => !(t[ob.firstAttemptAt!] as RepTurn).features.acknowledges);
  check('empathy.acknowledged', 'empathy', faced.length > 0 && acked.length * 2 >= faced.length, firstUnacked?.firstAttemptAt ?? null);
  check('empathy.no-dismissal', 'empathy', reps.length > 0 && !reps.some((r) => r.turn.features.dismisses), firstWhere((r) => r.features.dismisses));
  if (o.tone) {
    // Naming the buyer's pain reads negative to a sentiment model; a harsh turn is a negative one that acknowledges nothing.
    const harsh = reps.findIndex((r, k) => (o.tone![k] ?? 0) <= -0.5 && !r.turn.features.acknowledges);
    check('empathy.tone', 'empathy', reps.length > 0 && harsh < 0, harsh >= 0 ? reps[harsh]!.i : null);
  }

  // Discovery: open questions, more than one question, the hidden concern found, asking before pitching.
  const questions = reps.filter((r) => r.turn.features.asksQuestion);
  check('discovery.open-question', 'discovery', reps.some((r) => r.turn.features.openQuestion), firstWhere((r) => r.features.openQuestion));
  check('discovery.two-questions', 'discovery', questions.length >= 2, questions[1]?.i ?? null);
  check('discovery.uncovered-concern', 'discovery', run.revealedAt !== null, run.revealedAt === null ? null : run.revealedAt - 1);
  check('discovery.asked-early', 'discovery', reps.slice(0, 2).some((r) => r.turn.features.asksQuestion), reps[0]?.i ?? null);

  // Technique: talk ratio, no monologue, few fillers, every turn a real answer, a dated next step.
  const repWords = reps.reduce((n, r) => n + r.turn.features.words, 0);
  const buyerWords = t.filter((x) => x.speaker === 'buyer').reduce((n, x) => n + x.text.split(/\s+/).filter(Boolean).length, 0);
  const ratio = repWords / Math.max(1, repWords + buyerWords);
  check('technique.talk-ratio', 'technique', ratio >= 0.3 && ratio <= 0.75, null);
  const monologue = reps.find((r) => r.turn.features.words > 90);
  check('technique.no-monologue', 'technique', reps.length > 0 && !monologue, monologue?.i ?? null);
  const fillers = reps.reduce((n, r) => n + r.turn.features.fillers, 0);
  check('technique.few-fillers', 'technique', reps.length > 0 && fillers <= Math.max(1, repWords * 0.04), firstWhere((r) => r.features.fillers > 1));
  const thin = reps.find((r) => r.turn.features.words < 4);
  check('technique.real-answers', 'technique', reps.length > 0 && !thin, thin?.i ?? null);
  check('technique.next-step', 'technique', reps.some((r) => r.turn.features.datedNextStep), firstWhere((r) => r.features.datedNextStep));

  const categories = Object.fromEntries(
    CATEGORIES.map((c) => {
      const mine = checks.filter((x) => x.category === c);
      return [c, mine.length ? Math.round((100 * mine.filter((x) => x.passed).length) / mine.length) : 0];
    }),
  ) as Record<Category, number>;
  const score = Math.round(CATEGORIES.reduce((s, c) => s + WEIGHTS[c] * categories[c], 0));
  const answered = run.objections.some((ob) => ob.answeredAt !== null);
  const covered = run.complete || (run.notReached.length === 0 && faced.length === run.objections.length);
  return { score, passed: score >= o.passMark && answered && covered, categories, checks, feedback: feedbackFor(run, checks, lang) };
}

/** 2-4 lines: what to fix first (failed checks, most costly first), else what went well. */
function feedbackFor(run: SimulationRun, checks: Check[], lang: SpokenLanguage): string[] {
  const pt = lang === 'pt';
  const turnNo = (c: Check) => (c.turn === null ? null : run.transcript.slice(0, c.turn + 1).filter((x) => x.speaker === 'rep').length);
  const at = (c: Check) => (turnNo(c) === null ? '' : pt ? ` (na sua fala ${turnNo(c)})` : ` (your turn ${turnNo(c)})`);
  const name = (id: string) => OBJECTION_NAME[lang][id.split('.')[1] as ObjectionType];
  const failed = checks.filter((c) => !c.passed);
  const lines: string[] = [];
  const say = (c: Check): string => {
    if (c.id.startsWith('objection.') && c.id.endsWith('.answered')) {
      return pt
        ? `A objeção sobre ${name(c.id)} ficou sem resposta${at(c)}: responda ao ponto com um fato (números, um cliente, um plano) e confirme se resolveu.`
        : `The objection about ${name(c.id)} went unanswered${at(c)}: answer the point itself with a fact (numbers, a customer, a plan) and check it landed.`;
    }
    const text: Record<string, [string, string]> = {
      'objection.no-early-discount': ['Você ofereceu desconto antes de perguntar com o que o cliente está comparando o preço', 'You offered a discount before asking what they compare the price with'],
      'empathy.acknowledged': ['Reconheça a preocupação antes de responder ("entendo", "faz sentido") — você foi direto à resposta', 'Acknowledge the concern before you answer ("I understand", "that makes sense") — you went straight to the answer'],
      'empathy.no-dismissal': ['Evite desqualificar o que o cliente disse ("não é verdade", "confia em mim"): trate a objeção como legítima', 'Do not brush the buyer off ("that\'s not true", "trust me"): treat the objection as legitimate'],
      'empathy.tone': ['O tom soou negativo; mantenha a calma e fale do problema, não do cliente', 'Your tone read as negative; stay calm and talk about the problem, not the buyer'],
      'discovery.open-question': ['Faça perguntas abertas ("o que", "como", "por quê") para entender o que está por trás da objeção', 'Ask open questions ("what", "how", "why") to learn what is behind the objection'],
      'discovery.two-questions': ['Você quase não fez perguntas: descoberta é metade da conversa', 'You asked almost no questions: discovery is half the conversation'],
      'discovery.uncovered-concern': ['A preocupação real do cliente não apareceu: pergunte o que mais pesa na decisão', 'The buyer\'s real concern never came out: ask what weighs most on the decision'],
      'discovery.asked-early': ['Comece perguntando, não apresentando: a primeira fala foi só argumento', 'Open with a question, not a pitch: your first turn was all argument'],
      'technique.talk-ratio': ['Equilibre a conversa: você falou demais ou de menos em relação ao cliente', 'Balance the conversation: you talked far more, or far less, than the buyer'],
      'technique.no-monologue': ['Uma fala passou de 90 palavras: divida em frases curtas e devolva a palavra', 'One turn ran past 90 words: break it up and hand the word back'],
      'technique.few-fillers': ['Muitas muletas ("tipo", "né", "hum"): faça uma pausa em vez disso', 'Lots of fillers ("um", "like", "you know"): pause instead'],
      'technique.real-answers': ['Houve respostas de uma ou duas palavras: cada fala deve avançar a conversa', 'Some answers were one or two words: every turn should move the conversation on'],
      'technique.next-step': ['Feche com um próximo passo com data ("terça às 10h, com o diretor")', 'Close with a dated next step ("Tuesday at 10, with your director")'],
    };
    const [p, e] = text[c.id] ?? [c.id, c.id];
    return `${pt ? p : e}${at(c)}.`;
  };
  for (const c of failed.slice(0, 4)) lines.push(say(c));
  if (lines.length < 2) {
    const good = checks.filter((c) => c.passed);
    const praise: [string, string][] = [];
    if (good.some((c) => c.id === 'discovery.uncovered-concern')) praise.push(['Boa descoberta: sua pergunta trouxe à tona a preocupação real do cliente.', 'Good discovery: your question brought out the buyer\'s real concern.']);
    if (good.some((c) => c.id === 'technique.next-step')) praise.push(['Você fechou com um próximo passo concreto e com data.', 'You closed with a concrete, dated next step.']);
    if (good.some((c) => c.id === 'empathy.acknowledged')) praise.push(['Você reconheceu cada preocupação antes de responder.', 'You acknowledged each concern before answering.']);
    praise.push(['Respostas com fatos, não com descontos: continue assim.', 'Answers with facts, not discounts: keep it up.']);
    for (const [p, e] of praise) if (lines.length < 2) lines.push(pt ? p : e);
  }
  return lines;
}
