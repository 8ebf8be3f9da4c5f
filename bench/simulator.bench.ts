// Issue 14: is the score fair, and is the buyer quick enough for a spoken run?
// Fairness on two sets of paired rep answers (same scenario, one good rep, one poor):
// - dev-pairs.json: the development examples the engine's meeting-end rules and pass rule were
//   checked against;
// - blind-pairs.json: the held-out set, written by someone who never saw the rubric or engine;
//   only reported here, never used for tuning.
// The good run must score higher than the poor one and pass; poor and must-fail runs must fail.
// No analyzer here (tone check off), so the figures are the rubric's own.
// Latency: the buyer's next turn after the rep's end of turn, with the offline engine, computed
// the way the Simulator page does it (the run replayed from the answers so far, deterministic).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findPersona, findScenario } from '../src-main/core/simulator/library';
import { runSimulation } from '../src-main/core/simulator/engine';
import { scoreRun } from '../src-main/core/simulator/rubric';

type Pair = { scenario: string; language: 'pt' | 'en'; good: string[]; poor: string[] };
type Set = { pairs: Pair[]; mustFail: { scenario: string; language: 'pt' | 'en'; kind: string; answers: string[] }[] };
const load = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '../test/fixtures/simulator', name), 'utf8')) as Set;
const play = (scenario: string, language: 'pt' | 'en', answers: string[]) => {
  const s = findScenario(scenario);
  const run = runSimulation({ persona: findPersona(s.persona), scenario: s, language, seed: 1, answers });
  return { run, score: scoreRun(run, { language, passMark: s.passMark }) };
};

for (const [label, file] of [['dev', 'dev-pairs.json'], ['blind', 'blind-pairs.json']] as const) {
  const set = load(file);
  let wins = 0;
  let goodPassed = 0;
  let poorFailed = 0;
  let goodComplete = 0;
  console.log(`\n### ${label} set (${file})`);
  for (const p of set.pairs) {
    const g = play(p.scenario, p.language, p.good);
    const b = play(p.scenario, p.language, p.poor);
    if (g.score.score > b.score.score) wins += 1;
    if (g.score.passed) goodPassed += 1;
    if (g.run.complete) goodComplete += 1;
    if (!b.score.passed) poorFailed += 1;
    const how = (x: typeof g) => `${x.run.complete ? 'closed' : 'incomplete'}${x.run.notReached.length ? `, not reached: ${x.run.notReached.join('+')}` : ''}`;
    console.log(`${p.scenario.padEnd(24)} ${p.language}  good ${String(g.score.score).padStart(3)}${g.score.passed ? ' pass' : ' FAIL'} (${how(g)})  poor ${String(b.score.score).padStart(3)}${b.score.passed ? ' PASS' : ' fail'}`);
  }
  const failed = set.mustFail.filter((m) => !play(m.scenario, m.language, m.answers).score.passed).length;
  console.log(`${label}: good > poor: ${wins}/${set.pairs.length} (${((100 * wins) / set.pairs.length).toFixed(0)} %); good passed ${goodPassed}/${set.pairs.length} (buyer closed ${goodComplete}); poor failed ${poorFailed}/${set.pairs.length}; must-fail failed ${failed}/${set.mustFail.length}`);
}

// Next-turn latency: every prefix of every dev answer file, many times over.
const dev = load('dev-pairs.json');
const times: number[] = [];
for (let round = 0; round < 200; round++) {
  for (const p of dev.pairs) {
    for (const answers of [p.good, p.poor]) {
      const s = findScenario(p.scenario);
      const persona = findPersona(s.persona);
      for (let n = 1; n <= answers.length; n++) {
        const t0 = performance.now();
        runSimulation({ persona, scenario: s, language: p.language, seed: round, answers: answers.slice(0, n) });
        times.push(performance.now() - t0);
      }
    }
  }
}
times.sort((a, b) => a - b);
const q = (f: number) => times[Math.min(times.length - 1, Math.floor(f * times.length))]!.toFixed(3);
console.log(`\nbuyer's next turn (offline engine, ${times.length} turns): p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms, max ${times.at(-1)!.toFixed(3)} ms (goal < 300 ms)`);

// A spoken turn: the rep's recording (espeak-ng, English) through VAD, segmenter and the
// recogniser the core would pick (pocketsphinx en-us without Whisper weights), timed from the
// whole recording in hand to its text: what a voice turn adds after the rep's end of speech
// (besides the segmenter's end-of-speech silence, 500 ms by default).
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { createEnginePool, transcribeTurn } from '../src-main/core/simulator/voice';

async function voiceTurns(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-bench-'));
  const core = { dataDir: dir, settings: () => ({ audio: { endOfSpeechMs: 500, micDevice: null } }) };
  const lines = dev.pairs.filter((p) => p.language === 'en').flatMap((p) => p.good).slice(0, 8);
  // The page's path keeps the recogniser open between turns (an engine pool); the first turn opens it.
  const pool = createEnginePool(core);
  const ms: number[] = [];
  const audioMs: number[] = [];
  let engine = '';
  try {
    for (const [i, line] of lines.entries()) {
      const wav = path.join(dir, `t${i}.wav`);
      execFileSync('espeak-ng', ['-v', 'en-us', '-s', '160', '-w', wav, line]);
      const bytes = fs.readFileSync(wav);
      const t0 = performance.now();
      const r = await transcribeTurn(core, bytes, 'en', { pool });
      ms.push(performance.now() - t0);
      audioMs.push(r.durationMs);
      engine = r.engine;
    }
  } catch (err) {
    console.log(`voice turn: not measured (${(err as Error).message.split('\n')[0]})`);
    return;
  } finally {
    await pool.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const first = ms[0]!;
  const rest = ms.slice(1).sort((a, b) => a - b);
  const rtf = ms.slice(1).reduce((a, b) => a + b, 0) / audioMs.slice(1).reduce((a, b) => a + b, 0);
  console.log(`voice turn, recording → text (${engine}, ${ms.length} English turns of ${(Math.min(...audioMs) / 1000).toFixed(1)}-${(Math.max(...audioMs) / 1000).toFixed(1)} s): first (opens the engine) ${first.toFixed(0)} ms; then median ${rest[Math.floor(rest.length / 2)]!.toFixed(0)} ms, max ${rest.at(-1)!.toFixed(0)} ms (${rtf.toFixed(2)}× the audio's length)`);
}
void voiceTurns();
