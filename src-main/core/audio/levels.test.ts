import { describe, expect, it } from 'vitest';
import { createLevelMeter } from './levels';
import type { HealthEvent, LevelEvent } from './types';

function feed(meter: ReturnType<typeof createLevelMeter>, seconds: number, fromMs: number, gen: (i: number) => number) {
  const levels: LevelEvent[] = [];
  const health: HealthEvent[] = [];
  for (let f = 0; f < seconds * 50; f++) {
    const s = new Float32Array(320).map((_, k) => gen(f * 320 + k));
    const r = meter.push(s, fromMs + f * 20, false);
    if (r.level) levels.push(r.level);
    if (r.health) health.push(r.health);
  }
  return { levels, health };
}
const tone = (amp: number) => (i: number) => amp * Math.sin((2 * Math.PI * 440 * i) / 16000);

describe('capture health', () => {
  it('reports RMS/peak levels about every 100 ms', () => {
    const { levels } = feed(createLevelMeter('mic'), 1, 0, tone(0.5));
    expect(levels.length).toBe(10);
    expect(levels[0]!.peakDb).toBeCloseTo(-6, 0);
    expect(levels[0]!.rmsDb).toBeCloseTo(-9, 0);
    expect(levels[0]!.channel).toBe('mic');
  });

  it('warns once after several seconds of dead silence on the mic, and clears when sound returns', () => {
    const meter = createLevelMeter('mic', { silentAfterMs: { mic: 5000 } });
    expect(feed(meter, 2, 0, tone(0.1)).health).toEqual([]);
    const silent = feed(meter, 7, 2000, () => 0).health;
    expect(silent).toHaveLength(1);
    expect(silent[0]).toMatchObject({ channel: 'mic', kind: 'silent', sinceMs: 2000 });
    expect(silent[0]!.atMs).toBeGreaterThanOrEqual(7000);
    expect(silent[0]!.atMs).toBeLessThanOrEqual(7100);
    expect(silent[0]!.message).toMatch(/No sound from the microphone for 5 s/);
    const back = feed(meter, 1, 9000, tone(0.1)).health;
    expect(back).toMatchObject([{ kind: 'ok' }]);
  });

  it('gives the customer channel longer before calling it silent', () => {
    const meter = createLevelMeter('system');
    expect(feed(meter, 20, 0, () => 0).health).toEqual([]);
    expect(feed(meter, 11, 20_000, () => 0).health).toMatchObject([{ kind: 'silent', channel: 'system' }]);
  });

  it('warns about sustained clipping but not a single loud peak', () => {
    const meter = createLevelMeter('mic');
    const once = feed(meter, 3, 0, (i) => (i === 100 ? 1 : tone(0.2)(i)));
    expect(once.health).toEqual([]);
    const clipped = feed(meter, 3, 3000, (i) => Math.max(-1, Math.min(1, tone(3)(i))));
    expect(clipped.health).toMatchObject([{ kind: 'clipping', channel: 'mic' }]);
    expect(clipped.health[0]!.message).toMatch(/clipping/);
    expect(feed(meter, 4, 6000, tone(0.2)).health).toMatchObject([{ kind: 'ok' }]);
  });
});
