/**
 * Model manager: where Whisper weights are, fetching them (progress, HTTP Range resume,
 * sha256, or SHA-1 for the quantised files) and verifying them. Lookup order: the IT-provided folder (policy or
 * SALESEDGE_MODELS_DIR, read-only, used before any download), then <data dir>/models.
 * Every failure a user can hit is one line that names the command that fixes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { CoreError } from '../../../src-shared/errors';
import { bundledManifest, digestOf, type Manifest, type ModelEntry } from './manifest';

type ModelSource = 'it' | 'user';

type ModelStatus = {
  name: string;
  file: string;
  languages: ModelEntry['languages'];
  quantization: ModelEntry['quantization'];
  /** Exact bytes when the manifest knows them, else about that many (approxMiB). */
  size: number;
  sizeExact: boolean;
  /** `sha256:…` or `sha1:…`. */
  digest: string;
  license: string;
  url: string;
  installed: boolean;
  /** Where it is when installed; null otherwise. */
  path: string | null;
  source: ModelSource | null;
};

/** `done` is set on the last call, when the transfer ended (complete or not). */
export type FetchProgress = { name: string; received: number; total: number; resumedFrom: number; done?: boolean };

type FetchResult = { name: string; path: string; source: ModelSource; downloaded: boolean; resumedFrom: number; bytes: number };

type VerifyResult = { name: string; path: string; source: ModelSource; ok: boolean; problem: string | null };

type ModelManagerOptions = {
  dataDir: string;
  /** The IT-provided folder from the policy file; SALESEDGE_MODELS_DIR wins over it. */
  itModelsDir?: string | null;
  env?: NodeJS.ProcessEnv;
  manifest?: Manifest;
};

export const fixCommand = (name: string): string => `salesedge models fetch ${name}`;

/** One-line errors, shared with the Whisper engine so a failed load reads the same. */
export const modelErrors = {
  missing: (name: string) => new CoreError('not_found', `Whisper model '${name}' is not installed: run \`${fixCommand(name)}\``),
  corrupt: (name: string, file: string, why: string) =>
    new CoreError('bad_request', `Whisper model '${name}' at ${file} is corrupt (${why}): run \`${fixCommand(name)}\` to download it again`),
  unknown: (name: string, known: string[]) => new CoreError('bad_request', `unknown model '${name}' (known: ${known.join(', ')})`),
};

export type ModelManager = ReturnType<typeof createModelManager>;

export function createModelManager(options: ModelManagerOptions) {
  const env = options.env ?? process.env;
  const manifest = options.manifest ?? bundledManifest;
  const userDir = path.join(options.dataDir, 'models');
  const itDir = env.SALESEDGE_MODELS_DIR || options.itModelsDir || null;
  // Verified-hash cache: hashing 150-500 MB on every start would cost seconds.
  const stampDir = path.join(userDir, '.verified');

  const entry = (name: string): ModelEntry => {
    const found = manifest.models.find((m) => m.name === name);
    if (!found) throw modelErrors.unknown(name, manifest.models.map((m) => m.name));
    return found;
  };

  const locate = (m: ModelEntry): { path: string; source: ModelSource } | null => {
    const candidates: [string | null, ModelSource][] = [
      [itDir, 'it'],
      [userDir, 'user'],
    ];
    for (const [dir, source] of candidates) {
      if (!dir) continue;
      const file = path.join(dir, m.file);
      if (fs.existsSync(file)) return { path: file, source };
    }
    return null;
  };

  const stampFile = (m: ModelEntry, source: ModelSource) => path.join(stampDir, `${source}-${m.file}.json`);

  const readStamp = (m: ModelEntry, file: string, source: ModelSource): boolean => {
    try {
      const st = fs.statSync(file);
      const stamp = JSON.parse(fs.readFileSync(stampFile(m, source), 'utf8')) as { size: number; mtimeMs: number; digest: string };
      return stamp.size === st.size && stamp.mtimeMs === st.mtimeMs && stamp.digest === digestLabel(m);
    } catch {
      return false;
    }
  };

  const writeStamp = (m: ModelEntry, file: string, source: ModelSource) => {
    try {
      const st = fs.statSync(file);
      fs.mkdirSync(stampDir, { recursive: true });
      fs.writeFileSync(stampFile(m, source), JSON.stringify({ size: st.size, mtimeMs: st.mtimeMs, digest: digestLabel(m) }));
    } catch {
      // A read-only data dir only costs a re-hash next time.
    }
  };

  /** Checks the size (when the manifest knows it), then the digest; returns the problem or null. */
  const check = async (m: ModelEntry, file: string): Promise<string | null> => {
    const size = fs.statSync(file).size;
    if (m.size !== undefined && size !== m.size) return `size ${size} bytes, expected ${m.size}`;
    const want = digestOf(m);
    const digest = await hashFile(file, want.algorithm);
    if (digest !== want.value) return `${want.algorithm} ${digest.slice(0, 12)}…, expected ${want.value.slice(0, 12)}…`;
    return null;
  };

  return {
    userDir,
    itDir,
    models: (): ModelEntry[] => manifest.models,
    entry,

    list(): ModelStatus[] {
      return manifest.models.map((m) => {
        const where = locate(m);
        return {
          name: m.name,
          file: m.file,
          languages: m.languages,
          quantization: m.quantization,
          size: m.size ?? Math.round((m.approxMiB ?? 0) * 2 ** 20),
          sizeExact: m.size !== undefined,
          digest: digestLabel(m),
          license: m.license,
          url: m.url,
          installed: where !== null,
          path: where?.path ?? null,
          source: where?.source ?? null,
        };
      });
    },

    /**
     * Installed models in preference order for a default pick: multilingual first (pt matters),
     * base before small (small falls behind real time on a 2-core CPU) and tiny, and within a
     * size q8_0 before f16 before q5_1 (q8_0 takes a third off the live path's decode on a CPU
     * laptop and more hints fire before the customer stops: docs/benchmarks.md, hints).
     */
    installed(): ModelStatus[] {
      const order = ['base', 'small', 'tiny', 'base.en', 'small.en', 'tiny.en'].flatMap((n) => [`${n}-q8_0`, n, `${n}-q5_1`]);
      const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : order.length);
      return this.list()
        .filter((s) => s.installed)
        .sort((a, b) => rank(a.name) - rank(b.name));
    },

    /**
     * The path of a usable model, checked against the manifest (sha256 once, then a stamp).
     * Throws the one-line missing/corrupt error naming `salesedge models fetch NAME`.
     */
    async resolve(name: string): Promise<{ path: string; source: ModelSource; entry: ModelEntry }> {
      const m = entry(name);
      const where = locate(m);
      if (!where) throw modelErrors.missing(name);
      if (!readStamp(m, where.path, where.source)) {
        const problem = await check(m, where.path);
        if (problem) throw modelErrors.corrupt(name, where.path, problem);
        writeStamp(m, where.path, where.source);
      }
      return { ...where, entry: m };
    },

    async verify(names?: string[]): Promise<VerifyResult[]> {
      const wanted = names && names.length ? names.map(entry) : manifest.models.filter((m) => locate(m));
      const out: VerifyResult[] = [];
      for (const m of wanted) {
        const where = locate(m);
        if (!where) throw modelErrors.missing(m.name);
        const problem = await check(m, where.path);
        if (!problem) writeStamp(m, where.path, where.source);
        out.push({ name: m.name, path: where.path, source: where.source, ok: problem === null, problem });
      }
      return out;
    },

    /**
     * Makes a model available. A valid copy in the IT folder (or already installed) means no
     * download. Otherwise downloads to <file>.part, resuming with HTTP Range, checks sha256,
     * then renames into place, so a half file is never mistaken for a model.
     */
    async fetch(name: string, opts: { onProgress?: (p: FetchProgress) => void; signal?: AbortSignal; force?: boolean } = {}): Promise<FetchResult> {
      const m = entry(name);
      const where = locate(m);
      if (where && !opts.force) {
        const problem = readStamp(m, where.path, where.source) ? null : await check(m, where.path);
        if (!problem) {
          writeStamp(m, where.path, where.source);
          return { name, path: where.path, source: where.source, downloaded: false, resumedFrom: 0, bytes: fs.statSync(where.path).size };
        }
        if (where.source === 'it') throw new CoreError('bad_request', `the IT-provided copy of '${name}' at ${where.path} is corrupt (${problem}); ask IT to replace it`);
      }
      const url = mirrored(m, env);
      fs.mkdirSync(userDir, { recursive: true });
      const target = path.join(userDir, m.file);
      const part = `${target}.part`;
      const resumedFrom = await download(url, part, m, opts);
      const problem = await check(m, part);
      if (problem) {
        fs.rmSync(part, { force: true });
        throw new CoreError('bad_request', `download of '${name}' from ${url} failed its checksum (${problem}); run \`${fixCommand(name)}\` again`);
      }
      fs.renameSync(part, target);
      writeStamp(m, target, 'user');
      return { name, path: target, source: 'user', downloaded: true, resumedFrom, bytes: fs.statSync(target).size };
    },
  };
}

/** SALESEDGE_MODELS_MIRROR replaces the host and folder (corporate mirrors, tests on 127.0.0.1). */
function mirrored(m: ModelEntry, env: NodeJS.ProcessEnv): string {
  const mirror = env.SALESEDGE_MODELS_MIRROR;
  return mirror ? `${mirror.replace(/\/+$/, '')}/${m.file}` : m.url;
}

const digestLabel = (m: ModelEntry): string => {
  const d = digestOf(m);
  return `${d.algorithm}:${d.value}`;
};

export const sha256File = (file: string): Promise<string> => hashFile(file, 'sha256');

async function hashFile(file: string, algorithm: 'sha256' | 'sha1'): Promise<string> {
  const hash = crypto.createHash(algorithm);
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Downloads into `part`, continuing from its current length when the server honours Range. */
async function download(url: string, part: string, m: ModelEntry, opts: { onProgress?: (p: FetchProgress) => void; signal?: AbortSignal }): Promise<number> {
  let have = fs.existsSync(part) ? fs.statSync(part).size : 0;
  if (m.size !== undefined && have > m.size) {
    fs.rmSync(part);
    have = 0;
  }
  if (m.size !== undefined && have === m.size) return have;
  let res: Response;
  try {
    res = await fetch(url, { headers: have > 0 ? { range: `bytes=${have}-` } : {}, signal: opts.signal, redirect: 'follow' });
  } catch (err) {
    throw new CoreError('unavailable', `cannot download ${m.name} from ${url}: ${describe(err)}; run \`${fixCommand(m.name)}\` again to resume`);
  }
  if (res.status === 416 && have > 0) return have; // nothing left to fetch; the checksum decides
  if (res.status !== 200 && res.status !== 206) {
    throw new CoreError('unavailable', `cannot download ${m.name} from ${url}: HTTP ${res.status}`);
  }
  // A 200 to a Range request means the server ignored it: start over rather than append.
  const resumedFrom = res.status === 206 ? have : 0;
  if (!res.body) throw new CoreError('unavailable', `cannot download ${m.name} from ${url}: empty response`);
  // Without a size in the manifest, the server's says how much there is.
  const length = Number(res.headers.get('content-length'));
  const total = m.size ?? (Number.isFinite(length) && length > 0 ? resumedFrom + length : 0);
  const out = fs.createWriteStream(part, { flags: resumedFrom > 0 ? 'a' : 'w' });
  let received = resumedFrom;
  opts.onProgress?.({ name: m.name, received, total, resumedFrom });
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      received += chunk.byteLength;
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      opts.onProgress?.({ name: m.name, received, total, resumedFrom });
    }
  } catch (err) {
    await new Promise<void>((r) => out.end(() => r()));
    throw new CoreError('unavailable', `download of ${m.name} interrupted at ${received} of ${total || '?'} bytes (${describe(err)}); run \`${fixCommand(m.name)}\` again to resume`);
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  opts.onProgress?.({ name: m.name, received, total: total || received, resumedFrom, done: true });
  return resumedFrom;
}

const describe = (err: unknown): string => {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  return (e.cause?.code ?? e.cause?.message ?? e.message ?? String(err)).split('\n')[0]!;
};
