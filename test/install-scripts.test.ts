// npm 11.16+ warns on `npm ci` about every dependency whose install script is not reviewed in
// package.json's `allowScripts` (issue 11, point 3: a fresh `npm ci` prints no warnings), and
// npm 12 skips those scripts.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
describe('install scripts', () => {
  // npm 11.16+ warns on `npm ci` about every dependency whose install script is not reviewed in
  // package.json's `allowScripts`, and npm 12 skips those scripts: better-sqlite3, naudiodon and
  // koffi would then install without their native builds. Every one must be reviewed.
  it('every dependency with an install script is reviewed in allowScripts (npm install-scripts ls)', () => {
    const r = spawnSync('npm', ['install-scripts', 'ls', '--json'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const pending = (JSON.parse(r.stdout) as { allowScripts: { name: string }[] }).allowScripts.map((p) => p.name);
    expect(pending).toEqual([]);
    const allowed = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { allowScripts: Record<string, boolean> }).allowScripts;
    for (const native of ['better-sqlite3', 'naudiodon', 'koffi']) expect(allowed[native]).toBe(true);
  });
});
