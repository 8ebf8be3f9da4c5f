#!/usr/bin/env node
// `npm run setup`: install and build, with no download from GitHub.
//
// `npm ci` would otherwise fetch two binaries from GitHub in postinstall scripts: Electron's
// (only the desktop shell needs it; `npm run dev|start|dist` fetch it on first use, see
// ensure-electron.mjs) and onnxruntime-node's CUDA provider (the CPU provider ships in the npm
// package). Both are skipped unless the caller set the variables themselves. Nothing else here
// needs the network beyond the npm registry, and `salesedge demo` then runs offline.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** The environment for `npm ci`: the caller's, with the two GitHub downloads off by default. */
export function installEnv(env) {
  return { ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ONNXRUNTIME_NODE_INSTALL: 'skip', ...env };
}

function run(args, env) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`setup: \`npm ${args.join(' ')}\` failed (exit ${r.status ?? r.signal}); see the lines above`);
    process.exit(r.status ?? 1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const env = installEnv(process.env);
  if (process.argv.includes('--print-env')) {
    console.log(JSON.stringify({ ELECTRON_SKIP_BINARY_DOWNLOAD: env.ELECTRON_SKIP_BINARY_DOWNLOAD, ONNXRUNTIME_NODE_INSTALL: env.ONNXRUNTIME_NODE_INSTALL }));
  } else {
    run(['ci'], env);
    run(['run', 'build'], process.env);
  }
}
