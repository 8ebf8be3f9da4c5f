import { describe, expect, it } from 'vitest';
import { freshStores } from '../../../test/stores';
import type { Store } from '../store/db';
import { all } from '../store/query';
import { deleteTenantRow, upsertTenantPersona, upsertTenantScenario } from '../store/content';
import { BUNDLED_PERSONAS, BUNDLED_SCENARIOS } from '../content/bundled-simulations';
import { seedBundledSimulations } from './bundled';
import { restorePersona, restoreScenario, savePersona, saveScenario } from './content-store';
import { findPersona, findScenario, library, libraryLines } from './library';
import { runSimulation } from './engine';

const ANSWERS = ['Entendo. O que mais pesa pra senhora hoje?', 'Os clientes usam 90% das licenças e o retorno vem em quatro meses.', 'Um piloto de dez licenças em fases.', 'Contrato anual com cláusula de saída.', 'Agendo terça às 10h com o comitê, combinado?'];

const tenantCfo = (store: Store, name: string, updatedAt = 1000) =>
  upsertTenantPersona(store, {
    id: 'tenant:cfo.pt', persona: 'cfo-conservative', language: 'pt', name, role: 'CFO da Acme', temperament: 'strict', goals: 'Cortar 10%', hidden_concern: 'Auditoria em março',
    objections: JSON.stringify(['price']), pushback: 1, opening: JSON.stringify(['Bom dia, fale da Acme.']), reveal: JSON.stringify(['A auditoria me preocupa.']), updated_at: updatedAt,
  });

describe('the role-play library in the store', () => {
  const fresh = freshStores((s) => seedBundledSimulations(s, 100));

  it('seeds every bundled persona and scenario once per language, then only what a newer version changed', () => {
    const store = fresh();
    expect(seedBundledSimulations(store, 200)).toEqual({ personas: 0, scenarios: 0 });
    const rows = all(store, store.db.selectFrom('personas').select(['id', 'origin', 'updated_at']));
    expect(rows).toHaveLength(BUNDLED_PERSONAS.length * 2);
    expect(rows.every((r) => r.origin === 'bundled' && r.updated_at === 100)).toBe(true);
    expect(all(store, store.db.selectFrom('scenarios').select('id'))).toHaveLength(BUNDLED_SCENARIOS.length * 2);
    // An edited row is never overwritten by the seed.
    savePersona(store, { rowId: 'persona:cfo-conservative:pt', name: 'Helena (minha)', role: 'CFO', goals: 'g', hiddenConcern: 'h', opening: ['Oi'], reveal: ['r'] }, 150);
    seedBundledSimulations(store, 300);
    expect(findPersona('cfo-conservative', { store, language: 'pt' }).name.pt).toBe('Helena (minha)');
  });

  it('without edits, the store gives the bundled library and the same run as the bundled one', () => {
    const store = fresh();
    const from = { store, language: 'pt' as const };
    const bundled = BUNDLED_SCENARIOS.find((s) => s.id === 'cost-cutting-renewal')!;
    expect(findScenario('cost-cutting-renewal', from)).toEqual(bundled);
    expect(findPersona('cfo-conservative', from)).toEqual(BUNDLED_PERSONAS.find((p) => p.id === 'cfo-conservative'));
    const a = runSimulation({ persona: findPersona('cfo-conservative', from), scenario: findScenario('cost-cutting-renewal', from), language: 'pt', seed: 7, answers: ANSWERS });
    const b = runSimulation({ persona: findPersona('cfo-conservative'), scenario: findScenario('cost-cutting-renewal'), language: 'pt', seed: 7, answers: ANSWERS });
    expect(a).toEqual(b);
    expect(library('en', store)).toEqual(library('en'));
    expect(libraryLines('en', store).filter((l) => l.type === 'persona').map((l) => l.id)).toEqual(BUNDLED_PERSONAS.map((p) => p.id));
  });

  it('the active one per id and language is the tenant\'s, else the rep\'s edit, else the bundled one', () => {
    const store = fresh();
    const pt = { store, language: 'pt' as const };
    const en = { store, language: 'en' as const };
    // The rep's edit (pt only).
    const edited = savePersona(store, { rowId: 'persona:cfo-conservative:pt', name: 'Helena, minha CFO', role: 'CFO', goals: 'Economizar', hiddenConcern: 'Medo de sobra', opening: ['Olá, seja breve.'], reveal: ['Tenho medo de sobrar licença.'] }, 200);
    expect(edited).toMatchObject({ id: 'cfo-conservative', origin: 'user', hasDefault: true, name: 'Helena, minha CFO' });
    expect(findPersona('cfo-conservative', pt).name.pt).toBe('Helena, minha CFO');
    expect(findPersona('cfo-conservative', en).name.en).toBe('Helen Park, conservative CFO');
    // The run's opening is the edited one.
    const run = runSimulation({ persona: findPersona('cfo-conservative', pt), scenario: findScenario('cost-cutting-renewal', pt), language: 'pt', seed: 1, answers: [] });
    expect(run.transcript[0]!.text).toContain('Olá, seja breve.');
    // The company's row wins over the edit; the edit stays underneath.
    tenantCfo(store, 'Helena da Acme');
    const p = findPersona('cfo-conservative', pt);
    expect(p).toMatchObject({ temperament: 'strict', pushback: 1, objections: ['price'] });
    expect(p.name.pt).toBe('Helena da Acme');
    expect(library('pt', store).personas.find((x) => x.id === 'cfo-conservative')).toMatchObject({ rowId: 'tenant:cfo.pt', origin: 'tenant', hasDefault: false });
    expect(() => savePersona(store, { rowId: 'tenant:cfo.pt', name: 'x', role: 'x', goals: 'x', hiddenConcern: 'x', opening: ['x'], reveal: ['x'] })).toThrow(/managed by your company/);
    expect(() => restorePersona(store, 'tenant:cfo.pt')).toThrow(/no bundled default/);
    // Withdrawn: the rep's edit is active again; restored: the bundled one.
    deleteTenantRow(store, 'personas', 'tenant:cfo.pt');
    expect(findPersona('cfo-conservative', pt).name.pt).toBe('Helena, minha CFO');
    expect(restorePersona(store, 'persona:cfo-conservative:pt', 300)).toMatchObject({ origin: 'bundled', name: 'Helena Prado, CFO conservadora' });
    expect(findPersona('cfo-conservative', pt)).toEqual(BUNDLED_PERSONAS.find((x) => x.id === 'cfo-conservative'));
  });

  it('a scenario the company wrote in one language only exists in that language; edits and restores of scenarios', () => {
    const store = fresh();
    upsertTenantScenario(store, {
      id: 'tenant:acme-renewal.pt', scenario: 'acme-renewal', language: 'pt', title: 'Renovação Acme', product: 'Plano anual', situation: 'Vence em maio', rep_goal: 'Renovar sem desconto',
      persona: 'cfo-conservative', objections: JSON.stringify(['price', 'contract']), pass_mark: 60, meeting_turns: 4, updated_at: 10,
    });
    expect(findScenario('acme-renewal', { store, language: 'pt' })).toMatchObject({ id: 'acme-renewal', passMark: 60, meetingTurns: 4, objections: ['price', 'contract'], persona: 'cfo-conservative' });
    expect(() => findScenario('acme-renewal', { store, language: 'en' })).toThrow(/^no scenario "acme-renewal"; known: architecture-review, /);
    const lib = library('pt', store).scenarios.map((s) => s.id);
    expect(lib.slice(0, BUNDLED_SCENARIOS.length)).toEqual(BUNDLED_SCENARIOS.map((s) => s.id));
    expect(lib.at(-1)).toBe('acme-renewal');
    const saved = saveScenario(store, { rowId: 'scenario:displace-incumbent:en', title: 'Win the bake-off', product: 'Copilot', situation: 'Four months left', repGoal: 'A trial' }, 50);
    expect(saved).toMatchObject({ id: 'displace-incumbent', origin: 'user', title: 'Win the bake-off', goal: 'A trial' });
    expect(findScenario('displace-incumbent', { store, language: 'en' }).title.en).toBe('Win the bake-off');
    expect(restoreScenario(store, 'scenario:displace-incumbent:en')).toMatchObject({ origin: 'bundled', title: 'Displace the incumbent' });
    expect(() => restoreScenario(store, 'nope')).toThrow(/^no scenario with row id nope$/);
  });
});
