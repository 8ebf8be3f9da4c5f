// The fixes the build applies to the pinned whisper.cpp sources (native/whisper/patches.mjs):
// each applies exactly once to the sources npm installs, and the AMX one leaves no tile
// configuration store for the compiler to drop.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { applyWhisperPatches, whisperPatches } from '../native/whisper/patches.mjs';

const require = createRequire(import.meta.url);
const sources = path.join(path.dirname(require.resolve('nodejs-whisper/package.json')), 'cpp', 'whisper.cpp');

describe('whisper.cpp source patches', () => {
  it('each applies exactly once to the pinned sources, and the patched AMX tile config is a constant', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'whisper-patches-'));
    try {
      for (const p of whisperPatches) {
        fs.mkdirSync(path.dirname(path.join(dir, p.file)), { recursive: true });
        fs.copyFileSync(path.join(sources, p.file), path.join(dir, p.file));
      }
      applyWhisperPatches(dir, fs, path);
      const mmq = fs.readFileSync(path.join(dir, 'ggml/src/ggml-cpu/amx/mmq.cpp'), 'utf8');
      expect(mmq).toContain('alignas(64) static const tile_config_t tc = {');
      expect(mmq).not.toMatch(/\btc\.(rows|colsb|palette_id)\[?\d*\]?\s*=/);
      // Applied twice, it no longer finds its text: the build would say so rather than patch blindly.
      expect(() => applyWhisperPatches(dir, fs, path)).toThrow(/the patch for ggml\/src\/ggml-cpu\/amx\/mmq\.cpp does not apply \(its text is not there\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the build script builds from the patched copy, and a change to the patches rebuilds', () => {
    const script = fs.readFileSync(path.join(__dirname, '..', 'scripts', 'build-whisper.mjs'), 'utf8');
    expect(script).toContain('`WHISPER_CPP_DIR=${patchedDir}`');
    expect(script).toContain("path.join(addonDir, 'patches.mjs')");
  });
});
