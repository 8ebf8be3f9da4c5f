import { describe, expect, it } from 'vitest';
import { createRollingSentiment } from './rolling-sentiment';

describe('createRollingSentiment', () => {
  it('starts empty, then follows the customer with a half-life in utterances', () => {
    const r = createRollingSentiment({ halfLife: 1 });
    expect(r.value()).toBeNull();
    expect(r.push(1)).toBe(1);
    // Weights 0.5 (old) and 1 (new): (0.5 * 1 + 1 * -1) / 1.5.
    expect(r.push(-1)).toBeCloseTo(-1 / 3, 10);
    expect(r.value()).toBeCloseTo(-1 / 3, 10);
  });

  it('moves towards a sustained mood and stays in [-1, 1]', () => {
    const r = createRollingSentiment();
    r.push(0.8);
    let v = 0;
    for (let i = 0; i < 20; i++) v = r.push(-0.9, 'this is really not working for us at all');
    expect(v).toBeLessThan(-0.85);
    expect(r.push(5)).toBeLessThanOrEqual(1);
  });

  it('weighs a full sentence more than a one-word reply', () => {
    const a = createRollingSentiment({ halfLife: 100 });
    a.push(-1, 'this is really far too expensive for a team our size');
    const b = createRollingSentiment({ halfLife: 100 });
    b.push(-1, 'ok');
    expect(a.push(1, 'ok')).toBeLessThan(b.push(1, 'this is really great and exactly what we need now'));
  });

  it('rejects a score that is not a number and resets', () => {
    const r = createRollingSentiment();
    expect(() => r.push(Number.NaN)).toThrow(/sentiment score/);
    r.push(0.5);
    r.reset();
    expect(r.value()).toBeNull();
  });
});
