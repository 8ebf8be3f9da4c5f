import type { CoreContext } from '../context';
import { createPushSource, type PushSource } from './push-source';
import type { AudioSource, HealthReporting } from './types';

/**
 * System audio captured by the Electron app (src-main/app/system-audio.ts) and pushed to the
 * core process as PCM chunks. While a call uses it, the core asks the app to capture with the
 * `audio.loopback` event; chunks that arrive with no call listening are dropped.
 */
export type Loopback = {
  /** A system-channel source for one call; the capture stops when the call's signal aborts. */
  open(): AudioSource & HealthReporting;
  push(samples: Float32Array, sampleRate: number): Promise<void>;
  readonly active: boolean;
  /** Ends the capture in use (core shutdown). */
  close(): void;
};

/** One per core, made by createCore (core.loopback). */
export function createLoopback(core: Pick<CoreContext, 'events'>): Loopback {
  let current: PushSource | null = null;
  const stop = (source: PushSource) => {
    if (current !== source) return;
    current = null;
    source.end();
    core.events.emit('audio.loopback', { active: false });
  };
  const loopback: Loopback = {
    get active() {
      return current !== null;
    },
    open() {
      if (current) stop(current);
      const source = createPushSource({ channels: ['system'] });
      current = source;
      core.events.emit('audio.loopback', { active: true });
      return {
        kind: source.kind,
        channels: source.channels,
        onHealth: (l) => source.onHealth(l),
        frames(signal) {
          signal.addEventListener('abort', () => stop(source), { once: true });
          return source.frames(signal);
        },
      };
    },
    push: (samples, sampleRate) => (current ? current.push('system', samples, sampleRate) : Promise.resolve()),
    close() {
      if (current) stop(current);
    },
  };
  return loopback;
}
