/** `salesedge calls import|list|show|export|delete|purge`: the calls history, headless. */
import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { CoreError } from '../../../src-shared/errors';
import { CallFilter, ExportFormat } from '../../../src-shared/ipc/calls';
import { ObjectionType } from '../../../src-shared/taxonomy';
import type { CommandModule } from '../program';
import { getCallDetail, listAllIds, listCalls } from '../../core/calls/call-queries';
import { deleteCall, purgeExpiredCalls } from '../../core/calls/delete-call';
import { exportCall, exportCallList, formatClock } from '../../core/calls/export-calls';
import { importRecording } from '../../core/calls/import-job';
import { summarizeCall } from '../../core/calls/summarize';
import { localDateTime, localDayBounds } from '../../../src-shared/local-date';

/**
 * A day (2025-03-31) is a local calendar day: --from is its first millisecond, --to its last,
 * so `--from 2025-03-31 --to 2025-03-31` is that whole day where the user is. A date and time
 * (2025-03-31T14:00) is that instant.
 */
const parseDate = (edge: 'start' | 'end') => (value: string): number => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) {
    const day = localDayBounds(value);
    if (!day) throw new InvalidArgumentError('is not a calendar day (a date such as 2025-03-31)');
    return edge === 'start' ? day.start : day.end;
  }
  const t = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(t)) throw new InvalidArgumentError('must be a date such as 2025-03-31 (or a date and time such as 2025-03-31T14:00)');
  return t;
};
const parseLimit = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new InvalidArgumentError('must be a whole number from 1 to 10000');
  return n;
};
const choice = <T extends string>(values: readonly T[]) => (value: string): T => {
  if (!(values as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${values.join(', ')}`);
  return value as T;
};

type FilterOpts = { query?: string; from?: number; to?: number; objection?: string; competitor?: string; sentiment?: string };

const withFilters = (cmd: Command): Command =>
  cmd
    .option('--query <words>', 'full-text search in transcripts (accent-insensitive)')
    .option('--from <date>', 'calls that started on or after this local day (2025-03-31)', parseDate('start'))
    .option('--to <date>', 'calls that started on or before this local day (2025-03-31, the whole day)', parseDate('end'))
    .option('--objection <type>', `with this objection (${ObjectionType.options.join(', ')})`, choice(ObjectionType.options))
    .option('--competitor <name>', 'with this competitor mentioned (its name or id, any case: Gong, "RD Station")')
    .option('--sentiment <tag>', 'negative, neutral or positive', choice(['negative', 'neutral', 'positive'] as const));

const toFilter = (o: FilterOpts): CallFilter => CallFilter.parse({ query: o.query, from: o.from, to: o.to, objection: o.objection, competitor: o.competitor, sentiment: o.sentiment });

export const callsCommand: CommandModule = (program, ctx) => {
  const calls = program.command('calls').description('the calls history on this laptop: import, list, show, export, delete');

  calls
    .command('import')
    .description('import a recording (WAV, MP3, M4A/AAC, OGG, FLAC; stereo = left rep, right customer)')
    .argument('<file>', 'the recording')
    .option('--language <lang>', 'auto, pt or en', choice(['auto', 'pt', 'en'] as const), 'auto')
    .option('--engine <engine>', 'speech recogniser: auto, whisper, pocketsphinx or reference (needs FILE.script.json)', choice(['auto', 'whisper', 'pocketsphinx', 'reference'] as const))
    .option('--title <title>', 'title of the call (default: the file name)')
    .option('--mono <speaker>', 'who speaks in a mono file: customer or rep', choice(['customer', 'rep'] as const), 'customer')
    .action(async (file: string, opts: { language: 'auto' | 'pt' | 'en'; engine?: 'auto' | 'whisper' | 'pocketsphinx' | 'reference'; title?: string; mono: 'customer' | 'rep' }) => {
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CoreError('bad_request', `no such recording: ${file}`);
      // Said before any progress line, so the answer is that one line.
      if (fs.statSync(file).size === 0) throw new CoreError('bad_request', `cannot import ${file}: the file is empty (0 bytes)`);
      const bytes = new Uint8Array(fs.readFileSync(file));
      const script = file.replace(/\.[^./\\]+$/, '') + '.script.json';
      const core = ctx.openCore();
      const json = ctx.globals().json;
      let shown = -1;
      const ctrl = new AbortController();
      const stop = () => ctrl.abort();
      process.once('SIGINT', stop);
      try {
        const { callId, durationMs } = await importRecording(
          core,
          { bytes, fileName: file, language: opts.language, engine: opts.engine, title: opts.title, mono: opts.mono, scriptFile: fs.existsSync(script) ? script : undefined },
          {
            signal: ctrl.signal,
            onProgress: (phase, fraction) => {
              const pct = Math.floor(fraction * 100);
              if (pct === shown) return;
              shown = pct;
              if (json) ctx.printJson({ event: 'progress', phase, fraction: Math.round(fraction * 1000) / 1000 });
              else process.stderr.write(`\r${phase} ${pct}%   `);
            },
          },
        );
        const item = getCallDetail(core.store, callId);
        if (json) ctx.printJson({ event: 'imported', id: callId, durationMs, segments: item.segments.length });
        else process.stdout.write(`imported ${file} as call ${callId} (${formatClock(durationMs)}, ${item.segments.length} segments)\n`);
      } finally {
        process.off('SIGINT', stop);
        if (!json && shown >= 0) process.stderr.write('\n');
      }
    });

  withFilters(calls.command('list').description('list calls, newest first (--json: one call a line)'))
    .option('--limit <n>', 'at most this many calls', parseLimit, 50)
    .action((opts: FilterOpts & { limit: number }) => {
      const core = ctx.openCore({ readonlyIfDenied: true });
      const days = core.settings().privacy.retentionDays;
      const filter = toFilter(opts);
      // A read-only database cannot be purged: calls past retention are left out instead.
      if (!core.store.readonly) purgeExpiredCalls(core.store, days);
      else if (days > 0) filter.from = Math.max(filter.from ?? 0, Date.now() - days * 86_400_000);
      const { items, total } = listCalls(core.store, { ...filter, limit: opts.limit });
      if (ctx.globals().json) {
        for (const item of items) ctx.printJson(item);
        return;
      }
      if (items.length === 0) process.stdout.write('no calls\n');
      for (const c of items) {
        const tags = [...c.topObjections.map((o) => o.value), ...c.competitors.map((o) => o.name)].join(', ');
        process.stdout.write(
          `${c.id}  ${localDateTime(c.startedAt)}  ${formatClock(c.durationMs ?? 0).padStart(8)}  ${(c.sentimentTag ?? '-').padEnd(8)}  ${c.title}${c.customer ? ` — ${c.customer}` : ''}${tags ? `  [${tags}]` : ''}\n`,
        );
        if (c.snippet) process.stdout.write(`    ${c.snippet}\n`);
      }
      if (total > items.length) process.stdout.write(`(${items.length} of ${total}; use --limit)\n`);
    });

  calls
    .command('show')
    .description('one call: transcript, metrics, summary and follow-up e-mail')
    .argument('<id>')
    .option('--llm', 'write the summary and e-mail with the LLM set in Settings', false)
    .action(async (id: string, opts: { llm: boolean }) => {
      const core = ctx.openCore({ readonlyIfDenied: true });
      const detail = getCallDetail(core.store, id);
      const summary = await summarizeCall(core.store, id, { llm: opts.llm, settings: core.settings() });
      if (ctx.globals().json) ctx.printJson({ ...detail, summary });
      else process.stdout.write(exportCall(core.store, id, 'md').content);
    });

  withFilters(
    calls
      .command('export')
      .description('export one call, or every call matching the filters, as Markdown, JSON or CSV')
      .argument('[id]', 'the call (omit to export a filtered list)'),
  )
    .requiredOption('--format <format>', 'md, json or csv', choice(ExportFormat.options))
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--redact', 'replace names, e-mails, phones, CPF/CNPJ and card numbers', false)
    .action((id: string | undefined, opts: FilterOpts & { format: ExportFormat; out?: string; redact: boolean }) => {
      const core = ctx.openCore({ readonlyIfDenied: true });
      const file = id ? exportCall(core.store, id, opts.format, { redact: opts.redact }) : exportCallList(core.store, listAllIds(core.store, toFilter(opts)), opts.format, { redact: opts.redact });
      if (opts.out) {
        // Written whole to a temp name, then renamed: a failed export leaves no partial file.
        const tmp = `${opts.out}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, file.content);
        fs.renameSync(tmp, opts.out);
        if (ctx.globals().json) ctx.printJson({ event: 'exported', file: opts.out, format: opts.format });
      } else process.stdout.write(file.content);
    });

  calls
    .command('delete')
    .description('delete a call and everything derived from it (transcript, insights, hints, search index, queued sync)')
    .argument('<id>')
    .action((id: string) => {
      const core = ctx.openCore();
      if (!deleteCall(core.store, id)) throw new CoreError('not_found', `no call with id ${id}`);
      if (ctx.globals().json) ctx.printJson({ event: 'deleted', id });
      else process.stdout.write(`deleted call ${id}\n`);
    });

  calls
    .command('purge')
    .description('delete calls older than the retention setting (privacy.retentionDays; 0 keeps all)')
    .action(() => {
      const core = ctx.openCore();
      const days = core.settings().privacy.retentionDays;
      const deleted = purgeExpiredCalls(core.store, days);
      if (ctx.globals().json) ctx.printJson({ event: 'purged', deleted, retentionDays: days });
      else process.stdout.write(`purged ${deleted} call(s) older than ${days || '∞'} days\n`);
    });
};
