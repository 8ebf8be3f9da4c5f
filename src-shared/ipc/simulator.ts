/**
 * Role-play simulator contract (issue 14): the library (personas, scenarios), a typed run turn
 * by turn, the finished run scored and stored, the history with category scores.
 *
 * A run is stateless on the wire: the page sends the rep's turns so far and the core replays
 * the run from them (the engine is deterministic for a seed), so a reload, a second window or
 * a voice turn all see the same buyer.
 */
import { z } from 'zod';
import { ObjectionType, SpokenLanguage } from '../taxonomy';
import { ContentOrigin } from './playbooks';

export const SimCategory = z.enum(['objection', 'empathy', 'discovery', 'technique']);
export type SimCategory = z.infer<typeof SimCategory>;

/**
 * The library in one language: for each persona (scenario) id the active row, as for playbooks
 * (the company's through sync, else the rep's edit, else the bundled one). `rowId` is the row to
 * edit or restore; `hasDefault`: a bundled default exists for it.
 */
const LibraryRow = { rowId: z.string(), origin: ContentOrigin, hasDefault: z.boolean() };
export const SimPersona = z.object({
  id: z.string(), name: z.string(), role: z.string(), temperament: z.string(), pushback: z.number().int(), objections: z.array(ObjectionType),
  goals: z.string(), hiddenConcern: z.string(), opening: z.array(z.string()), reveal: z.array(z.string()), ...LibraryRow,
});
export type SimPersona = z.infer<typeof SimPersona>;
export const SimScenario = z.object({
  id: z.string(), persona: z.string(), title: z.string(), product: z.string(), situation: z.string(), goal: z.string(), objections: z.array(ObjectionType), passMark: z.number(), ...LibraryRow,
});
export type SimScenario = z.infer<typeof SimScenario>;

export const SimLine = z.object({ speaker: z.enum(['buyer', 'rep']), text: z.string() });
export type SimLine = z.infer<typeof SimLine>;

const Answer = z.string().trim().min(1).max(4000);
const Words = (max: number) => z.string().trim().min(1).max(max);
/** The rep's edit of a persona's words (its behaviour, objections and pushback stay). */
const PersonaEdit = z
  .object({
    rowId: z.string().min(1),
    name: Words(200),
    role: Words(300),
    goals: Words(1000),
    hiddenConcern: Words(1000),
    opening: z.array(Words(1000)).min(1, 'a persona needs an opening line').max(10),
    reveal: z.array(Words(1000)).min(1, 'a persona needs a line for its hidden concern').max(10),
  })
  .strict();
/** The rep's edit of a scenario's words (its buyer, objections and pass mark stay). */
const ScenarioEdit = z.object({ rowId: z.string().min(1), title: Words(300), product: Words(1000), situation: Words(2000), repGoal: Words(1000) }).strict();
const ByRow = z.object({ rowId: z.string().min(1) }).strict();
const RunInput = z
  .object({
    scenario: z.string().min(1).max(200),
    /** The scenario's default persona when omitted. */
    persona: z.string().min(1).max(200).optional(),
    language: SpokenLanguage,
    seed: z.number().int().min(0).max(2 ** 32 - 1),
    answers: z.array(Answer).max(50),
  })
  .strict();

export const SimCheck = z.object({ id: z.string(), category: SimCategory, passed: z.boolean(), turn: z.number().int().nullable() });
export type SimCheck = z.infer<typeof SimCheck>;
const Categories = z.object({ objection: z.number(), empathy: z.number(), discovery: z.number(), technique: z.number() });

export const SimSummary = z.object({
  id: z.string(),
  scenario: z.string(),
  persona: z.string(),
  language: SpokenLanguage,
  mode: z.enum(['typed', 'voice', 'cli']),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  score: z.number(),
  passed: z.boolean(),
  categories: Categories,
  outcome: z.enum(['won', 'open', 'lost']),
  complete: z.boolean(),
});
export type SimSummary = z.infer<typeof SimSummary>;
/** A key point of the rep's own call script, and the transcript line that covered it. */
export const SimScriptPoint = z.object({ point: z.string(), covered: z.boolean(), turn: z.number().int().nullable() });
export type SimScriptPoint = z.infer<typeof SimScriptPoint>;
export const SimResult = SimSummary.extend({
  seed: z.number(),
  transcript: z.array(SimLine),
  checks: z.array(SimCheck),
  feedback: z.array(z.string()),
  /** Only in simulator.finish's answer when a script was given (not stored). */
  script: z.array(SimScriptPoint).optional(),
  /** Transcript indexes of the rep's turns that were spoken and have their audio (simulator.clip). */
  audio: z.array(z.number().int()).default([]),
});
export type SimResult = z.infer<typeof SimResult>;

export const simulatorRequests = {
  'simulator.library': { request: z.object({ language: SpokenLanguage }).strict(), response: z.object({ personas: z.array(SimPersona), scenarios: z.array(SimScenario) }) },
  /** Edits a persona's words in one language (the row becomes the rep's); a tenant row is refused. */
  'simulator.persona.save': { request: PersonaEdit, response: SimPersona },
  /** Puts the bundled words back. */
  'simulator.persona.restore': { request: ByRow, response: SimPersona },
  'simulator.scenario.save': { request: ScenarioEdit, response: SimScenario },
  'simulator.scenario.restore': { request: ByRow, response: SimScenario },
  /**
   * The dialogue so far: the buyer's opening with no answers; `ended` once the buyer closed the
   * meeting. With a language model on (settings.llm, allowed by policy) and `llm` not false, the
   * buyer's latest line is worded by the LLM persona (`wording: 'llm'`); the offline line
   * otherwise, and on a timeout or an error (`llmError` says which).
   */
  'simulator.turn': {
    request: RunInput.extend({ llm: z.boolean().default(true) }).strict(),
    response: z.object({ transcript: z.array(SimLine), ended: z.boolean(), wording: z.enum(['llm', 'offline']), llmError: z.string().optional() }),
  },
  /** Scores the run, stores it in the history and queues it for sync. */
  'simulator.finish': {
    request: RunInput.extend({
      answers: z.array(Answer).min(1, 'a run needs at least one answer').max(50),
      startedAt: z.number().int().nonnegative(),
      mode: z.enum(['typed', 'voice']).default('typed'),
      /** The rep's own call script (one key point a line): the answer says which points the run covered. */
      script: z.string().max(20_000).optional(),
      /** Per answer, the clip simulator.listen/transcribe returned for it (null: typed). */
      clips: z.array(z.string().max(64).nullable()).max(50).optional(),
    }).strict(),
    response: SimResult,
  },
  /** Newest first; runs older than privacy.retentionDays are deleted first, as the calls history does. */
  'simulator.history': { request: z.object({ limit: z.number().int().min(1).max(500).default(100), scenario: z.string().max(200).optional() }).strict(), response: z.object({ runs: z.array(SimSummary) }) },
  'simulator.get': { request: z.object({ id: z.string().min(1) }).strict(), response: SimResult },
  /** The audio of a spoken turn of a stored run (WAV, base64), by the turn's transcript index. */
  'simulator.clip': { request: z.object({ id: z.string().min(1), turn: z.number().int().min(0) }).strict(), response: z.object({ audio: z.string(), mime: z.literal('audio/wav') }) },
  /** Deletes a stored run (and queues its deletion for the sync server). */
  'simulator.delete': { request: z.object({ id: z.string().min(1) }).strict(), response: z.object({ deleted: z.boolean() }) },
  /**
   * A spoken turn: the rep's recording (a WAV, base64; two minutes at most) through the live
   * path's VAD, segmenter and speech recogniser; the text is the rep's turn (empty: no words heard).
   */
  'simulator.transcribe': {
    request: z.object({ audio: z.string().min(1).max(7_500_000), language: SpokenLanguage }).strict(),
    response: z.object({ text: z.string(), engine: z.string(), durationMs: z.number(), clip: z.string().nullable() }),
  },
  /**
   * A spoken turn captured by the core on the Settings microphone (the live call's capture):
   * answers when the rep's first utterance with words ends ('' after `maxMs` of none, or when
   * listen.stop is called). One listen at a time.
   */
  'simulator.listen': { request: z.object({ language: SpokenLanguage, maxMs: z.number().int().min(1000).max(120_000).default(30_000) }).strict(), response: z.object({ text: z.string(), engine: z.string(), clip: z.string().nullable() }) },
  'simulator.listen.stop': { request: z.object({}).strict(), response: z.object({ stopped: z.boolean() }) },
  /** A recorded call scored with the role-play rubric (the customer is the buyer; no hidden-concern check). */
  'simulator.scoreCall': {
    request: z.object({ callId: z.string().min(1), passMark: z.number().int().min(0).max(100).default(70) }).strict(),
    response: z.object({
      callId: z.string(),
      language: SpokenLanguage,
      score: z.number(),
      passed: z.boolean(),
      categories: Categories,
      checks: z.array(SimCheck),
      feedback: z.array(z.string()),
      objections: z.array(z.object({ type: ObjectionType, answered: z.boolean() })),
      transcript: z.array(SimLine),
    }),
  },
  /** The buyer's line as speech (WAV, base64), for a UI without a voice of its own (espeak-ng). */
  'simulator.speak': { request: z.object({ text: z.string().trim().min(1).max(2000), language: SpokenLanguage }).strict(), response: z.object({ audio: z.string(), mime: z.literal('audio/wav') }) },
} as const;

export const simulatorEvents = {
  /** A persona or scenario was edited or restored. */
  'simulator.libraryChanged': z.object({}),
  /** A run was stored (the history changed). */
  'simulator.saved': z.object({ id: z.string() }),
  /** Runs were deleted (by the rep, or by the retention period). */
  'simulator.deleted': z.object({ ids: z.array(z.string()) }),
} as const;
