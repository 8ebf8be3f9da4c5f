import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCliCaptured } from '../../../test/cli-capture';
import { simulateCommand } from './simulate';
import { openStore } from '../../core/store/db';
import { upsertTenantPersona } from '../../core/store/content';
import { getSimulationRecord, simulationHistory } from '../../core/simulator/history';
import { pendingCount } from '../../core/store/outbox';
import { seedCall } from '../../core/calls/seed-calls';
import { enCall, ptCall } from '../../core/calls/sample-calls';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-simulate-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const cli = (args: string[]) => runCliCaptured(['--data-dir', path.join(dir, 'data'), ...args], [simulateCommand]);
const answers = (name: string, lines: string[]) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
};

describe('salesedge simulate', () => {
  it('list --json: one persona or scenario a line, each scenario with its default persona', async () => {
    const r = await cli(['--json', 'simulate', 'list', '--language', 'en']);
    expect(r.code).toBe(0);
    const lines = r.lines();
    expect(lines.filter((l) => l.type === 'persona').length).toBeGreaterThanOrEqual(6);
    expect(lines.filter((l) => l.type === 'scenario').length).toBeGreaterThanOrEqual(8);
    expect(lines.find((l) => l.id === 'architecture-review')).toMatchObject({ type: 'scenario', persona: 'tech-evaluator', title: 'Architecture review' });
  });

  it('plays and lists the store\'s active personas: one the company sent through sync is there, the same seed twice is the same run', async () => {
    expect((await cli(['--json', 'simulate', 'list', '--language', 'pt'])).code).toBe(0); // the store is made and seeded
    const store = openStore(path.join(dir, 'data'));
    upsertTenantPersona(store, {
      id: 'tenant:acme-cfo.pt', persona: 'acme-cfo', language: 'pt', name: 'Carla, CFO da Acme', role: 'CFO', temperament: 'strict', goals: 'Cortar 10%', hidden_concern: 'Auditoria',
      objections: JSON.stringify(['price']), pushback: 1, opening: JSON.stringify(['Bom dia, aqui é a Carla da Acme.']), reveal: JSON.stringify(['A auditoria me preocupa.']), updated_at: 1,
    });
    store.close();
    const list = (await cli(['--json', 'simulate', 'list', '--language', 'pt'])).lines();
    expect(list.find((l) => l.id === 'acme-cfo')).toMatchObject({ type: 'persona', name: 'Carla, CFO da Acme', origin: 'tenant' });
    const file = answers('acme.txt', ['Entendo, Carla. O que pesa mais na decisão hoje?']);
    const args = ['--json', 'simulate', '--persona', 'acme-cfo', '--scenario', 'cost-cutting-renewal', '--answers', file, '--language', 'pt', '--seed', '4', '--no-save'];
    const a = await cli(args);
    expect(a.lines()[0]).toMatchObject({ type: 'buyer', text: expect.stringContaining('aqui é a Carla da Acme') });
    expect((await cli(args)).stdout).toBe(a.stdout);
    const en = await cli(args.map((a) => (a === 'pt' ? 'en' : a)));
    expect(en.code).not.toBe(0);
    expect(en.stderr).toMatch(/no persona "acme-cfo"; known: /);
  });

  it('--json prints buyer and rep lines, then the result with score, categories, checks and feedback; the same seed twice is the same run', async () => {
    const file = answers('en.txt', [
      'I hear you, rollouts are painful when IT is stretched. How many people would need to use it in the first month?',
      'Makes sense. Our team handles the onboarding and training, SSO is included, and most customers are live in two weeks without IT work.',
      'Fair question. We have reference customers your size, we are SOC 2 audited and the data stays on the laptop. Would a reference call help?',
      'I understand, switching is work. The difference is the integration: it runs offline, in Portuguese, and we assist the migration during a side by side trial.',
      "Next step: I'll book the proof of concept with your team on Thursday at 2 pm. Does that work?",
    ]);
    const args = ['--json', 'simulate', '--persona', 'tech-evaluator', '--scenario', 'architecture-review', '--answers', file, '--language', 'en', '--seed', '9'];
    const a = await cli(args);
    expect(a.code).toBe(0);
    const lines = a.lines();
    expect(lines[0]).toMatchObject({ type: 'buyer', text: expect.any(String) });
    expect(lines.filter((l) => l.type === 'rep').map((l) => l.text)).toHaveLength(5);
    const result = lines.at(-1)!;
    expect(result).toMatchObject({ type: 'result', passed: true, categories: { objection: expect.any(Number), empathy: expect.any(Number), discovery: expect.any(Number), technique: expect.any(Number) } });
    expect(result.score).toBeGreaterThanOrEqual(70);
    expect((result.checks as { id: string; category: string; passed: boolean; turn: number | null }[]).every((c) => typeof c.id === 'string' && typeof c.passed === 'boolean')).toBe(true);
    expect((result.feedback as string[]).length).toBeGreaterThanOrEqual(2);
    // With the rep's own script: which key points the run covered, and where.
    const script = answers('script.txt', ['- Ask how many people use it in the first month', '- Mention SOC 2 and reference customers', '- Offer a discount for signing today']);
    const withScript = (await cli([...args, '--no-save', '--script', script])).lines().at(-1)!;
    expect((withScript.script as { covered: boolean }[]).map((p) => p.covered)).toEqual([true, true, false]);
    expect((await cli([...args, '--no-save', '--script', answers('blank.txt', ['', ' - '])])).stderr).toMatch(/^salesedge: the script file .* has no key points/);
    // Stored in the history (and queued for sync), unless --no-save; the output is the same apart from the id.
    const again = await cli(args);
    const noSave = await cli([...args, '--no-save']);
    const strip = (out: string) => out.replace(/"id":("sim-[^"]+"|null)/, '"id":_');
    expect(strip(again.stdout)).toBe(strip(a.stdout));
    expect(strip(noSave.stdout)).toBe(strip(a.stdout));
    expect(noSave.lines().at(-1)!.id).toBeNull();
    const store = openStore(path.join(dir, 'data'));
    try {
      const ids = [result.id, again.lines().at(-1)!.id] as string[];
      expect(simulationHistory(store, { limit: 10 }).map((r) => r.id).sort()).toEqual([...ids].sort());
      expect(getSimulationRecord(store, ids[0]!)).toMatchObject({ mode: 'cli', persona: 'tech-evaluator', scenario: 'architecture-review', seed: 9, score: result.score, passed: true });
      expect(pendingCount(store)).toBe(2);
    } finally {
      store.close();
    }
    // simulate history: the stored runs, newest first, one JSON object a line.
    const history = (await cli(['--json', 'simulate', 'history'])).lines();
    expect(history.map((h) => h.id).sort()).toEqual([result.id, again.lines().at(-1)!.id].sort());
    expect(history[0]).toMatchObject({ type: 'run', scenario: 'architecture-review', mode: 'cli', passed: true, categories: { objection: expect.any(Number) } });
    expect((await cli(['--json', 'simulate', 'history', '--scenario', 'cost-cutting-renewal'])).stdout).toBe('');
    // simulate delete: gone from the history; an unknown id is one line.
    expect((await cli(['--json', 'simulate', 'delete', result.id as string])).lines()).toEqual([{ deleted: result.id }]);
    expect((await cli(['--json', 'simulate', 'history'])).lines().map((h) => h.id)).toEqual([again.lines().at(-1)!.id]);
    const gone = await cli(['simulate', 'delete', result.id as string]);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr.trim()).toBe(`salesedge: no simulation "${result.id as string}"`);
  });

  it('fails in one line for an unknown persona or scenario, a missing or empty answers file, no scenario', async () => {
    const file = answers('one.txt', ['Olá']);
    const empty = answers('empty.txt', ['', '  ']);
    for (const [args, message] of [
      [['simulate', '--scenario', 'nope', '--answers', file], /^salesedge: no scenario "nope"; known: /],
      [['simulate', '--scenario', 'cost-cutting-renewal', '--persona', 'ghost', '--answers', file], /^salesedge: no persona "ghost"; known: /],
      [['simulate', '--scenario', 'cost-cutting-renewal', '--answers', empty], /^salesedge: the answers file .* is empty/],
      [['simulate', '--scenario', 'cost-cutting-renewal', '--answers', path.join(dir, 'missing.txt')], /^salesedge: cannot read the answers file .*: no such file/],
      [['simulate', '--answers', file], /^salesedge: simulate needs --scenario ID/],
    ] as const) {
      const r = await cli([...args]);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it('score-call: the same rubric on a recorded call, each objection answered or not at the rep turn that decided it', async () => {
    const store = openStore(path.join(dir, 'data'));
    const pt = seedCall(store, ptCall());
    const en = seedCall(store, enCall());
    store.close();
    const a = await cli(['--json', 'simulate', 'score-call', pt]);
    expect(a.code, a.stderr).toBe(0);
    const r = a.lines()[0]!;
    expect(r).toMatchObject({ type: 'result', callId: pt, language: 'pt', objections: [{ type: 'price', answered: true }] });
    const checks = r.checks as { id: string; passed: boolean; turn: number | null }[];
    // The two rep segments after the price objection are one turn (transcript index 2); no hidden-concern check on a real call.
    expect(checks.find((c) => c.id === 'objection.price.answered')).toMatchObject({ passed: true, turn: 2 });
    expect(checks.map((c) => c.id)).not.toContain('discovery.uncovered-concern');
    expect(checks.find((c) => c.id === 'technique.next-step')).toMatchObject({ passed: true });
    expect((r.feedback as string[]).join(' ')).toMatch(/[ãçéõ]|você/);
    // The English call: budget raised, the rep answers with a date and no substance for it: not answered.
    const b = (await cli(['--json', 'simulate', 'score-call', en])).lines()[0]!;
    expect(b).toMatchObject({ language: 'en', objections: [{ type: 'budget', answered: false }] });
    expect(b.score as number).toBeLessThan(r.score as number);
    const missing = await cli(['simulate', 'score-call', 'nope']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim()).toBe('salesedge: no call with id nope');
  });
});
