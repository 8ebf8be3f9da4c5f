/**
 * The REFERENCE-TRANSCRIPT engine: not a recogniser. It answers each utterance with the call
 * script's text for that stream-time span, so the live path (real VAD timing, partials,
 * NLP, hints, latency) can be tested end to end where no accurate recogniser can run.
 * For a span that ends inside a scripted utterance (a partial), it returns the prefix of
 * words proportional to the time elapsed, like a streaming recogniser would.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { CoreError, oneLine } from '../../../src-shared/errors';
import type { AsrEngine, AsrResult } from './types';
import { whisperTextTokens } from './token-estimate';

const ScriptUtterance = z.object({
  speaker: z.enum(['rep', 'customer']),
  text: z.string(),
  startMs: z.number(),
  endMs: z.number(),
  language: z.enum(['pt', 'en']).optional(),
  /** What the hint engine should do with it (tests and benches check this). */
  expect: z.object({ objection: z.string().optional(), competitor: z.string().optional() }).optional(),
});
export type ScriptUtterance = z.infer<typeof ScriptUtterance>;

export const CallScript = z.object({
  title: z.string().default('Scripted call'),
  language: z.enum(['pt', 'en']),
  durationMs: z.number().optional(),
  utterances: z.array(ScriptUtterance),
});
export type CallScript = z.infer<typeof CallScript>;

export function loadCallScript(file: string): CallScript {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CoreError('bad_request', `cannot read call script ${file}: ${oneLine(err)}`);
  }
  const parsed = CallScript.safeParse(raw);
  if (!parsed.success) throw new CoreError('bad_request', `call script ${file} is invalid: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** The sidecar script of a recording: `call.wav` → `call.script.json`. */
export const scriptPathFor = (wav: string): string => wav.replace(/\.wav$/i, '') + '.script.json';

type ReferenceOptions = {
  /** How far (ms) VAD boundaries may sit outside the scripted times and still match. */
  toleranceMs?: number;
  /** A span reaching within this much of an utterance's end returns the whole utterance. */
  completeWithinMs?: number;
};

export function createReferenceEngine(script: CallScript, options: ReferenceOptions = {}): AsrEngine {
  const tolerance = options.toleranceMs ?? 200;
  const complete = options.completeWithinMs ?? 150;
  return {
    id: 'reference',
    backend: 'reference transcript (call script, not a recogniser)',
    async transcribe(_samples, { startMs, endMs, speaker }): Promise<AsrResult> {
      const parts: string[] = [];
      let language: 'pt' | 'en' | null = null;
      for (const u of script.utterances) {
        if (u.speaker !== speaker || u.endMs < startMs - tolerance || u.startMs > endMs + tolerance) continue;
        language = u.language ?? script.language;
        const words = u.text.trim().split(/\s+/);
        const span = Math.max(1, u.endMs - u.startMs);
        // A span that starts well inside the utterance (VAD split it at a pause) gets the words from there on.
        const from = startMs > u.startMs + tolerance ? Math.round(((startMs - u.startMs) / span) * words.length) : 0;
        const to = endMs >= u.endMs - complete ? words.length : Math.floor(Math.max(0, (endMs - u.startMs) / span) * words.length);
        if (to > from) parts.push(words.slice(from, to).join(' '));
      }
      return { text: parts.join(' '), language: language ?? (script.language || null) };
    },
    close: async () => undefined,
  };
}

/**
 * Whisper's COMPUTE with the call script's WORDS, for benchmarks on random-weight models (which
 * decode no words): every partial and final the live path asks for runs the real decode on the
 * same audio, sized the same, with the same threads, queue and aborts, bounded to the tokens the
 * script's words make (`whisperTextTokens`, + end of text, as a real model would stop), the
 * prompt cut to what the real one costs; the answer is the reference engine's. With real
 * weights, use the Whisper engine itself.
 */
export function createScriptedWhisperEngine(whisper: AsrEngine, script: CallScript, options: ReferenceOptions = {}): AsrEngine {
  const reference = createReferenceEngine(script, options);
  return {
    id: 'whisper',
    backend: `${whisper.backend}, words from the call script`,
    async transcribe(samples, opts) {
      const words = await reference.transcribe(samples, opts);
      // A random-weight model's placeholder vocabulary is one token per byte: cut the prompt to as
      // many bytes as the real tokenizer makes tokens of it, so it costs what the real prompt costs.
      const prompt = opts.prompt ? opts.prompt.slice(-whisperTextTokens(opts.prompt)) : undefined;
      // The script's language, as a real model's detection would have settled it after the first final.
      const language = opts.language === 'auto' && words.language ? words.language : opts.language;
      await whisper.transcribe(samples, { ...opts, language, prompt, maxTokens: whisperTextTokens(words.text) + 1 });
      return words;
    },
    close: () => whisper.close(),
  };
}
