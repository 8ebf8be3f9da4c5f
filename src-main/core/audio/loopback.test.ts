import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../core';
import { tempDir } from '../../../test/helpers';
import type { AudioFrame } from './types';

describe('Electron loopback into the core', () => {
  it('asks the app to capture while a call listens, takes its chunks, and stops when the call ends', async () => {
    const t = tempDir();
    const core = createCore({ dataDir: path.join(t.dir, 'data'), policyFile: path.join(t.dir, 'none.json') });
    const asks: boolean[] = [];
    core.events.on('audio.loopback', (e) => asks.push(e.active));
    try {
      const loopback = core.loopback;
      // Chunks before any call are dropped, not queued.
      await loopback.push(new Float32Array(4800), 48_000);
      const source = loopback.open();
      expect(asks).toEqual([true]);
      const controller = new AbortController();
      const frames: AudioFrame[] = [];
      const reading = (async () => {
        for await (const f of source.frames(controller.signal)) {
          frames.push(f);
          if (frames.reduce((n, x) => n + x.samples.length, 0) >= 8000) controller.abort();
        }
      })();
      const chunk = Float32Array.from({ length: 4800 }, (_, i) => 0.2 * Math.sin(i / 5));
      for (let i = 0; i < 6; i++) await loopback.push(chunk, 48_000);
      await reading;
      expect(frames.every((f) => f.channel === 'system')).toBe(true);
      expect(frames.reduce((n, f) => n + f.samples.length, 0)).toBeGreaterThanOrEqual(8000);
      expect(asks).toEqual([true, false]);
      expect(loopback.active).toBe(false);
    } finally {
      await core.close();
      t.cleanup();
    }
  });
});
