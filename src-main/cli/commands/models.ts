import type { CommandModule } from '../program';
import { CliError } from '../program';
import { modelManagerFor } from '../../core/asr/select-engine';
import type { FetchProgress } from '../../core/models/model-manager';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** A progress bar on a terminal; a line per 10% when stderr is a file or a pipe. */
function progressPrinter(json: boolean, printJson: (v: unknown) => void): (p: FetchProgress) => void {
  const started = Date.now();
  let lastPct = -100;
  let lastDraw = 0;
  return (p) => {
    const pct = Math.floor((p.received / p.total) * 100);
    const rate = (p.received - p.resumedFrom) / Math.max(0.001, (Date.now() - started) / 1000);
    if (json) {
      if (pct >= lastPct + 5 || p.done) {
        lastPct = pct;
        printJson({ event: 'progress', name: p.name, received: p.received, total: p.total, percent: pct, resumedFrom: p.resumedFrom });
      }
      return;
    }
    if (process.stderr.isTTY) {
      const now = Date.now();
      if (now - lastDraw < 100 && !p.done) return;
      lastDraw = now;
      const width = 30;
      const fill = Math.round((p.received / p.total) * width);
      process.stderr.write(`\r${p.name} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${String(pct).padStart(3)}% ${mb(p.received)}/${mb(p.total)} ${mb(rate)}/s `);
      if (p.done) process.stderr.write('\n');
    } else if (pct >= lastPct + 10 || p.done) {
      lastPct = pct;
      process.stderr.write(`${p.name}: ${pct}% (${mb(p.received)} of ${mb(p.total)})${p.resumedFrom ? `, resumed at ${mb(p.resumedFrom)}` : ''}\n`);
    }
  };
}

export const modelsCommand: CommandModule = (program, ctx) => {
  const models = program.command('models').description('Whisper models: list, fetch (resumable, checksummed), verify');

  models
    .command('list')
    .description('models in the manifest, and where each installed one is (IT folder or your data folder)')
    .action(() => {
      const mm = modelManagerFor(ctx.openCore());
      const rows = mm.list();
      if (ctx.globals().json) {
        for (const r of rows) ctx.printJson(r);
        return;
      }
      for (const r of rows) {
        const where = r.installed ? `installed (${r.source === 'it' ? 'IT folder' : 'data folder'}): ${r.path}` : 'not installed';
        process.stdout.write(`${r.name.padEnd(13)} ${r.languages.padEnd(12)} ${r.quantization.padEnd(5)} ${`${r.sizeExact ? '' : '~'}${mb(r.size)}`.padStart(10)}  ${where}\n`);
      }
      process.stdout.write(`\nfetch one with: salesedge models fetch NAME   (license: ${rows[0]?.license ?? '—'})\n`);
    });

  models
    .command('fetch')
    .description('download a model (IT folder first; resumes a broken download; checks sha256, or SHA-1 for the quantised files)')
    .argument('<name>', 'model name, e.g. base, tiny.en (see `salesedge models list`)')
    .option('--force', 'download again even if a valid copy is installed', false)
    .action(async (name: string, opts: { force: boolean }) => {
      const json = ctx.globals().json;
      const mm = modelManagerFor(ctx.openCore());
      const ctrl = new AbortController();
      const onSignal = () => ctrl.abort();
      process.once('SIGINT', onSignal);
      try {
        const res = await mm.fetch(name, { force: opts.force, signal: ctrl.signal, onProgress: progressPrinter(json, ctx.printJson) });
        if (json) ctx.printJson({ event: 'fetched', ...res });
        else if (!res.downloaded) process.stdout.write(`${name} is already there (${res.source === 'it' ? 'IT folder' : 'data folder'}): ${res.path}\n`);
        else process.stdout.write(`${name} downloaded and verified: ${res.path}${res.resumedFrom ? ` (resumed at ${mb(res.resumedFrom)})` : ''}\n`);
      } finally {
        process.off('SIGINT', onSignal);
      }
    });

  models
    .command('verify')
    .description('check installed models against the manifest sha256 (all installed ones by default)')
    .argument('[names...]', 'models to check')
    .action(async (names: string[]) => {
      const json = ctx.globals().json;
      const results = await modelManagerFor(ctx.openCore()).verify(names);
      for (const r of results) {
        if (json) ctx.printJson(r);
        else process.stdout.write(`${r.name.padEnd(9)} ${r.ok ? 'ok' : `CORRUPT: ${r.problem}`}  ${r.path}\n`);
      }
      if (results.length === 0 && !json) process.stdout.write('no models installed: run `salesedge models fetch base`\n');
      const bad = results.filter((r) => !r.ok);
      if (bad.length) throw new CliError(`${bad.map((r) => r.name).join(', ')} failed verification: run \`salesedge models fetch ${bad[0]!.name}\``);
    });
};
