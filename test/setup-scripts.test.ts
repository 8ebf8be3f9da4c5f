import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
type SetupModule = { installEnv(env: Record<string, string | undefined>): Record<string, string | undefined> };
type EnsureModule = { electronInstalled(dir: string): boolean; missingMessage(dir: string): string };

describe('npm run setup works without GitHub (the README command, as written)', () => {
  it('runs scripts/setup.mjs, which installs with the Electron and CUDA downloads off', async () => {
    expect(pkg.scripts.setup).toBe('node scripts/setup.mjs');
    const { installEnv } = (await import(path.join(repoRoot, 'scripts/setup.mjs'))) as SetupModule;
    expect(installEnv({ PATH: '/bin' })).toMatchObject({ PATH: '/bin', ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ONNXRUNTIME_NODE_INSTALL: 'skip' });
    // A caller who wants the binaries keeps them.
    expect(installEnv({ ONNXRUNTIME_NODE_INSTALL: 'cuda12' }).ONNXRUNTIME_NODE_INSTALL).toBe('cuda12');
  });

  it('fetches the Electron binary only when the desktop shell starts, with a one-line error', async () => {
    for (const script of ['dev', 'start', 'dist']) expect(pkg.scripts[script]!.startsWith('node scripts/ensure-electron.mjs && ')).toBe(true);
    const { electronInstalled, missingMessage } = (await import(path.join(repoRoot, 'scripts/ensure-electron.mjs'))) as EnsureModule;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'electron-'));
    try {
      expect(electronInstalled(dir)).toBe(false);
      fs.writeFileSync(path.join(dir, 'path.txt'), 'electron');
      expect(electronInstalled(dir)).toBe(false);
      fs.mkdirSync(path.join(dir, 'dist'));
      fs.writeFileSync(path.join(dir, 'dist', 'electron'), '');
      expect(electronInstalled(dir)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const message = missingMessage('/x/node_modules/electron');
    expect(message).not.toContain('\n');
    expect(message).toMatch(/Electron binary .* could not be downloaded.*serve-ui/);
  });
});
