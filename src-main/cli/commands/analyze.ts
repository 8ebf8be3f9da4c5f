import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { Option } from 'commander';
import type { CommandModule } from '../program';
import { createAnalyzerForCore } from '../../core/live/analyzer-for-core';
import type { Analysis, Analyzer } from '../../core/nlp/types';

/** The JSON line `salesedge analyze --json` prints for one utterance. */
const analysisLine = (a: Analysis) => ({
  text: a.text,
  language: a.language,
  sentiment: a.sentiment,
  objections: a.objections,
  competitors: a.competitors,
});

const humanLine = (a: Analysis): string => {
  const objections = a.objections.length ? a.objections.map((o) => `${o.type} ${o.confidence.toFixed(2)}`).join(', ') : 'none';
  const competitors = a.competitors.length ? ` | competitors: ${a.competitors.map((c) => c.name).join(', ')}` : '';
  return `[${a.language}] ${a.sentiment.label} ${a.sentiment.score.toFixed(2)} | objections: ${objections}${competitors} | ${a.text}`;
};

/** Analyses each non-empty line of `input` in order; returns how many were analysed. */
async function analyzeLines(input: Readable, analyzer: Analyzer, language: 'pt' | 'en' | undefined, print: (a: Analysis) => void): Promise<number> {
  let n = 0;
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    const text = line.trim();
    if (!text) continue;
    print(await analyzer.analyze(text, language ? { language } : undefined));
    n++;
  }
  return n;
}

export const analyzeCommand: CommandModule = (program, ctx) => {
  program
    .command('analyze')
    .description('classify utterances read from stdin, one a line: sentiment, objections, competitors')
    .addOption(new Option('--language <lang>', 'language of every line (default: detected per line)').choices(['pt', 'en']))
    .option('--models-dir <dir>', 'folder with the objection/ and sentiment/ models (default: the bundled ones)')
    .action(async (opts: { language?: 'pt' | 'en'; modelsDir?: string }) => {
      const core = ctx.openCore();
      const analyzer = await createAnalyzerForCore(core, { modelsDir: opts.modelsDir });
      core.onClose(() => analyzer.close());
      if (process.stdin.isTTY) process.stderr.write('Type one utterance a line; Ctrl+D to finish.\n');
      const json = ctx.globals().json;
      await analyzeLines(process.stdin, analyzer, opts.language, (a) => (json ? ctx.printJson(analysisLine(a)) : process.stdout.write(`${humanLine(a)}\n`)));
    });
};
