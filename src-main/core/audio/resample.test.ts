import { describe, expect, it } from 'vitest';
import { createStreamResampler, resampleTo16k } from './resample';

const tone = (hz: number, rate: number, seconds: number) => new Float32Array(Math.round(rate * seconds)).map((_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate));
const rms = (x: Float32Array, from = 0, to = x.length) => Math.sqrt(x.subarray(from, to).reduce((s, v) => s + v * v, 0) / (to - from));
const zeroCrossings = (x: Float32Array) => x.reduce((n, v, i) => (i > 0 && Math.sign(v) !== Math.sign(x[i - 1]!) ? n + 1 : n), 0);

describe('resampling to 16 kHz', () => {
  it('48 kHz -> 16 kHz keeps duration, pitch and level of a 1 kHz tone', async () => {
    const out = await resampleTo16k(tone(1000, 48_000, 1), 48_000);
    expect(Math.abs(out.length - 16_000)).toBeLessThanOrEqual(2);
    // 1 kHz = 2000 zero crossings per second.
    expect(Math.abs(zeroCrossings(out.subarray(800, 15_200)) - 2000 * 0.9)).toBeLessThanOrEqual(4);
    expect(rms(out, 800, 15_200)).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it('filters what 16 kHz cannot carry instead of aliasing it (10 kHz tone)', async () => {
    const out = await resampleTo16k(tone(10_000, 48_000, 1), 48_000);
    // Without a band-limiting filter this would fold to 6 kHz at full level.
    expect(20 * Math.log10(rms(out, 800, 15_200) / (0.5 / Math.SQRT2))).toBeLessThan(-40);
  });

  it('44.1 kHz works too, and 16 kHz passes through untouched', async () => {
    const x = tone(440, 44_100, 0.5);
    expect(Math.abs((await resampleTo16k(x, 44_100)).length - 8000)).toBeLessThanOrEqual(2);
    const y = tone(440, 16_000, 0.5);
    expect(await resampleTo16k(y, 16_000)).toBe(y);
  });

  it('a stream resampler fed in device-sized chunks matches the one-shot result', async () => {
    const x = tone(700, 48_000, 1);
    const r = await createStreamResampler(48_000);
    const parts: Float32Array[] = [];
    for (let o = 0; o < x.length; o += 480) parts.push(r.push(x.subarray(o, o + 480)));
    r.destroy();
    const out = Float32Array.from(parts.flatMap((p) => [...p]));
    expect(out.length).toBeGreaterThan(15_500);
    expect(out.length).toBeLessThanOrEqual(16_000);
    expect(Math.abs(zeroCrossings(out.subarray(800, 15_200)) - 1400 * 0.9)).toBeLessThanOrEqual(6);
  });

  it('rejects a nonsense rate with one line', async () => {
    await expect(resampleTo16k(new Float32Array(10), 0)).rejects.toThrow(/^unsupported sample rate 0 Hz/);
  });
});
