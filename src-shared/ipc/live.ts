import { z } from 'zod';
import { Speaker, SpokenLanguage } from '../taxonomy';
import { Notice } from '../notice';

/**
 * The live path's contract: start/stop a call (devices, a recording or the bundled demo),
 * and the events the Live page and the overlay render (transcript partials and finals,
 * sentiment, hints, tailored replies, call state, audio levels and health).
 */
export const HintStatus = z.enum(['shown', 'pinned', 'copied', 'dismissed', 'used']);
export type HintStatus = z.infer<typeof HintStatus>;
export const HintAction = z.enum(['pin', 'copy', 'dismiss', 'used']);
export type HintAction = z.infer<typeof HintAction>;

const BattlecardDetails = z.object({
  positioning: z.string(),
  landmines: z.array(z.string()),
  proofPoints: z.array(z.string()),
});

export const Hint = z.object({
  id: z.string(),
  callId: z.string(),
  kind: z.enum(['objection', 'competitor', 'llm']),
  /** Objection type or competitor id. */
  trigger: z.string(),
  /** Playbook or battlecard id the reply came from. */
  sourceId: z.string().nullable(),
  /** Short heading: the playbook title or the competitor's name. */
  title: z.string(),
  text: z.string(),
  details: BattlecardDetails.nullable(),
  language: SpokenLanguage,
  confidence: z.number(),
  /** The customer's words that triggered it. */
  utterance: z.string(),
  /** End of the customer utterance (stream ms); provisional until the utterance ends. */
  speechEndMs: z.number(),
  /** When it was shown (stream ms). */
  shownMs: z.number(),
  latencyMs: z.number(),
  fromPartial: z.boolean(),
  status: HintStatus,
  /** Higher shows first when several fire together. */
  priority: z.number(),
});
export type Hint = z.infer<typeof Hint>;

export const TranscriptLine = z.object({
  callId: z.string(),
  type: z.enum(['partial', 'final']),
  speaker: Speaker,
  startMs: z.number(),
  endMs: z.number(),
  text: z.string(),
  language: SpokenLanguage.nullable(),
  /** What recognition cost: the decode's wall time, and for a final what it added after the end of speech (ms). */
  asr: z.object({ computeMs: z.number(), afterEndMs: z.number().nullable(), speculative: z.boolean() }).optional(),
  /** A partial that is the whole utterance decoded at the customer's first pause (asr/streaming.ts), before the end of speech is confirmed. */
  phrase: z.boolean().optional(),
});
export type TranscriptLine = z.infer<typeof TranscriptLine>;

export const SentimentPoint = z.object({
  callId: z.string(),
  speaker: Speaker,
  atMs: z.number(),
  label: z.enum(['negative', 'neutral', 'positive']),
  score: z.number(),
  /** Rolling customer sentiment in [-1, 1] after this point. */
  rolling: z.number().nullable(),
});
export type SentimentPoint = z.infer<typeof SentimentPoint>;

const CallKind = z.enum(['live', 'import', 'demo', 'replay']);
export const CallState = z.object({
  callId: z.string().nullable(),
  state: z.enum(['idle', 'starting', 'running', 'ended', 'error']),
  kind: CallKind.nullable(),
  title: z.string().nullable(),
  language: z.enum(['pt', 'en', 'auto']).nullable(),
  /** Stream position (ms) of the latest audio processed. */
  positionMs: z.number(),
  message: z.string().nullable(),
  /** The message in a UI's own words (src-shared/notice.ts). */
  notice: Notice.nullable().optional(),
});
export type CallState = z.infer<typeof CallState>;

export const TailoredReply = z.object({
  callId: z.string(),
  /** The local hint this reply tailors. */
  hintId: z.string(),
  text: z.string(),
  done: z.boolean(),
  /** One line when the model failed or timed out; the local hint stays. */
  error: z.string().nullable(),
});
export type TailoredReply = z.infer<typeof TailoredReply>;

const Channel = z.enum(['mic', 'system']);
const AudioLevel = z.object({ channel: Channel, atMs: z.number(), rmsDb: z.number(), peakDb: z.number(), speech: z.boolean() });
const AudioHealth = z.object({
  channel: Channel,
  kind: z.enum(['ok', 'silent', 'clipping', 'device-lost', 'device-restored']),
  atMs: z.number(),
  /** Since when the problem lasts (a UI says "for N s" in its own words from kind, channel and these). */
  sinceMs: z.number().optional(),
  /** English, for the CLI. */
  message: z.string(),
});

export const LiveSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('devices'), micDevice: z.string().nullable().optional(), systemDevice: z.string().nullable().optional() }),
  z.object({ kind: z.literal('file'), path: z.string().min(1), realtime: z.boolean().default(true) }),
  z.object({ kind: z.literal('files'), mic: z.string().min(1), system: z.string().min(1), realtime: z.boolean().default(true) }),
  z.object({ kind: z.literal('demo'), language: SpokenLanguage.default('en') }),
]);
export type LiveSource = z.infer<typeof LiveSource>;

/** `label` is English ("name (default) · ALSA"); a UI builds its own from id, isDefault and hostApi. */
const AudioDevice = z.object({ id: z.string(), label: z.string(), hostApi: z.string().optional(), isDefault: z.boolean().optional() });

export const LiveSnapshot = z.object({
  state: CallState,
  transcript: z.array(TranscriptLine),
  hints: z.array(Hint),
  sentiment: SentimentPoint.nullable(),
});
export type LiveSnapshot = z.infer<typeof LiveSnapshot>;

export const liveRequests = {
  'live.start': {
    request: z
      .object({
        source: LiveSource,
        title: z.string().max(200).optional(),
        language: z.enum(['pt', 'en', 'auto']).optional(),
        /**
         * `reference` answers from the recording's call script (demo, tests); `whisper-script` runs
         * Whisper's full compute on every partial and final but takes the words from the call script
         * (benchmarks with random-weight models); default: the settings' engine.
         */
        engine: z.enum(['auto', 'whisper', 'pocketsphinx', 'reference', 'whisper-script']).optional(),
      })
      .strict(),
    response: z.object({ callId: z.string() }),
  },
  'live.stop': { request: z.object({}).strict(), response: z.object({ callId: z.string().nullable() }) },
  /** The current call so far, for a page or overlay that opens mid-call. */
  'live.snapshot': { request: z.object({}).strict(), response: LiveSnapshot },
  'live.devices': {
    request: z.object({}).strict(),
    response: z.object({ mic: z.array(AudioDevice), system: z.array(AudioDevice), message: z.string().nullable(), notice: Notice.nullable().optional() }),
  },
  /** The rep's feedback on a hint (stored in hints.status). */
  'hints.action': { request: z.object({ id: z.string().min(1), action: HintAction }).strict(), response: Hint },
  /** The overlay painted the hint: its render time becomes shown_ms (latency is measured, not guessed). */
  'hints.rendered': { request: z.object({ id: z.string().min(1) }).strict(), response: z.object({ shownMs: z.number().nullable() }) },
  'hints.list': { request: z.object({ callId: z.string().min(1) }).strict(), response: z.array(Hint) },
} as const;

export const liveEvents = {
  'live.state': CallState,
  'live.transcript': TranscriptLine,
  'live.sentiment': SentimentPoint,
  'live.hint': Hint,
  /** A hint changed: its utterance ended (speech_end_ms final), it was rendered, or the rep acted on it. */
  'live.hint.updated': Hint,
  'live.hint.tailored': TailoredReply,
  'live.level': AudioLevel,
  'live.health': AudioHealth,
} as const;
