/** A small async queue of frames: producers push from callbacks, the source's iterator awaits. */
import type { AudioFrame } from './types';

type FrameQueue = {
  push(frame: AudioFrame): void;
  end(): void;
  iterate(signal: AbortSignal): AsyncGenerator<AudioFrame>;
};

export function createFrameQueue(limit = 2000): FrameQueue {
  let items: AudioFrame[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  return {
    push(frame) {
      if (ended) return;
      items.push(frame);
      // A stalled consumer must not grow memory without bound: drop the oldest (~60 s at 32 ms).
      if (items.length > limit) items = items.slice(items.length - limit);
      notify();
    },
    end() {
      ended = true;
      notify();
    },
    async *iterate(signal) {
      const onAbort = () => notify();
      signal.addEventListener('abort', onAbort);
      try {
        for (;;) {
          if (signal.aborted) return;
          if (items.length > 0) {
            const batch = items;
            items = [];
            for (const f of batch) yield f;
            continue;
          }
          if (ended) return;
          await new Promise<void>((resolve) => (wake = resolve));
        }
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
