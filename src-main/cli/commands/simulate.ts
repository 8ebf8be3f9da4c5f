import fs from 'node:fs';
import { InvalidArgumentError, Option } from 'commander';
import type { CommandModule } from '../program';
import { CoreError } from '../../../src-shared/errors';
import { createAnalyzerForCore } from '../../core/live/analyzer-for-core';
import { deleteSimulationRun, saveSimulation, simulationHistory } from '../../core/simulator/history';
import { removeClips } from '../../core/simulator/audio-clips';
import { findPersona, findScenario, libraryLines } from '../../core/simulator/library';
import { CALL_PASS_MARK, scoreCall } from '../../core/simulator/score-call';
import { scriptCoverage, scriptPoints } from '../../core/simulator/script';
import { simulate } from '../../core/simulator/simulate';

const parseSeed = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) throw new InvalidArgumentError('must be a whole number from 0 to 4294967295');
  return n;
};

/** The rep's turns: one a line, blank lines skipped. */
export function readAnswers(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CoreError('bad_request', `cannot read the answers file ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const answers = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (answers.length === 0) throw new CoreError('bad_request', `the answers file ${file} is empty: write the rep's turns one a line`);
  return answers;
}

/** The rep's call script: its key points, one a line. */
function readScript(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CoreError('bad_request', `cannot read the script file ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if (scriptPoints(text).length === 0) throw new CoreError('bad_request', `the script file ${file} has no key points: write one a line`);
  return text;
}

export const simulateCommand: CommandModule = (program, ctx) => {
  const cmd = program
    .command('simulate')
    .description('role-play a buyer offline: the rep\'s turns come from --answers FILE (one a line); prints the dialogue and the score')
    .option('--persona <id>', 'buyer persona (default: the scenario\'s; see simulate list)')
    .option('--scenario <id>', 'scenario to rehearse (see simulate list)')
    .option('--answers <file>', 'the rep\'s turns, one a line')
    .addOption(new Option('--language <lang>', 'language of the role-play').choices(['pt', 'en']).default('pt'))
    .option('--seed <n>', 'the same seed and answers give the same run', parseSeed, 1)
    .option('--no-save', 'do not store the run in the history (nor queue it for sync)')
    .option('--script <file>', 'your own call script, one key point a line: the result says which the run covered')
    .action(async (opts: { persona?: string; scenario?: string; answers?: string; language: 'pt' | 'en'; seed: number; save: boolean; script?: string }) => {
      if (!opts.scenario) throw new CoreError('bad_request', 'simulate needs --scenario ID (salesedge simulate list shows them)');
      if (!opts.answers) throw new CoreError('bad_request', 'simulate needs --answers FILE: the rep\'s turns, one a line');
      const answers = readAnswers(opts.answers);
      const script = opts.script === undefined ? undefined : readScript(opts.script);
      const startedAt = Date.now();
      const core = ctx.openCore();
      const analyzer = await createAnalyzerForCore(core);
      core.onClose(() => analyzer.close());
      // The store's active persona and scenario (the company's, the rep's edit, else the bundled one).
      const from = { store: core.store, language: opts.language };
      const scenario = findScenario(opts.scenario, from);
      const persona = findPersona(opts.persona ?? scenario.persona, from);
      const { run, score } = await simulate({ persona: persona.id, scenario: scenario.id, language: opts.language, seed: opts.seed, answers }, analyzer, core.store);
      // A run is history like the page's (and is synced); --no-save leaves no trace.
      const saved = opts.save ? saveSimulation(core.store, { scenario: scenario.id, persona: persona.id, language: opts.language, seed: opts.seed, mode: 'cli', startedAt, endedAt: Date.now(), run, score }) : null;
      const json = ctx.globals().json;
      for (const t of run.transcript) {
        if (json) ctx.printJson({ type: t.speaker, text: t.text });
        else process.stdout.write(`${t.speaker === 'buyer' ? (opts.language === 'pt' ? 'Cliente' : 'Buyer') : opts.language === 'pt' ? 'Você' : 'You'}: ${t.text}\n`);
      }
      const result = { type: 'result', score: score.score, passed: score.passed, categories: score.categories, checks: score.checks, feedback: score.feedback, outcome: run.outcome, complete: run.complete, notReached: run.notReached, unusedAnswers: run.unused, id: saved?.id ?? null, ...(script ? { script: scriptCoverage(script, run.transcript) } : {}) };
      if (json) ctx.printJson(result);
      else {
        process.stdout.write(`\n${score.passed ? 'PASSED' : 'NOT PASSED'} ${score.score}/100 (${Object.entries(score.categories).map(([c, v]) => `${c} ${v}`).join(', ')})\n`);
        for (const line of score.feedback) process.stdout.write(`- ${line}\n`);
        for (const p of result.script ?? []) process.stdout.write(`${p.covered ? '[x]' : '[ ]'} ${p.point}\n`);
      }
    });
  cmd
    .command('history')
    .description('the stored role-play runs, newest first: when, scenario, persona, score, pass and the four category scores (--scenario ID: only that one)')
    .option('--limit <n>', 'at most this many runs', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new InvalidArgumentError('must be a whole number from 1 to 10000');
      return n;
    }, 50)
    .action((_opts: unknown, history: { optsWithGlobals(): { scenario?: string; limit: number } }) => {
      // --scenario is simulate's own option: read it with the parent's.
      const opts = history.optsWithGlobals();
      const core = ctx.openCore();
      for (const r of simulationHistory(core.store, { limit: opts.limit, scenario: opts.scenario })) {
        if (ctx.globals().json) ctx.printJson({ type: 'run', ...r });
        else process.stdout.write(`${new Date(r.startedAt).toISOString().slice(0, 16).replace('T', ' ')}  ${r.scenario.padEnd(24)} ${String(r.score).padStart(3)} ${r.passed ? 'passed' : 'not passed'}  (${Object.entries(r.categories).map(([c, v]) => `${c} ${v}`).join(', ')})  ${r.id}\n`);
      }
    });
  cmd
    .command('delete')
    .description('delete a stored role-play run (its result leaves the sync server too)')
    .argument('<id>', 'the run (salesedge simulate history)')
    .action((id: string) => {
      const core = ctx.openCore();
      if (!deleteSimulationRun(core.store, id)) throw new CoreError('not_found', `no simulation ${JSON.stringify(id)}`);
      removeClips(core.dataDir, id);
      if (ctx.globals().json) ctx.printJson({ deleted: id });
      else process.stdout.write(`deleted ${id}\n`);
    });
  cmd
    .command('score-call')
    .description('score a recorded call (salesedge calls list) with the role-play rubric: its objections, empathy, discovery and technique')
    .argument('<call-id>', 'the call')
    .option('--pass-mark <n>', 'total a call must reach to pass', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 100) throw new InvalidArgumentError('must be a whole number from 0 to 100');
      return n;
    }, CALL_PASS_MARK)
    .action((callId: string, opts: { passMark: number }) => {
      const core = ctx.openCore();
      const { run, score, language } = scoreCall(core.store, callId, { passMark: opts.passMark });
      const result = { type: 'result', callId, language, score: score.score, passed: score.passed, categories: score.categories, checks: score.checks, feedback: score.feedback, objections: run.objections.map((o) => ({ type: o.type, answered: o.answeredAt !== null })) };
      if (ctx.globals().json) ctx.printJson(result);
      else {
        process.stdout.write(`${score.passed ? 'PASSED' : 'NOT PASSED'} ${score.score}/100 (${Object.entries(score.categories).map(([c, v]) => `${c} ${v}`).join(', ')})\n`);
        for (const line of score.feedback) process.stdout.write(`- ${line}\n`);
      }
    });
  cmd
    .command('list')
    .description('the personas and scenarios, one a line (names and descriptions in --language)')
    .action((_opts: unknown, list: { optsWithGlobals(): { language: 'pt' | 'en' } }) => {
      const core = ctx.openCore();
      for (const line of libraryLines(list.optsWithGlobals().language, core.store)) {
        if (ctx.globals().json) ctx.printJson(line);
        else process.stdout.write(line.type === 'persona' ? `persona  ${line.id}  ${line.name}\n` : `scenario ${line.id}  ${line.title} (persona ${line.persona})\n`);
      }
    });
};
