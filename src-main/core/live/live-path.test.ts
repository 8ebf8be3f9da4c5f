/**
 * Done-when of the live path: realistic two-channel calls (espeak-ng + sox, rep left,
 * customer right, Portuguese and English, several objections and a competitor) replayed in
 * real time through the real Silero VAD and segmenter, the reference-transcript engine
 * (the call script's words for each VAD span), the real NLP analyzer and the hint engine.
 * Assertions are on the hints stored and emitted, per scripted utterance.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hint } from '../../../src-shared/ipc/live';
import { createFileSource } from '../audio/file-source';
import { createReferenceEngine, createScriptedWhisperEngine, loadCallScript, type CallScript } from '../asr/reference-engine';
import { openWhisperEngine } from '../asr/whisper-engine';
import { createCore, type Core } from '../core';
import { repoRoot, tempDir } from '../../../test/helpers';
import { runCallSession, type LiveEvent } from './call-session';
import { defaultLiveDeps, openLiveAnalyzer } from './default-deps';
import { modelManagerFor, openAsrEngine } from '../asr/select-engine';
import type { AsrEngine } from '../asr/types';
import { defaultDataDir } from '../paths';
import { randomWhisperModel } from '../../../test/fixture-cache';
import { all } from '../store/query';
import { countSegments } from '../store/segments';

type MakeCall = (script: unknown, out: string) => { wav: string; script: string };

const demo = (lang: 'pt' | 'en') => ({ wav: path.join(repoRoot, `resources/demo/demo-${lang}.wav`), script: path.join(repoRoot, `resources/demo/demo-${lang}.script.json`) });

/** The scripted customer utterance a hint belongs to: the one whose span holds its speech end. */
const utteranceOf = (script: CallScript, h: { speechEndMs: number }) =>
  script.utterances.find((u) => u.speaker === 'customer' && h.speechEndMs >= u.startMs && h.speechEndMs <= u.endMs + 600);

async function replay(core: Core, call: { wav: string; script: string }, engine?: AsrEngine) {
  const script = loadCallScript(call.script);
  const deps = defaultLiveDeps();
  const events: LiveEvent[] = [];
  const analyzer = await openLiveAnalyzer(core);
  const { callId } = await runCallSession({
    core, source: await createFileSource(call.wav, { realtime: true }), asr: engine ?? createReferenceEngine(script), analyzer, kind: 'replay', realtime: true,
    language: script.language, pipeline: deps.pipeline, tailor: null, onEvent: (e) => events.push(e),
  });
  await analyzer.close();
  return { callId, script, events };
}

function expectRightHints(core: Core, run: Awaited<ReturnType<typeof replay>>) {
  const rows = all(
    core.store,
    core.store.db
      .selectFrom('hints')
      .select(['kind', 'trigger', 'language', 'speech_end_ms as speechEndMs', 'shown_ms as shownMs', 'latency_ms as latencyMs', 'from_partial as fromPartial'])
      .where('call_id', '=', run.callId)
      .orderBy('shown_ms'),
  );
  const expected = run.script.utterances.filter((u) => u.expect);
  const got = expected.map((u) => {
    const hint = rows.find((r) => utteranceOf(run.script, r) === u);
    return { text: u.text, trigger: hint?.trigger ?? null };
  });
  expect(got).toEqual(expected.map((u) => ({ text: u.text, trigger: u.expect!.competitor ?? u.expect!.objection })));
  // Nothing else fired (no hint on utterances without an objection, and at most one per utterance).
  expect(rows).toHaveLength(expected.length);
  for (const r of rows) {
    expect(r.language).toBe(run.script.language);
    expect(r.latencyMs).toBe(r.shownMs - r.speechEndMs);
  }
  // The hint events carry the same latency fields, updated once the utterance ended.
  const latest = new Map<string, Hint>();
  for (const e of run.events) if (e.event === 'live.hint' || e.event === 'live.hint.updated') latest.set(e.payload.id, e.payload);
  expect([...latest.values()].map((h) => h.trigger).sort()).toEqual(rows.map((r) => r.trigger).sort());
  // speech_end_ms is the VAD's end of the customer's speech: within the padding of the script's end.
  for (const h of latest.values()) {
    const u = utteranceOf(run.script, h)!;
    expect(Math.abs(h.speechEndMs - u.endMs)).toBeLessThan(400);
  }
  return rows;
}

describe('live path on espeak-ng calls, real-time, real VAD, reference transcripts, real NLP', () => {
  let core: Core;
  let dir: { dir: string; cleanup(): void };
  beforeAll(() => {
    dir = tempDir();
    core = createCore({ dataDir: dir.dir });
  });
  afterAll(async () => {
    await core.close();
    dir.cleanup();
  });

  it('English demo call: Gong battlecard, then price, authority and timing replies', { timeout: 120_000 }, async () => {
    const run = await replay(core, demo('en'));
    const rows = expectRightHints(core, run);
    expect(rows.map((r) => r.trigger)).toEqual(['gong', 'price', 'authority', 'timing']);
    expect(countSegments(core.store, run.callId)).toBe(run.script.utterances.length);
  });

  it('Portuguese demo call: RD Station battlecard and the pt-BR playbook replies', { timeout: 120_000 }, async () => {
    const run = await replay(core, demo('pt'));
    expectRightHints(core, run);
    const texts = all(core.store, core.store.db.selectFrom('hints').select('text').where('call_id', '=', run.callId).where('kind', '=', 'objection'));
    for (const t of texts) expect(t.text).toMatch(/[ãçéêõ]|você|vocês|Entendo|Faz sentido/);
  });

  it('a freshly rendered call (make-call.mjs) gives the scripted hints too', { timeout: 120_000 }, async () => {
    const { makeCall } = (await import(path.join(repoRoot, 'scripts/make-call.mjs'))) as { makeCall: MakeCall };
    const out = path.join(dir.dir, 'budget-hubspot-en.wav');
    makeCall(JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/calls/budget-hubspot-en.json'), 'utf8')), out);
    const run = await replay(core, { wav: out, script: out.replace(/\.wav$/, '.script.json') });
    expectRightHints(core, run);
  });

  it('with Whisper computing every partial and final (random-weight tiny, the script\'s words): the same hints, speculative finals kept, ASR cost on every line', { timeout: 300_000 }, async () => {
    const model = randomWhisperModel('tiny');
    const call = demo('en');
    const whisper = await openWhisperEngine({ modelPath: model, modelName: 'tiny-random' });
    const engine = createScriptedWhisperEngine(whisper, loadCallScript(call.script));
    const run = await replay(core, call, engine);
    await engine.close();
    expect(expectRightHints(core, run).map((r) => r.trigger)).toEqual(['gong', 'price', 'authority', 'timing']);
    const lines = run.events.flatMap((e) => (e.event === 'live.transcript' ? [e.payload] : []));
    const finals = lines.filter((l) => l.type === 'final');
    expect(finals.length).toBeGreaterThanOrEqual(8);
    for (const l of lines) expect(l.asr?.computeMs).toBeGreaterThan(0); // every line came from a real decode
    for (const f of finals) expect(f.asr?.afterEndMs).toBeGreaterThanOrEqual(0);
    // The customer's finals were decoded during the silence and kept.
    expect(finals.filter((f) => f.speaker === 'customer' && f.asr?.speculative).length).toBeGreaterThan(0);
  });

  // The same call through Whisper, generated only where a Whisper model is installed (no
  // weights exist on the CI machine, so there this list is empty rather than a skipped test).
  const whisperModels = (() => {
    try {
      return process.env.SALESEDGE_WHISPER_MODEL ? ['custom'] : modelManagerFor({ dataDir: defaultDataDir() }).installed().map((m) => m.name);
    } catch {
      return [];
    }
  })();
  for (const model of whisperModels.slice(0, 1)) {
    it(`English demo call through Whisper (${model}) gives the same hints`, { timeout: 300_000 }, async () => {
      const { engine } = await openAsrEngine({ ...core, dataDir: process.env.SALESEDGE_WHISPER_MODEL ? core.dataDir : defaultDataDir() }, { engine: 'whisper', language: 'en' });
      const run = await replay(core, demo('en'), engine);
      await engine.close();
      expect(expectRightHints(core, run).map((r) => r.trigger)).toEqual(['gong', 'price', 'authority', 'timing']);
    });
  }
});
