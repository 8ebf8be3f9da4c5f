import type { AudioFrame, AudioSource, HealthEvent, HealthReporting } from './types';

/**
 * One source from two: the rep's mic from a device and the customer's system audio from the
 * Electron loopback capture, for example. Frames are passed on in arrival order; each side
 * keeps its own stream clock. Health events of both sides are forwarded.
 */
export function mergeSources(a: AudioSource, b: AudioSource): AudioSource & HealthReporting {
  const overlap = a.channels.filter((c) => b.channels.includes(c));
  if (overlap.length > 0) throw new Error(`both sources capture the ${overlap.join(', ')} channel`);
  return {
    kind: a.kind === b.kind ? a.kind : 'device',
    channels: [...a.channels, ...b.channels],
    onHealth(listener: (e: HealthEvent) => void) {
      const offs = [a, b].map((s) => (s as Partial<HealthReporting>).onHealth?.(listener));
      return () => offs.forEach((off) => off?.());
    },
    async *frames(signal: AbortSignal) {
      const iterators = [a.frames(signal)[Symbol.asyncIterator](), b.frames(signal)[Symbol.asyncIterator]()];
      type Next = { index: number; result: IteratorResult<AudioFrame> };
      const pull = (index: number): Promise<Next> => iterators[index]!.next().then((result) => ({ index, result }));
      const pending = new Map<number, Promise<Next>>([
        [0, pull(0)],
        [1, pull(1)],
      ]);
      try {
        while (pending.size > 0) {
          const { index, result } = await Promise.race(pending.values());
          if (result.done) {
            pending.delete(index);
            continue;
          }
          pending.set(index, pull(index));
          yield result.value;
        }
      } finally {
        await Promise.allSettled(iterators.map((it) => it.return?.()));
      }
    },
  };
}
