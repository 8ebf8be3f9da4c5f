import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedFixture, fixtureKey } from './fixture-cache';

const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'fixture-cache-'));
process.env.SALESEDGE_FIXTURE_CACHE = cache;
afterAll(() => {
  delete process.env.SALESEDGE_FIXTURE_CACHE;
  fs.rmSync(cache, { recursive: true, force: true });
});

describe('cachedFixture', () => {
  it('makes a fixture once and reuses it while its inputs and arguments are the same', () => {
    let made = 0;
    const spec = { name: 'demo', inputs: ['scripts/make-random-ggml.py'], args: ['tiny'], make: (dir: string) => { made++; fs.writeFileSync(path.join(dir, 'out.txt'), 'x'); } };
    const a = cachedFixture(spec);
    const b = cachedFixture(spec);
    expect(a).toBe(b);
    expect(made).toBe(1);
    expect(fs.readFileSync(path.join(a, 'out.txt'), 'utf8')).toBe('x');
    // Other arguments are another fixture.
    expect(cachedFixture({ ...spec, args: ['base'] })).not.toBe(a);
    expect(made).toBe(2);
  });

  it('keys on the bytes of the inputs, not their names alone', () => {
    const k1 = fixtureKey({ name: 'n', inputs: ['scripts/make-random-ggml.py'] });
    const k2 = fixtureKey({ name: 'n', inputs: ['scripts/make-echo-fixtures.sh'] });
    expect(k1).toMatch(/^[0-9a-f]{16}$/);
    expect(k1).not.toBe(k2);
  });

  it('leaves nothing behind when the generator fails, and makes it whole the next time', () => {
    const spec = { name: 'flaky', inputs: ['package.json'], make: () => { throw new Error('espeak-ng crashed'); } };
    expect(() => cachedFixture(spec)).toThrow('espeak-ng crashed');
    expect(fs.readdirSync(cache).filter((f) => f.includes('flaky'))).toEqual([]);
    const dir = cachedFixture({ ...spec, make: (d: string) => fs.writeFileSync(path.join(d, 'ok'), '') });
    expect(fs.existsSync(path.join(dir, 'ok'))).toBe(true);
  });
});
