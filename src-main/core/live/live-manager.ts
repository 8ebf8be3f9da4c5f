/**
 * The one live call of a core (the Live page's start/stop): opens the source, recogniser and
 * analyzer, runs runCallSession in the background, and keeps a snapshot (transcript so far,
 * hints, sentiment, state) for a page or overlay that opens mid-call.
 */
import { CoreError, oneLine } from '../../../src-shared/errors';
import type { ResponseOf } from '../../../src-shared/ipc';
import { notice } from '../../../src-shared/notice';
import type { CallState, LiveSnapshot, LiveSource } from '../../../src-shared/ipc/live';
import { emptyLiveView, reduceLive, snapshotOf, type LiveView } from '../../../src-shared/live-view';
import type { AsrEngine } from '../asr/types';
import type { AudioSource } from '../audio/types';
import type { CoreContext } from '../context';
import type { Analyzer } from '../nlp/types';
import { runCallSession, type CallSessionOptions, type LiveEvent, type Pipeline, type SessionHandle } from './call-session';

export type OpenedSource = {
  source: AudioSource;
  /** Recording length when known (progress). */
  durationMs?: number;
  /** A call script next to the recording: lets the reference engine answer (demo, tests). */
  scriptFile?: string;
  language?: 'pt' | 'en';
  realtime: boolean;
  kind: CallSessionOptions['kind'];
  title?: string;
};

export type LiveEngine = 'auto' | 'whisper' | 'pocketsphinx' | 'reference' | 'whisper-script';

export type LiveDeps = {
  pipeline: Pipeline;
  openSource(core: CoreContext, source: LiveSource): Promise<OpenedSource>;
  openAsr(core: CoreContext, opened: OpenedSource, options: { language: 'pt' | 'en' | 'auto'; engine?: LiveEngine }): Promise<AsrEngine>;
  openAnalyzer(core: CoreContext): Promise<Analyzer>;
  listDevices?(): Promise<ResponseOf<'live.devices'>>;
};

const IDLE: CallState = { callId: null, state: 'idle', kind: null, title: null, language: null, positionMs: 0, message: null };

export type LiveManager = ReturnType<typeof createLiveManager>;

export function createLiveManager(core: CoreContext, deps: LiveDeps) {
  // The running call as a page or overlay that opens now would see it: the same reducer as the renderer's.
  let view: LiveView = emptyLiveView();
  let ctrl: AbortController | null = null;
  let handle: SessionHandle | null = null;
  let running: Promise<void> | null = null;

  const track = (e: LiveEvent) => {
    view = reduceLive(view, e);
  };

  const emitState = (s: CallState) => {
    track({ event: 'live.state', payload: s });
    core.events.emit('live.state', s);
  };

  return {
    async start(request: { source: LiveSource; title?: string; language?: 'pt' | 'en' | 'auto'; engine?: LiveEngine }): Promise<{ callId: string }> {
      if (running) throw new CoreError('conflict', 'a call is already running; stop it first', notice('live.alreadyRunning'));
      const language = request.language ?? (request.source.kind === 'demo' ? request.source.language : 'auto');
      emitState({ ...IDLE, state: 'starting', language }); // the view starts empty
      let opened: OpenedSource;
      let asr: AsrEngine;
      let analyzer: Analyzer;
      try {
        opened = await deps.openSource(core, request.source);
        [asr, analyzer] = await Promise.all([deps.openAsr(core, opened, { language, engine: request.engine }), deps.openAnalyzer(core)]);
      } catch (err) {
        emitState({ ...IDLE, state: 'error', message: oneLine(err), notice: err instanceof CoreError ? (err.notice ?? null) : null });
        throw err;
      }
      ctrl = new AbortController();
      const started = new Promise<string>((resolve, reject) => {
        running = runCallSession({
          core, source: opened.source, asr, analyzer, kind: opened.kind, title: request.title ?? opened.title, realtime: opened.realtime,
          language, signal: ctrl!.signal, durationMs: opened.durationMs, pipeline: deps.pipeline, onEvent: track,
          onStart: (h) => {
            handle = h;
            resolve(h.callId);
          },
        })
          .then(() => undefined)
          .catch((err: unknown) => {
            // Before the call exists this rejects start(); after, the state event reports it.
            reject(err instanceof Error ? err : new Error(String(err)));
            core.log.warn({ err }, 'live call failed');
          })
          .finally(async () => {
            await Promise.allSettled([asr.close(), analyzer.close()]);
            running = null;
            ctrl = null;
          });
      });
      return { callId: await started };
    },
    async stop(): Promise<{ callId: string | null }> {
      const callId = handle?.callId ?? null;
      if (!running) return { callId: null };
      ctrl?.abort();
      await running;
      return { callId };
    },
    snapshot: (): LiveSnapshot => snapshotOf(view, IDLE),
    hintRendered: (id: string): number | null => handle?.hintRendered(id) ?? null,
    /** Resolves when the current call (if any) has ended. */
    whenIdle: async () => {
      await running;
    },
    devices: (): Promise<ResponseOf<'live.devices'>> =>
      deps.listDevices?.() ?? Promise.resolve({ mic: [], system: [], message: 'device capture is not available in this build', notice: notice('audio.notInBuild') }),
  };
}
