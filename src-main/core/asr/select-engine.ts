/**
 * Picks the recogniser: Whisper when a model is installed (or SALESEDGE_WHISPER_MODEL names a
 * file), else pocketsphinx when Debian's package is there. The note says which and why; the
 * CLI prints it on stderr and Settings shows `core.asr.backend()`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CoreError } from '../../../src-shared/errors';
import { notice } from '../../../src-shared/notice';
import type { Policy } from '../../../src-shared/policy';
import { probeWhisperBackend } from '../../../native/whisper';
import { createModelManager, fixCommand, type ModelManager } from '../models/model-manager';
import { openPocketsphinxEngine, pocketsphinxAvailable, POCKETSPHINX_INSTALL_HINT } from './pocketsphinx-engine';
import { openWhisperEngine } from './whisper-engine';
import type { AsrEngine, AsrLanguage } from './types';
import type { AsrBackendInfo } from '../../../src-shared/ipc/app';

type AsrEngineId = 'whisper' | 'pocketsphinx';

type OpenAsrOptions = {
  engine?: AsrEngineId;
  language?: AsrLanguage;
  /** A manifest model name to use instead of the default pick. */
  model?: string;
  /** IT-provided models folder from the policy file. */
  itModelsDir?: string | null;
  threads?: number;
  env?: NodeJS.ProcessEnv;
};

const DEFAULT_MODEL = 'base';

/** Where models are looked for: the core's data folder and its policy's IT models folder. */
type CoreLike = { dataDir: string; policy?: Policy | null };

/**
 * The speech-recognition backend Settings shows: probed on first read (the engine
 * openAsrEngine would pick and the device whisper.cpp would use; costs nothing at core start),
 * then the backend of the last engine opened. One per core, created in createCore.
 */
export type AsrStatus = { backend(): string; opened(backend: string): void };

export function createAsrStatus(core: CoreLike, options: Pick<OpenAsrOptions, 'itModelsDir' | 'env'> = {}): AsrStatus {
  let value: string | undefined;
  return {
    backend: () => (value ??= probeAsrBackend(core, options)),
    opened: (backend) => {
      value = backend;
    },
  };
}

/** The model manager for a core: its data dir, and the IT models folder of its policy file. */
export const modelManagerFor = (core: CoreLike, options: Pick<OpenAsrOptions, 'itModelsDir' | 'env'> = {}): ModelManager =>
  createModelManager({ dataDir: core.dataDir, itModelsDir: options.itModelsDir ?? core.policy?.modelsDir ?? null, env: options.env });

/** Which Whisper model would be used, without loading it (no hashing either). */
function pickWhisperModel(mm: ModelManager, options: OpenAsrOptions): { name: string; path: string | null; custom: boolean } | null {
  const env = options.env ?? process.env;
  const custom = env.SALESEDGE_WHISPER_MODEL;
  if (custom) return { name: path.basename(custom).replace(/^ggml-/, '').replace(/\.bin$/, ''), path: custom, custom: true };
  if (options.model) {
    const st = mm.list().find((m) => m.name === options.model);
    if (!st) mm.entry(options.model); // throws the unknown-model error
    return { name: options.model, path: st?.path ?? null, custom: false };
  }
  // Portuguese (or auto) needs a multilingual checkpoint (manifest order: tiny, then base, …);
  // English-only calls prefer the `.en` checkpoint of the same size, which is more accurate in English.
  const usable = mm.installed().filter((m) => options.language === 'en' || m.languages === 'multilingual');
  const size = (name: string) => name.replace(/\.en$/, '');
  const first = options.language === 'en' ? (usable.find((m) => m.languages === 'en' && size(m.name) === size(usable[0]?.name ?? '')) ?? usable[0]) : usable[0];
  return first ? { name: first.name, path: first.path, custom: false } : null;
}

async function openWhisper(mm: ModelManager, pick: { name: string; path: string | null; custom: boolean }, options: OpenAsrOptions): Promise<AsrEngine> {
  if (pick.custom) {
    if (!fs.existsSync(pick.path!)) {
      throw new CoreError('not_found', `SALESEDGE_WHISPER_MODEL points to ${pick.path}, which does not exist: fix the path or unset it and run \`${fixCommand(DEFAULT_MODEL)}\``);
    }
    return openWhisperEngine({ modelPath: pick.path!, modelName: pick.name, threads: options.threads, env: options.env });
  }
  const resolved = await mm.resolve(pick.name);
  return openWhisperEngine({ modelPath: resolved.path, modelName: pick.name, threads: options.threads, env: options.env });
}

/** Whether a Whisper model would be picked (installed, IT folder, or SALESEDGE_WHISPER_MODEL), without loading it. */
export function whisperModelAvailable(core: CoreLike, options: Pick<OpenAsrOptions, 'language' | 'env'> = {}): boolean {
  try {
    const pick = pickWhisperModel(modelManagerFor(core, options), { language: options.language, env: options.env });
    return pick !== null && (pick.path === null || fs.existsSync(pick.path));
  } catch {
    return false;
  }
}

/** Opens the engine asked for (or the best one available) and tells `core.asr` which it is. */
export async function openAsrEngine(core: CoreLike & { asr?: AsrStatus }, options: OpenAsrOptions = {}): Promise<{ engine: AsrEngine; note: string }> {
  const env = options.env ?? process.env;
  const mm = modelManagerFor(core, options);
  const done = (engine: AsrEngine, note: string) => {
    core.asr?.opened(engine.backend);
    return { engine, note };
  };

  if (options.engine === 'pocketsphinx') {
    const engine = await openPocketsphinxEngine({ env });
    return done(engine, `using ${engine.backend} (--engine pocketsphinx)`);
  }
  if (options.engine === 'whisper') {
    const pick = pickWhisperModel(mm, options) ?? { name: options.model ?? DEFAULT_MODEL, path: null, custom: false };
    const engine = await openWhisper(mm, pick, options);
    return done(engine, `using ${engine.backend} (--engine whisper)`);
  }
  if (options.engine !== undefined) throw new CoreError('bad_request', `unknown engine '${String(options.engine)}' (whisper or pocketsphinx)`);

  // No engine named: Whisper if a model is there, else the next available engine.
  const pick = pickWhisperModel(mm, options);
  let whisperProblem = `no Whisper model installed (run \`${fixCommand(DEFAULT_MODEL)}\`)`;
  // Why Whisper is out, for a UI: no model (and the command that adds one), or what failed.
  let whisperFailed: string | null = null;
  if (pick) {
    try {
      const engine = await openWhisper(mm, pick, options);
      return done(engine, `using ${engine.backend}`);
    } catch (err) {
      if (!(err instanceof CoreError)) throw err;
      whisperProblem = err.message;
      whisperFailed = err.message;
    }
  }
  if (options.language === 'pt') {
    throw new CoreError('not_found', `${whisperProblem}; Portuguese needs Whisper`, whisperFailed === null ? notice('asr.noWhisperModelPt', { fix: fixCommand(DEFAULT_MODEL) }) : notice('asr.whisperFailedPt', { detail: whisperFailed }));
  }
  const ps = pocketsphinxAvailable(env);
  if (!ps.ok) {
    throw new CoreError('unavailable', `no speech recogniser available: ${whisperProblem}; or ${POCKETSPHINX_INSTALL_HINT}`, whisperFailed === null ? notice('asr.noWhisperModelNoRecogniser', { fix: fixCommand(DEFAULT_MODEL) }) : notice('asr.whisperFailedNoRecogniser', { detail: whisperFailed }));
  }
  const engine = await openPocketsphinxEngine({ env });
  return done(engine, `${whisperProblem}; using ${engine.backend}`);
}

/**
 * What Settings shows before any engine is opened: the engine openAsrEngine would pick and
 * the backend the whisper.cpp binding would use. Cheap: loads the addons, never a model.
 */
function probeAsrBackend(core: CoreLike, options: Pick<OpenAsrOptions, 'itModelsDir' | 'env'> = {}): string {
  const env = options.env ?? process.env;
  let pick: ReturnType<typeof pickWhisperModel> = null;
  try {
    pick = pickWhisperModel(modelManagerFor(core, options), { env });
  } catch {
    pick = null;
  }
  const probe = probeWhisperBackend(env);
  const device = 'backend' in probe ? (probe.backend === 'CPU' ? `CPU ${probe.cpuLevel}` : probe.backend) : null;
  if (pick && device) return `whisper.cpp ${pick.name} (${device})`;
  if (pocketsphinxAvailable(env).ok) return `pocketsphinx en-us (CPU)${device ? `; whisper.cpp ready (${device}), no model: ${fixCommand(DEFAULT_MODEL)}` : ''}`;
  return device ? `none: whisper.cpp ready (${device}), no model: ${fixCommand(DEFAULT_MODEL)}` : 'none';
}

/** The reference engines' backend lines (reference-engine.ts), as written there. */
const REFERENCE_LINE = 'reference transcript (call script, not a recogniser)';
const SCRIPT_SUFFIX = ', words from the call script';

/**
 * The backend line (probeAsrBackend's, or an opened engine's `backend`) in parts, so Settings
 * can say it in the UI's language; the parts themselves are product names, devices and commands.
 */
export function describeAsrBackend(line: string): AsrBackendInfo {
  if (line === REFERENCE_LINE) return { engine: null, script: 'reference', whisperReady: null };
  if (line.endsWith(SCRIPT_SUFFIX)) return { engine: line.slice(0, -SCRIPT_SUFFIX.length), script: 'whisper-script', whisperReady: null };
  const ready = /^(.*?)[;:] whisper\.cpp ready \((.+)\), no model: (.+)$/.exec(line);
  if (ready) return { engine: ready[1] === 'none' ? null : ready[1]!, script: null, whisperReady: { device: ready[2]!, fix: ready[3]! } };
  return { engine: line === 'none' || line === '' ? null : line, script: null, whisperReady: null };
}
