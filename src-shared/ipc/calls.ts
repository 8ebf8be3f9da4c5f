/** Calls history contract (issue 5): list/search, detail, summary, export, delete, import. */
import { z } from 'zod';
import { ObjectionType, Speaker } from '../taxonomy';
import { Notice } from '../notice';

export const SentimentTag = z.enum(['negative', 'neutral', 'positive']);
export type SentimentTag = z.infer<typeof SentimentTag>;

export const CallFilter = z.object({
  /** Words searched in transcripts (FTS5, accent-insensitive; the last word matches as a prefix). */
  query: z.string().max(500).optional(),
  /** started_at bounds, ms since the epoch (inclusive); a UI sends the first and last ms of local days (src-shared/local-date.ts). */
  from: z.number().int().optional(),
  to: z.number().int().optional(),
  objection: ObjectionType.optional(),
  /** A competitor's id, display name or alias, in any case ("gong", "Gong", "gong.io"). */
  competitor: z.string().max(100).optional(),
  sentiment: SentimentTag.optional(),
});
export type CallFilter = z.infer<typeof CallFilter>;

const Count = z.object({ value: z.string(), count: z.number().int() });

export const CallListItem = z.object({
  id: z.string(),
  title: z.string(),
  startedAt: z.number(),
  durationMs: z.number().nullable(),
  customer: z.string().nullable(),
  dealId: z.string().nullable(),
  dealName: z.string().nullable(),
  source: z.string(),
  language: z.string().nullable(),
  sentimentAvg: z.number().nullable(),
  sentimentTag: SentimentTag.nullable(),
  /** Most frequent first. */
  topObjections: z.array(Count),
  /** Every objection type raised, most frequent first (topObjections is the first three). */
  objections: z.array(Count),
  /** `value` is the competitor's id; `name` how people write it ("RD Station"). */
  competitors: z.array(Count.extend({ name: z.string() })),
  /** With a search: the matching transcript text, the hits wrapped in [ ]. */
  snippet: z.string().nullable(),
});
export type CallListItem = z.infer<typeof CallListItem>;

export const CallList = z.object({ items: z.array(CallListItem), total: z.number().int() });
export type CallList = z.infer<typeof CallList>;

const TranscriptSegment = z.object({
  id: z.number().int(),
  speaker: Speaker,
  startMs: z.number(),
  endMs: z.number(),
  text: z.string(),
  /** Rep utterances that ask something (end with ? or open with a question word). */
  isQuestion: z.boolean(),
});
export type TranscriptSegment = z.infer<typeof TranscriptSegment>;

export const CallDetail = z.object({
  call: CallListItem,
  segments: z.array(TranscriptSegment),
  /**
   * The customer's sentiment over time, one point per customer utterance (the rep's are left
   * out): its score, the rolling score, and `trend`, the least-squares line over the customer's
   * scores evaluated at that time (-1..1).
   */
  sentiment: z.array(z.object({ atMs: z.number(), score: z.number(), rolling: z.number().nullable(), label: SentimentTag, trend: z.number() })),
  /** `name`: a competitor's display name; an objection's type (a UI translates it). */
  markers: z.array(z.object({ atMs: z.number(), kind: z.enum(['objection', 'competitor']), value: z.string(), name: z.string(), confidence: z.number() })),
  hints: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      trigger: z.string(),
      /** A competitor hint's competitor name; an objection hint's type. */
      name: z.string(),
      text: z.string(),
      shownMs: z.number(),
      latencyMs: z.number(),
      status: z.enum(['shown', 'pinned', 'copied', 'dismissed', 'used']),
      /** copied/used count as used: the rep took the reply. */
      used: z.boolean(),
    }),
  ),
  metrics: z.object({
    repTalkMs: z.number(),
    customerTalkMs: z.number(),
    /** Rep share of talk time, 0..1 (null when nobody spoke). */
    talkRatio: z.number().nullable(),
    longestMonologue: z.object({ speaker: Speaker, startMs: z.number(), endMs: z.number(), durationMs: z.number() }).nullable(),
    repQuestions: z.array(z.string()),
  }),
});
export type CallDetail = z.infer<typeof CallDetail>;

export const RecommendedAction = z.object({
  kind: z.enum(['send-battlecard', 'schedule-follow-up', 'answer-objection']),
  /** Objection type, competitor id or the date phrase the action refers to. */
  target: z.string(),
  text: z.string(),
});
export type RecommendedAction = z.infer<typeof RecommendedAction>;

export const CallSummary = z.object({
  language: z.enum(['pt', 'en']),
  keyObjections: z.array(z.object({ type: z.string(), count: z.number().int(), example: z.string(), answered: z.boolean() })),
  openQuestions: z.array(z.string()),
  commitments: z.array(z.string()),
  dates: z.array(z.string()),
  /** A few sentences a person can read (local template or the LLM). */
  text: z.string(),
  followUpEmail: z.object({ subject: z.string(), body: z.string() }),
  actions: z.array(RecommendedAction),
  source: z.enum(['local', 'llm']),
  /** Why the LLM was not used when it was asked for (disabled, unreachable…). */
  llmError: z.string().nullable(),
  /** llmError in a UI's own words (src-shared/notice.ts). */
  llmErrorNotice: Notice.nullable().optional(),
});
export type CallSummary = z.infer<typeof CallSummary>;

export const ExportFormat = z.enum(['md', 'json', 'csv']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const ImportProgress = z.object({
  jobId: z.string(),
  phase: z.enum(['receiving', 'decoding', 'transcribing', 'done', 'failed', 'cancelled']),
  /** 0..1 over the whole job. */
  fraction: z.number(),
  callId: z.string().nullable(),
  error: z.string().nullable(),
  /** The error in a UI's own words (src-shared/notice.ts). */
  notice: Notice.nullable().optional(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

/** Largest recording accepted (1 GiB: an hour of 44.1 kHz stereo WAV is ~635 MB), and the size of each base64 chunk a UI sends. */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;
export const IMPORT_CHUNK_BYTES = 1024 * 1024;

const Id = z.object({ id: z.string().min(1).max(100) });

export const callsRequests = {
  'calls.list': {
    request: CallFilter.extend({ limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).default(0) }),
    response: CallList,
  },
  'calls.get': { request: Id, response: CallDetail },
  'calls.summary': { request: Id.extend({ llm: z.boolean().default(false) }), response: CallSummary },
  'calls.delete': { request: Id, response: z.object({ deleted: z.boolean() }) },
  'calls.purge': { request: z.object({}).strict(), response: z.object({ deleted: z.number().int() }) },
  /** Competitors seen in calls (filter menu), and the display name of every known competitor id (team charts). */
  'calls.facets': {
    request: z.object({}).strict(),
    response: z.object({ competitors: z.array(z.object({ id: z.string(), name: z.string() })), names: z.record(z.string(), z.string()) }),
  },
  'calls.export': {
    request: z.object({ ids: z.array(z.string()).max(10_000).optional(), filter: CallFilter.optional(), format: ExportFormat, redact: z.boolean().default(false) }),
    response: z.object({ fileName: z.string(), mime: z.string(), content: z.string() }),
  },
  /** Import from the UI: start, send the bytes in base64 chunks, then finish (progress by event). */
  'calls.import.start': {
    /** size 0 is accepted here so that the core, not the schema, says the file is empty. */
    request: z.object({ fileName: z.string().min(1).max(300), size: z.number().int().min(0).max(MAX_IMPORT_BYTES) }),
    response: z.object({ jobId: z.string() }),
  },
  'calls.import.chunk': {
    request: z.object({ jobId: z.string(), offset: z.number().int().min(0), data: z.string().max(Math.ceil((IMPORT_CHUNK_BYTES * 4) / 3) + 8) }),
    response: z.object({ received: z.number().int() }),
  },
  'calls.import.finish': {
    request: z.object({
      jobId: z.string(),
      language: z.enum(['auto', 'pt', 'en']).default('auto'),
      title: z.string().max(200).optional(),
      /** A reference transcript (NAME.script.json text) sent with the recording: runs the reference engine (demos, tests). */
      script: z.string().max(2_000_000).optional(),
    }),
    response: z.object({ jobId: z.string() }),
  },
  'calls.import.cancel': { request: z.object({ jobId: z.string() }), response: z.object({ cancelled: z.boolean() }) },
} as const;

export const callsEvents = {
  'calls.import.progress': ImportProgress,
  /** A call was added, changed or deleted (lists refresh). */
  'calls.changed': z.object({ id: z.string().nullable() }),
} as const;
