import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from './program';
import { commandModules } from './commands';
import { tempDir } from '../../test/helpers';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
  return { out, err, restore: () => (o.mockRestore(), e.mockRestore()) };
}

describe('salesedge CLI', () => {
  afterEach(() => vi.restoreAllMocks());

  it('--version prints the package version and exits 0', async () => {
    const c = capture();
    const code = await runCli(['--version'], commandModules);
    c.restore();
    expect(code).toBe(0);
    expect(c.out.join('')).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('--help lists serve-ui and the global --data-dir', async () => {
    const c = capture();
    const code = await runCli(['--help'], commandModules);
    c.restore();
    expect(code).toBe(0);
    expect(c.out.join('')).toContain('serve-ui');
    expect(c.out.join('')).toContain('--data-dir');
  });

  it('a bad port is a usage error with a non-zero exit', async () => {
    const c = capture();
    const code = await runCli(['serve-ui', '--port', 'abc'], commandModules);
    c.restore();
    expect(code).not.toBe(0);
    expect(c.err.join('')).toMatch(/must be a port number/);
  });

  it('an unusable data dir is one line on stderr and exit 1', async () => {
    const t = tempDir();
    const fs = await import('node:fs');
    const file = `${t.dir}/not-a-dir`;
    fs.writeFileSync(file, 'x');
    const c = capture();
    const code = await runCli(['--data-dir', file, 'serve-ui'], commandModules);
    c.restore();
    t.cleanup();
    expect(code).toBe(1);
    expect(c.err.join('')).toMatch(/^salesedge: .+\n$/);
  });
});
