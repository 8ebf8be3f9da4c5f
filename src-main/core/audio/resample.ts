/**
 * Resampling to the pipeline's 16 kHz with libsamplerate (Erik de Castro Lopo's SRC, compiled
 * to WebAssembly by @alexanderolsen/libsamplerate-js): band-limited sinc conversion, so 48 kHz
 * device audio does not alias into the speech band the VAD and ASR look at.
 */
import { ConverterType, create } from '@alexanderolsen/libsamplerate-js';
import { CoreError } from '../../../src-shared/errors';
import { SAMPLE_RATE } from './types';

const checkRate = (rate: number): void => {
  if (!Number.isFinite(rate) || rate < 4000 || rate > 384_000) throw new CoreError('bad_request', `unsupported sample rate ${rate} Hz (expected 4000-384000)`);
};

/** One-shot conversion of a whole mono signal to 16 kHz. */
export async function resampleTo16k(samples: Float32Array, fromRate: number): Promise<Float32Array> {
  checkRate(fromRate);
  if (fromRate === SAMPLE_RATE) return samples;
  if (samples.length === 0) return new Float32Array(0);
  const src = await create(1, fromRate, SAMPLE_RATE, { converterType: ConverterType.SRC_SINC_MEDIUM_QUALITY });
  try {
    return src.simple(samples);
  } finally {
    src.destroy();
  }
}

export type StreamResampler = {
  /** Converts the next chunk of a continuous stream (filter state is kept between chunks). */
  push(chunk: Float32Array): Float32Array;
  destroy(): void;
};

/** A stateful resampler for live streams (devices, Electron loopback) at any input rate. */
export async function createStreamResampler(fromRate: number): Promise<StreamResampler> {
  checkRate(fromRate);
  if (fromRate === SAMPLE_RATE) return { push: (chunk) => chunk, destroy: () => {} };
  const src = await create(1, fromRate, SAMPLE_RATE, { converterType: ConverterType.SRC_SINC_FASTEST });
  return {
    // full() copies into a fresh array; libsamplerate keeps the sinc filter's tail between calls.
    push: (chunk) => (chunk.length === 0 ? new Float32Array(0) : Float32Array.from(src.full(chunk))),
    destroy: () => src.destroy(),
  };
}
