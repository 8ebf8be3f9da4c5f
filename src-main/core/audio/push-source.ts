/**
 * A source the Electron main process feeds: system audio captured by the OS (Windows
 * loopback, macOS 13+ screen-capture audio) arrives as PCM chunks at the capture's own rate
 * and is resampled and stamped here, so the core treats it like any other channel.
 */
import { createFrameQueue } from './frame-queue';
import { createStreamResampler, type StreamResampler } from './resample';
import { SAMPLE_RATE, type AudioSource, type Channel, type HealthEvent, type HealthReporting } from './types';

export type PushSource = AudioSource &
  HealthReporting & {
    /** Adds captured samples (mono Float32, any rate). Stream time follows the samples pushed. */
    push(channel: Channel, samples: Float32Array, sampleRate: number): Promise<void>;
    /** Reports a capture problem (e.g. the OS stopped the loopback) so the UI can warn. */
    report(event: HealthEvent): void;
    end(): void;
  };

export function createPushSource(options: { channels?: Channel[] } = {}): PushSource {
  const channels = options.channels ?? ['system'];
  const queue = createFrameQueue();
  const listeners = new Set<(e: HealthEvent) => void>();
  const state = new Map<Channel, { rate: number; resampler: Promise<StreamResampler>; samples: number }>();
  // Pushes are chained so chunks keep their order even while a resampler is being created.
  let chain: Promise<void> = Promise.resolve();
  return {
    kind: 'electron-loopback',
    channels,
    frames: (signal) => queue.iterate(signal),
    onHealth(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    report: (event) => listeners.forEach((l) => l(event)),
    push(channel, samples, sampleRate) {
      if (!channels.includes(channel)) return Promise.reject(new Error(`push source has no ${channel} channel`));
      chain = chain.then(async () => {
        let s = state.get(channel);
        if (!s || s.rate !== sampleRate) {
          // A new capture rate (device switched): keep stream time, restart the filter.
          void s?.resampler.then((r) => r.destroy());
          s = { rate: sampleRate, resampler: createStreamResampler(sampleRate), samples: s?.samples ?? 0 };
          state.set(channel, s);
        }
        const out = (await s.resampler).push(samples);
        if (out.length === 0) return;
        queue.push({ channel, samples: out, startMs: (s.samples * 1000) / SAMPLE_RATE });
        s.samples += out.length;
      });
      return chain;
    },
    end() {
      void chain.then(() => {
        for (const s of state.values()) void s.resampler.then((r) => r.destroy());
        queue.end();
      });
    },
  };
}
