/**
 * One role-play from start to score: the engine's dialogue, the rep's tone read by the same
 * sentiment model as the live path (when an analyzer is given), the rubric's score.
 */
import type { SpokenLanguage } from '../../../src-shared/taxonomy';
import type { Analyzer } from '../nlp/types';
import { runSimulation, type SimulationRun } from './engine';
import type { Store } from '../store/db';
import { findPersona, findScenario } from './library';
import { scoreRun, type Score } from './rubric';

export type SimulateRequest = { persona?: string; scenario: string; language: SpokenLanguage; seed: number; answers: string[] };

/** With a store, the persona and scenario are its active ones in the run's language (tenant > user > bundled). */
export async function simulate(req: SimulateRequest, analyzer?: Analyzer, store?: Store): Promise<{ run: SimulationRun; score: Score }> {
  const from = store ? { store, language: req.language } : undefined;
  const scenario = findScenario(req.scenario, from);
  const persona = findPersona(req.persona ?? scenario.persona, from);
  const run = runSimulation({ persona, scenario, language: req.language, seed: req.seed, answers: req.answers });
  const tone = analyzer
    ? await Promise.all(run.transcript.filter((t) => t.speaker === 'rep').map(async (t) => (t.text ? (await analyzer.analyze(t.text, { language: req.language })).sentiment.score : 0)))
    : undefined;
  return { run, score: scoreRun(run, { language: req.language, passMark: scenario.passMark, tone }) };
}
