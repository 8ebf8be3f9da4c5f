/**
 * Maps wall time to stream time for a live (or real-time replayed) call, so `shown_ms` and
 * `speech_end_ms` are on one clock. Each frame "arrives" when its last sample has happened;
 * the offset keeps the least-lagged frame seen, so any processing delay shows up as latency
 * instead of being hidden.
 */
import type { AudioFrame, AudioSource } from '../audio/types';
import { SAMPLE_RATE } from '../audio/types';

export type StreamClock = {
  /** Stream time now (ms); for non-real-time runs, the given fallback (the audio position). */
  now(fallbackMs: number): number;
  /** Stream position of the latest audio read (ms). */
  readonly positionMs: number;
  readonly realtime: boolean;
};

export function createStreamClock(realtime: boolean, wall: () => number = () => performance.now()): StreamClock & { observe(frame: AudioFrame): void } {
  let offset = Number.POSITIVE_INFINITY;
  let position = 0;
  return {
    realtime,
    get positionMs() {
      return position;
    },
    observe(frame) {
      const endMs = frame.startMs + (frame.samples.length * 1000) / SAMPLE_RATE;
      position = Math.max(position, endMs);
      offset = Math.min(offset, wall() - endMs);
    },
    now(fallbackMs) {
      if (!realtime || !Number.isFinite(offset)) return fallbackMs;
      return wall() - offset;
    },
  };
}

/** The same source, with every frame reported to the clock as it is read. */
export function clockedSource(source: AudioSource, clock: { observe(frame: AudioFrame): void }): AudioSource {
  // Delegate everything else (e.g. onHealth of device sources) to the original.
  const wrapped = Object.create(source) as AudioSource & { frames: AudioSource['frames'] };
  wrapped.frames = async function* (signal) {
    for await (const frame of source.frames(signal)) {
      clock.observe(frame);
      yield frame;
    }
  };
  return wrapped;
}
