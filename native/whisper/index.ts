/**
 * Adapter over the project's own whisper.cpp addon (`src/addon.cc`, built by
 * `scripts/build-whisper.mjs` into `build/bin/`; README.md beside this file says why our own).
 *
 * - The addon and ggml's backend libraries are loaded lazily, once per process. ggml scores each
 *   CPU variant (x64 … AVX2 … AVX-512) against this CPU and keeps the best; GPU backends (CUDA,
 *   Vulkan, Metal) are used when their library is in the folder and their runtime loads.
 * - A context keeps its model resident. Loading and every transcription run on libuv worker
 *   threads (N-API AsyncWorker), never on the JS thread; a job can be aborted mid-decode.
 * - Nothing whisper.cpp logs reaches stdout/stderr (SALESEDGE_WHISPER_LOG=1 shows it); errors
 *   carry whisper.cpp's own last error line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { oneLine } from '../../src-shared/errors';

// tsx runs .ts as CommonJS (bench), Vite and vitest as ESM: take whichever anchor exists.
const here = typeof __filename === 'string' ? __filename : new URL(import.meta.url).pathname;
const require = createRequire(here);

export type WhisperBackend = 'CUDA' | 'Vulkan' | 'Metal' | 'CPU';

export type WhisperTranscribeOptions = {
  /** ISO code ('pt', 'en') or 'auto' for detection. */
  language: string;
  threads?: number;
  /** Encoder context in 20 ms frames (0 = the full 30 s window, 1500). See `audioCtxFor`. */
  audioCtx?: number;
  /** Most tokens to decode (0 = whisper.cpp's own limit). See `maxTokensFor`. */
  maxTokens?: number;
  /** Temperature fallback re-decodes hard audio up to 5 more times: off unless asked. */
  temperatureFallback?: boolean;
  /** Beam search width for finals (0 or 1 = greedy). */
  beamSize?: number;
  /** Text to condition on (the previous utterance, or the committed partial). */
  prompt?: string;
  /** Aborts the job (queued or mid-decode); the promise rejects with a `WhisperAbortError`. */
  signal?: AbortSignal;
  /** Live utterances: one segment, no timestamp tokens (the defaults). The bench turns them off to match whisper-cli. */
  singleSegment?: boolean;
  noTimestamps?: boolean;
};

export type WhisperOutput = {
  text: string;
  language: string | null;
  segments: { text: string; startMs: number; endMs: number }[];
  /** Tokens decoded (text tokens of all segments). */
  tokens: number;
  /** Milliseconds: waiting for the model's previous job, mel + set-up before the encoder, whole whisper_full. */
  queueMs: number;
  melMs: number;
  totalMs: number;
  audioCtx: number;
  /** whisper.cpp's own counters for the job, as whisper-cli prints them. */
  decodeRuns: number;
  encodeMs: number;
  decodeMs: number;
  batchdMs: number;
  promptMs: number;
};

export class WhisperAbortError extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('whisper decode aborted');
  }
}

export type WhisperContext = {
  readonly modelPath: string;
  readonly backend: WhisperBackend;
  /** e.g. 'AVX-512' or 'AVX2': the CPU kernels ggml picked (also set on a GPU backend). */
  readonly cpuLevel: string;
  readonly multilingual: boolean;
  /** whisper.cpp's model type: 'tiny', 'base', 'small', … */
  readonly type: string;
  /** 16 kHz mono samples in [-1, 1]. */
  transcribe(samples: Float32Array, options: WhisperTranscribeOptions): Promise<WhisperOutput>;
  /** Tokens whisper's tokenizer makes of a text. */
  tokenCount(text: string): number;
  release(): Promise<void>;
};

type NativeJob = { promise: Promise<Omit<WhisperOutput, 'language'> & { language: string }>; abort(): void };
type NativeModel = {
  readonly multilingual: boolean;
  readonly type: string;
  transcribe(samples: Float32Array, options: Record<string, unknown>): NativeJob;
  tokenCount(text: string): number;
  release(): Promise<void>;
};
type NativeDevice = { name: string; description: string; type: 'cpu' | 'gpu' | 'igpu' | 'accel'; backend: string };
type NativeModule = {
  loadBackends(dir: string, only?: string): boolean;
  systemInfo(): { info: string; devices: NativeDevice[]; whisperVersion: string };
  loadModel(file: string, options: { useGpu: boolean; flashAttn: boolean; gpuDevice?: number }): Promise<NativeModel>;
  takeLog(): string[];
};

type LoadedAddon = {
  module: NativeModule;
  /** Folder the addon and its backend libraries were loaded from. */
  dir: string;
  /** Best device: the first GPU whisper.cpp would use, else the CPU. */
  backend: WhisperBackend;
  cpuLevel: string;
  devices: NativeDevice[];
  whisperVersion: string;
  systemInfo: string;
};

const ADDON_FILE = 'salesedge_whisper.node';
const WHISPER_BUILD_HINT = 'run `node scripts/build-whisper.mjs` (npm ci does it)';

let cached: LoadedAddon | null = null;

/** Where the addon may be: SALESEDGE_WHISPER_ADDON_DIR, the packaged app's resources, the source tree. */
function addonDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs: string[] = [];
  if (env.SALESEDGE_WHISPER_ADDON_DIR) dirs.push(env.SALESEDGE_WHISPER_ADDON_DIR);
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) dirs.push(path.join(resources, 'whisper'));
  // Up from this file (source tree, or out/main/ of the build) to the repository root.
  let d = path.dirname(here);
  for (let i = 0; i < 6; i++) {
    dirs.push(path.join(d, 'native', 'whisper', 'build', 'bin'));
    if (path.basename(d) === 'whisper' && path.basename(path.dirname(d)) === 'native') dirs.push(path.join(d, 'build', 'bin'));
    d = path.dirname(d);
  }
  dirs.push(path.join(process.cwd(), 'native', 'whisper', 'build', 'bin'));
  return [...new Set(dirs)];
}

const GPU_NAMES: [RegExp, WhisperBackend][] = [
  [/cuda/i, 'CUDA'],
  [/vulkan/i, 'Vulkan'],
  [/metal|mtl/i, 'Metal'],
];

/** The CPU instruction level ggml's chosen CPU backend reports in whisper_print_system_info(). */
export function cpuLevelOf(info: string): string {
  const has = (k: string) => new RegExp(`\\b${k} = 1\\b`).test(info);
  if (has('AVX512')) return 'AVX-512';
  if (has('AVX2')) return 'AVX2';
  if (has('AVX')) return 'AVX';
  if (has('NEON')) return 'NEON';
  if (has('SSE3')) return 'SSE';
  return 'baseline';
}

/**
 * Loads the addon once, and ggml's backends from the same folder. SALESEDGE_WHISPER_CPU_VARIANT
 * (e.g. `haswell`) pins one CPU library instead of ggml's pick (tests, diagnosis).
 */
export function loadWhisperAddon(env: NodeJS.ProcessEnv = process.env): LoadedAddon {
  if (cached) return cached;
  const tried: string[] = [];
  for (const dir of addonDirs(env)) {
    const file = path.join(dir, ADDON_FILE);
    if (!fs.existsSync(file)) continue;
    let module: NativeModule;
    try {
      module = require(file) as NativeModule;
    } catch (err) {
      tried.push(`${file}: ${oneLine(err)}`);
      continue;
    }
    const variant = env.SALESEDGE_WHISPER_CPU_VARIANT;
    const only = variant ? path.join(dir, process.platform === 'win32' ? `ggml-cpu-${variant}.dll` : `libggml-cpu-${variant}.so`) : undefined;
    if (only && !fs.existsSync(only)) throw new Error(`SALESEDGE_WHISPER_CPU_VARIANT=${variant}: no ${path.basename(only)} in ${dir}`);
    module.loadBackends(dir, only);
    const sys = module.systemInfo();
    const gpu = sys.devices.find((d) => d.type === 'gpu' || d.type === 'igpu');
    const backend = gpu ? (GPU_NAMES.find(([re]) => re.test(gpu.backend) || re.test(gpu.name))?.[1] ?? 'CPU') : 'CPU';
    cached = { module, dir, backend, cpuLevel: cpuLevelOf(sys.info), devices: sys.devices, whisperVersion: sys.whisperVersion, systemInfo: sys.info };
    module.takeLog();
    return cached;
  }
  throw new Error(`the whisper.cpp addon is not built (${tried.join('; ') || `no ${ADDON_FILE} in ${addonDirs(env)[0]}`}): ${WHISPER_BUILD_HINT}`);
}

/** Cheap probe for Settings: loads the addon and backends (milliseconds), never a model. */
export function probeWhisperBackend(env: NodeJS.ProcessEnv = process.env): { backend: WhisperBackend; cpuLevel: string } | { error: string } {
  try {
    const a = loadWhisperAddon(env);
    return { backend: env.SALESEDGE_WHISPER_BACKEND?.toLowerCase() === 'cpu' ? 'CPU' : a.backend, cpuLevel: a.cpuLevel };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Physical cores (whisper.cpp is slower on hyper-threads). SALESEDGE_WHISPER_THREADS overrides. */
export function physicalCores(env: NodeJS.ProcessEnv = process.env): number {
  const forced = Number(env.SALESEDGE_WHISPER_THREADS);
  if (Number.isInteger(forced) && forced > 0) return forced;
  const logical = os.availableParallelism();
  try {
    if (process.platform === 'linux') {
      const cores = new Set<string>();
      const base = '/sys/devices/system/cpu';
      for (const name of fs.readdirSync(base)) {
        if (!/^cpu\d+$/.test(name)) continue;
        const t = path.join(base, name, 'topology');
        if (!fs.existsSync(path.join(t, 'core_id'))) continue;
        cores.add(`${fs.readFileSync(path.join(t, 'physical_package_id'), 'utf8').trim()}:${fs.readFileSync(path.join(t, 'core_id'), 'utf8').trim()}`);
      }
      if (cores.size > 0) return Math.min(cores.size, logical);
    } else if (process.platform === 'darwin') {
      const r = spawnSync('sysctl', ['-n', 'hw.perflevel0.physicalcpu'], { encoding: 'utf8' });
      const n = Number(r.stdout?.trim()) || Number(spawnSync('sysctl', ['-n', 'hw.physicalcpu'], { encoding: 'utf8' }).stdout?.trim());
      if (n > 0) return n;
    }
  } catch {
    // fall through to the estimate
  }
  // Windows (and a failed probe): most x64 laptops run two hardware threads per core.
  return logical >= 4 ? Math.floor(logical / 2) : logical;
}

const GGML_MAGIC = 0x67676d6c; // 'ggml', little-endian
const GGUF_MAGIC = 0x46554747; // 'GGUF'

/**
 * Checks a model file's header before whisper.cpp reads it, so a file of the wrong kind is one
 * clear line (whisper.cpp asserts on some malformed headers). Returns null when it looks like a
 * whisper.cpp ggml model.
 */
export function checkWhisperModelHeader(file: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    return `cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(48);
    const n = fs.readSync(fd, head, 0, 48, 0);
    if (n < 48) return `it is only ${size} bytes`;
    const magic = head.readUInt32LE(0);
    if (magic === GGUF_MAGIC) return 'it is a GGUF file (a llama.cpp model?), not a whisper.cpp ggml model';
    if (magic !== GGML_MAGIC) return 'it is not a whisper.cpp ggml model (bad magic)';
    const [nVocab, nAudioCtx, nAudioState, , nAudioLayer, nTextCtx, , , , nMels, ftype] = Array.from({ length: 11 }, (_, i) => head.readInt32LE(4 + 4 * i));
    if (nAudioCtx !== 1500 || nTextCtx !== 448 || nVocab! < 51864 || nVocab! > 51866 || (nMels !== 80 && nMels !== 128)) {
      return 'its header is not a Whisper model’s (wrong vocabulary, context or mel size)';
    }
    // ftype: ggml's file type, plus 1000 × the quantisation format version for quantised files.
    if (!(nAudioState! > 0 && nAudioLayer! > 0) || ftype! < 0 || ftype! % 1000 > 40 || ftype! > 10_000) return 'its header is damaged';
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Loads a ggml model and keeps it resident (read on a worker thread). Rejects with a plain
 * Error naming what is wrong with the file; callers (the ASR engine) add the fix command.
 */
export async function openWhisperContext(modelPath: string, options: { useGpu?: boolean; flashAttn?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<WhisperContext> {
  const env = options.env ?? process.env;
  const addon = loadWhisperAddon(env);
  const bad = checkWhisperModelHeader(modelPath);
  if (bad) throw new Error(bad);
  const useGpu = (options.useGpu ?? addon.backend !== 'CPU') && env.SALESEDGE_WHISPER_BACKEND?.toLowerCase() !== 'cpu';
  let native: NativeModel;
  try {
    native = await addon.module.loadModel(modelPath, { useGpu, flashAttn: options.flashAttn ?? true });
  } catch (err) {
    // The addon's message is whisper.cpp's last error line (or says it had none); drop its function prefix.
    throw new Error((err as Error).message.replace(/^\s*\w+:\s*/, ''));
  } finally {
    addon.module.takeLog();
  }
  const backend: WhisperBackend = useGpu ? addon.backend : 'CPU';
  const defaultThreads = physicalCores(env);
  let released = false;
  return {
    modelPath,
    backend,
    cpuLevel: addon.cpuLevel,
    multilingual: native.multilingual,
    type: native.type,
    async transcribe(samples, opts) {
      if (released) throw new Error('whisper context already released');
      if (opts.signal?.aborted) throw new WhisperAbortError();
      const job = native.transcribe(samples, {
        language: opts.language,
        threads: opts.threads ?? defaultThreads,
        audioCtx: opts.audioCtx ?? 0,
        maxTokens: opts.maxTokens ?? 0,
        temperatureFallback: opts.temperatureFallback ?? false,
        beamSize: opts.beamSize ?? 0,
        prompt: opts.prompt ?? '',
        singleSegment: opts.singleSegment ?? true,
        noTimestamps: opts.noTimestamps ?? true,
      });
      const onAbort = () => job.abort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const r = await job.promise;
        return { ...r, text: r.text.trim(), language: r.language || null };
      } catch (err) {
        if ((err as Error).message === 'aborted') throw new WhisperAbortError();
        throw err;
      } finally {
        opts.signal?.removeEventListener('abort', onAbort);
      }
    },
    tokenCount: (text) => native.tokenCount(text),
    async release() {
      if (released) return;
      released = true;
      await native.release();
    },
  };
}

/** Whether a GPU runtime is plausibly there (Settings' hint when no GPU backend loaded). */
export function gpuDevicePresent(kind: 'CUDA' | 'Vulkan', platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): { ok: boolean; why: string } {
  if (platform === 'linux') {
    if (kind === 'CUDA') return fs.existsSync('/proc/driver/nvidia/version') ? { ok: true, why: '' } : { ok: false, why: 'no NVIDIA driver (/proc/driver/nvidia)' };
    const dri = fs.existsSync('/dev/dri') ? fs.readdirSync('/dev/dri').filter((n) => n.startsWith('renderD')) : [];
    return dri.length > 0 ? { ok: true, why: '' } : { ok: false, why: 'no GPU render node (/dev/dri/renderD*)' };
  }
  if (platform === 'win32') {
    const sys32 = path.join(env.SystemRoot ?? 'C:\\Windows', 'System32');
    const dll = kind === 'CUDA' ? 'nvcuda.dll' : 'vulkan-1.dll';
    return fs.existsSync(path.join(sys32, dll)) ? { ok: true, why: '' } : { ok: false, why: `no ${dll} (GPU driver)` };
  }
  return { ok: false, why: `no ${kind} build for ${platform}` };
}
