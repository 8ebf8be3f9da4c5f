import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OBJECTION_TYPES } from '../../../src-shared/taxonomy';
import { BUNDLED_PERSONAS, BUNDLED_SCENARIOS, OBJECTION_LINES } from '../content/bundled-simulations';
import { answerLands, meetingTurns, runSimulation } from './engine';
import { seededRandom } from '../../../src-shared/seeded-random';
import { turnFeatures } from './features';
import { findPersona, findScenario, libraryLines } from './library';
import { CATEGORIES, scoreRun } from './rubric';
import { simulate } from './simulate';

// Development examples (the rubric was written against these); the blind pairs in
// test/fixtures/simulator/ are reported by bench/simulator.bench.ts and never used to tune.
const GOOD_PT = [
  'Entendo, é um ano de corte e faz sentido olhar cada gasto. Me conta: o que mais pesa na decisão pra senhora hoje?',
  'Faz sentido essa preocupação. Nossos clientes do setor usam em média 90% das licenças, e o retorno vem em quatro meses porque cada vendedor ganha cerca de cinco horas por semana. Quer que eu monte o custo total?',
  'Compreendo que o orçamento está fechado. Podemos começar com um piloto de dez licenças em fases, pago no próximo trimestre. Isso caberia no centro de custo do time comercial?',
  'É justo, o jurídico precisa se sentir seguro. Posso oferecer contrato anual com cláusula de saída e teto de reajuste pelo IPCA. Que termos o jurídico costuma aceitar?',
  'Próximo passo: agendo na terça às 10h uma reunião de trinta minutos com o seu comitê para aprovar o piloto, combinado?',
];
const POOR_PT = ['Nossa ferramenta é a melhor do mercado, todo mundo usa.', 'Posso te dar um desconto de 20% se fechar hoje.', 'Não tem problema nenhum, confia em mim.', 'É só assinar.', 'Tá bom então.'];
const GOOD_EN = [
  'I hear you, and it makes sense to be careful in a year of cuts. What matters most to you when you weigh a new tool right now?',
  "That's a fair concern. Our customers in manufacturing use about 90% of their seats, and the return comes in four months because each rep saves roughly five hours a week.",
  "I understand the budget is locked. We could start with a ten-seat pilot in phases, billed next quarter. Would that fit the sales team's cost center?",
  'Fair point, legal needs to feel safe. We can do an annual contract with an exit clause and a cap on price increases. Which terms does your legal team usually accept?',
  "As a next step, I'll book 30 minutes with your committee on Tuesday at 10 am to approve the pilot. Does that work?",
];
const OFFTOPIC_EN = ['Did you watch the game last night?', 'The weather is nice today.', 'I like pizza.', 'See you.'];

const play = (answers: string[], language: 'pt' | 'en' = 'pt', seed = 1, scenarioId = 'cost-cutting-renewal') => {
  const scenario = findScenario(scenarioId);
  const run = runSimulation({ persona: findPersona(scenario.persona), scenario, language, seed, answers });
  return { run, score: scoreRun(run, { language, passMark: scenario.passMark }) };
};

describe('the role-play library', () => {
  it('has at least 6 personas and 8 scenarios, every text in pt-BR and English, every objection line written', () => {
    expect(BUNDLED_PERSONAS.length).toBeGreaterThanOrEqual(6);
    expect(BUNDLED_SCENARIOS.length).toBeGreaterThanOrEqual(8);
    for (const p of BUNDLED_PERSONAS) for (const lang of ['pt', 'en'] as const) {
      for (const field of [p.name, p.role, p.goals, p.hiddenConcern]) expect(field[lang]).toMatch(/\S/);
      expect(p.opening[lang].length).toBeGreaterThan(0);
      expect(p.reveal[lang].length).toBeGreaterThan(0);
    }
    for (const s of BUNDLED_SCENARIOS) {
      expect(() => findPersona(s.persona)).not.toThrow();
      expect(s.objections.length).toBeGreaterThanOrEqual(2);
      for (const lang of ['pt', 'en'] as const) for (const field of [s.title, s.product, s.situation, s.repGoal]) expect(field[lang]).toMatch(/\S/);
    }
    for (const t of OBJECTION_TYPES) for (const kind of ['raise', 'press', 'accept'] as const) for (const lang of ['pt', 'en'] as const) expect(OBJECTION_LINES[t][kind][lang].length).toBeGreaterThan(0);
    const lines = libraryLines('en');
    expect(lines.filter((l) => l.type === 'persona')).toHaveLength(BUNDLED_PERSONAS.length);
    expect(lines.find((l) => l.type === 'scenario')).toMatchObject({ id: 'cost-cutting-renewal', persona: 'cfo-conservative' });
    expect(() => findScenario('nope')).toThrow(/^no scenario "nope"; known: cost-cutting-renewal, /);
  });
});

describe("what a rep's turn does", () => {
  it('reads acknowledgement, open questions, substance, discounts, dismissal and dated next steps in both languages', () => {
    const pt = turnFeatures('Entendo. O que pesa mais pra vocês? Um piloto em fases cabe no orçamento.', 'pt', 'budget');
    expect(pt).toMatchObject({ acknowledges: true, openQuestion: true, asksQuestion: true, dismisses: false, offersDiscount: false });
    expect(pt.substance).toBeGreaterThanOrEqual(1);
    expect(turnFeatures('Posso te dar um desconto se fechar hoje.', 'pt', 'price')).toMatchObject({ offersDiscount: true, asksQuestion: false });
    expect(turnFeatures('Confia em mim, não é verdade.', 'pt', 'trust').dismisses).toBe(true);
    expect(turnFeatures("Let's book a pilot review on Tuesday at 10 am", 'en', null)).toMatchObject({ nextStep: true, datedNextStep: true });
    expect(turnFeatures("I'll send you an email sometime", 'en', null).datedNextStep).toBe(false);
    expect(turnFeatures('Do you have ten minutes', 'en', null).asksQuestion).toBe(true); // a closed question, no mark
    expect(turnFeatures('um, like, you know, it is um good', 'en', null).fillers).toBeGreaterThanOrEqual(4);
  });

  it('a harder buyer wants more: substance and evidence or a question', () => {
    const thin = turnFeatures('I understand, the value is there for you.', 'en', 'price');
    const rich = turnFeatures('I understand. On average our customers see the return in four months, saving five hours per rep a week.', 'en', 'price');
    expect(answerLands(thin, 1)).toBe(true);
    expect(answerLands(thin, 3)).toBe(false);
    expect(answerLands(rich, 3)).toBe(true);
    expect(answerLands(turnFeatures('Trust me, the value is not a problem at all, you will see the return.', 'en', 'price'), 1)).toBe(false);
  });
});

const good = () => play(GOOD_PT);

describe('how the meeting ends', () => {
  const scenario = findScenario('cost-cutting-renewal');
  it('time is up after one rep turn per objection plus one: the buyer wraps up and asks for the next step; objections not raised are not held against the rep', () => {
    expect(meetingTurns(scenario)).toBe(4);
    // The price answer misses twice (pressed), then lands: the budget line arrives after the wrap-up.
    const answers = ['Entendo. O que pesa mais pra senhora?', 'Nossa ferramenta é boa.', 'É muito boa mesmo, vale a pena.', GOOD_PT[1]!, GOOD_PT[4]!];
    const { run, score } = play(answers);
    const buyerMoves = run.transcript.filter((t) => t.speaker === 'buyer').map((t) => (t.speaker === 'buyer' ? t.moves.join('+') : ''));
    expect(buyerMoves).toEqual(['opening+objection', 'reveal', 'press', 'press', 'next-step', 'closing']);
    expect(run.transcript.at(-2)!.text).toMatch(/tempo|reunião/);
    expect(run.notReached).toEqual(['budget', 'contract']);
    expect(run.complete).toBe(true);
    expect(score.checks.filter((c) => c.id.endsWith('.answered')).map((c) => c.id)).toEqual(['objection.price.answered']);
  });

  it('a rep who proposes a dated next step gets an answer and the meeting ends; one who proposes nothing when asked is asked once more', () => {
    const early = play([GOOD_PT[0]!, 'Vamos agendar uma reunião na terça às 10h com o comitê?']);
    expect(early.run.complete).toBe(true);
    expect(early.run.transcript.at(-1)).toMatchObject({ speaker: 'buyer', moves: ['closing'] });
    expect(early.run.notReached).toEqual(['budget', 'contract']);
    expect(early.score.passed).toBe(false); // price never answered
    const vague = play([...GOOD_PT.slice(0, 4), 'Foi ótimo conversar.', GOOD_PT[4]!]);
    expect(vague.run.transcript.filter((t) => t.speaker === 'buyer' && t.moves.includes('next-step'))).toHaveLength(2);
    expect(vague.run.outcome).toBe('won');
    expect(vague.score.passed).toBe(true);
  });
});

type DevSet = { pairs: { scenario: string; language: 'pt' | 'en'; good: string[]; poor: string[] }[]; mustFail: { scenario: string; language: 'pt' | 'en'; answers: string[] }[] };
describe('the development pairs (test/fixtures/simulator/dev-pairs.json; the blind pairs are only reported by the bench)', () => {
  const dev = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../test/fixtures/simulator/dev-pairs.json'), 'utf8')) as DevSet;
  it('good beats poor, good passes, poor and must-fail runs fail', () => {
    for (const p of dev.pairs) {
      const g = play(p.good, p.language, 1, p.scenario);
      const b = play(p.poor, p.language, 1, p.scenario);
      expect(g.score.score, `${p.scenario}/${p.language}`).toBeGreaterThan(b.score.score);
      expect(g.score.passed, `${p.scenario}/${p.language} good`).toBe(true);
      expect(b.score.passed, `${p.scenario}/${p.language} poor`).toBe(false);
    }
    for (const m of dev.mustFail) expect(play(m.answers, m.language, 1, m.scenario).score.passed).toBe(false);
  });
});

describe('a role-play run', () => {
  it('a good rep passes, with a concrete next step agreed; a poor one fails and is told why, in their language', () => {
    const good = play(GOOD_PT);
    expect(good.run.complete).toBe(true);
    expect(good.run.outcome).toBe('won');
    expect(good.score.passed).toBe(true);
    expect(good.score.score).toBeGreaterThanOrEqual(80);
    expect(good.run.revealedAt).not.toBeNull(); // the open question brought out the hidden concern
    const poor = play(POOR_PT);
    expect(poor.score.passed).toBe(false);
    expect(poor.score.score).toBeLessThan(40);
    expect(poor.score.checks.find((c) => c.id === 'objection.no-early-discount')).toMatchObject({ passed: false, turn: 3 });
    expect(poor.score.feedback.length).toBeGreaterThanOrEqual(2);
    expect(poor.score.feedback.length).toBeLessThanOrEqual(4);
    expect(poor.score.feedback.join(' ')).toMatch(/objeção sobre o preço ficou sem resposta \(na sua fala 1\)/);
    expect(play(GOOD_EN, 'en').score.passed).toBe(true);
  });

  it('off-topic and one-word answers fail; every check names a category and a rep turn or none', () => {
    const off = play(OFFTOPIC_EN, 'en');
    expect(off.score.passed).toBe(false);
    expect(play(['ok', 'sure', 'yes', 'fine'], 'en').score.passed).toBe(false);
    for (const c of off.score.checks) {
      expect(CATEGORIES).toContain(c.category);
      if (c.turn !== null) expect(off.run.transcript[c.turn]!.speaker).toBe('rep');
    }
    expect(Object.keys(off.score.categories)).toEqual([...CATEGORIES]);
  });

  it('stops where the answers stop: scored on what it covered, not passed unless every objection was answered; leaves answers the ended meeting did not need unused', () => {
    const short = play(GOOD_PT.slice(0, 2));
    expect(short.run.complete).toBe(false);
    expect(short.score.passed).toBe(false);
    // The budget objection came after the last answer: no check for it (the price one is there).
    expect(short.score.checks.map((c) => c.id)).toContain('objection.price.answered');
    expect(short.score.checks.map((c) => c.id)).not.toContain('objection.budget.answered');
    // Every objection answered, the answers stop before the next step: scored (next-step check lost), may pass.
    const noClose = play(GOOD_PT.slice(0, 4));
    expect(noClose.run.complete).toBe(false);
    expect(noClose.run.notReached).toEqual([]);
    expect(noClose.score.checks.find((c) => c.id === 'technique.next-step')).toMatchObject({ passed: false });
    expect(noClose.score.score).toBeLessThan(good().score.score);
    const long = play([...GOOD_PT, 'E mais uma coisa.']);
    expect(long.run.complete).toBe(true);
    expect(long.run.unused).toBe(1);
  });

  it('is deterministic: the same seed and answers give the same transcript and score; another seed changes only the wording', () => {
    const a = play(GOOD_EN, 'en', 42);
    const b = play(GOOD_EN, 'en', 42);
    expect(b.run.transcript).toEqual(a.run.transcript);
    expect(b.score).toEqual(a.score);
    const seeds = [1, 2, 3, 4, 5, 6].map((s) => play(GOOD_EN, 'en', s));
    expect(new Set(seeds.map((r) => r.run.transcript[0]!.text)).size).toBeGreaterThan(1);
    expect(new Set(seeds.map((r) => r.score.score)).size).toBe(1);
    const r = seededRandom(7);
    expect([r(), r()]).toEqual([seededRandom(7)(), (() => { const x = seededRandom(7); x(); return x(); })()]);
  });

  it("the rep's tone from the sentiment model can fail the empathy check (a negative turn that acknowledges nothing)", async () => {
    const answers = [...GOOD_PT];
    answers[1] = 'Nossos clientes usam 90% das licenças e o retorno vem em quatro meses, cada vendedor ganha cinco horas por semana.';
    const harsh = { analyze: async (text: string) => ({ text, language: 'pt' as const, sentiment: { label: 'negative' as const, score: -0.8 }, objections: [], competitors: [] }), close: async () => undefined };
    const { score } = await simulate({ scenario: 'cost-cutting-renewal', language: 'pt', seed: 1, answers }, harsh);
    expect(score.checks.find((c) => c.id === 'empathy.tone')).toMatchObject({ passed: false, turn: 3 });
    // The first turn reads negative (it names the buyer's cuts) but acknowledges them: not a harsh tone.
    const painNamed = { ...harsh, analyze: async (text: string) => ({ ...(await harsh.analyze(text)), sentiment: /corte/.test(text) ? { label: 'negative' as const, score: -0.8 } : { label: 'neutral' as const, score: 0 } }) };
    expect((await simulate({ scenario: 'cost-cutting-renewal', language: 'pt', seed: 1, answers: GOOD_PT }, painNamed)).score.checks.find((c) => c.id === 'empathy.tone')).toMatchObject({ passed: true });
    const calm = { ...harsh, analyze: async (text: string) => ({ ...(await harsh.analyze(text)), sentiment: { label: 'neutral' as const, score: 0.1 } }) };
    expect((await simulate({ scenario: 'cost-cutting-renewal', language: 'pt', seed: 1, answers }, calm)).score.checks.find((c) => c.id === 'empathy.tone')).toMatchObject({ passed: true });
  });
});

describe("the rep's own call script", () => {
  it('each line is a key point; a turn that says most of its content words covers it (accents, case and inflection aside)', async () => {
    const { scriptCoverage, scriptPoints } = await import('./script');
    const script = '1. Perguntar o que mais pesa na decisão\n- Mostrar o retorno em quatro meses\n\n* Propor um piloto em fases\n• Falar da integração com o SAP\n';
    expect(scriptPoints(script)).toEqual(['Perguntar o que mais pesa na decisão', 'Mostrar o retorno em quatro meses', 'Propor um piloto em fases', 'Falar da integração com o SAP']);
    const { run } = play(GOOD_PT);
    const covered = scriptCoverage(script, run.transcript);
    expect(covered.map((c) => c.covered)).toEqual([true, true, true, false]);
    expect(run.transcript[covered[1]!.turn!]).toMatchObject({ speaker: 'rep', text: GOOD_PT[1] });
    // Buyer lines never cover a point.
    expect(scriptCoverage('Achei caro o valor', [{ speaker: 'buyer', text: 'Achei caro. O valor está acima.' }])[0]!.covered).toBe(false);
  });
});
