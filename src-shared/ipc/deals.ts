/**
 * Deals contract (issue 15): the Deals page's overview (open deals with their forecast and
 * reasons, the model's honesty, pipeline health), a CRM export imported from the page, and a
 * retrain. Reasons arrive worded in the requested language by the core.
 */
import { z } from 'zod';
import { SpokenLanguage } from '../taxonomy';

export const DealFormat = z.enum(['maven', 'salesforce', 'hubspot', 'pipedrive']);
/** Where deals come from: a known format, or a CSV of no known format mapped in the import dialog. */
export const DealSource = z.enum(['maven', 'salesforce', 'hubspot', 'pipedrive', 'csv']);

/** The fields of a deal an import reads (the importer's list, src-main/core/deals/formats.ts). */
export const DealField = z.enum(['id', 'name', 'account', 'product', 'owner', 'stage', 'status', 'amount', 'currency', 'engage', 'close', 'expectedClose', 'wonTime', 'lostTime', 'closeValue']);
export type DealField = z.infer<typeof DealField>;

/**
 * A column mapping made in the import dialog: the format it completes (`csv`: none), the
 * column (header) of each field, how dates and amounts are written (`auto`: as the importer
 * reads them itself; ISO dates are always read), the currency of amounts that name none.
 */
export const ColumnMapping = z
  .object({
    base: DealSource,
    fields: z.partialRecord(DealField, z.string().min(1).max(300)),
    dateOrder: z.enum(['auto', 'dmy', 'mdy']),
    decimalMark: z.enum(['auto', ',', '.']),
    currency: z.string().regex(/^[A-Z]{3}$/).nullable(),
  })
  .strict();
export type ColumnMapping = z.infer<typeof ColumnMapping>;

const ExportFile = { fileName: z.string().min(1).max(300), content: z.string().max(50_000_000) };

export const ImportInspection = z.object({
  signature: z.string(),
  columns: z.array(z.object({ header: z.string(), samples: z.array(z.string()) })),
  rows: z.number().int(),
  format: DealFormat.nullable(),
  /** The header is a known format with every required column: it imports without a mapping. */
  importable: z.boolean(),
  fields: z.array(z.object({ field: DealField, required: z.boolean() })),
  suggested: ColumnMapping,
  /** `suggested` is the mapping saved for this header the last time. */
  remembered: z.boolean(),
});
export type ImportInspection = z.infer<typeof ImportInspection>;

export const ImportPreviewRow = z.object({
  id: z.string(),
  name: z.string(),
  account: z.string().nullable(),
  owner: z.string().nullable(),
  stage: z.string(),
  outcome: z.enum(['open', 'won', 'lost']),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  engageDate: z.string().nullable(),
  closeDate: z.string().nullable(),
});
export type ImportPreviewRow = z.infer<typeof ImportPreviewRow>;

export const DealView = z.object({
  id: z.string(),
  crmId: z.string().nullable(),
  source: z.string().nullable(),
  name: z.string(),
  account: z.string().nullable(),
  owner: z.string().nullable(),
  stage: z.string(),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  engageDate: z.string().nullable(),
  expectedClose: z.string().nullable(),
  /** Null before a model is trained. */
  probability: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  reasons: z.array(z.string()),
  stalled: z.boolean(),
  calls: z.array(z.object({ id: z.string(), title: z.string(), startedAt: z.number() })),
});
export type DealView = z.infer<typeof DealView>;

/** An open deal as the call detail page's picker lists it; `match`: its account is the call's customer or is in its title. */
export const DealOption = z.object({ id: z.string(), crmId: z.string().nullable(), name: z.string(), account: z.string().nullable(), match: z.boolean() });
export type DealOption = z.infer<typeof DealOption>;

export const ForecastModelView = z.object({
  trainedAt: z.number(),
  deals: z.number(),
  informative: z.boolean(),
  baseRate: z.number(),
  auc: z.number(),
  brier: z.number(),
  baseRateBrier: z.number(),
});
export type ForecastModelView = z.infer<typeof ForecastModelView>;

/**
 * A month's or quarter's expected won revenue (core deals/pipeline.ts, expectedRevenue): the
 * open deals' P(won) × P(closes in it | age) × value (`fromOpen`) plus deals not engaged yet at
 * the recent pace (`fromNew`), with a 90% interval; `wins` the deals expected won in it. The
 * current period counts from `from` (the day of the forecast); `to` is exclusive.
 */
export const PeriodRevenue = z.object({ period: z.string(), from: z.string(), to: z.string(), wins: z.number(), fromOpen: z.number(), fromNew: z.number(), expected: z.number(), low: z.number(), high: z.number() });
export type PeriodRevenue = z.infer<typeof PeriodRevenue>;

export const DealsOverview = z.object({
  open: z.array(DealView),
  won: z.number(),
  lost: z.number(),
  currencies: z.array(z.string()),
  model: ForecastModelView.nullable(),
  /** The outcomes that came in after the model's training against it (null before 20 of them). */
  drift: z.object({ since: z.string(), deals: z.number(), predicted: z.number(), observed: z.number(), drift: z.boolean() }).nullable(),
  health: z
    .object({
      /** Four quarters and twelve months from the one holding today. */
      byQuarter: z.array(PeriodRevenue),
      byMonth: z.array(PeriodRevenue),
      /** The new-deal pace: deals engaged over the `days` before today; `notEngaged`: open deals without an engage date, left to that pace. */
      pace: z.object({ deals: z.number(), days: z.number() }),
      notEngaged: z.number(),
      stalledDays: z.number(),
      stalledShare: z.number(),
      winRateByProduct: z.array(z.object({ key: z.string(), deals: z.number(), winRate: z.number() })),
    })
    .nullable(),
});
export type DealsOverview = z.infer<typeof DealsOverview>;

export const dealsRequests = {
  'deals.overview': { request: z.object({ language: SpokenLanguage }).strict(), response: DealsOverview },
  /**
   * A CRM export the page read from a file the person picked (its text), imported in one
   * transaction; with `mapping` (the import dialog's), read with it and the mapping remembered
   * for this header once the import succeeded.
   */
  'deals.import': {
    request: z.object({ ...ExportFile, format: DealFormat.optional(), mapping: ColumnMapping.optional() }).strict(),
    response: z.object({ format: DealSource, deals: z.number(), inserted: z.number(), updated: z.number(), open: z.number(), won: z.number(), lost: z.number() }),
  },
  /** The file's columns with samples, whether it imports as it is, the fields to map and a first (or the remembered) mapping; writes nothing. */
  'deals.inspectImport': { request: z.object(ExportFile).strict(), response: ImportInspection },
  /** The first rows as a mapping reads them and how many deals the file holds, or the import's one-line error; writes nothing. */
  'deals.previewImport': {
    request: z.object({ ...ExportFile, mapping: ColumnMapping }).strict(),
    response: z.object({ deals: z.number().int(), rows: z.array(ImportPreviewRow), error: z.string().nullable() }),
  },
  'deals.train': { request: z.object({}).strict(), response: ForecastModelView },
  /** The deals a call may be linked to (the call detail page's picker): the open deals its customer or title matches first, then the other open ones. */
  'deals.forCall': { request: z.object({ callId: z.string().min(1).max(200) }).strict(), response: z.object({ linked: z.string().nullable(), deals: z.array(DealOption) }) },
  /** Links a call to a deal (its row id), or with `dealId: null` unlinks it; an ended call linked now gets its follow-up task, as `deals link` does. */
  'deals.link': {
    request: z.object({ callId: z.string().min(1).max(200), dealId: z.string().min(1).max(200).nullable() }).strict(),
    response: z.object({ dealId: z.string().nullable(), name: z.string().nullable(), taskId: z.string().nullable() }),
  },
} as const;

/** A follow-up task (issue 15, point 4): made when a call linked to a deal ends. Times in ms since epoch. */
export const FollowUpTaskView = z.object({
  id: z.string(),
  dealId: z.string(),
  dealName: z.string().nullable(),
  callId: z.string().nullable(),
  callTitle: z.string().nullable(),
  title: z.string(),
  /** The drafted e-mail. */
  body: z.string(),
  dueAt: z.number(),
  status: z.enum(['open', 'done', 'snoozed']),
  snoozedUntil: z.number().nullable(),
  /** Due now: open past its due time, or snoozed past its snooze. */
  due: z.boolean(),
  push: z.object({ state: z.enum(['none', 'pushed', 'failed']), error: z.string().nullable(), at: z.number().nullable() }),
});
export type FollowUpTaskView = z.infer<typeof FollowUpTaskView>;

const TaskId = z.object({ id: z.string().min(1).max(100) }).strict();
const TaskResult = z.object({ task: FollowUpTaskView, due: z.number().int() });

export const tasksRequests = {
  /** Every task, due ones first, then by due time; `due` is how many are due now (the badge). */
  'tasks.list': { request: z.object({ status: z.enum(['open', 'done', 'snoozed']).optional() }).strict(), response: z.object({ tasks: z.array(FollowUpTaskView), due: z.number().int() }) },
  'tasks.done': { request: TaskId, response: TaskResult },
  /** Snoozed until a time in the future (ms since epoch). */
  'tasks.snooze': { request: z.object({ id: z.string().min(1).max(100), until: z.number().int().positive() }).strict(), response: TaskResult },
  'tasks.reopen': { request: TaskId, response: TaskResult },
} as const;

export const dealsEvents = {
  /** A task was made, pushed, done, snoozed or reopened (the list and the badge reload). */
  'tasks.changed': z.object({ reason: z.enum(['created', 'pushed', 'done', 'snoozed', 'open']), taskId: z.string() }),
  /** A task became due (once per due time): the desktop notification and the badge. `due`: how many are due now. */
  'tasks.due': z.object({ taskId: z.string(), title: z.string(), dealId: z.string(), dueAt: z.number(), language: z.enum(['pt', 'en']).nullable(), due: z.number().int() }),
} as const;
