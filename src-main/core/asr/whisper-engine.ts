/**
 * Whisper behind AsrEngine: one whisper.cpp context per engine, model loaded once and kept
 * resident; each transcribe() runs on a worker thread of the project's addon. Every decode is
 * sized to its utterance: the encoder sees `audioCtxFor(seconds)` frames instead of a 30 s
 * window, and the decoder stops after `maxTokensFor(seconds)` tokens. With language 'auto', a
 * speaker's language is detected until one of their finals settles it (whisper.cpp's detection
 * costs a second encode per job). Load failures become the model manager's one-line error naming
 * `salesedge models fetch NAME`.
 */
import fs from 'node:fs';
import { CoreError, oneLine } from '../../../src-shared/errors';
import { openWhisperContext, physicalCores, WhisperAbortError, type WhisperBackend, type WhisperContext, type WhisperOutput } from '../../../native/whisper';
import { modelErrors } from '../models/model-manager';
import { SAMPLE_RATE } from '../audio/types';
import type { AsrEngine, AsrTranscribeOptions } from './types';

type WhisperEngine = AsrEngine & {
  readonly modelName: string;
  readonly modelPath: string;
  readonly device: WhisperBackend;
  /** What the last decode cost (benchmarks, tests). */
  readonly last: WhisperOutput | null;
};

type WhisperEngineOptions = {
  modelPath: string;
  /** Manifest name ('base', 'tiny.en') or a label for a custom file; used in errors and Settings. */
  modelName: string;
  threads?: number;
  useGpu?: boolean;
  /** Encoder frames added to 50 per second of audio (default `AUDIO_CTX_MARGIN`); 'full' = the 30 s window. */
  audioCtxMargin?: number | 'full';
  /** Beam width for finals (default greedy: see docs/benchmarks.md for what a beam costs). */
  finalBeamSize?: number;
  /** One short decode at open (default on): the first utterance of a call would otherwise pay for first-use allocations and page faults. */
  warmUp?: boolean;
  env?: NodeJS.ProcessEnv;
};

/** Whisper's encoder makes 50 frames per second of audio; its window is 1500 (30 s). */
const ENCODER_FRAMES_PER_SECOND = 50;
const FULL_AUDIO_CTX = 1500;
/**
 * Frames beyond the audio itself. One second: a cut context shorter than the audio drops the
 * words at the end, and a context right at the audio's length makes Whisper more likely to
 * repeat itself. `SALESEDGE_WHISPER_MODEL=… npm run bench -- whisper` prints WER per margin on
 * real weights, the measure to change it by.
 */
export const AUDIO_CTX_MARGIN = 50;
/** Encoder contexts are rounded up to a multiple of this (the attention kernels' tile). */
const AUDIO_CTX_STEP = 64;

/** The encoder context a stretch of audio needs: 50 frames per second plus a margin, rounded up. */
export function audioCtxFor(samples: number, margin: number | 'full' = AUDIO_CTX_MARGIN): number {
  if (margin === 'full') return FULL_AUDIO_CTX;
  const frames = (samples / SAMPLE_RATE) * ENCODER_FRAMES_PER_SECOND + margin;
  return Math.min(FULL_AUDIO_CTX, Math.ceil(frames / AUDIO_CTX_STEP) * AUDIO_CTX_STEP);
}

/** The most tokens of the previous utterance passed as prompt: enough context, a bounded cost. */
const MAX_PROMPT_TOKENS = 48;

/** The end of `text` that makes at most `max` tokens (cut at a word boundary when there is one). */
export function promptTail(text: string, max: number, count: (t: string) => number): string {
  let t = text.trim();
  while (t && count(t) > max) {
    const cut = t.indexOf(' ', Math.max(1, Math.floor(t.length / 8)));
    t = cut > 0 ? t.slice(cut + 1) : t.slice(Math.ceil(t.length / 8));
  }
  return t;
}

/**
 * The most tokens a stretch of speech can hold: fast Portuguese runs about 4 words a second at
 * under 2 tokens a word, so 8 tokens a second plus a few for punctuation. Bounds a decode that
 * would otherwise run to whisper.cpp's 224-token limit (random weights, hallucination loops).
 */
export function maxTokensFor(samples: number): number {
  return Math.min(224, Math.ceil((samples / SAMPLE_RATE) * 8) + 6);
}

const toLang = (code: string | null): 'pt' | 'en' | null => (code === 'pt' || code === 'en' ? code : null);

export async function openWhisperEngine(options: WhisperEngineOptions): Promise<WhisperEngine> {
  const { modelPath, modelName } = options;
  const env = options.env ?? process.env;
  if (!fs.existsSync(modelPath)) throw modelErrors.missing(modelName);
  let ctx: WhisperContext;
  try {
    ctx = await openWhisperContext(modelPath, { useGpu: options.useGpu, env });
  } catch (err) {
    const msg = oneLine(err);
    if (msg.startsWith('the whisper.cpp addon')) throw new CoreError('unavailable', msg);
    throw modelErrors.corrupt(modelName, modelPath, `whisper.cpp could not load it: ${msg}`);
  }
  // English-only checkpoints cannot transcribe Portuguese; say so instead of returning English gibberish.
  const englishOnly = !ctx.multilingual;
  const threads = options.threads ?? physicalCores(env);
  const margin = options.audioCtxMargin ?? AUDIO_CTX_MARGIN;
  // Language detection ('auto') costs whisper.cpp a second encode, at whatever context the previous
  // job used: detect per speaker until one of their finals has told us, then pin it.
  const known = new Map<AsrTranscribeOptions['speaker'], 'pt' | 'en'>();
  // One decode at a time per model (one whisper_state); the addon's mutex is only the backstop.
  let queue: Promise<unknown> = Promise.resolve();
  let last: WhisperOutput | null = null;
  const device = ctx.backend === 'CPU' ? `CPU ${ctx.cpuLevel}` : ctx.backend;
  if (options.warmUp ?? true) {
    await ctx.transcribe(new Float32Array(SAMPLE_RATE), { language: 'en', threads, audioCtx: audioCtxFor(SAMPLE_RATE, margin), maxTokens: 2 }).catch(() => undefined);
  }
  return {
    id: 'whisper',
    backend: `whisper.cpp ${modelName} (${device})`,
    modelName,
    modelPath,
    device: ctx.backend,
    get last() {
      return last;
    },
    async transcribe(samples, opts: AsrTranscribeOptions) {
      if (englishOnly && opts.language === 'pt') {
        throw new CoreError('bad_request', `the Whisper model '${modelName}' is English-only: run \`salesedge models fetch base\` for Portuguese`);
      }
      const language = englishOnly ? 'en' : opts.language === 'auto' ? (known.get(opts.speaker) ?? 'auto') : opts.language;
      const bound = maxTokensFor(samples.length);
      const run = queue.then(() =>
        ctx.transcribe(samples, {
          language,
          threads,
          audioCtx: audioCtxFor(samples.length, margin),
          maxTokens: opts.maxTokens ? Math.min(bound, opts.maxTokens) : bound,
          // Partials are greedy and never re-decoded; finals may use a beam.
          beamSize: opts.partial ? 0 : (options.finalBeamSize ?? 0),
          temperatureFallback: false,
          prompt: opts.prompt ? promptTail(opts.prompt, MAX_PROMPT_TOKENS, (t) => ctx.tokenCount(t)) : undefined,
          signal: opts.signal,
        }),
      );
      queue = run.catch(() => undefined);
      try {
        const out = await run;
        last = out;
        const detected = language === 'auto' ? toLang(out.language) : language;
        if (language === 'auto' && detected && !opts.partial) known.set(opts.speaker, detected);
        return { text: out.text, language: detected };
      } catch (err) {
        if (err instanceof WhisperAbortError) throw err;
        throw new CoreError('internal', `whisper.cpp failed on an utterance: ${(err as Error).message}`);
      }
    },
    async close() {
      await queue;
      await ctx.release();
    },
  };
}
