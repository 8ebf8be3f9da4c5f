import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { createDispatcher } from '../api/dispatch';
import { handlers } from '../api/handlers';
import { FAIL_SAFE_SUFFIX, loadPolicy, lockedPaths, validatePolicyObject } from './policy';
import { jsonFileSource, managedPreferencesSource, policySources, registrySource, type PolicySource, type Runner } from './sources';
import pino from 'pino';
import type { Logger } from '../logger';
import { tempDir } from '../../../test/helpers';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const regRunner =
  (stdout: string, status = 0): Runner =>
  () => ({ status, stdout, stderr: '' });
/** The recorded registry, as the Windows app reads it. */
const recordedRegistry = (stdout = fixture('reg-query-copilot.txt')) => registrySource({ env: { SystemRoot: 'C:\\Windows', ProgramData: 'C:\\ProgramData' }, run: regRunner(stdout) });
/** The recorded managed preferences, as the macOS app reads them (plutil's output is the fixture). */
const recordedPlist = (dir: string, xml = fixture('managed-preferences.plist')) => {
  const file = path.join(dir, 'com.salesedge.copilot.plist');
  fs.writeFileSync(file, 'bplist00');
  return managedPreferencesSource({ file, run: () => ({ status: 0, stdout: xml, stderr: '' }) });
};
const memory = (data: unknown, location = 'memory'): PolicySource => ({ name: 'file', location, coerce: false, impliedVersion: false, read: () => ({ kind: 'data', data }) });

describe('IT policy file', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const dir = () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    return t.dir;
  };
  const setup = (policy: string | null, log?: Logger) => {
    const d = dir();
    const file = path.join(d, 'policy.json');
    if (policy !== null) fs.writeFileSync(file, policy);
    const core: Core = createCore({ dataDir: path.join(d, 'data'), policyFile: file, ...(log ? { log } : {}) });
    cleanups.push(() => core.close());
    return { core, dispatch: createDispatcher(core, handlers), file };
  };

  it('no file means no policy and nothing locked', () => {
    const { core } = setup(null);
    expect(core.policy).toBeNull();
    expect(core.lockedSettings).toEqual([]);
    expect(core.policyError).toBeNull();
  });

  it('forces and locks settings, and the contract refuses to change them', async () => {
    const { core, dispatch } = setup(JSON.stringify({ version: 1, settings: { asr: { language: 'pt' } }, allowCloud: false, syncServer: 'https://sync.acme.example', lock: ['theme'] }));
    expect(core.lockedSettings.sort()).toEqual(['asr.language', 'llm.enabled', 'sync.serverUrl', 'theme']);
    const got = await dispatch('settings.get', {});
    expect(got).toMatchObject({ ok: true, result: { asr: { language: 'pt' }, llm: { enabled: false }, sync: { serverUrl: 'https://sync.acme.example' } } });
    const refused = await dispatch('settings.update', { llm: { enabled: true } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const allowed = await dispatch('settings.update', { uiLanguage: 'en' });
    expect(allowed.ok).toBe(true);
  });

  it('a locked section is listed with each of its settings, so app.info says exactly what is locked', async () => {
    const { dispatch } = setup(JSON.stringify({ version: 1, lock: ['sync'] }));
    expect(await dispatch('app.info', {})).toMatchObject({ ok: true, result: { lockedSettings: ['sync', 'sync.serverUrl', 'sync.enabled'], policyError: null } });
  });

  it('a malformed file gives one line, in app.info and the log, and fails safe: cloud, sync and auto-update off', async () => {
    const lines: { level: string; msg: string }[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l) as { level: string; msg: string }) });
    const { core, dispatch, file } = setup('{ "version": 1, "allowCloud": tru', log);
    expect(core.policyError).toMatch(new RegExp(`^policy file .*policy\\.json is not valid JSON \\(.*\\); ${FAIL_SAFE_SUFFIX}$`));
    expect(core.policyError).not.toContain('\n');
    expect(core.settings().llm.enabled).toBe(false);
    expect(core.settings().sync.enabled).toBe(false);
    expect(core.policy).toMatchObject({ allowCloud: false, autoUpdate: false });
    expect(core.lockedSettings).toEqual(expect.arrayContaining(['llm.enabled', 'sync.enabled']));
    const info = await dispatch('app.info', {});
    expect(info).toMatchObject({ ok: true, result: { policyError: expect.stringContaining(file) } });
    expect(lines.some((l) => l.msg === core.policyError)).toBe(true);
    expect(core.policySources).toEqual([{ name: 'file', location: file, status: 'unreadable', errors: [expect.stringContaining('not valid JSON')] }]);
  });

  it('a partial policy keeps every valid field (IT is not ignored), names the invalid one, and fails safe', () => {
    const loaded = loadPolicy([memory({ version: 1, allowCloud: 'yes', syncServer: 'https://sync.acme.example', lock: ['theme', 'thme'], settings: { privacy: { retentionDays: 30, consentReminder: 'sure' } } }, '/etc/salesedge/policy.json')]);
    expect(loaded.errors).toEqual([
      'policy file /etc/salesedge/policy.json is invalid at allowCloud: Invalid input: expected boolean, received string',
      'policy file /etc/salesedge/policy.json is invalid at lock.1: "thme" is not a setting (e.g. "sync" or "sync.enabled")',
      'policy file /etc/salesedge/policy.json is invalid at settings.privacy.consentReminder: Invalid input: expected boolean, received string',
    ]);
    expect(loaded.error).toBe(`${loaded.errors[0]} (and 2 more problems, in the log); ${FAIL_SAFE_SUFFIX}`);
    expect(loaded.policy).toMatchObject({ syncServer: 'https://sync.acme.example', allowCloud: false, autoUpdate: false, settings: { privacy: { retentionDays: 30 }, sync: { enabled: false }, llm: { enabled: false } } });
    expect(lockedPaths(loaded.policy).sort()).toEqual(['llm.enabled', 'privacy.retentionDays', 'sync.enabled', 'sync.serverUrl', 'theme']);
    expect(loaded.sources).toEqual([{ name: 'file', location: '/etc/salesedge/policy.json', status: 'invalid', errors: loaded.errors }]);
  });

  it('a missing version, a wrong version, an unknown field or a non-object are named', () => {
    expect(validatePolicyObject({ allowCloud: false }).errors).toEqual(['version: missing (must be 1)']);
    expect(validatePolicyObject({ version: 2 }).errors).toEqual(['version: Invalid input: expected 1']);
    expect(validatePolicyObject({ version: 1, allowcloud: false }).errors).toEqual(['allowcloud: not a policy field']);
    expect(validatePolicyObject([1]).errors).toEqual(['(root): expected an object']);
    expect(validatePolicyObject({ version: 1, settings: { sync: { url: 'x' } } }).errors).toEqual(['settings.sync.url: not a setting']);
  });

  it('allowedVersions must be a semver range: a bad one is named and turns auto-update off', () => {
    expect(validatePolicyObject({ version: 1, allowedVersions: '>=1.4.0 <2.0.0' }).errors).toEqual([]);
    expect(validatePolicyObject({ version: 1, allowedVersions: '1.x' }).errors).toEqual([]);
    expect(validatePolicyObject({ version: 1, allowedVersions: 'from 1.4 on' }).errors).toEqual(['allowedVersions: "from 1.4 on" is not a semver range (for example ">=1.4.0 <2.0.0")']);
    const loaded = loadPolicy([memory({ version: 1, allowedVersions: 'latest please' }, '/etc/salesedge/policy.json')]);
    expect(loaded.error).toBe(`policy file /etc/salesedge/policy.json is invalid at allowedVersions: "latest please" is not a semver range (for example ">=1.4.0 <2.0.0"); ${FAIL_SAFE_SUFFIX}`);
    expect(loaded.policy).toMatchObject({ autoUpdate: false });
  });
});

describe('the three OS sources', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  const dir = () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    return t.dir;
  };

  it('the recorded registry, the recorded plist and the JSON file give the same policy, with no error', () => {
    const d = dir();
    const json = path.join(d, 'policy.json');
    fs.writeFileSync(json, fixture('policy.json'));
    const fromRegistry = loadPolicy([recordedRegistry()]);
    const fromPlist = loadPolicy([recordedPlist(d)]);
    const fromJson = loadPolicy(json);
    for (const l of [fromRegistry, fromPlist, fromJson]) expect(l.error).toBeNull();
    expect(fromRegistry.policy).toEqual(fromJson.policy);
    expect(fromPlist.policy).toEqual(fromJson.policy);
    expect(fromJson.policy).toMatchObject({ allowCloud: false, syncServer: 'https://sync.acme.example', settings: { sync: { enabled: true }, privacy: { retentionDays: 90 } } });
  });

  it('registry values in other letter case, 1/0 and numbers as text are read as IT meant them', () => {
    const text = fixture('reg-query-copilot.txt').replace('allowCloud    REG_DWORD    0x0', 'AllowCloud    REG_SZ    false').replace('retentionDays    REG_DWORD    0x5a', 'RetentionDays    REG_SZ    90').replace('\\settings\\sync', '\\Settings\\Sync');
    const loaded = loadPolicy([recordedRegistry(text)]);
    expect(loaded.error).toBeNull();
    expect(loaded.policy).toMatchObject({ allowCloud: false, settings: { privacy: { retentionDays: 90 }, sync: { enabled: true } } });
  });

  it('a bad registry value is named with its path and fails safe; the others still hold', () => {
    const text = fixture('reg-query-copilot.txt').replace('channel    REG_SZ    latest', 'channel    REG_SZ    nightly').replace('autoUpdate    REG_DWORD    0x1', 'autoUpdate    REG_BINARY    01');
    const loaded = loadPolicy([recordedRegistry(text)]);
    expect(loaded.errors).toEqual([
      'registry policy HKLM\\SOFTWARE\\Policies\\SalesEdge\\Copilot is invalid at autoUpdate: registry type REG_BINARY (01) is not one this policy uses',
      expect.stringMatching(/^registry policy HKLM\\SOFTWARE\\Policies\\SalesEdge\\Copilot is invalid at settings\.updates\.channel: Invalid option/),
    ]);
    expect(loaded.policy).toMatchObject({ syncServer: 'https://sync.acme.example', allowCloud: false, autoUpdate: false, settings: { sync: { enabled: false }, asr: { language: 'pt' } } });
  });

  it('reg.exe that cannot run, or plutil that cannot read, fails safe and says where', () => {
    const reg = registrySource({ env: {}, run: () => ({ status: null, stdout: '', stderr: '', error: new Error('spawnSync C:\\Windows\\System32\\reg.exe EACCES') }) });
    expect(loadPolicy([reg]).error).toBe(`registry policy HKLM\\SOFTWARE\\Policies\\SalesEdge\\Copilot could not run reg.exe (spawnSync C:\\Windows\\System32\\reg.exe EACCES); ${FAIL_SAFE_SUFFIX}`);
    expect(loadPolicy([reg]).policy).toMatchObject({ allowCloud: false, settings: { sync: { enabled: false } } });
    const plist = recordedPlist(dir(), '<plist version="1.0"><dict><key>allowCloud</key><false/></dic></plist>');
    expect(loadPolicy([plist]).error).toMatch(/^managed preferences .*com\.salesedge\.copilot\.plist not a valid plist \(.+\); cloud use/);
  });
});

describe('precedence', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('Windows: registry over policy.json beside the app over %ProgramData%; locks add up; settings merge per setting', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const appDir = path.join(t.dir, 'app');
    const programData = path.join(t.dir, 'pd');
    fs.mkdirSync(appDir);
    fs.mkdirSync(path.join(programData, 'SalesEdge'), { recursive: true });
    fs.writeFileSync(path.join(appDir, 'policy.json'), JSON.stringify({ version: 1, syncServer: 'https://beside.example', modelsDir: 'D:\\models', lock: ['overlay'], settings: { asr: { language: 'en', model: 'small' } } }));
    fs.writeFileSync(path.join(programData, 'SalesEdge', 'policy.json'), JSON.stringify({ version: 1, autoUpdate: false, modelsDir: 'E:\\models', settings: { asr: { engine: 'whisper' }, theme: 'dark' } }));
    const { sources } = policySources({ platform: 'win32', env: { ProgramData: programData, SystemRoot: 'C:\\Windows' }, appDir, run: regRunner(fixture('reg-query-copilot.txt')) });
    const loaded = loadPolicy(sources);
    expect(loaded.error).toBeNull();
    expect(loaded.sources.map((s) => [s.name, s.status])).toEqual([
      ['registry', 'applied'],
      ['file', 'applied'],
      ['file', 'applied'],
    ]);
    expect(loaded.policy).toMatchObject({
      syncServer: 'https://sync.acme.example', // registry over beside-the-app
      modelsDir: expect.stringMatching(/SalesEdge\\models$/), // registry (%ProgramData% expanded)
      autoUpdate: true, // registry over %ProgramData%
      allowCloud: false,
      settings: { asr: { language: 'pt', model: 'small', engine: 'whisper' }, theme: 'dark' },
    });
    expect(loaded.policy!.lock.sort()).toEqual(['overlay', 'privacy', 'theme']);
  });

  it('Windows without a registry policy: the file beside the app over %ProgramData%', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    fs.mkdirSync(path.join(t.dir, 'SalesEdge'));
    fs.writeFileSync(path.join(t.dir, 'policy.json'), JSON.stringify({ version: 1, syncServer: 'https://beside.example' }));
    fs.writeFileSync(path.join(t.dir, 'SalesEdge', 'policy.json'), JSON.stringify({ version: 1, syncServer: 'https://programdata.example', allowCloud: false }));
    const { sources } = policySources({ platform: 'win32', env: { ProgramData: t.dir }, appDir: t.dir, run: regRunner('', 1) });
    expect(loadPolicy(sources).policy).toMatchObject({ syncServer: 'https://beside.example', allowCloud: false });
  });

  it('macOS: managed preferences over /Library/Application Support; an invalid lower place still fails safe', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const lower = path.join(t.dir, 'policy.json');
    fs.writeFileSync(lower, JSON.stringify({ version: 1, syncServer: 'https://lower.example', allowCloud: true, autoUpdate: 'no' }));
    const loaded = loadPolicy([recordedPlist(t.dir), jsonFileSource(lower)]);
    expect(loaded.policy).toMatchObject({ syncServer: 'https://sync.acme.example', allowCloud: false, autoUpdate: false });
    expect(loaded.error).toMatch(/^policy file .*policy\.json is invalid at autoUpdate: .*; cloud use, sync and auto-update are off until it is fixed$/);
    expect(loaded.sources.map((s) => s.status)).toEqual(['applied', 'invalid']);
  });

  it('a development/test SALESEDGE_POLICY replaces the OS places; createCore logs a production build ignoring it', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = path.join(t.dir, 'mine.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, lock: ['theme'] }));
    expect(loadPolicy(undefined, { env: { SALESEDGE_POLICY: file }, platform: 'linux' }).policy?.lock).toEqual(['theme']);
    const prod = loadPolicy(undefined, { env: { SALESEDGE_POLICY: file }, platform: 'darwin', mode: 'production', run: () => ({ status: 1, stdout: '', stderr: '' }) });
    expect(prod.policy?.lock ?? []).not.toContain('theme');
    expect(prod.notes).toEqual([expect.stringMatching(/^SALESEDGE_POLICY is ignored/)]);
  });
});

describe('policy reaches features that read settings', () => {
  it('allowCloud: false stops the LLM summary even when the user had enabled it before', async () => {
    const { seedCall } = await import('../calls/seed-calls');
    const { enCall } = await import('../calls/sample-calls');
    const t = tempDir();
    const file = path.join(t.dir, 'policy.json');
    const dataDir = path.join(t.dir, 'data');
    const before = createCore({ dataDir, policyFile: file });
    await createDispatcher(before, handlers)('settings.update', { llm: { enabled: true, baseUrl: 'http://127.0.0.1:9/v1' } });
    const id = seedCall(before.store, enCall());
    await before.close();
    fs.writeFileSync(file, JSON.stringify({ version: 1, allowCloud: false }));
    const core = createCore({ dataDir, policyFile: file });
    try {
      const res = await createDispatcher(core, handlers)('calls.summary', { id, llm: true });
      expect(res).toMatchObject({ ok: true, result: { llmError: expect.stringMatching(/disabled/) } });
    } finally {
      await core.close();
      t.cleanup();
    }
  });
});
