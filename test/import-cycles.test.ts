// No import cycles anywhere in our TypeScript, type-only imports included (issue 12): a cycle
// hides which module owns a type or a service and makes load order matter. dpdm parses the
// sources with the TypeScript compiler and follows every import.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from './helpers';

const sources = ['src-main/**/*.ts', 'sync-server/**/*.ts', 'src-shared/**/*.ts', 'src-preload/**/*.ts', 'src-renderer/src/**/*.ts', 'src-renderer/src/**/*.tsx', 'native/**/*.ts'];

it('finds no import cycle in the sources', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'salesedge-dpdm-'));
  try {
    const out = path.join(dir, 'deps.json');
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/dpdm/lib/bin/dpdm.js'), '--no-warning', '--no-tree', '--no-progress', '-o', out, ...sources], { cwd: repoRoot, encoding: 'utf8', timeout: 240_000 });
    expect(r.status, r.stderr).toBe(0);
    const { circulars, tree } = JSON.parse(readFileSync(out, 'utf8')) as { circulars: string[][]; tree: Record<string, unknown> };
    expect(Object.keys(tree).length).toBeGreaterThan(200); // it really read the tree
    expect(circulars.map((c) => c.join(' -> '))).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 240_000);
