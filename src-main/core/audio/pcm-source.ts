/**
 * A source over in-memory PCM (decoded files, tests, benches): resampled to 16 kHz once,
 * then cut into frames, either as fast as the consumer pulls or paced like a live call.
 */
import { resampleTo16k } from './resample';
import { SAMPLE_RATE, type AudioFrame, type AudioSource, type Channel } from './types';

type PcmInput = { mic?: Float32Array; system?: Float32Array; sampleRate: number };
type PcmSourceOptions = {
  /** Pace frames at wall-clock speed (a replayed call behaves like a live one). */
  realtime?: boolean;
  /** Frame length, ms (default 32: one Silero window). */
  frameMs?: number;
};

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Cuts 16 kHz channels into interleaved, time-ordered frames (mic then system at each step). */
async function* frameChannels(
  channels: Partial<Record<Channel, Float32Array>>,
  signal: AbortSignal,
  options: { realtime?: boolean; frameMs?: number } = {},
): AsyncGenerator<AudioFrame> {
  const frameLen = Math.max(1, Math.round(((options.frameMs ?? 32) * SAMPLE_RATE) / 1000));
  const order = (['mic', 'system'] as const).filter((c) => channels[c]);
  const longest = Math.max(0, ...order.map((c) => channels[c]!.length));
  const t0 = performance.now();
  for (let offset = 0; offset < longest; offset += frameLen) {
    if (signal.aborted) return;
    const startMs = (offset * 1000) / SAMPLE_RATE;
    if (options.realtime) {
      // A frame is "captured" when its last sample has happened.
      const due = t0 + ((offset + frameLen) * 1000) / SAMPLE_RATE;
      await sleep(due - performance.now(), signal);
      if (signal.aborted) return;
    }
    for (const channel of order) {
      const data = channels[channel]!;
      if (offset >= data.length) continue;
      yield { channel, startMs, samples: data.slice(offset, Math.min(offset + frameLen, data.length)) };
    }
    // Yield to the event loop now and then so a fast replay cannot starve other work.
    if (!options.realtime && (offset / frameLen) % 64 === 63) await new Promise((r) => setImmediate(r));
  }
}

export function createPcmSource(input: PcmInput, options: PcmSourceOptions = {}): AudioSource {
  const channels = (['mic', 'system'] as const).filter((c) => input[c]);
  let resampled: Promise<Partial<Record<Channel, Float32Array>>> | undefined;
  const prepare = () =>
    (resampled ??= (async () => {
      const out: Partial<Record<Channel, Float32Array>> = {};
      for (const c of channels) out[c] = await resampleTo16k(input[c]!, input.sampleRate);
      return out;
    })());
  return {
    kind: 'file',
    channels,
    async *frames(signal) {
      yield* frameChannels(await prepare(), signal, options);
    },
  };
}
