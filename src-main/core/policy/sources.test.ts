import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMode, jsonFileSource, managedPreferencesSource, parsePlistXml, parseRegQuery, policyOverrideAllowed, policySources, registrySource, type Runner } from './sources';
import { tempDir } from '../../../test/helpers';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\SalesEdge\\Copilot';

describe('reg query parser', () => {
  it('reads the recorded `reg query … /s` output: REG_SZ, REG_EXPAND_SZ, REG_DWORD, REG_MULTI_SZ and subkeys', () => {
    const text = fixture('reg-query-copilot.txt');
    expect(text).toContain('\r\n'); // as reg.exe writes it
    const { tree, values, issues } = parseRegQuery(text, ROOT, { ProgramData: 'C:\\ProgramData' });
    expect(issues).toEqual([]);
    expect(values).toBe(11);
    expect(tree).toEqual({
      allowCloud: 0,
      autoUpdate: 1,
      allowedVersions: '>=1.4.0 <2.0.0',
      syncServer: 'https://sync.acme.example',
      modelsDir: 'C:\\ProgramData\\SalesEdge\\models',
      lock: ['theme', 'privacy'],
      settings: { uiLanguage: 'pt-BR', asr: { language: 'pt' }, privacy: { retentionDays: 90 }, sync: { enabled: 1 }, updates: { channel: 'latest' } },
    });
  });

  it('names with spaces, empty data, (Default), QWORD, HKLM short form; unknown types and lines are reported, not guessed', () => {
    const text = [
      'HKLM\\SOFTWARE\\Policies\\SalesEdge\\Copilot',
      '    (Default)    REG_SZ    (value not set)',
      '    my name    REG_SZ    two  spaces inside',
      '    empty    REG_SZ    ',
      '    none    REG_MULTI_SZ',
      '    big    REG_QWORD    0x10',
      '    blob    REG_BINARY    00FF',
      'garbage here',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Other',
      '    stray    REG_SZ    x',
      'End of search: 5 match(es) found.',
    ].join('\n');
    const { tree, issues } = parseRegQuery(text, ROOT, {});
    expect(tree).toEqual({ 'my name': 'two  spaces inside', empty: '', none: [], big: 16 });
    expect(issues).toEqual([
      'blob: registry type REG_BINARY (00FF) is not one this policy uses',
      'line 8: not a reg query line: garbage here',
      'line 9: key HKEY_LOCAL_MACHINE\\SOFTWARE\\Other is not under HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\SalesEdge\\Copilot',
    ]);
  });

  it('the registry source runs reg.exe by absolute path; exit 1 (no key) is no policy; a failure to run is reported', () => {
    const calls: string[][] = [];
    const run =
      (result: ReturnType<Runner>): Runner =>
      (file, args) => {
        calls.push([file, ...args]);
        return result;
      };
    const env = { SystemRoot: 'C:\\Windows' };
    expect(registrySource({ env, run: run({ status: 0, stdout: fixture('reg-query-copilot.txt'), stderr: '' }) }).read()).toMatchObject({ kind: 'data', data: { syncServer: 'https://sync.acme.example' } });
    expect(calls[0]).toEqual(['C:\\Windows\\System32\\reg.exe', 'query', ROOT, '/s']);
    expect(registrySource({ env, run: run({ status: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n' }) }).read()).toEqual({ kind: 'absent', detail: 'ERROR: The system was unable to find the specified registry key or value.' });
    expect(registrySource({ env, run: run({ status: null, stdout: '', stderr: '', error: new Error('spawnSync reg.exe ENOENT') }) }).read()).toEqual({ kind: 'unreadable', error: 'could not run reg.exe (spawnSync reg.exe ENOENT)' });
    expect(registrySource({ env, run: run({ status: 0, stdout: `\r\n${ROOT}\r\n\r\n`, stderr: '' }) }).read()).toMatchObject({ kind: 'absent' });
  });
});

describe('plist parser (managed preferences)', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('reads the recorded plist (plutil -convert xml1 output): booleans, integers, arrays, nested dicts', () => {
    // The plist holds the same policy as the JSON fixture, less the version a plist does not carry.
    const { version: _version, ...fromJson } = JSON.parse(fixture('policy.json')) as Record<string, unknown>;
    expect(parsePlistXml(fixture('managed-preferences.plist'))).toEqual(fromJson);
  });

  it('refuses XML that is not well-formed or not a plist, in one line', () => {
    expect(() => parsePlistXml('<plist version="1.0"><dict><key>a</key><true/></dic></plist>')).toThrow();
    expect(() => parsePlistXml('<plist version="1.0"><dict><key>a</key><true/></dic></plist>')).not.toThrow(/\n/);
    expect(() => parsePlistXml('<policy><allowCloud/></policy>')).toThrow(/not a plist \(root element <policy>\)/);
    expect(() => parsePlistXml('')).toThrow();
  });

  it('the managed-preferences source converts with /usr/bin/plutil and drops the profile\'s Payload* keys', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = path.join(t.dir, 'com.salesedge.copilot.plist');
    expect(managedPreferencesSource({ file }).read()).toEqual({ kind: 'absent' });
    fs.writeFileSync(file, 'bplist00…');
    const xml = fixture('managed-preferences.plist').replace('<dict>\n', '<dict>\n\t<key>PayloadUUID</key>\n\t<string>5B2C2B0E-0000-4000-8000-000000000001</string>\n');
    let seen: string[] = [];
    const read = managedPreferencesSource({ file, run: (f, args) => ((seen = [f, ...args]), { status: 0, stdout: xml, stderr: '' }) }).read();
    expect(seen).toEqual(['/usr/bin/plutil', '-convert', 'xml1', '-o', '-', file]);
    expect(read.kind === 'data' && Object.keys(read.data as object)).not.toContain('PayloadUUID');
    expect(read).toMatchObject({ kind: 'data', data: { allowCloud: false, settings: { privacy: { retentionDays: 90 } } } });
    expect(managedPreferencesSource({ file, run: () => ({ status: 0, stdout: '<plist><dict><key>a</key></dic>', stderr: '' }) }).read()).toMatchObject({ kind: 'unreadable', error: expect.stringMatching(/^not a valid plist/) });
    expect(managedPreferencesSource({ file, run: () => ({ status: 1, stdout: '', stderr: 'Property List error: damaged\n' }) }).read()).toEqual({ kind: 'unreadable', error: 'plutil could not read it (Property List error: damaged)' });
  });
});

describe('JSON file source', () => {
  it('absent, not JSON, unreadable', () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'policy.json');
      expect(jsonFileSource(file).read()).toEqual({ kind: 'absent' });
      fs.writeFileSync(file, '\uFEFF{"version": 1}');
      expect(jsonFileSource(file).read()).toEqual({ kind: 'data', data: { version: 1 } });
      fs.writeFileSync(file, '{ "version": 1, ');
      expect(jsonFileSource(file).read()).toMatchObject({ kind: 'unreadable', error: expect.stringMatching(/^is not valid JSON \(/) });
      expect(jsonFileSource(t.dir).read()).toMatchObject({ kind: 'unreadable', error: 'could not be read (EISDIR)' });
    } finally {
      t.cleanup();
    }
  });
});

describe('where the policy is looked for', () => {
  const where = (o: Parameters<typeof policySources>[0]) => policySources(o).sources.map((s) => `${s.name} ${s.location}`);

  it('per OS, highest precedence first', () => {
    expect(where({ platform: 'linux', env: {} })).toEqual(['file /etc/salesedge/policy.json']);
    expect(where({ platform: 'darwin', env: {} })).toEqual(['managed-preferences /Library/Managed Preferences/com.salesedge.copilot.plist', 'file /Library/Application Support/SalesEdge/policy.json']);
    expect(where({ platform: 'win32', env: { ProgramData: 'D:\\PD' }, appDir: 'C:\\Program Files\\SalesEdge Copilot' })).toEqual([
      'registry HKLM\\SOFTWARE\\Policies\\SalesEdge\\Copilot',
      `file ${path.join('C:\\Program Files\\SalesEdge Copilot', 'policy.json')}`,
      `file ${path.join('D:\\PD', 'SalesEdge', 'policy.json')}`,
    ]);
  });

  it('SALESEDGE_POLICY replaces them in development and test builds only; a production build ignores it and says so', () => {
    expect(buildMode()).toBe('test'); // vitest
    expect(policyOverrideAllowed('test')).toBe(true);
    expect(policyOverrideAllowed('development')).toBe(true);
    expect(policyOverrideAllowed('production')).toBe(false);
    expect(policyOverrideAllowed(undefined)).toBe(false);
    const env = { SALESEDGE_POLICY: '/home/me/mine.json' };
    expect(where({ platform: 'linux', env })).toEqual(['file /home/me/mine.json']);
    expect(where({ platform: 'win32', env, mode: 'development' })).toEqual(['file /home/me/mine.json']);
    const prod = policySources({ platform: 'linux', env, mode: 'production' });
    expect(prod.sources.map((s) => s.location)).toEqual(['/etc/salesedge/policy.json']);
    expect(prod.notes).toEqual(['SALESEDGE_POLICY is ignored: only development and test builds read a policy from there; this build reads the places IT uses']);
    expect(where({ platform: 'win32', env, mode: 'production' })[0]).toBe('registry HKLM\\SOFTWARE\\Policies\\SalesEdge\\Copilot');
  });
});
