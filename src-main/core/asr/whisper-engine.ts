/**
 * Whisper behind AsrEngine: one whisper.cpp context per engine, model loaded once and kept
 * resident; each transcribe() runs on the binding's worker thread. Load failures become the
 * model manager's one-line error naming `salesedge models fetch NAME`.
 */
import fs from 'node:fs';
import { CoreError } from '../../../src-shared/errors';
import { openWhisperContext, type WhisperBackend } from '../../../native/whisper';
import { modelErrors } from '../models/model-manager';
import type { AsrEngine } from './types';

export type WhisperEngine = AsrEngine & { readonly modelName: string; readonly modelPath: string; readonly device: WhisperBackend };

export type WhisperEngineOptions = {
  modelPath: string;
  /** Manifest name ('base', 'tiny.en') or a label for a custom file; used in errors and Settings. */
  modelName: string;
  threads?: number;
  useGpu?: boolean;
  env?: NodeJS.ProcessEnv;
};

const toLang = (code: string | null): 'pt' | 'en' | null => (code === 'pt' || code === 'en' ? code : null);

export async function openWhisperEngine(options: WhisperEngineOptions): Promise<WhisperEngine> {
  const { modelPath, modelName } = options;
  if (!fs.existsSync(modelPath)) throw modelErrors.missing(modelName);
  let ctx: ReturnType<typeof openWhisperContext>;
  try {
    ctx = openWhisperContext(modelPath, { useGpu: options.useGpu, env: options.env });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (msg.startsWith('the whisper.cpp binding could not be loaded')) throw new CoreError('unavailable', msg);
    throw modelErrors.corrupt(modelName, modelPath, 'whisper.cpp could not load it');
  }
  // English-only checkpoints cannot transcribe Portuguese; say so instead of returning English gibberish.
  const englishOnly = /\.en\b/.test(modelName);
  // One decode at a time: the binding would queue extra calls on libuv pool threads that then
  // just wait on the context's mutex, starving file and DNS work.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    id: 'whisper',
    backend: `whisper.cpp ${modelName} (${ctx.backend})`,
    modelName,
    modelPath,
    device: ctx.backend,
    async transcribe(samples, opts) {
      if (englishOnly && opts.language === 'pt') {
        throw new CoreError('bad_request', `the Whisper model '${modelName}' is English-only: run \`salesedge models fetch base\` for Portuguese`);
      }
      const language = englishOnly ? 'en' : opts.language;
      const run = queue.then(() => ctx.transcribe(samples, { language, threads: options.threads, fallback: !opts.partial, prompt: opts.prompt }));
      queue = run.catch(() => undefined);
      const out = await run;
      return { text: out.text, language: language === 'auto' ? toLang(out.language) : language };
    },
    async close() {
      await queue;
      await ctx.release();
    },
  };
}
