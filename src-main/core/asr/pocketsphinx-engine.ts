/**
 * A second real recogniser behind AsrEngine: CMU pocketsphinx (Debian's libpocketsphinx3 +
 * pocketsphinx-en-us), called in process through koffi (FFI). One decoder is created at open
 * and kept for the engine's life, like Whisper's resident model; decoding runs on koffi's
 * async worker threads, so the event loop stays free. It knows English only.
 *
 * Why the library and not the `pocketsphinx_continuous` CLI: the CLI reads whole files and
 * cuts utterances with its own VAD, so it would need a process per utterance (model reloaded
 * each time) and would fight our segmenter.
 */
import fs from 'node:fs';
import path from 'node:path';
import koffi, { type LibraryHandle } from 'koffi';
import { CoreError } from '../../../src-shared/errors';
import type { AsrEngine } from './types';

export const POCKETSPHINX_INSTALL_HINT = 'install it with: apt-get install pocketsphinx pocketsphinx-en-us';

/** Debian's layout; SALESEDGE_POCKETSPHINX_MODEL points at another folder with en-us/, en-us.lm.bin, cmudict-en-us.dict. */
export function pocketsphinxModelDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SALESEDGE_POCKETSPHINX_MODEL ?? '/usr/share/pocketsphinx/model/en-us';
}

type KoffiFunction = ReturnType<LibraryHandle['func']>;

const LIBS: Record<string, [string, string]> = {
  linux: ['libpocketsphinx.so.3', 'libsphinxbase.so.3'],
  darwin: ['libpocketsphinx.3.dylib', 'libsphinxbase.3.dylib'],
  win32: ['pocketsphinx.dll', 'sphinxbase.dll'],
};

type Api = {
  psArgs: () => unknown;
  parse: (inout: null, defn: unknown, argc: number, argv: string[], strict: number) => unknown;
  init: (config: unknown) => unknown;
  startUtt: (ps: unknown) => number;
  processRaw: KoffiFunction;
  endUtt: KoffiFunction;
  getHyp: (ps: unknown, score: null) => string | null;
  free: (ps: unknown) => number;
  freeConfig: (config: unknown) => number;
};

let api: Api | null = null;

function loadApi(): Api {
  if (api) return api;
  const names = LIBS[process.platform] ?? LIBS.linux!;
  let ps: LibraryHandle;
  let sb: LibraryHandle;
  try {
    sb = koffi.load(names[1]);
    ps = koffi.load(names[0]);
  } catch (err) {
    throw new CoreError('unavailable', `pocketsphinx is not installed (${(err as Error).message.split('\n')[0]}); ${POCKETSPHINX_INSTALL_HINT}`);
  }
  api = {
    psArgs: ps.func('void *ps_args()'),
    parse: sb.func('void *cmd_ln_parse_r(void *inout, void *defn, int argc, const char **argv, int strict)'),
    init: ps.func('void *ps_init(void *config)'),
    startUtt: ps.func('int ps_start_utt(void *ps)'),
    processRaw: ps.func('int ps_process_raw(void *ps, const int16_t *data, size_t n, int no_search, int full_utt)'),
    endUtt: ps.func('int ps_end_utt(void *ps)'),
    getHyp: ps.func('const char *ps_get_hyp(void *ps, _Out_ int32_t *score)'),
    free: ps.func('int ps_free(void *ps)'),
    freeConfig: sb.func('int cmd_ln_free_r(void *config)'),
  };
  return api;
}

/** Whether the library and the en-us model are there, without creating a decoder. */
export function pocketsphinxAvailable(env: NodeJS.ProcessEnv = process.env): { ok: true } | { ok: false; reason: string } {
  try {
    loadApi();
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  const dir = pocketsphinxModelDir(env);
  if (!fs.existsSync(path.join(dir, 'en-us', 'mdef'))) return { ok: false, reason: `the pocketsphinx en-us model is missing in ${dir}; ${POCKETSPHINX_INSTALL_HINT}` };
  return { ok: true };
}

const callAsync = (fn: KoffiFunction, ...args: unknown[]): Promise<number> =>
  new Promise((resolve, reject) => fn.async(...args, (err: unknown, res: number) => (err ? reject(err) : resolve(res))));

export async function openPocketsphinxEngine(options: { env?: NodeJS.ProcessEnv } = {}): Promise<AsrEngine> {
  const env = options.env ?? process.env;
  const available = pocketsphinxAvailable(env);
  if (!available.ok) throw new CoreError('unavailable', available.reason);
  const a = loadApi();
  const dir = pocketsphinxModelDir(env);
  const argv = ['-hmm', path.join(dir, 'en-us'), '-lm', path.join(dir, 'en-us.lm.bin'), '-dict', path.join(dir, 'cmudict-en-us.dict'), '-logfn', '/dev/null'];
  const config = a.parse(null, a.psArgs(), argv.length, argv, 1);
  if (!config) throw new CoreError('unavailable', `pocketsphinx rejected its configuration (model folder ${dir})`);
  const decoder = a.init(config);
  if (!decoder) throw new CoreError('unavailable', `pocketsphinx could not load its en-us model from ${dir}; ${POCKETSPHINX_INSTALL_HINT}`);
  // One decoder, one utterance at a time: calls queue here.
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const decode = async (samples: Float32Array): Promise<string> => {
    const pcm = new Int16Array(samples.length);
    for (let i = 0; i < samples.length; i++) {
      const s = Math.max(-1, Math.min(1, samples[i]!));
      pcm[i] = s < 0 ? s * 0x8000 : s * 0x7fff;
    }
    if (a.startUtt(decoder) < 0) throw new CoreError('internal', 'pocketsphinx could not start an utterance');
    await callAsync(a.processRaw, decoder, pcm, pcm.length, 0, 1);
    await callAsync(a.endUtt, decoder);
    return (a.getHyp(decoder, null) ?? '').trim();
  };

  return {
    id: 'pocketsphinx',
    backend: 'pocketsphinx en-us (CPU)',
    transcribe(samples, opts) {
      if (closed) return Promise.reject(new CoreError('unavailable', 'the pocketsphinx engine is closed'));
      if (opts.language === 'pt') {
        return Promise.reject(new CoreError('bad_request', 'pocketsphinx has an English model only: use --engine whisper for Portuguese (salesedge models fetch base)'));
      }
      const run = queue.then(() => decode(samples));
      queue = run.catch(() => undefined);
      return run.then((text) => ({ text, language: 'en' as const }));
    },
    async close() {
      if (closed) return;
      closed = true;
      await queue;
      a.free(decoder);
      a.freeConfig(config);
    },
  };
}
