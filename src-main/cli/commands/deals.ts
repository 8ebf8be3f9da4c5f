import { InvalidArgumentError, Option } from 'commander';
import type { CommandModule } from '../program';
import { CoreError } from '../../../src-shared/errors';
import { importDealsFile } from '../../core/deals/mapping';
import { FIELDS, FORMATS, type Format, type Source } from '../../core/deals/formats';
import { trainForecast } from '../../core/deals/forecast';
import { pipelineHealth, revenueBacktest } from '../../core/deals/pipeline';
import { closedExamples, driftCheck, latestModel, loadCatalogue, scoreOpenDeals, trainAndSave } from '../../core/deals/service';
import { callFactsByDeal, listDeals } from '../../core/store/deals';
import { queueDealForecasts } from '../../core/sync/forecasts';
import { HUBSPOT_API, hubspotConnector, pullDeals } from '../../core/deals/hubspot';
import { linkCall, unlinkCall } from '../../core/deals/link';
import { draftDealFollowUp, pushDealFollowUp } from '../../core/calls/deal-follow-up';
import { followUpOnCallEnd } from '../../core/calls/follow-up-tasks';

const isoDate = (v: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new InvalidArgumentError('must be a date as YYYY-MM-DD');
  return v;
};
const n = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: 2 });
const pct = (v: number): string => `${Math.round(v * 1000) / 10}%`;

/** `salesedge deals import|list|health`: CRM exports into the local store (issue 15). */
export const dealsCommand: CommandModule = (program, ctx) => {
  const cmd = program.command('deals').description('deals from CRM exports: import a CSV, list them, pipeline health');
  cmd
    .command('import')
    .description('import a CRM CSV export (re-importing updates the same deals); the sample format reads accounts.csv, products.csv and sales_teams.csv beside the file. An export of no known format imports with the column mapping the app\'s import dialog saved for its header, or with --mapping')
    .argument('<file>', 'the CSV export')
    .addOption(new Option('--format <format>', 'which export it is (default: detected from the columns)').choices([...FORMATS]))
    .option('--map <field=header>', `a column of yours for a field the format names otherwise (repeatable; fields: ${FIELDS.join(', ')})`, (v: string, prev: Record<string, string> = {}) => {
      const at = v.indexOf('=');
      if (at <= 0 || at === v.length - 1) throw new InvalidArgumentError('must be field=Header, e.g. id="Deal Number"');
      return { ...prev, [v.slice(0, at).trim()]: v.slice(at + 1).trim() };
    })
    .option('--mapping <file.json>', 'a column mapping as JSON, the import dialog\'s: {"base":"csv","fields":{"id":"Código","stage":"Situação","amount":"Valor",…},"dateOrder":"dmy","decimalMark":",","currency":"BRL"}; remembered for this header once the import succeeded')
    .action((file: string, opts: { format?: Format; map?: Record<string, string>; mapping?: string }) => {
      const core = ctx.openCore();
      const r = importDealsFile(core.store, file, { format: opts.format, map: opts.map, mappingFile: opts.mapping });
      if (ctx.globals().json) ctx.printJson({ type: 'import', ...r });
      else {
        const how = r.mapping === null ? '' : r.mapping.from === 'saved' ? ` with the column mapping saved for this header${r.mapping.savedFrom ? ` (from ${r.mapping.savedFrom}, ${new Date(r.mapping.savedAt!).toISOString().slice(0, 10)})` : ''}` : ` with the column mapping in ${r.mapping.file} (saved for this header)`;
        process.stdout.write(`imported ${n(r.deals)} deals from ${r.file} (${MAPPING_LABEL[r.format]}, ${r.language})${how}: ${n(r.inserted)} new, ${n(r.updated)} updated; ${n(r.won)} won, ${n(r.lost)} lost, ${n(r.open)} open; ${n(r.totalDeals)} deals in the store\n`);
      }
    });
  /** HubSpot is a cloud service: an IT policy with allowCloud false (or a broken policy, which fails safe) turns the connector off. */
  const hubspot = (baseUrl?: string) => {
    const token = process.env.SALESEDGE_HUBSPOT_TOKEN;
    if (!token) throw new CoreError('bad_request', 'set SALESEDGE_HUBSPOT_TOKEN to a HubSpot private app token (scopes: crm.objects.deals.read/write, crm.objects.companies.read, crm.objects.owners.read)');
    const core = ctx.openCore({ readonlyIfDenied: true });
    if (core.policy?.allowCloud === false) throw new CoreError('bad_request', 'your organisation\'s policy does not allow cloud services (allowCloud: false): the HubSpot connector is off');
    return hubspotConnector({ token, baseUrl });
  };
  cmd
    .command('pull')
    .description('read every deal from HubSpot (private app token in SALESEDGE_HUBSPOT_TOKEN) into the store; the same rows a HubSpot CSV import writes')
    .argument('<crm>', 'the CRM (hubspot)')
    .option('--base-url <url>', 'the API address', HUBSPOT_API)
    .action(async (crm: string, opts: { baseUrl: string }) => {
      if (crm !== 'hubspot') throw new CoreError('bad_request', `no live connector for ${crm}: HubSpot only (the others import by CSV: salesedge deals import FILE)`);
      const connector = hubspot(opts.baseUrl);
      const core = ctx.openCore();
      const r = await pullDeals(core.store, connector);
      if (ctx.globals().json) ctx.printJson({ type: 'pull', crm, ...r });
      else process.stdout.write(`pulled ${n(r.deals)} deals from HubSpot: ${n(r.inserted)} new, ${n(r.updated)} updated; ${n(r.won)} won, ${n(r.lost)} lost, ${n(r.open)} open\n`);
    });
  for (const kind of ['note', 'task'] as const) {
    cmd
      .command(kind)
      .description(kind === 'note' ? 'write a note on a HubSpot deal (its HubSpot id)' : 'create a follow-up task on a HubSpot deal (its HubSpot id)')
      .argument('<deal-id>', 'the deal\'s id in HubSpot')
      .requiredOption('--text <text>', kind === 'note' ? 'the note' : 'the task\'s subject')
      .option('--due <date>', 'when the task is due (YYYY-MM-DD; default in two days)', isoDate)
      .option('--base-url <url>', 'the API address', HUBSPOT_API)
      .action(async (dealId: string, opts: { text: string; due?: string; baseUrl: string }) => {
        const connector = hubspot(opts.baseUrl);
        const r = kind === 'note'
          ? await connector.addNote(dealId, { body: opts.text, at: new Date() })
          : await connector.addTask(dealId, { subject: opts.text, body: opts.text, dueAt: opts.due ? new Date(`${opts.due}T12:00:00Z`) : new Date(Date.now() + 2 * 86_400_000) });
        if (ctx.globals().json) ctx.printJson({ type: kind, dealId, id: r.id });
        else process.stdout.write(`${kind} ${r.id} written on HubSpot deal ${dealId}\n`);
      });
  }
  cmd
    .command('list')
    .description('the deals in the store, oldest engagement first')
    .addOption(new Option('--outcome <outcome>', 'only open, won or lost deals').choices(['open', 'won', 'lost']))
    .action((opts: { outcome?: 'open' | 'won' | 'lost' }) => {
      const core = ctx.openCore({ readonlyIfDenied: true });
      for (const d of listDeals(core.store, { outcome: opts.outcome })) {
        const line = { id: d.external_id ?? d.id, source: d.source, name: d.name, account: d.account, product: d.product, owner: d.owner, stage: d.stage, outcome: d.outcome, amount: d.amount, currency: d.currency, engageDate: d.engage_date, closeDate: d.close_date, expectedClose: d.expected_close, closeValue: d.close_value };
        if (ctx.globals().json) ctx.printJson(line);
        else process.stdout.write(`${line.id}  ${line.outcome.padEnd(4)}  ${line.stage}  ${line.name}  ${line.amount === null ? '' : `${n(line.amount)}${line.currency ? ` ${line.currency}` : ''}`}  ${line.owner ?? ''}\n`);
      }
    });
  cmd
    .command('link')
    .description('link a recorded call to a deal: the deal named (its id in the CRM), else the one open deal whose account is the call\'s customer or is in its title')
    .argument('<call-id>', 'the call (salesedge calls list)')
    .argument('[deal-id]', 'the deal (salesedge deals list)')
    .option('--unlink', 'remove the call\'s link instead')
    .action(async (callId: string, dealId: string | undefined, opts: { unlink?: boolean }) => {
      const core = ctx.openCore();
      if (opts.unlink) {
        unlinkCall(core.store, callId);
        if (ctx.globals().json) ctx.printJson({ type: 'link', callId, dealId: null });
        else process.stdout.write(`call ${callId} is linked to no deal\n`);
        return;
      }
      const d = linkCall(core.store, callId, dealId);
      // An ended call linked now gets its follow-up task (and its push), as at call end.
      const task = await followUpOnCallEnd(core, callId, core.tasks.connectorFor);
      if (ctx.globals().json) ctx.printJson({ type: 'link', callId, dealId: d.external_id ?? d.id, source: d.source, name: d.name, account: d.account, taskId: task?.id ?? null });
      else process.stdout.write(`call ${callId} linked to deal ${d.external_id ?? d.id} (${d.name})${task ? `; follow-up task ${task.id} (salesedge tasks)` : ''}\n`);
    });
  cmd
    .command('follow-up')
    .description('the follow-up of an ended call linked to a deal: the drafted e-mail as a task due in two working days and the summary as a note; --push writes both to the deal in HubSpot')
    .argument('<call-id>', 'the call (salesedge calls list)')
    .option('--push', 'write the note and the task to the deal in HubSpot (SALESEDGE_HUBSPOT_TOKEN)')
    .option('--base-url <url>', 'the API address', HUBSPOT_API)
    .action(async (callId: string, opts: { push?: boolean; baseUrl: string }) => {
      const connector = opts.push ? hubspot(opts.baseUrl) : undefined;
      const core = ctx.openCore({ readonlyIfDenied: true });
      const f = connector ? await pushDealFollowUp(core.store, callId, connector) : { ...draftDealFollowUp(core.store, callId), noteId: null, taskId: null };
      if (ctx.globals().json) ctx.printJson({ type: 'follow-up', ...f });
      else {
        process.stdout.write(`deal ${f.deal.crmId ?? f.deal.id} (${f.deal.name}), due ${f.task.dueAt.slice(0, 10)}: ${f.task.subject}\n\n${f.task.body}\n`);
        if (f.taskId) process.stdout.write(`\nwritten to HubSpot: note ${f.noteId}, task ${f.taskId}\n`);
      }
    });
  cmd
    .command('health')
    .description('pipeline health: expected revenue by month and quarter with an interval (each open deal\'s chance × the chance it closes in the period at its age, plus new deals at the recent pace: the method forecast backtest measures), stalled deals, win rates (needs forecast train)')
    .option('--as-of <date>', 'the day to measure from (YYYY-MM-DD; default today)', isoDate)
    .addOption(new Option('--period <period>', 'the periods printed (--json gives both)').choices(['quarter', 'month']).default('quarter'))
    .action((opts: { asOf?: string; period: 'quarter' | 'month' }) => {
      const core = ctx.openCore({ readonlyIfDenied: true });
      const { model } = latestModel(core.store);
      const h = pipelineHealth(listDeals(core.store), loadCatalogue(core.store), model, { asOf: opts.asOf ?? new Date().toISOString().slice(0, 10), calls: callFactsByDeal(core.store) });
      if (ctx.globals().json) ctx.printJson({ type: 'health', informative: model.informative, ...h });
      else {
        const e = h.expected;
        process.stdout.write(`${n(h.openDeals)} open deals, pipeline ${n(h.pipeline)}${model.informative ? '' : ' (probabilities are the win rate: the model was no better than it)'}\n`);
        for (const [i, q] of (opts.period === 'month' ? e.byMonth : e.byQuarter).entries()) {
          process.stdout.write(`${q.period}${i === 0 ? ` (from ${q.from})` : ''}: expected ${n(q.expected)} (90%: ${n(q.low)}-${n(q.high)}): ${n(q.fromOpen)} from open deals, ${n(q.fromNew)} from new deals; ${n(q.wins)} wins\n`);
        }
        process.stdout.write(`each open deal counts its chance × the chance it closes in the ${opts.period} at its age (from when past deals closed); new deals come at the pace of the last ${e.pace.days} days (${n(e.pace.deals)} engaged)${e.notEngaged ? `; ${n(e.notEngaged)} open ${e.notEngaged === 1 ? 'deal without an engage date is' : 'deals without an engage date are'} left to that pace` : ''}\n`);
        process.stdout.write(`stalled: ${n(h.stalled.deals.length)} (${pct(h.stalled.share)}), ${h.stalled.rule} (${h.stalled.days} days)\n`);
        if (h.velocityPerDay !== null) process.stdout.write(`velocity: ${n(h.velocityPerDay)} a day (open deals × win rate × mean won value ÷ median cycle of ${h.cycleDays.median} days)\n`);
      }
    });
};

const MAPPING_LABEL: Record<Source, string> = { maven: 'sample format', salesforce: 'Salesforce report', hubspot: 'HubSpot export', pipedrive: 'Pipedrive export', csv: 'mapped CSV' };

/** `salesedge forecast train|score|backtest` (issue 15). */
export const forecastCommand: CommandModule = (program, ctx) => {
  const cmd = program.command('forecast').description('deal forecasts trained on this laptop from the closed deals: train, score the open deals, back-test');
  cmd
    .command('train')
    .description('train on the closed deals in the store and print the model card (back-test AUC, Brier against the base rate, calibration)')
    .action(() => {
      const core = ctx.openCore();
      const { id, card } = trainAndSave(core.store);
      // Each open deal's forecast goes up with the next sync (the team view counts them).
      const queued = queueDealForecasts(core.store);
      if (ctx.globals().json) ctx.printJson({ type: 'card', id, queuedForecasts: queued, ...card });
      else {
        const b = card.backtest;
        process.stdout.write(`trained on ${n(card.deals)} closed deals (win rate ${pct(card.baseRate)}); back-test on the later ${n(b.testDeals)} by engage date: AUC ${b.auc}, Brier ${b.brier} vs base rate ${b.baseRateBrier}\n`);
        process.stdout.write(card.informative ? 'the model beats the win rate: open deals get its probabilities\n' : 'the model is no better than the win rate: open deals are scored with the win rate\n');
      }
    });
  cmd
    .command('score')
    .description('how likely each open deal is to close, with a 90% interval and the reasons (one line per deal)')
    .option('--deals <file>', 'score the open deals of this CRM export instead of the store\'s (read, not imported)')
    .addOption(new Option('--format <format>', 'the export\'s format (default: detected)').choices([...FORMATS]))
    .addOption(new Option('--language <lang>', 'language of the reasons').choices(['pt', 'en']).default('en'))
    .action((opts: { deals?: string; format?: Format; language: 'pt' | 'en' }) => {
      const core = ctx.openCore({ readonlyIfDenied: true });
      const scores = scoreOpenDeals(core.store, { file: opts.deals, format: opts.format, lang: opts.language });
      if (scores.length === 0 && !ctx.globals().json) process.stdout.write('no open deals to score\n');
      for (const s of scores) {
        if (ctx.globals().json) ctx.printJson({ id: s.id, probability: s.probability, low: s.low, high: s.high, reasons: s.reasons, informative: s.informative, expectedValue: s.expectedValue, currency: s.currency });
        else process.stdout.write(`${s.id}  ${pct(s.probability)} (${pct(s.low)}-${pct(s.high)})  ${s.reasons.join('; ')}\n`);
      }
    });
  cmd
    .command('drift')
    .description('do the deals closed since the model was trained agree with it? (their win rate against the predicted one; needs 20 of them)')
    .action(() => {
      const core = ctx.openCore({ readonlyIfDenied: true });
      latestModel(core.store);
      const d = driftCheck(core.store);
      if (ctx.globals().json) ctx.printJson({ type: 'drift', ...(d ?? { deals: 0, drift: null }) });
      else if (!d) process.stdout.write('fewer than 20 deals closed since the model was trained: nothing to compare yet\n');
      else process.stdout.write(`${n(d.deals)} deals closed since ${d.since}: ${pct(d.observed)} won, ${pct(d.predicted)} predicted (chance allows ${pct(d.low)}-${pct(d.high)})${d.drift ? ': the outcomes disagree with the model, retrain it (salesedge forecast train)' : ': consistent with the model'}\n`);
    });
  cmd
    .command('backtest')
    .description('back-test on the closed deals in the store: AUC, Brier, base-rate Brier and calibration on a split by engage date; revenue per quarter against what closed and two naive baselines')
    .addOption(new Option('--period <period>', 'revenue back-test period').choices(['quarter', 'month']).default('quarter'))
    .action((opts: { period: 'quarter' | 'month' }) => {
      const core = ctx.openCore({ readonlyIfDenied: true });
      const examples = closedExamples(core.store);
      if (examples.length < 30) throw new CoreError('bad_request', `a back-test needs at least 30 closed (won or lost) deals; the store has ${examples.length}`);
      const { card } = trainForecast(examples, { bootstraps: 0 });
      const revenue = revenueBacktest(listDeals(core.store), loadCatalogue(core.store), { period: opts.period, calls: callFactsByDeal(core.store) });
      const b = card.backtest;
      const out = { type: 'backtest', deals: card.deals, split: b.split, trainDeals: b.trainDeals, testDeals: b.testDeals, auc: b.auc, brier: b.brier, baseRateBrier: b.baseRateBrier, brierSkill: b.brierSkill, informative: card.informative, calibration: b.calibration, revenue };
      if (ctx.globals().json) ctx.printJson(out);
      else {
        process.stdout.write(`AUC ${b.auc}, Brier ${b.brier} vs base rate ${b.baseRateBrier} (${card.informative ? 'informative' : 'no better than the win rate'})\n`);
        for (const p of revenue.periods) process.stdout.write(`${p.period}: forecast ${n(p.forecast)} (90%: ${n(p.low)}-${n(p.high)}; ${n(p.deals)} deals open on ${p.from}), actual ${n(p.actual)}, error ${pct(p.error)}; win rate × pipeline ${pct(p.winRateBaselineError)}, last ${opts.period} ${p.lastPeriodBaselineError === null ? '—' : pct(p.lastPeriodBaselineError)}\n`);
        const means = (label: string, e: typeof revenue.mape) => `${label}: forecast ${pct(e.forecast)}, win rate × pipeline ${pct(e.winRateBaseline)}, last ${opts.period} ${e.lastPeriodBaseline === null ? '—' : pct(e.lastPeriodBaseline)}\n`;
        process.stdout.write(means('mean error', revenue.mape));
        if (revenue.fullPeriods.periods.length < revenue.periods.length) process.stdout.write(means(`mean error over full ${opts.period}s (${revenue.fullPeriods.periods.join(', ')})`, revenue.fullPeriods.mape));
      }
    });
};
