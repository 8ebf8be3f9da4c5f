#!/usr/bin/env node
/**
 * Builds the native addons a second time, for Electron's ABI, into .electron-native/ — so
 * `npm start` (Electron) and the CLI/tests (plain Node) each load a build made for them and
 * neither breaks the other. The app passes SALESEDGE_NATIVE_DIR to the core's utilityProcess
 * when it runs unpackaged; packaged builds get Electron builds from electron-builder instead.
 *
 * Needs Electron's headers (downloaded by node-gyp from electronjs.org), so it cannot run on a
 * machine without that access; the Node builds in node_modules are never touched.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const out = path.join(root, '.electron-native');
const modules = ['better-sqlite3', 'naudiodon'];

const electronVersion = require('electron/package.json').version;
const manifestFile = path.join(out, 'manifest.json');
const manifest = fs.existsSync(manifestFile) ? JSON.parse(fs.readFileSync(manifestFile, 'utf8')) : {};
const versions = Object.fromEntries(modules.map((m) => [m, require(`${m}/package.json`).version]));

if (manifest.electron === electronVersion && modules.every((m) => manifest.modules?.[m] === versions[m])) {
  console.log(`native addons for Electron ${electronVersion} are up to date in .electron-native/`);
  process.exit(0);
}

fs.mkdirSync(out, { recursive: true });
for (const name of modules) {
  const src = path.dirname(require.resolve(`${name}/package.json`));
  const dest = path.join(out, name);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(src, dest, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) && !p.endsWith(`${path.sep}build`) });
  console.log(`building ${name}@${versions[name]} for Electron ${electronVersion}…`);
  execFileSync(process.execPath, [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'], {
    cwd: dest,
    stdio: 'inherit',
    env: { ...process.env, npm_config_runtime: 'electron' },
  });
}
fs.writeFileSync(manifestFile, JSON.stringify({ electron: electronVersion, modules: versions }, null, 2));
console.log('done: .electron-native/ holds the Electron builds; node_modules keeps the Node builds');
