import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/db';
import { seedCall } from './seed-calls';
import { localSummary } from './summarize';
import { greetingName } from './follow-up';
import { isCommitment } from './local-summary';
import { enCall, ptCall, tempStore } from './test-helpers';
import { ObjectionType } from '../../../src-shared/taxonomy';
import { seedBundledContent } from '../hints/bundled';

let t: ReturnType<typeof tempStore>;
let store: Store;
beforeEach(() => {
  t = tempStore();
  store = t.store;
});
afterEach(() => t.cleanup());

const TAXONOMY_IDS: string[] = ObjectionType.options;
/** No taxonomy id as a word, and no "On price, budget and …:" list of topic names. */
function expectCustomerFacing(body: string) {
  for (const id of TAXONOMY_IDS) expect(body, id).not.toMatch(new RegExp(`\\b${id}\\b(?!\\s+\\p{L})`, 'u'));
  expect(body).not.toMatch(/\b(On|Sobre) [\p{L} ]+(, [\p{L} ]+)* (and|e) [\p{L} ]+:/u);
  expect(body).not.toMatch(/battlecard|objection|objeção/i);
}

const ptObjections = () => ptCall({
  customer: 'Carla Souza',
  segments: [
    { speaker: 'rep', startMs: 0, endMs: 3000, text: 'Oi Carla, tudo bem? Você consegue me mandar o organograma da equipe?' },
    { speaker: 'customer', startMs: 3500, endMs: 7000, text: 'O preço está alto para nós.', sentiment: -0.6, objections: ['price'] },
    { speaker: 'rep', startMs: 7500, endMs: 14000, text: 'Entendo. No plano anual o custo por usuário cai pela metade e a implantação está incluída.' },
    { speaker: 'customer', startMs: 14500, endMs: 17000, text: 'Ah, faz sentido. E a implantação é muito complicada?', sentiment: 0.2, objections: ['complexity'] },
    { speaker: 'rep', startMs: 17500, endMs: 20000, text: 'Posso te enviar o cronograma de implantação?' },
    { speaker: 'customer', startMs: 20500, endMs: 23000, text: 'Ainda acho complicado para o nosso time.', sentiment: -0.4, objections: ['complexity'] },
    { speaker: 'rep', startMs: 23500, endMs: 28000, text: 'Vou te mandar o cronograma até quinta-feira, combinado?' },
    { speaker: 'customer', startMs: 28500, endMs: 32000, text: 'Combinado. Vou falar com o meu diretor e podemos conversar na semana que vem.', sentiment: 0.4 },
  ],
  hints: [],
});

const enObjections = () => enCall({
  customer: 'Tom Baker',
  segments: [
    { speaker: 'rep', startMs: 0, endMs: 3000, text: 'Hi Tom. Could you send me the list of tools your team uses today?' },
    { speaker: 'customer', startMs: 3500, endMs: 7000, text: 'Honestly, the price is too high for us.', sentiment: -0.6, objections: ['price'] },
    { speaker: 'rep', startMs: 7500, endMs: 14000, text: 'I understand. On the annual plan the cost per seat drops by half and onboarding is included.' },
    { speaker: 'customer', startMs: 14500, endMs: 17000, text: 'Okay, that makes sense. But our contract with the current vendor runs until June.', sentiment: 0, objections: ['contract'] },
    { speaker: 'rep', startMs: 17500, endMs: 21000, text: "Can you share the renewal date? I'll send you a proposal by Friday, okay?" },
    { speaker: 'customer', startMs: 21500, endMs: 25000, text: "Sure. I'll check with my legal team and we can talk next week.", sentiment: 0.3 },
  ],
  hints: [],
});

describe('follow-up e-mail a rep could send (offline)', () => {
  it('pt: greets by first name, one natural sentence per topic, answered objection not open, no question as a promise', () => {
    const s = localSummary(store, seedCall(store, ptObjections()));
    const body = s.followUpEmail.body;
    expect(body).toMatch(/^Olá, Carla,\n/);
    expectCustomerFacing(body);
    // Price was answered (rep explained, customer: "faz sentido"); complexity came back after a question: open.
    expect(s.keyObjections.map((o) => [o.type, o.answered])).toEqual([['complexity', false], ['price', true]]);
    expect(body).toContain('Sobre o investimento, fico à disposição');
    expect(body).not.toContain('Sei que o investimento foi uma preocupação');
    expect(body).toContain('Sobre a implantação, posso detalhar o passo a passo');
    // Questions are never commitments; the tagged statement is, without its tag.
    expect(s.commitments).not.toContain('Você consegue me mandar o organograma da equipe?');
    expect(s.commitments).not.toContain('Posso te enviar o cronograma de implantação?');
    expect(s.commitments).toContain('Vou te mandar o cronograma até quinta-feira, combinado?');
    expect(body).toContain('Como combinamos:\n- Vou te mandar o cronograma até quinta-feira.');
    expect(body).not.toMatch(/consegue me mandar|Posso te enviar o cronograma/);
    // The customer's own promise, turned to "you".
    expect(body).toContain('Da sua parte, ficou de:\n- falar com o seu diretor.');
    expect(body).toContain('Podemos confirmar a próxima conversa para a semana que vem?');
    expect(body).toMatch(/Um abraço,$/);
    expect(s.actions.filter((a) => a.kind === 'answer-objection').map((a) => a.target)).toEqual(['complexity']);
  });

  it('en: greets by first name, natural sentences, answered price not open, questions not promises', () => {
    const s = localSummary(store, seedCall(store, enObjections()));
    const body = s.followUpEmail.body;
    expect(body).toMatch(/^Hi Tom,\n/);
    expectCustomerFacing(body);
    expect(Object.fromEntries(s.keyObjections.map((o) => [o.type, o.answered]))).toEqual({ price: true, contract: false });
    expect(body).toContain('On pricing, I am happy to go over the figures we discussed');
    expect(body).toContain('On the contract terms, I am happy to go over them with you');
    expect(s.commitments).not.toContain('Could you send me the list of tools your team uses today?');
    expect(s.commitments).not.toContain('Can you share the renewal date?');
    expect(body).toContain('As agreed:\n- I\'ll send you a proposal by Friday.');
    expect(body).toContain('On your side, you were going to:\n- check with your legal team.');
    expect(body).toContain('Can we confirm our next conversation for next week?');
    expect(body).not.toMatch(/Could you send me|Can you share/);
  });

  it('the sample calls read as e-mails too (both languages), with a neutral greeting when no name is known', () => {
    for (const call of [ptCall(), enCall(), ptCall({ customer: null }), enCall({ customer: 'Globex Ltd' })]) {
      const s = localSummary(store, seedCall(store, call));
      expectCustomerFacing(s.followUpEmail.body);
      expect(s.text).not.toMatch(/\b(authority|complexity)\b/);
    }
    expect(localSummary(store, seedCall(store, ptCall({ customer: null }))).followUpEmail.body).toMatch(/^Olá,\n/);
    expect(localSummary(store, seedCall(store, enCall({ customer: 'Globex Ltd' }))).followUpEmail.body).toMatch(/^Hello,\n/);
    seedBundledContent(store);
    const en = localSummary(store, seedCall(store, enCall())).followUpEmail.body;
    expect(en).toContain('Since you mentioned you are also looking at HubSpot, I can send a comparison');
    expect(en).toContain('I understand the budget is tight this period.');
  });

  it('greetingName and isCommitment', () => {
    expect(greetingName('Mariana Costa')).toBe('Mariana');
    expect(greetingName('Ana Maria da Silva')).toBe('Ana');
    expect(greetingName('joão')).toBe('joão');
    expect(greetingName('Acme Ltda')).toBeNull();
    expect(greetingName('  ')).toBeNull();
    for (const q of ['Você consegue me mandar a proposta?', 'Vocês podem me enviar o contrato?', 'Can you send me the deck?', 'Could you share the pricing?', 'Posso te enviar a proposta?', 'Will you send it today?', 'vamos marcar uma call?']) {
      expect(isCommitment(q), q).toBe(false);
    }
    for (const c of ['Vou te mandar a proposta amanhã.', 'Te envio o contrato hoje, combinado?', "I'll send you the deck tonight.", 'We’ll review the terms with legal.', "I'll send it by Friday, okay?", 'Fico de ver com o financeiro.']) {
      expect(isCommitment(c), c).toBe(true);
    }
    for (const n of ['Vou ser sincero, está caro.', 'Let me know if you have questions.', "I'll be honest, it's expensive."]) expect(isCommitment(n), n).toBe(false);
  });
});
