/**
 * Contracts of the audio path (the one flow of README: Architecture map). Everything after a source works on
 * 16 kHz mono Float32 samples in [-1, 1], per channel, stamped with stream time.
 */
import type { Speaker } from '../../../src-shared/taxonomy';

/** mic = the rep, system = the customer (speaker attribution comes from the channel). */
export type Channel = 'mic' | 'system';
export const speakerOf = (channel: Channel): Speaker => (channel === 'mic' ? 'rep' : 'customer');

export const SAMPLE_RATE = 16_000;

export type AudioFrame = {
  channel: Channel;
  /** 16 kHz mono samples. */
  samples: Float32Array;
  /** Stream time of the first sample, ms since the call started. */
  startMs: number;
};

/** A producer of timestamped frames for one or both channels (device, Electron loopback, file). */
export type AudioSource = {
  readonly kind: 'device' | 'electron-loopback' | 'file';
  readonly channels: readonly Channel[];
  /** Yields frames until the source ends or the signal aborts. Never throws for a lost device: it reports and waits. */
  frames(signal: AbortSignal): AsyncIterable<AudioFrame>;
};

/** A stretch of speech on one channel, as cut by VAD + segmenter. */
export type Utterance = {
  speaker: Speaker;
  channel: Channel;
  startMs: number;
  endMs: number;
  samples: Float32Array;
};

/** Events the segmenter emits while an utterance grows, so ASR can stream partials. */
export type SegmenterEvent =
  | { type: 'speech-start'; channel: Channel; startMs: number }
  /** The utterance so far (for partial transcription); emitted every ~300-500 ms of speech. */
  | { type: 'speech-progress'; channel: Channel; startMs: number; nowMs: number; samples: Float32Array }
  | { type: 'speech-end'; utterance: Utterance }
  /**
   * The speaker has been silent for the segmenter's `pauseMs`: the utterance as `speech-end` will
   * carry it if the silence holds (same start, end and samples). A speculative final may start.
   */
  | { type: 'speech-pause'; utterance: Utterance }
  /** Speech came back after a `speech-pause` of the same utterance: that speculation is void. */
  | { type: 'speech-resume'; channel: Channel; startMs: number; atMs: number }
  /**
   * Mic audio judged to be the far end leaking into the mic: dropped, reported for metrics. It may
   * close a mic utterance that already had speech-start/progress (re-checked at its end with the
   * settled echo estimate): consumers must then discard that utterance's partials.
   */
  | { type: 'echo-dropped'; channel: Channel; startMs: number; endMs: number };

/** A per-channel level reading for the live meter (about every 100 ms of stream time). */
export type LevelEvent = {
  channel: Channel;
  /** Stream time of the end of the measured block, ms. */
  atMs: number;
  /** RMS and peak in dBFS (-100 for digital silence). */
  rmsDb: number;
  peakDb: number;
  /** Whether the VAD heard speech in the block. */
  speech: boolean;
};

/**
 * Capture health: `silent` / `clipping` after several seconds of it during a call, `ok` when
 * the channel recovers; `device-lost` / `device-restored` from device sources.
 */
export type HealthEvent = {
  channel: Channel;
  kind: 'ok' | 'silent' | 'clipping' | 'device-lost' | 'device-restored';
  /** Stream time the condition was detected, ms. */
  atMs: number;
  /** Stream time the condition began, ms (equal to atMs for device events). */
  sinceMs: number;
  /** One line for a person, e.g. "No sound from the microphone for 8 s: check the headset is not muted." */
  message: string;
};

/** Sources that can report health (devices that vanish) expose this; the pipeline forwards it. */
export type HealthReporting = {
  onHealth(listener: (e: HealthEvent) => void): () => void;
};
