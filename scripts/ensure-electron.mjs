#!/usr/bin/env node
// Before the desktop shell starts (`npm run dev|start|dist`): make sure the Electron binary is
// there. `npm run setup` skips its download (it comes from GitHub, which some networks block);
// this fetches it on first use with Electron's own installer, and says in one line what to do
// when that fails. The CLI, `salesedge serve-ui` and the tests never need it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Whether node_modules/electron holds a downloaded binary (its installer writes path.txt last). */
export function electronInstalled(electronDir = path.join(ROOT, 'node_modules/electron')) {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return false;
  const exe = fs.readFileSync(pathFile, 'utf8').trim();
  return exe.length > 0 && fs.existsSync(path.join(electronDir, 'dist', exe));
}

export function missingMessage(electronDir) {
  return (
    `salesedge: the Electron binary is not installed and could not be downloaded (GitHub unreachable?): ` +
    `the desktop app needs it; set ELECTRON_MIRROR to a reachable mirror and rerun, or use the CLI and ` +
    `\`npx salesedge serve-ui\`, which do not (${electronDir})`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const electronDir = path.join(ROOT, 'node_modules/electron');
  if (!fs.existsSync(path.join(electronDir, 'install.js'))) {
    console.error(`salesedge: node_modules/electron is missing: run \`npm run setup\` first`);
    process.exit(1);
  }
  if (!electronInstalled(electronDir)) {
    console.error('salesedge: fetching the Electron binary (first start of the desktop app)…');
    const env = { ...process.env };
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    const r = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0 || !electronInstalled(electronDir)) {
      console.error(missingMessage(electronDir));
      process.exit(1);
    }
  }
}
