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
function pocketsphinxModelDir(env: NodeJS.ProcessEnv = process.env): string {
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
  // Partials read the first-pass hypothesis; skipping the second passes makes ending a stale
  // partial utterance cheap. Finals keep them (more accurate).
  const partialArgv = [...argv, '-fwdflat', 'no', '-bestpath', 'no'];
  const partialConfig = config ? a.parse(null, a.psArgs(), partialArgv.length, partialArgv, 1) : null;
  if (!config || !partialConfig) throw new CoreError('unavailable', `pocketsphinx rejected its configuration (model folder ${dir})`);
  /**
   * Finals: one decoder for the engine, each utterance decoded whole in one pass. Partials: a
   * decoder per speaker that decodes incrementally: while the same utterance grows, only the
   * new samples are fed and the running hypothesis is read, so a partial costs the new audio,
   * not the whole prefix. They are separate because live decoding moves pocketsphinx's
   * cepstral-mean estimate, and finals decoded after it lose accuracy ("for up close" instead
   * of "four of clubs" on 005.wav). Each decoder holds the model (~30 MB) and has its own queue.
   */
  type Decoder = { ps: unknown; queue: Promise<unknown>; open: { startMs: number; fed: number } | null };
  const decoders = new Map<string, Decoder>();
  const decoderFor = (key: string): Decoder => {
    let d = decoders.get(key);
    if (!d) {
      const ps = a.init(key === 'final' ? config : partialConfig);
      if (!ps) throw new CoreError('unavailable', `pocketsphinx could not load its en-us model from ${dir}; ${POCKETSPHINX_INSTALL_HINT}`);
      d = { ps, queue: Promise.resolve(), open: null };
      decoders.set(key, d);
    }
    return d;
  };
  // Fail at open, not at the first utterance, when the model cannot load.
  decoderFor('final');
  let closed = false;

  const toPcm = (samples: Float32Array): Int16Array => {
    const pcm = new Int16Array(samples.length);
    for (let i = 0; i < samples.length; i++) {
      const s = Math.max(-1, Math.min(1, samples[i]!));
      pcm[i] = s < 0 ? s * 0x8000 : s * 0x7fff;
    }
    return pcm;
  };
  const start = (d: Decoder) => {
    if (a.startUtt(d.ps) < 0) throw new CoreError('internal', 'pocketsphinx could not start an utterance');
  };
  const closeOpen = async (d: Decoder) => {
    if (!d.open) return;
    d.open = null;
    await callAsync(a.endUtt, d.ps);
  };

  const decode = async (d: Decoder, samples: Float32Array, startMs: number, partial: boolean): Promise<string> => {
    if (partial) {
      const same = d.open && d.open.startMs === startMs && samples.length >= d.open.fed;
      if (!same) {
        await closeOpen(d);
        start(d);
        d.open = { startMs, fed: 0 };
      }
      const delta = toPcm(samples.subarray(d.open!.fed));
      d.open!.fed = samples.length;
      if (delta.length) await callAsync(a.processRaw, d.ps, delta, delta.length, 0, 0);
      return (a.getHyp(d.ps, null) ?? '').trim();
    }
    await closeOpen(d);
    const pcm = toPcm(samples);
    start(d);
    await callAsync(a.processRaw, d.ps, pcm, pcm.length, 0, 1);
    await callAsync(a.endUtt, d.ps);
    return (a.getHyp(d.ps, null) ?? '').trim();
  };

  return {
    id: 'pocketsphinx',
    backend: 'pocketsphinx en-us (CPU)',
    transcribe(samples, opts) {
      if (closed) return Promise.reject(new CoreError('unavailable', 'the pocketsphinx engine is closed'));
      if (opts.language === 'pt') {
        return Promise.reject(new CoreError('bad_request', 'pocketsphinx has an English model only: use --engine whisper for Portuguese (salesedge models fetch base)'));
      }
      let d: Decoder;
      try {
        d = decoderFor(opts.partial ? `partial:${opts.speaker}` : 'final');
      } catch (err) {
        return Promise.reject(err);
      }
      const run = d.queue.then(() => decode(d, samples, opts.startMs, opts.partial === true));
      d.queue = run.catch(() => undefined);
      return run.then((text) => ({ text, language: 'en' as const }));
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const d of decoders.values()) {
        await d.queue;
        await closeOpen(d).catch(() => undefined);
        a.free(d.ps);
      }
      a.freeConfig(config);
      a.freeConfig(partialConfig);
    },
  };
}
