// Every package npm installs must accept the Node versions we name in package.json's
// `engines` (the oldest of each range, and the Node running the tests): no EBADENGINE
// warnings on `npm ci` (issue 11, point 3). Optional platform packages (wasm fallbacks)
// are held to the same rule only when they would be installed on this platform.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; optional?: boolean; engines?: { node?: string } | string[]; os?: string[]; cpu?: string[] }>;
};

/** The oldest version of each `||` branch of our engines range. */
function namedVersions(range: string): string[] {
  return range.split('||').map((part) => semver.minVersion(part.trim())?.version).filter((v): v is string => !!v);
}

function installedHere(entry: { optional?: boolean; os?: string[]; cpu?: string[] }): boolean {
  if (!entry.optional) return true;
  const okOs = !entry.os || entry.os.includes(process.platform);
  const okCpu = !entry.cpu || entry.cpu.includes(process.arch);
  return okOs && okCpu;
}

describe('Node engines', () => {
  const versions = [...namedVersions(pkg.engines.node), process.versions.node];

  it('names a Node range that the running Node satisfies', () => {
    expect(namedVersions(pkg.engines.node).length).toBeGreaterThan(0);
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });

  it.each(versions)('every installed package accepts Node %s', (version) => {
    const refused: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      if (!where || !installedHere(entry)) continue;
      const wanted = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
      if (wanted && !semver.satisfies(version, wanted)) refused.push(`${where}@${entry.version} wants node ${wanted}`);
    }
    expect(refused).toEqual([]);
  });
});

describe('the packager on Node 20', () => {
  // @electron/rebuild 4 wants Node 22.12, so package.json's `overrides` pins 3.6.1 (the last
  // one whose node-gyp comes from the npm registry, not GitHub). electron-builder forks
  // helpers/remote-rebuild.js, which calls `rebuild(options)` and listens on `.lifecycle`:
  // the pinned version must keep that contract.
  it('runs @electron/rebuild the way app-builder-lib calls it', async () => {
    const { createRequire } = await import('node:module');
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const fromBuilder = createRequire(require.resolve('app-builder-lib/package.json'));
    const { rebuild } = fromBuilder('@electron/rebuild') as {
      rebuild: (o: Record<string, unknown>) => Promise<void> & { lifecycle: { on: (e: string, f: (m: string) => void) => void } };
    };
    const app = mkdtempSync(path.join(os.tmpdir(), 'salesedge-rebuild-'));
    try {
      writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: {} }));
      const run = rebuild({ buildPath: app, electronVersion: '41.7.1', arch: process.arch, platform: process.platform, buildFromSource: false, projectRootPath: app, mode: 'sequential', disablePreGypCopy: true });
      const found: string[] = [];
      run.lifecycle.on('module-found', (m) => found.push(m));
      await run;
      expect(found).toEqual([]);
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });
});
