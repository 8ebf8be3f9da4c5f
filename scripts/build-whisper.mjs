#!/usr/bin/env node
// Builds the project's whisper.cpp addon (native/whisper) from source with cmake-js, portable:
// ggml's CPU backend once per instruction-set level, picked at run time. Output:
// native/whisper/build/bin/ (salesedge_whisper.node, libwhisper, libggml*, one libggml-cpu-*
// per CPU level, and GPU backends when asked for).
//
//   node scripts/build-whisper.mjs                 # CPU (and Metal on macOS); skipped when up to date
//   node scripts/build-whisper.mjs --force         # rebuild
//   node scripts/build-whisper.mjs --cuda          # + libggml-cuda (needs nvcc); CUDA_ARCHS=89;90 to narrow
//   node scripts/build-whisper.mjs --vulkan        # + libggml-vulkan (needs Vulkan headers + glslc)
//   node scripts/build-whisper.mjs --target whisper-cli   # whisper.cpp's own CLI from the same tree (bench)
//   SALESEDGE_WHISPER_GPU=cuda,vulkan npm ci        # the same flags from the environment (postinstall)
//
// Runs from `postinstall`. Needs cmake (>= 3.18) and a C++17 compiler; a failure says which.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { applyWhisperPatches } from '../native/whisper/patches.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const addonDir = path.join(root, 'native', 'whisper');
// SALESEDGE_WHISPER_BUILD_DIR builds elsewhere (a GPU build beside the CPU one, say).
const buildDir = process.env.SALESEDGE_WHISPER_BUILD_DIR ? path.resolve(process.env.SALESEDGE_WHISPER_BUILD_DIR) : path.join(addonDir, 'build');
const binDir = path.join(buildDir, 'bin');
const require = createRequire(path.join(root, 'package.json'));

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const valueOf = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const gpuEnv = (process.env.SALESEDGE_WHISPER_GPU ?? '').toLowerCase().split(',').map((s) => s.trim());
const cuda = flag('--cuda') || gpuEnv.includes('cuda');
const vulkan = flag('--vulkan') || gpuEnv.includes('vulkan');
const target = valueOf('--target');

function fail(message) {
  console.error(`build-whisper: ${message}`);
  process.exit(1);
}

function whisperSources() {
  let pkgJson;
  try {
    pkgJson = require.resolve('nodejs-whisper/package.json');
  } catch {
    fail('the package nodejs-whisper (which ships the whisper.cpp sources) is not installed: run npm ci');
  }
  const dir = path.join(path.dirname(pkgJson), 'cpp', 'whisper.cpp');
  if (!fs.existsSync(path.join(dir, 'include', 'whisper.h'))) fail(`no whisper.cpp sources in ${dir}`);
  return dir;
}

function cmakeVersion() {
  const r = spawnSync('cmake', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) fail('cmake is not installed (apt-get install cmake, brew install cmake, or the Visual Studio C++ workload)');
  const m = /cmake version (\d+)\.(\d+)/.exec(r.stdout);
  if (m && (Number(m[1]) < 3 || (Number(m[1]) === 3 && Number(m[2]) < 18))) fail(`cmake ${m[1]}.${m[2]} is too old (3.18 or newer needed)`);
}

/** What the build depends on: when none of it changed, the existing build is kept. */
function stamp(whisperDir) {
  const h = crypto.createHash('sha256');
  for (const f of [path.join(addonDir, 'CMakeLists.txt'), path.join(addonDir, 'src', 'addon.cc'), path.join(addonDir, 'patches.mjs'), path.join(whisperDir, 'CMakeLists.txt')]) {
    h.update(fs.readFileSync(f));
  }
  h.update(require('nodejs-whisper/package.json').version);
  h.update(require('node-addon-api/package.json').version);
  h.update(JSON.stringify({ cuda, vulkan, platform: process.platform, arch: process.arch, archs: process.env.CUDA_ARCHS ?? '' }));
  return h.digest('hex');
}

const whisperDir = whisperSources();
// The sources are built from a patched copy in the build folder (native/whisper/patches.mjs).
const patchedDir = path.join(buildDir, 'whisper.cpp-src');
const stampFile = path.join(buildDir, '.salesedge-stamp');
const addonFile = path.join(binDir, 'salesedge_whisper.node');
const want = stamp(whisperDir);
// Line 1: what the finished build was made from; line 2: what the build folder is configured for.
const upToDate = fs.existsSync(addonFile) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8').split('\n')[0] === want;

if (upToDate && !flag('--force') && !target) {
  console.log(`build-whisper: ${path.relative(root, addonFile)} is up to date`);
  process.exit(0);
}
cmakeVersion();

const cmakeDefs = [
  `WHISPER_CPP_DIR=${patchedDir}`,
  `NODE_ADDON_API_DIR=${path.dirname(require.resolve('node-addon-api/package.json'))}`,
  `GGML_CUDA=${cuda ? 'ON' : 'OFF'}`,
  `GGML_VULKAN=${vulkan ? 'ON' : 'OFF'}`,
  `GGML_METAL=${process.platform === 'darwin' ? 'ON' : 'OFF'}`,
];
if (cuda) {
  // Every architecture makes a 30+ minute build; default to the common laptop/desktop GPUs.
  cmakeDefs.push(`CMAKE_CUDA_ARCHITECTURES=${process.env.CUDA_ARCHS ?? '75;86;89'}`);
}

const cmakeJs = path.join(path.dirname(require.resolve('cmake-js/package.json')), 'bin', 'cmake-js');
const run = (verb, extra = []) => {
  // `configure` and `build` only: cmake-js's `compile` wipes the build folder when a build fails.
  const cliArgs = [cmakeJs, verb, '--directory', addonDir, '--out', buildDir, '--config', 'Release', ...extra];
  if (verb === 'configure') for (const d of cmakeDefs) cliArgs.push(`--CD${d}`);
  const r = spawnSync(process.execPath, cliArgs, {
    cwd: addonDir,
    stdio: ['ignore', process.env.SALESEDGE_BUILD_VERBOSE ? 'inherit' : 'pipe', 'inherit'],
    env: { ...process.env, CMAKE_BUILD_PARALLEL_LEVEL: process.env.CMAKE_BUILD_PARALLEL_LEVEL ?? String(os.availableParallelism()) },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) {
    if (r.stdout) process.stderr.write(r.stdout.toString().split('\n').slice(-60).join('\n'));
    fail(`${verb} failed (exit ${r.status ?? r.signal}); rerun with SALESEDGE_BUILD_VERBOSE=1 for the whole log`);
  }
};

const started = Date.now();
console.log(`build-whisper: building ${target ?? 'the whisper addon'} from ${path.relative(root, whisperDir)} (patched: native/whisper/patches.mjs)${cuda ? ' + CUDA' : ''}${vulkan ? ' + Vulkan' : ''} (about 8 minutes on 2 cores the first time)`);
const configured = fs.existsSync(path.join(buildDir, 'CMakeCache.txt')) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8').split('\n')[1] === want;
if (!configured || flag('--force') || !fs.existsSync(path.join(patchedDir, 'include', 'whisper.h'))) {
  // A fresh copy only when (re)configuring: copying refreshes every file's time, so make rebuilds all.
  fs.rmSync(patchedDir, { recursive: true, force: true });
  fs.mkdirSync(buildDir, { recursive: true });
  fs.cpSync(whisperDir, patchedDir, { recursive: true, filter: (src) => !/[\\/](bindings|models|samples|\.git)$/.test(src) });
  try {
    applyWhisperPatches(patchedDir, fs, path);
  } catch (err) {
    fail(err.message);
  }
  run('configure');
  const built = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').split('\n')[0] : '';
  fs.writeFileSync(stampFile, `${built}\n${want}`);
}
run('build', target ? ['--target', target] : []);
if (!target) {
  if (!fs.existsSync(addonFile)) fail(`the build finished but ${addonFile} is missing`);
  fs.writeFileSync(stampFile, `${want}\n${want}`);
}
const libs = fs.readdirSync(binDir).filter((f) => /ggml|whisper/.test(f));
console.log(`build-whisper: done in ${((Date.now() - started) / 1000).toFixed(0)} s: ${libs.join(', ')}`);
