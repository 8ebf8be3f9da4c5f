import { describe, expect, it } from 'vitest';
import { retryDelay } from './loop';

describe('retryDelay', () => {
  it('never sooner than Retry-After and at most twice it (jitter), whatever the failures; the backoff without one', () => {
    expect(retryDelay(1, 2000, { random: () => 0 })).toBe(2000);
    expect(retryDelay(1, 2000, { random: () => 0.999 })).toBe(3998);
    expect(retryDelay(9, 2000, { random: () => 0.5 })).toBe(3000);
    expect(retryDelay(3, undefined, { random: () => 0.5 })).toBe(8000);
    expect(retryDelay(40, undefined, { random: () => 1 })).toBe(300_000);
  });
});
