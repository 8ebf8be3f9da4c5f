/**
 * One call through the whole live path: audio source → VAD/segmenter → streaming ASR →
 * NLP → hint engine (→ optional LLM tailoring), persisting the call, its final segments,
 * sentiment, detections and hints, and emitting live events for the Live page and overlay.
 *
 * The transcript stream is never held up by analysis: customer partials are analysed on a
 * "latest wins" basis, finals in order, and the LLM runs beside it all.
 */
import crypto from 'node:crypto';
import type { EventPayload } from '../../../src-shared/ipc';
import { defaultCallTitle } from '../../../src-shared/call-title';
import type { AsrEngine, TranscriptEvent } from '../asr/types';
import type { AudioSource, HealthEvent, LevelEvent, SegmenterEvent } from '../audio/types';
import type { CoreContext } from '../context';
import type { Analyzer } from '../nlp/types';
import { activeBattlecard, activePlaybook } from '../hints/content-store';
import { createHintEngine, type HintEngineOptions } from '../hints/hint-engine';
import { tailorFromSettings, type Tailor } from '../llm/tailor';
import { clockedSource, createStreamClock, type StreamClock } from './stream-clock';
import { createSessionRecorder } from './session-recorder';
import { createRollingSentiment } from '../nlp/rolling-sentiment';

import type { LiveEvent, RollingSentiment } from './live-types';
import { oneLine } from '../../../src-shared/errors';

export type { LiveEvent, RollingSentiment } from './live-types';

/** The audio and ASR stages, injected so the orchestration can run on fakes in unit tests. */
export type Pipeline = {
  segment(source: AudioSource, options: { endOfSpeechMs: number; signal: AbortSignal; onLevel?: (e: LevelEvent) => void; onHealth?: (e: HealthEvent) => void }): AsyncIterable<SegmenterEvent>;
  /** `speculative`: decode finals at the first silence (pays only when audio comes in real time). */
  transcribe(events: AsyncIterable<SegmenterEvent>, engine: AsrEngine, options: { language: 'pt' | 'en' | 'auto'; partials?: boolean; speculative?: boolean }): AsyncIterable<TranscriptEvent>;
};

export type SessionHandle = {
  callId: string;
  clock: StreamClock;
  /** The overlay painted this hint: records shown_ms from the stream clock (first report only, while the call is live, within MAX_PAINT_LAG_MS of the hint; see session-recorder.ts), or null. */
  hintRendered(hintId: string): number | null;
};

export type CallSessionOptions = {
  core: CoreContext;
  source: AudioSource;
  asr: AsrEngine;
  analyzer: Analyzer;
  kind: 'live' | 'import' | 'demo' | 'replay';
  title?: string;
  realtime: boolean;
  language?: 'pt' | 'en' | 'auto';
  signal?: AbortSignal;
  onEvent?: (e: LiveEvent) => void;
  onProgress?: (fraction: number) => void;
  /** Length of the recording (ms) when known, for onProgress. */
  durationMs?: number;
  pipeline: Pipeline;
  /** Defaults to the settings' LLM (null = off). */
  tailor?: Tailor | null;
  rolling?: RollingSentiment;
  hintOptions?: Partial<Omit<HintEngineOptions, 'playbook' | 'battlecard'>>;
  endOfSpeechMs?: number;
  /** Live events to core.events (the UI); default on except for imports. */
  broadcast?: boolean;
  onStart?: (handle: SessionHandle) => void;
  /** Stream partial transcripts (default true). */
  partials?: boolean;
};

export async function runCallSession(options: CallSessionOptions): Promise<{ callId: string }> {
  const { core } = options;
  const settings = core.settings();
  const language = options.language ?? settings.asr.language;
  const callId = crypto.randomUUID();
  const broadcast = options.broadcast ?? options.kind !== 'import';
  const emit = (e: LiveEvent) => {
    options.onEvent?.(e);
    if (broadcast) core.events.emit(e.event, e.payload as never);
  };
  const clock = createStreamClock(options.realtime);
  const ctrl = new AbortController();
  const stopOnAbort = () => ctrl.abort();
  options.signal?.addEventListener('abort', stopOnAbort, { once: true });
  if (options.signal?.aborted) ctrl.abort();

  const recorder = createSessionRecorder({
    core,
    callId,
    emit,
    clock,
    language,
    tailor: options.tailor === undefined ? tailorFromSettings(settings, core.policy) : options.tailor,
    rolling: options.rolling ?? createRollingSentiment(),
    engine: createHintEngine({
      ...options.hintOptions,
      playbook: (type, lang) => activePlaybook(core.store, type, lang),
      battlecard: (id, lang) => activeBattlecard(core.store, id, lang),
    }),
    analyzer: options.analyzer,
  });

  const title = options.title ?? defaultTitle(options.kind);
  recorder.createCall(title, options.kind);
  const state = (s: EventPayload<'live.state'>['state'], message: string | null = null) =>
    emit({ event: 'live.state', payload: { callId, state: s, kind: options.kind, title, language, positionMs: Math.round(clock.positionMs), message } });
  state('running');
  options.onStart?.({ callId, clock, hintRendered: (id) => recorder.hintRendered(id) });

  let lastProgress = -1;
  const progress = () => {
    if (!options.onProgress || !options.durationMs) return;
    const f = Math.min(1, clock.positionMs / options.durationMs);
    if (f - lastProgress >= 0.01 || f === 1) options.onProgress((lastProgress = f));
  };

  try {
    const source = clockedSource(options.source, clock);
    const segments = options.pipeline.segment(source, {
      endOfSpeechMs: options.endOfSpeechMs ?? settings.audio.endOfSpeechMs,
      signal: ctrl.signal,
      onLevel: (e) => emit({ event: 'live.level', payload: { channel: e.channel, atMs: e.atMs, rmsDb: e.rmsDb, peakDb: e.peakDb, speech: e.speech } }),
      onHealth: (e) => emit({ event: 'live.health', payload: { channel: e.channel, kind: e.kind, atMs: e.atMs, sinceMs: e.sinceMs, message: e.message } }),
    });
    for await (const ev of options.pipeline.transcribe(segments, options.asr, { language, partials: options.partials ?? true, speculative: options.realtime })) {
      recorder.transcript(ev);
      progress();
      if (ctrl.signal.aborted) break;
    }
    await recorder.drain();
    recorder.finishCall(clock.positionMs);
    options.onProgress?.(1);
    state('ended');
  } catch (err) {
    await recorder.drain().catch(() => undefined);
    recorder.finishCall(clock.positionMs);
    const message = oneLine(err);
    state('error', message);
    throw err;
  } finally {
    options.signal?.removeEventListener('abort', stopOnAbort);
    await recorder.settleTailoring();
  }
  return { callId };
}

/** "Replayed call 2025-03-31 14:05", local time (a UI shows it in its own words: src-shared/call-title.ts). */
const defaultTitle = (kind: CallSessionOptions['kind']): string => defaultCallTitle(kind);

