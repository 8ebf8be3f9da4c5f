/**
 * Importing a recording: decode (any accepted format) → the same pipeline a live call runs
 * (runCallSession: VAD, ASR, NLP, hints, persistence) at full speed, with progress and
 * cancel. A bad file fails before anything is written; a failure or cancel after the call
 * row exists deletes the call and all it derived, so nothing is left half-written.
 */
import { CoreError } from '../../../src-shared/errors';
import { notice } from '../../../src-shared/notice';
import type { ImportProgress } from '../../../src-shared/ipc/calls';
import { createPcmSource } from '../audio/pcm-source';
import type { CoreContext } from '../context';
import { runCallSession } from '../live/call-session';
import { defaultLiveDeps, openLiveAsr } from '../live/default-deps';
import type { LiveDeps, LiveEngine, OpenedSource } from '../live/live-manager';
import { openAsrEngine } from '../asr/select-engine';
import { createAnalyzerForCore } from '../live/analyzer-for-core';
import { decodeAudio, toCallChannels } from './decode';
import { deleteCall } from './delete-call';
import { countSegments } from '../store/segments';

export type ImportDeps = Pick<LiveDeps, 'pipeline' | 'openAsr' | 'openAnalyzer'>;

/**
 * The real layers for an import: the live path's audio/streaming stages, the recogniser the
 * ASR layer picks (Whisper when a model is installed, else pocketsphinx; the reference engine
 * when a call script comes with the recording) and the NLP layer's analyzer.
 */
export const importDeps = (): ImportDeps => ({
  pipeline: defaultLiveDeps().pipeline,
  openAsr: async (core, opened, options) => {
    if (options.engine === 'whisper-script') return openLiveAsr(core, opened, options);
    if (options.engine === 'reference' || (options.engine === undefined && opened.scriptFile)) return openLiveAsr(core, opened, { ...options, engine: 'reference' });
    const engine = options.engine === 'auto' ? undefined : options.engine;
    return (await openAsrEngine(core, { engine, language: options.language })).engine;
  },
  openAnalyzer: (core) => createAnalyzerForCore(core),
});

type ImportRequest = {
  bytes: Uint8Array;
  fileName: string;
  language?: 'pt' | 'en' | 'auto';
  engine?: LiveEngine;
  /** A call script beside the recording (NAME.script.json) for the reference engine. */
  scriptFile?: string;
  title?: string;
  /** Who speaks in a mono file (stereo is always left = rep, right = customer). */
  mono?: 'customer' | 'rep';
};

type ImportOptions = {
  signal?: AbortSignal;
  onProgress?: (phase: ImportProgress['phase'], fraction: number) => void;
  deps?: ImportDeps;
};

/** Share of the progress bar for decoding; transcription fills the rest. */
const DECODE_SHARE = 0.1;

const titleFromFile = (fileName: string): string => fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') || 'Imported call';

export async function importRecording(core: CoreContext, req: ImportRequest, options: ImportOptions = {}): Promise<{ callId: string; durationMs: number }> {
  const { signal, onProgress } = options;
  const file = req.fileName.replace(/^.*[\\/]/, '') || req.fileName;
  const cancelled = () => new CoreError('conflict', `import of ${req.fileName} was cancelled`, notice('import.cancelled', { file }));
  onProgress?.('decoding', 0);
  let audio: Awaited<ReturnType<typeof decodeAudio>>;
  try {
    audio = await decodeAudio(req.bytes, req.fileName, signal);
  } catch (err) {
    if (signal?.aborted) throw cancelled();
    throw err;
  }
  if (signal?.aborted) throw cancelled();
  onProgress?.('decoding', DECODE_SHARE);

  const deps = options.deps ?? importDeps();
  const source = createPcmSource(toCallChannels(audio, req.mono), { realtime: false });
  const title = req.title?.trim() || titleFromFile(req.fileName);
  const opened: OpenedSource = { source, durationMs: audio.durationMs, scriptFile: req.scriptFile, realtime: false, kind: 'import', title };
  const language = req.language ?? 'auto';
  const asr = await deps.openAsr(core, opened, { language, engine: req.engine });
  let analyzer: Awaited<ReturnType<ImportDeps['openAnalyzer']>> | undefined;
  let callId: string | null = null;
  try {
    analyzer = await deps.openAnalyzer(core);
    const result = await runCallSession({
      core,
      source,
      asr,
      analyzer,
      kind: 'import',
      realtime: false,
      title,
      language,
      signal,
      durationMs: audio.durationMs,
      pipeline: deps.pipeline,
      // Hints are kept as the live engine would have shown them; no LLM rewording offline.
      tailor: null,
      partials: false,
      broadcast: false,
      onStart: (h) => (callId = h.callId),
      onProgress: (f) => onProgress?.('transcribing', DECODE_SHARE + (1 - DECODE_SHARE) * f),
    });
    if (signal?.aborted) throw cancelled();
    // A recording in which the VAD found no speech would be an empty call: it is not stored.
    if (countSegments(core.store, result.callId) === 0) throw new CoreError('bad_request', `no speech found in ${req.fileName}: nothing was imported`, notice('import.noSpeech', { file }));
    return { callId: result.callId, durationMs: audio.durationMs };
  } catch (err) {
    if (callId) deleteCall(core.store, callId);
    if (signal?.aborted) throw cancelled();
    throw err;
  } finally {
    await Promise.allSettled([asr.close(), analyzer?.close()]);
  }
}
