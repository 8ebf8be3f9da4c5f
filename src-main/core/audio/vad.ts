/**
 * Silero VAD (ONNX) on onnxruntime-node: one speech probability per 32 ms window of 16 kHz
 * audio. The model file is copied into models/silero/ at install (scripts/install-models.mjs)
 * and checked against the manifest's sha256 here too, so a corrupt file is a clear error
 * instead of an ONNX Runtime stack trace.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { CoreError } from '../../../src-shared/errors';

/** 512 samples = 32 ms at 16 kHz: the window the 16 kHz Silero model is trained on. */
export const VAD_WINDOW = 512;
/** The model expects the last 64 samples of the previous window prepended (576 in all). */
const CONTEXT = 64;

export type Vad = {
  /** Speech probability (0..1) of the next 512-sample window; state carries across calls. */
  process(window: Float32Array): Promise<number>;
  /** Forget the stream (a new call, a re-opened device). */
  reset(): void;
};

type Manifest = { file: string; sha256: string };
const FIX = 'run `node scripts/install-models.mjs` (or `npm install`) to restore it';

/** Where models/silero lives: from source (src-main/core/audio), from the bundle (out/main), or the cwd. */
export function sileroDir(): string {
  const candidates = [
    process.env.SALESEDGE_SILERO_DIR,
    path.resolve(__dirname, '../../../models/silero'),
    path.resolve(__dirname, '../../models/silero'),
    path.resolve(process.cwd(), 'models/silero'),
  ].filter((d): d is string => !!d);
  return candidates.find((d) => fs.existsSync(path.join(d, 'manifest.json'))) ?? candidates[0]!;
}

const sessions = new Map<string, Promise<ort.InferenceSession>>();

/** Verifies and loads the model once per process; every Vad shares the session (state is per Vad). */
function loadSileroSession(dir = sileroDir()): Promise<ort.InferenceSession> {
  let cached = sessions.get(dir);
  if (!cached) {
    cached = (async () => {
      let manifest: Manifest;
      try {
        manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
      } catch {
        throw new CoreError('unavailable', `Silero VAD manifest missing in ${dir}: reinstall the app or run \`git checkout models/silero\``);
      }
      const file = path.join(dir, manifest.file);
      if (!fs.existsSync(file)) throw new CoreError('unavailable', `Silero VAD model missing (${file}): ${FIX}`);
      const bytes = fs.readFileSync(file);
      const sha = crypto.createHash('sha256').update(bytes).digest('hex');
      if (sha !== manifest.sha256) throw new CoreError('unavailable', `Silero VAD model is corrupt (${file}: sha256 mismatch): ${FIX}`);
      // A tiny recurrent model: one thread per run avoids thread hand-off costing more than the math.
      return ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
    })();
    cached.catch(() => sessions.delete(dir));
    sessions.set(dir, cached);
  }
  return cached;
}

export async function createVad(options: { modelDir?: string } = {}): Promise<Vad> {
  const session = await loadSileroSession(options.modelDir);
  const state = new Float32Array(2 * 128);
  const input = new Float32Array(CONTEXT + VAD_WINDOW);
  const sr = new ort.Tensor('int64', BigInt64Array.from([16000n]));
  const [probName, stateName] = session.outputNames as [string, string];
  return {
    async process(window) {
      if (window.length !== VAD_WINDOW) throw new CoreError('internal', `VAD window must be ${VAD_WINDOW} samples, got ${window.length}`);
      input.copyWithin(0, VAD_WINDOW, VAD_WINDOW + CONTEXT);
      input.set(window, CONTEXT);
      const out = await session.run({
        input: new ort.Tensor('float32', input, [1, input.length]),
        state: new ort.Tensor('float32', state, [2, 1, 128]),
        sr,
      });
      state.set(out[stateName]!.data as Float32Array);
      return (out[probName]!.data as Float32Array)[0]!;
    },
    reset() {
      state.fill(0);
      input.fill(0);
    },
  };
}

/** Probabilities for a whole 16 kHz signal (tests, benches); a short tail is zero-padded. */
export async function speechProbabilities(vad: Vad, samples: Float32Array): Promise<Float32Array> {
  const n = Math.ceil(samples.length / VAD_WINDOW);
  const probs = new Float32Array(n);
  const window = new Float32Array(VAD_WINDOW);
  for (let i = 0; i < n; i++) {
    window.fill(0);
    window.set(samples.subarray(i * VAD_WINDOW, Math.min((i + 1) * VAD_WINDOW, samples.length)));
    probs[i] = await vad.process(window);
  }
  return probs;
}
