import { describe, expect, it } from 'vitest';
import { mergeSources } from './merge-sources';
import { createPushSource } from './push-source';
import { createPcmSource } from './pcm-source';
import type { AudioFrame, HealthEvent } from './types';

const tone = (seconds: number, rate = 16_000) => Float32Array.from({ length: seconds * rate }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / rate));

describe('mergeSources', () => {
  it('passes on every frame of a mic file source and a pushed system channel, with health events', async () => {
    const mic = createPcmSource({ mic: tone(1), sampleRate: 16_000 });
    const loopback = createPushSource({ channels: ['system'] });
    const merged = mergeSources(mic, loopback);
    expect(merged.channels).toEqual(['mic', 'system']);
    const health: HealthEvent[] = [];
    merged.onHealth((e) => health.push(e));
    const controller = new AbortController();
    const frames: AudioFrame[] = [];
    const reading = (async () => {
      for await (const f of merged.frames(controller.signal)) frames.push(f);
    })();
    // The Electron capture delivers 48 kHz chunks; the push source resamples them.
    await loopback.push('system', tone(1, 48_000), 48_000);
    loopback.report({ channel: 'system', kind: 'device-lost', atMs: 500, sinceMs: 500, message: 'loopback stopped' });
    loopback.end();
    await reading;
    const samples = (ch: string) => frames.filter((f) => f.channel === ch).reduce((n, f) => n + f.samples.length, 0);
    expect(samples('mic')).toBe(16_000);
    expect(Math.abs(samples('system') - 16_000)).toBeLessThan(400);
    expect(health.map((h) => h.kind)).toEqual(['device-lost']);
  });

  it('refuses two sources for the same channel', () => {
    expect(() => mergeSources(createPushSource({ channels: ['system'] }), createPushSource({ channels: ['system'] }))).toThrow(/both sources capture the system channel/);
  });
});
