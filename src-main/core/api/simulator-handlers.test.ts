import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { createDispatcher, type Dispatch } from './dispatch';
import { handlers } from './handlers';
import { nextBatch } from '../store/outbox';
import { toPushOp } from '../sync/outbox';
import { PushOp } from '../../../src-shared/sync-protocol';
import type { SimResult, SimSummary } from '../../../src-shared/ipc/simulator';
import { seedCall } from '../calls/seed-calls';
import { ptCall } from '../calls/sample-calls';

let core: Core;
let dispatch: Dispatch;
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-sim-api-'));
  core = createCore({ dataDir: dir });
  dispatch = createDispatcher(core, handlers);
});
afterEach(async () => {
  await core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ok = <T>(r: Awaited<ReturnType<Dispatch>>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.result as T;
};
const GOOD = [
  'I hear you, it makes sense to be careful in a year of cuts. What matters most to you when you weigh a new tool?',
  "That's a fair concern. Our customers use about 90% of their seats, and the return comes in four months because each rep saves five hours a week.",
  "I understand the budget is locked. We could start with a ten-seat pilot in phases, billed next quarter. Would that fit the sales team's cost center?",
  'Fair point. We can do an annual contract with an exit clause and a cap on price increases. Which terms does your legal team accept?',
  "As a next step, I'll book 30 minutes with your committee on Tuesday at 10 am to approve the pilot. Does that work?",
];
const base = { scenario: 'cost-cutting-renewal', language: 'en' as const, seed: 5 };

describe('simulator.* over the contract', () => {
  it('edits a persona and a scenario in one language (the run uses them), refuses a bad edit, and restores the bundled words', async () => {
    const events: string[] = [];
    core.events.on('simulator.libraryChanged', () => events.push('changed'));
    const lib = ok<{ personas: { id: string; rowId: string; origin: string; opening: string[] }[] }>(await dispatch('simulator.library', { language: 'en' }));
    const cfo = lib.personas.find((p) => p.id === 'cfo-conservative')!;
    expect(cfo).toMatchObject({ rowId: 'persona:cfo-conservative:en', origin: 'bundled', hasDefault: true });
    const edit = { rowId: cfo.rowId, name: 'Helen, my CFO', role: 'CFO', goals: 'Save money', hiddenConcern: 'Unused seats', opening: ['Morning. Five minutes, go.'], reveal: ['Unused seats worry me.'] };
    expect(ok(await dispatch('simulator.persona.save', edit))).toMatchObject({ id: 'cfo-conservative', origin: 'user', name: 'Helen, my CFO' });
    const opening = ok<{ transcript: { text: string }[] }>(await dispatch('simulator.turn', { ...base, answers: [] }));
    expect(opening.transcript[0]!.text).toContain('Morning. Five minutes, go.');
    // The other language is untouched.
    const pt = ok<{ personas: { id: string; name: string; origin: string }[] }>(await dispatch('simulator.library', { language: 'pt' }));
    expect(pt.personas.find((p) => p.id === 'cfo-conservative')).toMatchObject({ origin: 'bundled', name: 'Helena Prado, CFO conservadora' });
    const bad = await dispatch('simulator.persona.save', { ...edit, opening: [] });
    expect(bad.ok).toBe(false);
    expect(ok(await dispatch('simulator.scenario.save', { rowId: 'scenario:cost-cutting-renewal:en', title: 'Cuts, again', product: 'Copilot', situation: 'Proposal sent', repGoal: 'A pilot' }))).toMatchObject({ title: 'Cuts, again', goal: 'A pilot', origin: 'user' });
    expect(ok(await dispatch('simulator.persona.restore', { rowId: cfo.rowId }))).toMatchObject({ origin: 'bundled', name: 'Helen Park, conservative CFO' });
    expect(ok(await dispatch('simulator.scenario.restore', { rowId: 'scenario:cost-cutting-renewal:en' }))).toMatchObject({ origin: 'bundled', title: 'A proposal in a year of cost cuts' });
    expect(events).toEqual(['changed', 'changed', 'changed', 'changed']);
  });

  it('plays a typed run turn by turn (the buyer answers each turn), then scores, stores and queues it for sync', async () => {
    const lib = ok<{ personas: { id: string }[]; scenarios: { id: string; persona: string; title: string }[] }>(await dispatch('simulator.library', { language: 'en' }));
    expect(lib.personas.length).toBeGreaterThanOrEqual(6);
    expect(lib.scenarios.find((s) => s.id === 'cost-cutting-renewal')).toMatchObject({ persona: 'cfo-conservative', title: 'A proposal in a year of cost cuts' });

    const opening = ok<{ transcript: { speaker: string; text: string }[]; ended: boolean }>(await dispatch('simulator.turn', { ...base, answers: [] }));
    expect(opening.transcript).toHaveLength(1);
    expect(opening.transcript[0]!.speaker).toBe('buyer');
    let ended = false;
    for (let n = 1; n <= GOOD.length; n++) {
      const step = ok<{ transcript: { speaker: string; text: string }[]; ended: boolean }>(await dispatch('simulator.turn', { ...base, answers: GOOD.slice(0, n) }));
      // Replayed from the turns so far: what the buyer said before does not change.
      expect(step.transcript.slice(0, 1)).toEqual(opening.transcript);
      expect(step.transcript.at(-1)!.speaker).toBe('buyer');
      ended = step.ended;
    }
    expect(ended).toBe(true);
    // The meeting is over: another turn is refused in one line.
    expect(await dispatch('simulator.turn', { ...base, answers: [...GOOD, 'One more thing.'] })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const saved: string[] = [];
    core.events.on('simulator.saved', (p) => saved.push(p.id));
    const result = ok<SimResult>(await dispatch('simulator.finish', { ...base, answers: GOOD, startedAt: Date.now() - 60_000 }));
    expect(result).toMatchObject({ scenario: 'cost-cutting-renewal', persona: 'cfo-conservative', language: 'en', mode: 'typed', passed: true, outcome: 'won', complete: true, seed: 5 });
    expect(result.transcript.filter((t) => t.speaker === 'rep').map((t) => t.text)).toEqual(GOOD);
    for (const c of result.checks) if (c.turn !== null) expect(result.transcript[c.turn]!.speaker).toBe('rep');
    expect(result.feedback.length).toBeGreaterThanOrEqual(2);
    expect(saved).toEqual([result.id]);
    expect(result.script).toBeUndefined();
    // With the rep's own script: the answer says which key points the run covered (the stored run does not keep it).
    const scripted = ok<SimResult>(await dispatch('simulator.finish', { ...base, answers: GOOD, startedAt: Date.now(), script: '- Propose a ten-seat pilot in phases\n- Mention our SOC 2 audit' }));
    expect(scripted.script).toEqual([{ point: 'Propose a ten-seat pilot in phases', covered: true, turn: 5 }, { point: 'Mention our SOC 2 audit', covered: false, turn: null }]);
    expect(ok<SimResult>(await dispatch('simulator.get', { id: scripted.id })).script).toBeUndefined();

    // Stored: the history lists it (newest first) and get returns it whole.
    const poor = ok<SimResult>(await dispatch('simulator.finish', { ...base, answers: ['Our tool is the best, trust me.', 'I can give you a discount.'], startedAt: Date.now() }));
    expect(poor.passed).toBe(false);
    const history = ok<{ runs: SimSummary[] }>(await dispatch('simulator.history', {}));
    expect(history.runs.map((r) => r.id)).toEqual([poor.id, scripted.id, result.id]);
    expect(history.runs[2]).toEqual(Object.fromEntries(Object.entries(result).filter(([k]) => !['seed', 'transcript', 'checks', 'feedback', 'audio'].includes(k))));
    expect(ok<SimResult>(await dispatch('simulator.get', { id: result.id }))).toEqual(result);
    expect(await dispatch('simulator.get', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(ok<{ runs: SimSummary[] }>(await dispatch('simulator.history', { scenario: 'architecture-review' })).runs).toEqual([]);

    // Queued for sync as simulation_result, valid on the wire, with the category scores.
    const ops = nextBatch(core.store, 10).map((r) => PushOp.parse(toPushOp(r)));
    expect(ops.map((o) => o.entityId)).toEqual([result.id, scripted.id, poor.id]);
    expect(ops[0]).toMatchObject({ entity: 'simulation_result', op: 'upsert', payload: { sessionId: result.id, scenario: 'cost-cutting-renewal', persona: 'cfo-conservative', language: 'en', score: result.score, passed: true, categories: result.categories } });
  });

  it('refuses an unknown scenario or persona and a run with no answers, in one line', async () => {
    expect(await dispatch('simulator.turn', { ...base, scenario: 'nope', answers: [] })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/^no scenario "nope"; known: /) } });
    expect(await dispatch('simulator.finish', { ...base, persona: 'ghost', answers: ['hi there'], startedAt: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatch('simulator.finish', { ...base, answers: [], startedAt: 1 })).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/a run needs at least one answer/) } });
  });

  it("with the language model on, the buyer's latest line is worded by the LLM persona; a failing server leaves the offline line", async () => {
    let fail = false;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (fail) return void res.writeHead(500).end('{}');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'c', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'Look, that price will not fly with my board.' }, finish_reason: 'stop' }] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const offline = ok<{ transcript: { text: string }[]; wording: string }>(await dispatch('simulator.turn', { ...base, answers: [GOOD[0]!] }));
      expect(offline.wording).toBe('offline');
      ok(await dispatch('settings.update', { llm: { enabled: true, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, timeoutMs: 3000 } }));
      const worded = ok<{ transcript: { text: string }[]; wording: string }>(await dispatch('simulator.turn', { ...base, answers: [GOOD[0]!] }));
      expect(worded.wording).toBe('llm');
      expect(worded.transcript.at(-1)!.text).toBe('Look, that price will not fly with my board.');
      // Only the wording: every earlier line, and what the buyer does, are the offline engine's.
      expect(worded.transcript.slice(0, -1)).toEqual(offline.transcript.slice(0, -1));
      expect(ok<{ wording: string }>(await dispatch('simulator.turn', { ...base, answers: [GOOD[0]!], llm: false })).wording).toBe('offline');
      fail = true;
      const fallback = ok<{ transcript: { text: string }[]; wording: string; llmError?: string }>(await dispatch('simulator.turn', { ...base, answers: [GOOD[0]!] }));
      expect(fallback).toMatchObject({ wording: 'offline', llmError: 'the language model failed: HTTP 500' });
      expect(fallback.transcript).toEqual(offline.transcript);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('scores a recorded call with the same rubric', async () => {
    const id = seedCall(core.store, ptCall());
    const r = ok<{ language: string; passed: boolean; objections: { type: string; answered: boolean }[]; checks: { id: string; turn: number | null }[]; transcript: { speaker: string }[] }>(await dispatch('simulator.scoreCall', { callId: id }));
    expect(r).toMatchObject({ language: 'pt', objections: [{ type: 'price', answered: true }] });
    expect(r.transcript[r.checks.find((c) => c.id === 'objection.price.answered')!.turn!]!.speaker).toBe('rep');
    expect(await dispatch('simulator.scoreCall', { callId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'no call with id nope' } });
  });

  it('deletes a run (queued for the sync server too), and the retention period removes old runs when the history is read', async () => {
    const a = ok<SimResult>(await dispatch('simulator.finish', { ...base, answers: GOOD, startedAt: Date.now() - 40 * 86_400_000 }));
    const b = ok<SimResult>(await dispatch('simulator.finish', { ...base, answers: GOOD, startedAt: Date.now() - 1000 }));
    const c = ok<SimResult>(await dispatch('simulator.finish', { ...base, answers: GOOD, startedAt: Date.now() }));
    const deleted: string[][] = [];
    core.events.on('simulator.deleted', (p) => deleted.push(p.ids));
    expect(ok<{ deleted: boolean }>(await dispatch('simulator.delete', { id: c.id }))).toEqual({ deleted: true });
    expect(ok<{ deleted: boolean }>(await dispatch('simulator.delete', { id: c.id }))).toEqual({ deleted: false });
    expect(await dispatch('simulator.get', { id: c.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Its queued upsert is replaced by a payload-free delete.
    const ops = nextBatch(core.store, 10).map((r) => PushOp.parse(toPushOp(r)));
    expect(ops.filter((o) => o.entityId === c.id).map((o) => [o.op, o.payload])).toEqual([['delete', null]]);
    ok(await dispatch('settings.update', { privacy: { retentionDays: 30 } }));
    expect(ok<{ runs: SimSummary[] }>(await dispatch('simulator.history', {})).runs.map((r) => r.id)).toEqual([b.id]);
    expect(deleted).toEqual([[c.id], [a.id]]);
  });
});
