/**
 * The front half of the one flow: source frames -> 32 ms windows per channel -> Silero VAD ->
 * echo suppression on the mic -> segmenter -> utterance events, plus level/health events.
 * Windows are processed in stream-time order; a mic window waits for the system audio of the
 * same moment (the echo reference), unless the system channel lags by more than a second.
 */
import { createEchoSuppressor, type EchoOptions } from './echo';
import { createLevelMeter, type HealthOptions } from './levels';
import { createSegmenter, type Segmenter, type SegmenterOptions } from './segmenter';
import { SAMPLE_RATE, type AudioSource, type Channel, type HealthEvent, type HealthReporting, type LevelEvent, type SegmenterEvent } from './types';
import { createVad, VAD_WINDOW, type Vad } from './vad';


type SegmentOptions = {
  endOfSpeechMs: number;
  signal: AbortSignal;
  onLevel?: (e: LevelEvent) => void;
  onHealth?: (e: HealthEvent) => void;
  /** Speech probability threshold (Silero's usual 0.5). */
  threshold?: number;
  /** Echo suppression on the mic channel when both channels exist (default on). */
  echo?: boolean | EchoOptions;
  /** A mic utterance with less speech than this that the system audio does not explain is echo. */
  minOwnSpeechMs?: number;
  /** ...and one whose speech windows are less than this share the rep's own is echo too. */
  minOwnShare?: number;
  segmenter?: Omit<SegmenterOptions, 'endOfSpeechMs'>;
  health?: HealthOptions;
  /** Shared VADs (benches reuse them); one per channel is created otherwise. */
  vads?: Partial<Record<Channel, Vad>>;
};

type Win = { channel: Channel; samples: Float32Array; startMs: number };
type MicRecord = { startMs: number; len: number; speech: boolean; own: boolean };

const WINDOW_MS = (VAD_WINDOW * 1000) / SAMPLE_RATE;
/**
 * Silence after which the segmenter offers the utterance for a speculative final (`speech-pause`):
 * the kept tail (96 ms, three VAD windows), the earliest moment the offered audio is exactly what
 * `speech-end` will carry. Every millisecond here is one the customer waits for a hint on a final.
 */
const DEFAULT_PAUSE_MS = 96;

export async function* segmentSource(source: AudioSource, options: SegmentOptions): AsyncGenerator<SegmenterEvent> {
  const threshold = options.threshold ?? 0.5;
  const channels = source.channels;
  const vads: Partial<Record<Channel, Vad>> = {};
  for (const c of channels) vads[c] = options.vads?.[c] ?? (await createVad());
  const segmenters: Partial<Record<Channel, Segmenter>> = {};
  for (const c of channels) segmenters[c] = createSegmenter(c, { pauseMs: DEFAULT_PAUSE_MS, ...options.segmenter, threshold, endOfSpeechMs: options.endOfSpeechMs });
  const meters = Object.fromEntries(channels.map((c) => [c, createLevelMeter(c, options.health)])) as Record<Channel, ReturnType<typeof createLevelMeter>>;
  const useEcho = options.echo !== false && channels.includes('mic') && channels.includes('system');
  const echo = useEcho ? createEchoSuppressor(typeof options.echo === 'object' ? options.echo : {}) : null;
  const minOwnMs = options.minOwnSpeechMs ?? options.segmenter?.minSpeechMs ?? 200;
  const minOwnShare = options.minOwnShare ?? 0.35;
  const unsubscribe = (source as Partial<HealthReporting>).onHealth?.((e) => options.onHealth?.(e));

  const pending: Record<Channel, { buf: Float32Array; fill: number; startMs: number | null }> = {
    mic: { buf: new Float32Array(VAD_WINDOW), fill: 0, startMs: null },
    system: { buf: new Float32Array(VAD_WINDOW), fill: 0, startMs: null },
  };
  const ready: Record<Channel, Win[]> = { mic: [], system: [] };
  let systemUntilMs = channels.includes('system') ? 0 : Infinity;
  const micHistory: MicRecord[] = [];
  let echoRun: { startMs: number; endMs: number; speechMs: number } | null = null;

  const cut = (channel: Channel, partial: boolean) => {
    const p = pending[channel];
    if (p.fill === 0 || p.startMs === null) return;
    if (p.fill < VAD_WINDOW && !partial) return;
    ready[channel].push({ channel, samples: p.buf.slice(0, p.fill), startMs: p.startMs });
    p.startMs += (p.fill * 1000) / SAMPLE_RATE;
    p.fill = 0;
  };
  const feed = (channel: Channel, samples: Float32Array, startMs: number) => {
    const p = pending[channel];
    // A jump in stream time (device re-opened, dropped frames): close the partial window.
    if (p.startMs !== null && Math.abs(p.startMs + (p.fill * 1000) / SAMPLE_RATE - startMs) > 1) cut(channel, true);
    if (p.fill === 0) p.startMs = startMs;
    let o = 0;
    while (o < samples.length) {
      const n = Math.min(VAD_WINDOW - p.fill, samples.length - o);
      p.buf.set(samples.subarray(o, o + n), p.fill);
      p.fill += n;
      o += n;
      if (p.fill === VAD_WINDOW) cut(channel, false);
    }
  };

  const vadProb = async (channel: Channel, samples: Float32Array) => {
    if (samples.length === VAD_WINDOW) return vads[channel]!.process(samples);
    const padded = new Float32Array(VAD_WINDOW);
    padded.set(samples);
    return vads[channel]!.process(padded);
  };

  const closeEchoRun = (force: boolean, nowMs: number): SegmenterEvent[] => {
    if (!echoRun || (!force && nowMs - echoRun.endMs < 300)) return [];
    const run = echoRun;
    echoRun = null;
    return run.speechMs >= minOwnMs ? [{ type: 'echo-dropped', channel: 'mic', startMs: run.startMs, endMs: run.endMs }] : [];
  };

  /** A mic utterance that, re-checked with the settled delay estimate, is mostly the far end: dropped. */
  const judgeMic = (events: SegmenterEvent[]): SegmenterEvent[] =>
    events.map((e) => {
      if (e.type !== 'speech-end' || !echo) return e;
      const { startMs, endMs } = e.utterance;
      let ownMs = 0;
      let speechMs = 0;
      for (const r of micHistory) {
        if (r.startMs < startMs || r.startMs >= endMs || !r.speech) continue;
        speechMs += (r.len * 1000) / SAMPLE_RATE;
        if (r.own && !echo.explainedNow(r.startMs, r.len)) ownMs += (r.len * 1000) / SAMPLE_RATE;
      }
      // Echo leaves scattered "own" windows; the rep, even over the customer, leaves many.
      return ownMs >= minOwnMs && ownMs >= minOwnShare * speechMs ? e : { type: 'echo-dropped', channel: 'mic', startMs, endMs };
    });

  const processWin = async (win: Win): Promise<SegmenterEvent[]> => {
    const raw = win.samples;
    const prob = await vadProb(win.channel, raw);
    const speech = prob >= threshold;
    const { level, health } = meters[win.channel].push(raw, win.startMs, speech);
    if (level) options.onLevel?.(level);
    if (health) options.onHealth?.(health);
    const endMs = win.startMs + (raw.length * 1000) / SAMPLE_RATE;
    if (win.channel === 'system') {
      echo?.pushSystem(raw, win.startMs);
      systemUntilMs = endMs;
      return segmenters.system!.push(raw, win.startMs, prob);
    }
    if (!echo) return segmenters.mic!.push(raw, win.startMs, prob);
    const r = echo.processMic(raw, win.startMs);
    const own = !r.explained;
    micHistory.push({ startMs: win.startMs, len: raw.length, speech, own });
    while (micHistory.length > 0 && micHistory[0]!.startMs < win.startMs - 60_000) micHistory.shift();
    const events: SegmenterEvent[] = [];
    if (speech && !own) {
      echoRun ??= { startMs: win.startMs, endMs, speechMs: 0 };
      echoRun.endMs = endMs;
      echoRun.speechMs += WINDOW_MS;
    } else {
      events.push(...closeEchoRun(false, win.startMs));
    }
    // Echo windows are silence to the rep's segmenter; what it keeps is the echo-cancelled residual.
    events.push(...judgeMic(segmenters.mic!.push(r.residual, win.startMs, own ? prob : 0)));
    return events;
  };

  const drain = async (final: boolean): Promise<SegmenterEvent[]> => {
    const events: SegmenterEvent[] = [];
    for (;;) {
      const sys = ready.system[0];
      const mic = ready.mic[0];
      let next: Win | undefined;
      if (sys && (!mic || sys.startMs <= mic.startMs)) next = ready.system.shift();
      else if (mic) {
        const micEnd = mic.startMs + (mic.samples.length * 1000) / SAMPLE_RATE;
        if (final || systemUntilMs >= micEnd || micEnd - systemUntilMs > 1000) next = ready.mic.shift();
      }
      if (!next) break;
      events.push(...(await processWin(next)));
    }
    return events;
  };

  try {
    for await (const frame of source.frames(options.signal)) {
      feed(frame.channel, frame.samples, frame.startMs);
      for (const e of await drain(false)) yield e;
      if (options.signal.aborted) break;
    }
    for (const c of channels) cut(c, true);
    for (const e of await drain(true)) yield e;
    const tail: SegmenterEvent[] = [...closeEchoRun(true, Infinity)];
    for (const c of channels) tail.push(...(c === 'mic' ? judgeMic(segmenters.mic!.flush()) : segmenters[c]!.flush()));
    for (const e of tail) yield e;
  } finally {
    unsubscribe?.();
  }
}
