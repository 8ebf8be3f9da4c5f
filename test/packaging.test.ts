// `npm run dist` packs the whisper.cpp addon folder as it is built on the packaging machine:
// the addon, libwhisper, ggml's base and every CPU variant (and GPU backends when built), never
// whisper.cpp's tools. Checked against the real build folder and electron-builder's config.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { minimatch } from 'minimatch';

const repoRoot = path.resolve(__dirname, '..');
type Extra = { from: string; to: string; filter: string[] };

describe('electron-builder packs the whisper addon', () => {
  it('ships the addon folder to resources/whisper with the libraries ggml loads, and no tools', () => {
    const cfg = load(fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as { extraResources: Extra[]; files: string[] };
    const entry = cfg.extraResources.find((e) => e.from === 'native/whisper/build/bin')!;
    expect(entry.to).toBe('whisper'); // native/whisper/index.ts looks in process.resourcesPath/whisper
    const dir = path.join(repoRoot, entry.from);
    const packed = fs.readdirSync(dir).filter((f) => entry.filter.some((g) => minimatch(f, g)));
    const platformLib = process.platform === 'win32' ? /\.dll$/ : process.platform === 'darwin' ? /\.dylib$/ : /\.so$/;
    expect(packed).toContain('salesedge_whisper.node');
    expect(packed.filter((f) => platformLib.test(f) && /^(lib)?ggml-cpu-/.test(f)).length).toBeGreaterThanOrEqual(5);
    for (const lib of ['whisper', 'ggml', 'ggml-base']) expect(packed.some((f) => f.replace(/^lib/, '').startsWith(`${lib}.`))).toBe(true);
    expect(packed.some((f) => /^whisper-(cli|bench|quantize)/.test(f))).toBe(false);
  });
});
