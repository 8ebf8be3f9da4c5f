// Issue 14: is the score fair? On the blind pairs (test/fixtures/simulator/blind-pairs.json,
// written by someone who never saw the rubric or engine; never used for tuning) the good run
// must score higher than the poor one, and the must-fail runs must fail. No analyzer here
// (tone check off), so the figure is the rubric's own.
import fs from 'node:fs';
import path from 'node:path';
import { findPersona, findScenario } from '../src-main/core/simulator/library';
import { runSimulation } from '../src-main/core/simulator/engine';
import { scoreRun } from '../src-main/core/simulator/rubric';

type Pair = { scenario: string; language: 'pt' | 'en'; good: string[]; poor: string[] };
const set = JSON.parse(fs.readFileSync(path.join(__dirname, '../test/fixtures/simulator/blind-pairs.json'), 'utf8')) as { pairs: Pair[]; mustFail: { scenario: string; language: 'pt' | 'en'; kind: string; answers: string[] }[] };
const score = (scenario: string, language: 'pt' | 'en', answers: string[]) => {
  const s = findScenario(scenario);
  return scoreRun(runSimulation({ persona: findPersona(s.persona), scenario: s, language, seed: 1, answers }), { language, passMark: s.passMark });
};
let wins = 0;
let goodPassed = 0;
let poorFailed = 0;
for (const p of set.pairs) {
  const g = score(p.scenario, p.language, p.good);
  const b = score(p.scenario, p.language, p.poor);
  if (g.score > b.score) wins += 1;
  if (g.passed) goodPassed += 1;
  if (!b.passed) poorFailed += 1;
  console.log(`${p.scenario.padEnd(24)} ${p.language}  good ${String(g.score).padStart(3)}${g.passed ? ' pass' : ' FAIL'}  poor ${String(b.score).padStart(3)}${b.passed ? ' PASS' : ' fail'}`);
}
const failed = set.mustFail.filter((m) => !score(m.scenario, m.language, m.answers).passed).length;
console.log(`good > poor: ${wins}/${set.pairs.length} (${((100 * wins) / set.pairs.length).toFixed(0)} %); good passed ${goodPassed}/${set.pairs.length}; poor failed ${poorFailed}/${set.pairs.length}; must-fail failed ${failed}/${set.mustFail.length}`);
