/**
 * Generated test fixtures (random-weight Whisper models, espeak-ng calls) cached by the content
 * of what makes them: the generator's source files and its arguments. The first run makes the
 * fixture; later runs (other test files, the next `npm test`) reuse it until a generator
 * changes. Generators here are deterministic (fixed seeds), so a cached fixture is the fixture.
 *
 * The cache is `node_modules/.cache/salesedge-fixtures` (SALESEDGE_FIXTURE_CACHE overrides):
 * a fresh clone starts empty, and removing node_modules clears it. An entry is written to a
 * temp folder and renamed into place, so a run that dies half-way never leaves a half fixture,
 * and two test processes making the same entry at once both end with a whole one. Callers
 * must treat the returned folder as read-only (copy a file before changing it).
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');

export const fixtureCacheDir = (): string => process.env.SALESEDGE_FIXTURE_CACHE || path.join(repoRoot, 'node_modules', '.cache', 'salesedge-fixtures');

export type FixtureSpec = {
  /** Readable prefix of the entry's folder name. */
  name: string;
  /** Repo-relative files whose content decides the fixture (the generator and what it reads). */
  inputs: string[];
  /** Anything else that decides it (generator arguments). */
  args?: string[];
  /** Writes the fixture into `dir` (an empty folder). */
  make(dir: string): void;
};

/** The key of a fixture: sha-256 over its name, arguments and the bytes of its inputs. */
export function fixtureKey(spec: Pick<FixtureSpec, 'name' | 'inputs' | 'args'>): string {
  const h = crypto.createHash('sha256');
  h.update(`${spec.name}\0${(spec.args ?? []).join('\0')}\0`);
  for (const rel of [...spec.inputs].sort()) {
    h.update(`${rel}\0`);
    h.update(fs.readFileSync(path.join(repoRoot, rel)));
  }
  return h.digest('hex').slice(0, 16);
}

/** The folder holding the fixture, made now if the cache does not have it. */
export function cachedFixture(spec: FixtureSpec): string {
  const root = fixtureCacheDir();
  const final = path.join(root, `${spec.name}-${fixtureKey(spec)}`);
  if (fs.existsSync(final)) return final;
  fs.mkdirSync(root, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(root, `.${spec.name}-tmp-`));
  try {
    spec.make(tmp);
    try {
      fs.renameSync(tmp, final);
    } catch (err) {
      // Another process put the same entry in place first: theirs is whole, ours goes.
      if (!fs.existsSync(final)) throw err;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return final;
}

/** A random-weight Whisper model with the real one's shapes (scripts/make-random-ggml.py, seed 1). */
export function randomWhisperModel(kind: 'tiny' | 'tiny.en' | 'base' | 'base.en' = 'tiny'): string {
  const file = `ggml-${kind}-random.bin`;
  const script = path.join(repoRoot, 'scripts/make-random-ggml.py');
  const dir = cachedFixture({ name: `ggml-${kind}-random`, inputs: ['scripts/make-random-ggml.py'], args: [kind], make: (d) => void execFileSync('python3', [script, kind, path.join(d, file)], { stdio: 'pipe' }) });
  return path.join(dir, file);
}

/**
 * The random-weight model quantised by whisper.cpp's own `whisper-quantize` (built from the same
 * patched tree on first use: scripts/build-whisper.mjs --target whisper-quantize).
 */
export function quantizedRandomWhisperModel(kind: 'tiny' | 'base', type: 'q8_0' | 'q5_1' | 'q4_0'): string {
  const source = randomWhisperModel(kind);
  const file = `ggml-${kind}-random-${type}.bin`;
  const dir = cachedFixture({
    name: `ggml-${kind}-random-${type}`,
    inputs: ['scripts/make-random-ggml.py'],
    args: [kind, type],
    make: (d) => {
      execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build-whisper.mjs'), '--target', 'whisper-quantize'], { stdio: 'pipe' });
      const bin = path.join(repoRoot, 'native/whisper/build/bin', process.platform === 'win32' ? 'whisper-quantize.exe' : 'whisper-quantize');
      execFileSync(bin, [source, path.join(d, file), type], { stdio: 'pipe' });
    },
  });
  return path.join(dir, file);
}

/** The speakers-and-laptop-mic calls of scripts/make-echo-fixtures.sh (its standard matrix). */
export function echoFixtures(): string {
  const espeak = execFileSync('espeak-ng', ['--version'], { encoding: 'utf8' }).trim();
  const sox = execFileSync('sox', ['--version'], { encoding: 'utf8' }).trim();
  return cachedFixture({ name: 'echo-calls', inputs: ['scripts/make-echo-fixtures.sh'], args: [espeak, sox], make: (d) => void execFileSync(path.join(repoRoot, 'scripts/make-echo-fixtures.sh'), [d], { stdio: 'pipe' }) });
}
