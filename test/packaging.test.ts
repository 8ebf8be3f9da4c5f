// `npm run dist` packs the whisper.cpp addon folder as it is built on the packaging machine:
// the addon, libwhisper, ggml's base and every CPU variant (and GPU backends when built), never
// whisper.cpp's tools. Checked against the real build folder and electron-builder's config.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { minimatch } from 'minimatch';
import { parsePlistXml } from '../src-main/core/policy/sources';

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

describe('packages for silent, managed installs (issue 16, point 4)', () => {
  type Target = string | { target: string; arch?: string[] };
  const cfg = load(fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
    win: { target: Target[]; signtoolOptions: { publisherName: string } };
    mac: { target: Target[]; notarize: boolean; hardenedRuntime: boolean; entitlements: string };
    linux: { target: Target[] };
    nsis: { oneClick: boolean; perMachine: boolean };
    msi: { perMachine: boolean };
    electronFuses: Record<string, boolean>;
  };
  const names = (targets: Target[]) => targets.map((t) => (typeof t === 'string' ? t : t.target)).sort();
  const validate = async (config: unknown) => {
    const lib = path.dirname(require.resolve('app-builder-lib/package.json'));
    const { validateConfiguration } = (await import(path.join(lib, 'out/util/config/config.js'))) as { validateConfiguration(c: unknown, l: unknown): Promise<void> };
    const { DebugLogger } = (await import(require.resolve('builder-util', { paths: [lib] }))) as { DebugLogger: new (on: boolean) => unknown };
    return validateConfiguration(config, new DebugLogger(false));
  };

  it("is a valid configuration for electron-builder's own schema (and the check catches a bad one)", async () => {
    await expect(validate(cfg)).resolves.toBeUndefined();
    await expect(validate({ ...cfg, nsis: { ...cfg.nsis, perMachin: true } })).rejects.toThrow(/does not match the API schema[\s\S]*configuration\.nsis/);
  });

  it('builds NSIS and MSI per machine, pkg + dmg + zip, AppImage + deb + rpm', () => {
    expect(names(cfg.win.target)).toEqual(['msi', 'nsis']);
    expect(cfg.nsis).toMatchObject({ oneClick: true, perMachine: true });
    expect(cfg.msi.perMachine).toBe(true);
    expect(names(cfg.mac.target)).toEqual(['dmg', 'pkg', 'zip']); // zip: what electron-updater downloads on macOS
    expect(names(cfg.linux.target)).toEqual(['AppImage', 'deb', 'rpm']);
  });

  it('signs and notarises from the environment, and the updater checks the Windows publisher', () => {
    expect(cfg.win.signtoolOptions.publisherName).toMatch(/\S/);
    expect(cfg.mac).toMatchObject({ notarize: true, hardenedRuntime: true });
    const entitlements = parsePlistXml(fs.readFileSync(path.join(repoRoot, cfg.mac.entitlements), 'utf8'));
    expect(entitlements).toEqual({ 'com.apple.security.cs.allow-jit': true, 'com.apple.security.device.audio-input': true });
  });

  it('sets the Electron fuses: no run-as-node, NODE_OPTIONS or inspector; app code only from an integrity-checked asar', () => {
    expect(cfg.electronFuses).toEqual({
      runAsNode: false, enableCookieEncryption: true, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true, grantFileProtocolExtraPrivileges: false,
    });
  });
});

describe('the admin guide', () => {
  it('exists in English and Portuguese, section for section, and covers Intune, Group Policy/SCCM, Jamf and apt/yum', () => {
    const guides = ['docs/admin-guide.md', 'docs/admin-guide.pt-BR.md'].map((f) => fs.readFileSync(path.join(repoRoot, f), 'utf8'));
    const sections = guides.map((g) => g.split('\n').filter((l) => /^##+ /.test(l)).length);
    expect(sections[0]).toBeGreaterThanOrEqual(6);
    expect(sections[1]).toBe(sections[0]);
    for (const g of guides) for (const tool of ['Intune', 'SCCM', 'Jamf', 'apt', 'yum', 'msiexec', '/S', 'installer -pkg', 'SalesEdge.admx', 'mobileconfig', 'CSC_LINK', 'APPLE_ID']) expect(g).toContain(tool);
  });
});
