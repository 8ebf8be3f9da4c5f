/**
 * Random-weight Whisper models for the benches (no real weights can be downloaded here):
 * shape-identical to the real ones (scripts/make-random-ggml.py), so their compute cost is real,
 * and quantised copies made by whisper.cpp's own `whisper-quantize`. Cached in the temp folder.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');
export const benchModelDir = path.join(os.tmpdir(), 'salesedge-bench-whisper');
export const whisperBinDir = path.join(repoRoot, 'native/whisper/build/bin');

/** A whisper.cpp tool from the same patched tree as the addon, built on first use. */
export function whisperTool(target: string): string {
  const file = path.join(whisperBinDir, target);
  if (!fs.existsSync(file)) execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build-whisper.mjs'), '--target', target], { stdio: 'inherit' });
  return file;
}

/** `tiny`, `base`, `small`…: the f16 random-weight model of that size. */
export function randomModel(name: string): string {
  fs.mkdirSync(benchModelDir, { recursive: true });
  const file = path.join(benchModelDir, `ggml-${name}-random.bin`);
  if (!fs.existsSync(file)) execFileSync('python3', [path.join(repoRoot, 'scripts/make-random-ggml.py'), name, file], { stdio: 'inherit' });
  return file;
}

/** A quantised copy (`q8_0`, `q5_1`, `q4_0`) of a model file. */
export function quantised(file: string, type: string): string {
  const out = file.replace(/\.bin$/, `-${type}.bin`);
  if (!fs.existsSync(out)) execFileSync(whisperTool('whisper-quantize'), [file, out, type], { stdio: 'pipe' });
  return out;
}

/** `base` or `base-q8_0`: the random-weight model of that size, quantised when asked. */
export function randomModelFor(kind: string): string {
  const m = /^([a-z0-9.]+?)(?:-(q\d_\d|q\d_k))?$/.exec(kind);
  if (!m) throw new Error(`unknown model kind "${kind}" (tiny, base, small, optionally -q8_0, -q5_1, -q4_0)`);
  const f16 = randomModel(m[1]!);
  return m[2] ? quantised(f16, m[2]) : f16;
}
