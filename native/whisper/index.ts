/**
 * Adapter over the whisper.cpp binding `@fugood/whisper.node` (see README.md for why this one).
 * The addon is loaded lazily (the first probe or model load), picking the best prebuilt
 * variant that loads on this machine: CUDA, then Vulkan, then the default build (Metal on
 * macOS, CPU elsewhere). A context keeps its model resident; transcription runs on libuv's
 * thread pool (the binding's AsyncWorker), never on the JS thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

// tsx runs .ts as CommonJS (bench), Vite and vitest as ESM: take whichever anchor exists.
const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);

export type WhisperBackend = 'CUDA' | 'Vulkan' | 'Metal' | 'CPU';

export type WhisperTranscribeOptions = {
  /** ISO code ('pt', 'en') or 'auto' for detection. */
  language: string;
  threads?: number;
  /** Temperature fallback re-decodes hard audio up to 5 more times: good for finals, too slow for partials. */
  fallback?: boolean;
  /** Text of the previous partial, to keep the next one consistent. */
  prompt?: string;
};

export type WhisperOutput = { text: string; language: string | null; segments: { text: string; startMs: number; endMs: number }[] };

export type WhisperContext = {
  readonly modelPath: string;
  readonly backend: WhisperBackend;
  /** 16 kHz mono samples in [-1, 1]. */
  transcribe(samples: Float32Array, options: WhisperTranscribeOptions): Promise<WhisperOutput>;
  /** whisper.cpp's own fixed-work benchmark (one encode, 256 one-token decodes, batched and prompt decodes); times are per call. */
  bench(threads: number): Promise<{ encodeMs: number; decodeMs: number; batchdMs: number; promptMs: number; systemInfo: string }>;
  release(): Promise<void>;
};

type NativeResult = { result: string; language?: string; segments: { text: string; t0: number; t1: number }[]; isAborted: boolean };
type NativeContext = {
  transcribeData(pcm16: ArrayBuffer, options: Record<string, unknown>): { stop(): Promise<void>; promise: Promise<NativeResult> };
  bench(threads: number): Promise<{ config: string; encodeMs: number; decodeMs: number; batchdMs: number; promptMs: number }>;
  release(): Promise<void>;
};
type NativeModule = {
  WhisperContext: { new (options: { filePath: string; useGpu?: boolean }): NativeContext; toggleNativeLog(enable: boolean): void };
};

export type LoadedBinding = { module: NativeModule; backend: WhisperBackend; variant: string; tried: string[] };

let cached: LoadedBinding | null = null;

/** Variants in order of preference; SALESEDGE_WHISPER_BACKEND=cpu|vulkan|cuda forces one. */
function candidates(env: NodeJS.ProcessEnv): { pkg: string; backend: WhisperBackend }[] {
  const base = `@fugood/node-whisper-${process.platform}-${process.arch}`;
  const all: { pkg: string; backend: WhisperBackend; key: string }[] = [
    { pkg: `${base}-cuda`, backend: 'CUDA', key: 'cuda' },
    { pkg: `${base}-vulkan`, backend: 'Vulkan', key: 'vulkan' },
    // The default macOS build is compiled with Metal; elsewhere it is the CPU build.
    { pkg: base, backend: process.platform === 'darwin' ? 'Metal' : 'CPU', key: 'cpu' },
  ];
  const forced = env.SALESEDGE_WHISPER_BACKEND?.toLowerCase();
  return forced ? all.filter((c) => c.key === forced || (forced === 'metal' && c.key === 'cpu')) : all;
}

/**
 * Whether a device for a GPU variant is there at all. A GPU build loads fine on a machine
 * without one (libvulkan ships with browsers) and whisper.cpp then silently runs on the CPU,
 * so the library loading is not enough to claim the backend.
 */
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

/**
 * Loads the binding once. A GPU variant whose runtime libraries are missing (no CUDA
 * toolkit, no libvulkan) fails to load and we fall through to the next one.
 */
export function loadWhisperBinding(env: NodeJS.ProcessEnv = process.env): LoadedBinding {
  if (cached) return cached;
  const tried: string[] = [];
  for (const c of candidates(env)) {
    if (c.backend === 'CUDA' || c.backend === 'Vulkan') {
      const device = gpuDevicePresent(c.backend, process.platform, env);
      if (!device.ok && !env.SALESEDGE_WHISPER_BACKEND) {
        tried.push(`${c.pkg}: ${device.why}`);
        continue;
      }
    }
    try {
      const module = require(c.pkg) as NativeModule;
      if (typeof module.WhisperContext !== 'function') throw new Error('no WhisperContext export');
      // whisper.cpp logs model loading on stderr (stdout stays clean for --json). Never route it to
      // JS with toggleNativeLog(true, cb): the binding calls the callback blocking from the JS
      // thread while the synchronous model load holds it, and the process deadlocks.
      cached = { module, backend: c.backend, variant: c.pkg, tried };
      return cached;
    } catch (err) {
      tried.push(`${c.pkg}: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
    }
  }
  throw new Error(`the whisper.cpp binding could not be loaded (${tried.join('; ') || 'no variant for this platform'}); reinstall with npm install @fugood/whisper.node`);
}

/** Cheap probe for Settings: loads the addon (milliseconds), never a model. */
export function probeWhisperBackend(env: NodeJS.ProcessEnv = process.env): { backend: WhisperBackend; variant: string } | { error: string } {
  try {
    const b = loadWhisperBinding(env);
    return { backend: b.backend, variant: b.variant };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Float32 [-1, 1] to the 16-bit PCM the binding's transcribeData takes. */
export function toPcm16(samples: Float32Array): ArrayBuffer {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    out[i] = s < 0 ? s * 0x8000 : s * 0x7fff;
  }
  return out.buffer;
}

/**
 * Loads a ggml model and keeps it resident. Throws a plain Error when whisper.cpp rejects the
 * file; callers (the ASR engine) turn it into the model manager's one-line error.
 * Model loading is synchronous in the binding: do it once, at engine open.
 */
export function openWhisperContext(modelPath: string, options: { useGpu?: boolean; env?: NodeJS.ProcessEnv } = {}): WhisperContext {
  const binding = loadWhisperBinding(options.env);
  const useGpu = options.useGpu ?? binding.backend !== 'CPU';
  const native = new binding.module.WhisperContext({ filePath: modelPath, useGpu });
  const backend: WhisperBackend = useGpu ? binding.backend : 'CPU';
  let released = false;
  return {
    modelPath,
    backend,
    async transcribe(samples, opts) {
      if (released) throw new Error('whisper context already released');
      const run = native.transcribeData(toPcm16(samples), {
        language: opts.language,
        ...(opts.threads ? { maxThreads: opts.threads } : {}),
        ...(opts.fallback === false ? { temperatureInc: 0 } : {}),
        ...(opts.prompt ? { prompt: opts.prompt } : {}),
      });
      const r = await run.promise;
      return {
        text: r.result.trim(),
        language: r.language ? r.language : null,
        segments: r.segments.map((s) => ({ text: s.text, startMs: s.t0, endMs: s.t1 })),
      };
    },
    async bench(threads) {
      const r = await native.bench(threads);
      return { encodeMs: r.encodeMs, decodeMs: r.decodeMs, batchdMs: r.batchdMs, promptMs: r.promptMs, systemInfo: r.config };
    },
    async release() {
      if (released) return;
      released = true;
      await native.release();
    },
  };
}
