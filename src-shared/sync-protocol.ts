/**
 * The sync wire protocol between the desktop core and `sync-server/` (design.md). Versioned:
 * every push body and pull query carries `protocol`; a server that does not speak it answers
 * 400 `unsupported_version` and changes nothing. Both sides validate with these schemas.
 *
 * Up (device → server): call insights, deal forecasts, simulation results.
 * Down (server → device): playbooks, battlecards, role-play personas and scenarios, tenant settings
 * (server-authoritative).
 * Every change gets a per-tenant sequence number; pull is by cursor (`since` = last seq seen).
 */
import { z } from 'zod';
import { ObjectionType, Speaker } from './taxonomy';

export const SYNC_PROTOCOL_VERSION = 1;
/** Most ops in one push batch; bigger batches are refused with 400. */
export const MAX_PUSH_OPS = 500;
const MAX_PULL_LIMIT = 1000;

/*
 * Bounds. Every number and string on the wire is checked against what it means and against what
 * both server backends store, so SQLite and PostgreSQL give the same answer (a 400 naming the
 * field) and the team aggregates cannot overflow:
 * - text: at most the length given per field, and no NUL (U+0000): PostgreSQL text cannot hold
 *   it (SQLite can), so both refuse it;
 * - times (`startedAt`, `createdAt`, `endedAt`, `clientTs`, team `from`/`to`): whole ms since the
 *   epoch, 0 … MAX_TIMESTAMP_MS;
 * - durations and offsets within a call (`durationMs`, transcript `startMs`): 0 … MAX_DURATION_MS;
 * - per-call counts (hints, objections, competitor mentions, sentiment labels): 0 … MAX_COUNT;
 * - money (`amount`, `expectedValue`, in the deal's `currency`; a team quota): 0 … MAX_AMOUNT;
 * - currencies: an ISO 4217 alphabetic code (three capital letters, `BRL`, `USD`); a forecast
 *   without one (an older device) is summed under `XXX`, ISO's "no currency", never with another;
 * - probabilities 0 … 1, scores 0 … 100, sentiment −1 … 1;
 * - sequence numbers (`since`): 0 … MAX_SEQ, what the server's seq columns hold.
 * Team totals are sums of these: counts stay exact integers up to 2^53 (≈ 9·10^10 maximal calls),
 * money stays finite for any number of forecasts a database can hold (MAX_AMOUNT · 10^290 < 1.8e308).
 */
/** The latest instant: 9999-12-31T23:59:59.999Z in ms since the epoch (the last a 4-digit year shows). */
export const MAX_TIMESTAMP_MS = 253_402_300_799_999;
/** The longest call or session, and the latest offset within one: 7 days in ms. */
export const MAX_DURATION_MS = 7 * 86_400_000;
/** The most of one thing counted in one call (hints shown, objections of a type…): one every 6 s for 7 days. */
export const MAX_COUNT = 100_000;
/** The largest deal amount or expected value, in the deal's currency (a trillion dollars in any currency there is). */
export const MAX_AMOUNT = 1e15;
/** The largest sequence number (`since`, `cursor`): 2^31 − 1, what PostgreSQL's integer seq columns hold. */
export const MAX_SEQ = 2_147_483_647;

const NO_NUL = 'must not contain NUL characters';
const noNul = (s: string) => !s.includes('\u0000');
const Id = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/, 'ids use letters, digits and . _ : - only');
/** An entity id on the wire (a call, forecast, simulation, playbook… id). */
export const EntityId = Id;
const Text = (max: number) => z.string().max(max).refine(noNul, NO_NUL);
const Ms = z.number().int().nonnegative().max(MAX_TIMESTAMP_MS);
const Duration = z.number().int().nonnegative().max(MAX_DURATION_MS);
const Count = z.number().int().nonnegative().max(MAX_COUNT);
const Money = z.number().nonnegative().max(MAX_AMOUNT);
/** ISO 4217's code for "no currency": what a forecast an older device pushed (with none) is summed under. */
export const NO_CURRENCY = 'XXX';
/** An ISO 4217 alphabetic currency code. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code: three capital letters (BRL, USD)');

/** Hints of one call: each one shown was used, dismissed or neither, never both. */
const Hints = z
  .object({ shown: Count, used: Count, dismissed: Count })
  .strict()
  .superRefine((h, ctx) => {
    if (h.used + h.dismissed > h.shown) ctx.addIssue({ code: 'custom', path: ['used'], message: `hints used (${h.used}) plus dismissed (${h.dismissed}) exceed hints shown (${h.shown})` });
  });

export const Role = z.enum(['admin', 'manager', 'rep']);
export type Role = z.infer<typeof Role>;

/** Aggregates of one call: what managers see. Never audio; transcript only under tenant policy. */
export const CallInsightPayload = z
  .object({
    callId: Id,
    title: Text(300).nullable().default(null),
    startedAt: Ms,
    durationMs: Duration.nullable().default(null),
    language: z.enum(['pt', 'en']).nullable().default(null),
    source: z.enum(['live', 'import', 'demo', 'simulation']).default('live'),
    dealId: Id.nullable().default(null),
    summary: Text(20_000).nullable().default(null),
    objections: z.array(z.object({ type: ObjectionType, count: Count }).strict()).max(20).default([]),
    competitors: z.array(z.object({ id: Text(100).min(1), count: Count }).strict()).max(100).default([]),
    sentiment: z
      .object({ avg: z.number().min(-1).max(1).nullable(), positive: Count, neutral: Count, negative: Count })
      .strict()
      .default({ avg: null, positive: 0, neutral: 0, negative: 0 }),
    hints: Hints.default({ shown: 0, used: 0, dismissed: 0 }),
    /** PII-redacted transcript; the server drops it unless the tenant allows transcripts. */
    transcript: z
      .array(z.object({ speaker: Speaker, startMs: Duration, text: Text(5000) }).strict())
      .max(5000)
      .optional(),
  })
  .strict();
export type CallInsightPayload = z.output<typeof CallInsightPayload>;

export const ForecastPayload = z
  .object({
    forecastId: Id,
    dealId: Id,
    dealName: Text(300).nullable().default(null),
    stage: Text(50).nullable().default(null),
    amount: Money.nullable().default(null),
    winProbability: z.number().min(0).max(1),
    /** amount × winProbability as the device's model saw it (it may predate a change of amount). */
    expectedValue: Money.nullable().default(null),
    closeDate: Text(30).nullable().default(null),
    model: Text(100),
    createdAt: Ms,
    /** Issue 15: the amount's currency (absent from older devices: summed under NO_CURRENCY). */
    currency: CurrencyCode.nullable().optional(),
    /** The deal has been open longer than the device's stall rule (75% of won deals' cycle). */
    stalled: z.boolean().optional(),
    /** The win probability the model trained before this one gave the deal (drift: a drop). */
    previousProbability: z.number().min(0).max(1).nullable().optional(),
    /** The card of the model that made it (its time-split back-test), for the manager's view. */
    modelCard: z
      .object({ trainedAt: Ms, deals: z.number().int().nonnegative().max(MAX_COUNT * 100), auc: z.number().min(0).max(1), brier: z.number().min(0).max(1), baseRateBrier: z.number().min(0).max(1), baseRate: z.number().min(0).max(1), informative: z.boolean(), drift: z.boolean().optional() })
      .strict()
      .optional(),
  })
  .strict();
export type ForecastPayload = z.output<typeof ForecastPayload>;

export const SimulationResultPayload = z
  .object({
    sessionId: Id,
    scenario: Text(200),
    language: z.enum(['pt', 'en']),
    startedAt: Ms,
    endedAt: Ms.nullable().default(null),
    score: z.number().min(0).max(100).nullable(),
    /** Issue 14: the buyer persona, whether the run reached the scenario's pass mark, the category scores (0-100). */
    persona: Text(200).optional(),
    passed: z.boolean().optional(),
    categories: z.object({ objection: z.number().min(0).max(100), empathy: z.number().min(0).max(100), discovery: z.number().min(0).max(100), technique: z.number().min(0).max(100) }).strict().optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.endedAt !== null && s.endedAt < s.startedAt) ctx.addIssue({ code: 'custom', path: ['endedAt'], message: `a simulation cannot end (${s.endedAt}) before it starts (${s.startedAt})` });
  });
export type SimulationResultPayload = z.output<typeof SimulationResultPayload>;

export const PlaybookPayload = z
  .object({
    objectionType: ObjectionType,
    language: z.enum(['pt', 'en']),
    title: Text(300).min(1),
    replies: z.array(Text(2000).min(1)).min(1).max(20),
  })
  .strict();
export type PlaybookPayload = z.output<typeof PlaybookPayload>;

export const BattlecardPayload = z
  .object({
    competitor: Text(100).min(1),
    aliases: z.array(Text(100)).max(50).default([]),
    language: z.enum(['pt', 'en']),
    positioning: Text(5000),
    landmines: z.array(Text(1000)).max(50).default([]),
    proofPoints: z.array(Text(1000)).max(50).default([]),
    talkTrack: Text(5000),
  })
  .strict();
export type BattlecardPayload = z.output<typeof BattlecardPayload>;

/** How a role-play buyer behaves (content/bundled-simulations.ts). */
export const PERSONA_TEMPERAMENTS = ['conservative', 'analytical', 'loyal', 'strict', 'friendly', 'impatient'] as const;
export const PersonaTemperament = z.enum(PERSONA_TEMPERAMENTS);
const SimLines = z.array(Text(1000).min(1)).min(1).max(10);
const SimObjections = z.array(ObjectionType).min(1).max(9);

/**
 * A role-play buyer in one language, the shape of a bundled persona's words in that language.
 * `id` is the persona's id (a scenario names it); a tenant persona with a bundled persona's id
 * and language takes its place on the devices.
 */
export const PersonaPayload = z
  .object({
    id: Id,
    language: z.enum(['pt', 'en']),
    name: Text(200).min(1),
    role: Text(300).min(1),
    temperament: PersonaTemperament,
    goals: Text(1000),
    hiddenConcern: Text(1000),
    objections: SimObjections,
    pushback: z.number().int().min(1).max(3),
    opening: SimLines,
    reveal: SimLines,
  })
  .strict();
export type PersonaPayload = z.output<typeof PersonaPayload>;

/** A role-play scenario in one language, the shape of a bundled scenario's words in that language. */
export const ScenarioPayload = z
  .object({
    id: Id,
    language: z.enum(['pt', 'en']),
    title: Text(300).min(1),
    product: Text(1000),
    situation: Text(2000),
    repGoal: Text(1000),
    /** The default buyer's persona id. */
    persona: Id,
    objections: SimObjections,
    passMark: z.number().int().min(0).max(100),
    meetingTurns: z.number().int().min(1).max(50).optional(),
  })
  .strict();
export type ScenarioPayload = z.output<typeof ScenarioPayload>;

/** Tenant-wide policy pushed down to every device. */
export const TenantSettingsPayload = z
  .object({
    /** May devices send (redacted) transcript text? Off unless the tenant opts in. */
    allowTranscripts: z.boolean().default(false),
    /** Minutes between background sync rounds on devices. */
    syncIntervalMinutes: z.number().int().min(1).max(1440).default(5),
  })
  .strict();
export type TenantSettingsPayload = z.output<typeof TenantSettingsPayload>;

export const UP_ENTITIES = ['call_insight', 'forecast', 'simulation_result'] as const;
export const DOWN_ENTITIES = ['playbook', 'battlecard', 'tenant_settings', 'persona', 'scenario'] as const;
export const UpEntity = z.enum(UP_ENTITIES);
export type UpEntity = z.infer<typeof UpEntity>;
export const DownEntity = z.enum(DOWN_ENTITIES);
export type DownEntity = z.infer<typeof DownEntity>;
const Entity = z.enum([...UP_ENTITIES, ...DOWN_ENTITIES]);
export type Entity = z.infer<typeof Entity>;

export const upPayloadSchemas = {
  call_insight: CallInsightPayload,
  forecast: ForecastPayload,
  simulation_result: SimulationResultPayload,
} as const;

export const OpId = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'op ids use letters, digits, _ and - only');

const upsertOp = <E extends UpEntity>(entity: E) =>
  z.object({ opId: OpId, entity: z.literal(entity), entityId: Id, op: z.literal('upsert'), payload: upPayloadSchemas[entity], clientTs: Ms }).strict();

/** One operation a device pushes. Deletes carry no payload. */
export const PushOp = z.union([
  upsertOp('call_insight'),
  upsertOp('forecast'),
  upsertOp('simulation_result'),
  z.object({ opId: OpId, entity: UpEntity, entityId: Id, op: z.literal('delete'), payload: z.null().default(null), clientTs: Ms }).strict(),
]);
export type PushOp = z.output<typeof PushOp>;
export type PushOpInput = z.input<typeof PushOp>;

const ProtocolVersion = z.literal(SYNC_PROTOCOL_VERSION, { error: (iss) => `unsupported protocol version ${JSON.stringify(iss.input)}; this side speaks ${SYNC_PROTOCOL_VERSION}` });

export const PushRequest = z.object({ protocol: ProtocolVersion, ops: z.array(PushOp).min(1).max(MAX_PUSH_OPS) }).strict();
export type PushRequest = z.output<typeof PushRequest>;

export const PushResponse = z.object({
  protocol: z.number().int(),
  /** Every op id of the batch that the server now holds (new or stored by an earlier try). */
  accepted: z.array(OpId),
  /** How many of them were already stored (a retried batch): they changed nothing. */
  duplicates: z.number().int().nonnegative(),
  /** The tenant's sequence after this push. */
  seq: z.number().int().nonnegative(),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const PullQuery = z
  .object({
    protocol: z.coerce.number().pipe(ProtocolVersion),
    since: z.coerce.number().int().nonnegative().max(MAX_SEQ, `since must be at most ${MAX_SEQ} (the largest sequence number)`).default(0),
    limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(200),
  })
  .strict();
export type PullQuery = z.output<typeof PullQuery>;

export const Change = z.object({
  seq: z.number().int().positive(),
  entity: Entity,
  entityId: z.string(),
  op: z.enum(['upsert', 'delete']),
  payload: z.unknown(),
  userId: z.string().nullable(),
  createdAt: z.number(),
});
export type Change = z.infer<typeof Change>;

export const PullResponse = z.object({
  protocol: z.number().int(),
  changes: z.array(Change),
  /** Pass as `since` next time. */
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

// --- auth -------------------------------------------------------------------------------

const Secret = Text(512).min(8);
const DeviceName = Text(200).min(1);
const Email = Text(320).email();

export const LoginRequest = z.object({ tenant: Text(100).min(1), email: Email, password: Text(1024).min(1), deviceName: DeviceName }).strict();
export const EnrollRequest = z.object({ enrollmentToken: Secret, deviceName: DeviceName, email: Email.optional() }).strict();
export const DeviceLoginRequest = z.object({ deviceId: Id, deviceSecret: Secret }).strict();
export const RefreshRequest = z.object({ refreshToken: Secret }).strict();

export const TokenResponse = z.object({
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  refreshToken: z.string(),
  tenant: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  user: z.object({ id: z.string(), email: z.string(), role: Role }),
  deviceId: z.string(),
  /** Only on enrollment: the device's own long-lived credential (keep it secret). */
  deviceSecret: z.string().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

/** Every error body: one line for a person, a stable code for a program. */
export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorBody = z.infer<typeof ErrorBody>;

// --- team API ---------------------------------------------------------------------------

export const TeamQuery = z
  .object({
    from: z.coerce.number().int().nonnegative().max(MAX_TIMESTAMP_MS),
    to: z.coerce.number().int().nonnegative().max(MAX_TIMESTAMP_MS),
    userId: Id.optional(),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: '`from` must not be after `to`' });

/** Sums over a rep's calls, simulations and forecasts (see the bounds above): whole, finite, never negative. */
const Total = z.number().int().nonnegative();
const CurrencyTotals = z.object({ count: Total, amount: z.number().nonnegative(), expected: z.number().nonnegative() });
/**
 * At risk (the team roll-up): an open deal's latest forecast is `low` when an informative model
 * (not `win-rate`) gives it under AT_RISK.lowProbability, `stalled` when the device says it has
 * been open longer than its stall rule, `drift` when its probability fell by at least
 * AT_RISK.drop since the previous model's forecast.
 */
export const AT_RISK = { lowProbability: 0.3, drop: 0.15 } as const;
export const MAX_AT_RISK = 20;
export const AtRiskReason = z.enum(['low', 'stalled', 'drift']);
export const AtRiskDeal = z.object({
  dealId: z.string(),
  dealName: z.string().nullable(),
  amount: z.number().nullable(),
  currency: z.string(),
  winProbability: z.number(),
  previousProbability: z.number().nullable(),
  reasons: z.array(AtRiskReason),
});
export type AtRiskDeal = z.infer<typeof AtRiskDeal>;
export const ModelCardSummary = z.object({ trainedAt: z.number(), deals: z.number(), auc: z.number(), brier: z.number(), baseRateBrier: z.number(), baseRate: z.number(), informative: z.boolean(), drift: z.boolean().optional() });
export const RepAggregate = z.object({
  userId: z.string(),
  email: z.string(),
  callsAnalysed: Total,
  objections: z.record(z.string(), Total),
  competitors: z.record(z.string(), Total),
  hintsShown: Total,
  hintsUsed: Total,
  /** hintsUsed / hintsShown (null with no hint shown). */
  hintUseRate: z.number().min(0).max(1).nullable(),
  simulations: Total,
  avgSimulationScore: z.number().min(0).max(100).nullable(),
  /** Runs that reached their scenario's pass mark (runs that did not say are not counted). */
  simulationsPassed: Total.default(0),
  /** Average category scores over the runs that carried them (null: none did). */
  avgSimulationCategories: z.object({ objection: z.number(), empathy: z.number(), discovery: z.number(), technique: z.number() }).nullable().default(null),
  /** Per scenario: runs and runs not passed. */
  simulationScenarios: z.record(z.string(), z.object({ runs: Total, failed: Total })).default({}),
  /**
   * Per category, the average of the later half of the runs (by when they started) minus the
   * earlier half's, in score points: positive = improving (null: fewer than two runs with categories).
   */
  simulationTrend: z.object({ objection: z.number(), empathy: z.number(), discovery: z.number(), technique: z.number() }).nullable().default(null),
  forecastCount: Total,
  /** Amount and expected value of the forecasts that carry no currency (older devices); the rest are in forecastsByCurrency. */
  forecastAmount: z.number().nonnegative(),
  forecastExpected: z.number().nonnegative(),
  /** Per ISO 4217 code (NO_CURRENCY for forecasts without one): never summed across currencies. */
  forecastsByCurrency: z.record(z.string(), CurrencyTotals).default({}),
  /** Open deals at risk (AT_RISK rules), the largest amounts first, at most MAX_AT_RISK per rep; the team's list is empty. */
  atRisk: z.array(AtRiskDeal).default([]),
  atRiskCount: Total.default(0),
  /** The card of the newest forecast model this rep's forecasts came from (null: none carried one). */
  modelCard: ModelCardSummary.nullable().default(null),
});
export type RepAggregate = z.infer<typeof RepAggregate>;

/** A quarter, `2026-Q4`: what a team quota is set for. */
export const QuotaPeriod = z.string().regex(/^\d{4}-Q[1-4]$/, 'period must be a quarter: YYYY-Qn (2026-Q4)');
/** `PUT /v1/team/quota` (managers and admins): the tenant's quota for a quarter in one currency; `amount: null` removes it. */
export const QuotaRequest = z.object({ period: QuotaPeriod, currency: CurrencyCode, amount: Money.positive().nullable() }).strict();
export type QuotaRequest = z.output<typeof QuotaRequest>;
export const QuotaResponse = z.object({ period: z.string(), quotas: z.record(z.string(), z.number()) });
export type QuotaResponse = z.infer<typeof QuotaResponse>;

/**
 * The manager's roll-up: the quarter that holds `to` (UTC), its quotas, and per currency the
 * team's expected revenue (Σ p × amount of the range's forecasts) against the quota.
 */
export const TeamRollup = z.object({
  period: z.string(),
  byCurrency: z.array(z.object({ currency: z.string(), deals: Total, amount: z.number().nonnegative(), expected: z.number().nonnegative(), quota: z.number().nullable(), coverage: z.number().nonnegative().nullable() })),
});
export type TeamRollup = z.infer<typeof TeamRollup>;
export const TeamResponse = z.object({ from: z.number(), to: z.number(), reps: z.array(RepAggregate), team: RepAggregate.omit({ userId: true, email: true }), rollup: TeamRollup.nullable().default(null) });
export type TeamResponse = z.infer<typeof TeamResponse>;

/** Socket.io: the server emits `Change[]` (one push's changes) to the rooms allowed to see them. */
export const LIVE_CHANGE_EVENT = 'changes';
