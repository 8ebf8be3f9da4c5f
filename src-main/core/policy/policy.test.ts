import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { createDispatcher } from '../api/dispatch';
import { handlers } from '../api/handlers';
import { loadPolicy, lockedPaths, policyPath } from './policy';
import { tempDir } from '../../../test/helpers';

describe('IT policy file', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const setup = (policy: string | null) => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = path.join(t.dir, 'policy.json');
    if (policy !== null) fs.writeFileSync(file, policy);
    const core: Core = createCore({ dataDir: path.join(t.dir, 'data'), policyFile: file });
    cleanups.push(() => core.close());
    return { core, dispatch: createDispatcher(core, handlers), file };
  };

  it('has an OS location and an override', () => {
    expect(policyPath({}, 'linux')).toBe('/etc/salesedge/policy.json');
    expect(policyPath({ ProgramData: 'D:\\PD' }, 'win32')).toBe(path.join('D:\\PD', 'SalesEdge', 'policy.json'));
    expect(policyPath({ SALESEDGE_POLICY: '/x.json' }, 'linux')).toBe('/x.json');
  });

  it('no file means no policy and nothing locked', () => {
    const { core } = setup(null);
    expect(core.policy).toBeNull();
    expect(core.lockedSettings).toEqual([]);
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

  it('a malformed file gives one line and fails safe: cloud off, nothing else lost', async () => {
    const { core, dispatch, file } = setup('{ "version": 1, "allowCloud": tru');
    expect(core.policyError).toMatch(/not valid JSON.*cloud features are off/);
    expect(core.policyError).not.toContain('\n');
    expect(core.settings().llm.enabled).toBe(false);
    const info = await dispatch('app.info', {});
    expect(info).toMatchObject({ ok: true, result: { policyError: expect.stringContaining(file) } });
  });

  it('an invalid field is named in the error', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = path.join(t.dir, 'p.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, allowCloud: 'yes' }));
    expect(loadPolicy(file).error).toMatch(/invalid at allowCloud/);
    expect(lockedPaths(loadPolicy(file).policy)).toContain('llm.enabled');
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
