#!/usr/bin/env node
// Proves the portable whisper.cpp build on CPUs this machine is not: runs Node under
// `qemu-x86_64 -cpu MODEL` (Debian's qemu-user), loads the addon, checks which CPU kernels ggml
// picked for that CPU, and decodes one second with a random-weight tiny model.
//
//   node scripts/check-portable-whisper.mjs MODEL.bin [Nehalem SandyBridge Haswell]
//
// Prints one JSON line per CPU: { cpu, level, tokens, ms } and exits 1 if any fails or picks
// the wrong level. (QEMU's emulator implements up to AVX2, not AVX-512.)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [model, ...cpus] = process.argv.slice(2);
if (!model) {
  console.error('usage: check-portable-whisper.mjs MODEL.bin [QEMU_CPU…]');
  process.exit(2);
}
const expected = { Nehalem: 'SSE', Westmere: 'SSE', SandyBridge: 'AVX', IvyBridge: 'AVX', Haswell: 'AVX2', Broadwell: 'AVX2' };
const list = cpus.length ? cpus : ['Nehalem', 'SandyBridge', 'Haswell'];
const probe = `
  const { loadWhisperAddon, openWhisperContext } = require(${JSON.stringify(path.join(root, 'native/whisper/index.ts'))});
  (async () => {
    const a = loadWhisperAddon();
    const ctx = await openWhisperContext(${JSON.stringify(path.resolve(model))});
    const t0 = Date.now();
    const out = await ctx.transcribe(new Float32Array(16000).map((_, i) => 0.1 * Math.sin(i / 7)), { language: 'en', threads: 1, audioCtx: 64, maxTokens: 2 });
    await ctx.release();
    console.log(JSON.stringify({ level: a.cpuLevel, tokens: out.tokens, ms: Date.now() - t0 }));
  })().catch((e) => { console.error(e.message); process.exit(1); });`;
let failed = 0;
for (const cpu of list) {
  const r = spawnSync('qemu-x86_64', ['-cpu', cpu, process.execPath, '--import', 'tsx', '-e', probe], { encoding: 'utf8', cwd: root, timeout: 600_000 });
  if (r.error) {
    console.error(`qemu-x86_64 not runnable (${r.error.message}): apt-get install qemu-user`);
    process.exit(1);
  }
  const line = r.stdout.trim().split('\n').pop() ?? '';
  let res;
  try {
    res = { cpu, ...JSON.parse(line) };
  } catch {
    res = { cpu, error: (r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`).slice(0, 300) };
  }
  const want = expected[cpu];
  if (res.error || (want && res.level !== want)) {
    failed++;
    res.expected = want;
  }
  console.log(JSON.stringify(res));
}
process.exit(failed ? 1 : 0);
