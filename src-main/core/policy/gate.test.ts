import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { requests, type RequestChannel } from '../../../src-shared/ipc';
import { Settings, defaultSettings, type Settings as SettingsT } from '../../../src-shared/settings';
import { createCore, type Core } from '../core';
import { createDispatcher, type DispatchResult } from '../api/dispatch';
import { handlers } from '../api/handlers';
import { readSettings } from '../settings/settings-store';
import { readState, writeState } from '../store/sync-state';
import { refusedChanges, requestEffects } from './gate';
import { managedPreferencesSource, registrySource, type PolicySource } from './sources';
import WebSocket from 'ws';
import { startUiServer } from '../transport/ws-server';
import { runCli } from '../../cli/program';
import { commandModules } from '../../cli/commands';
import { createLogger } from '../logger';
import { tempDir } from '../../../test/helpers';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const memory = (data: unknown): PolicySource => ({ name: 'file', location: 'test policy', coerce: false, impliedVersion: false, read: () => ({ kind: 'data', data }) });

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
async function coreWith(policy: unknown, prepare?: (core: Core) => void | Promise<unknown>): Promise<{ core: Core; dispatch: (c: RequestChannel, p: unknown) => Promise<DispatchResult> }> {
  const t = tempDir('salesedge-gate-');
  cleanups.push(t.cleanup);
  const dataDir = path.join(t.dir, 'data');
  if (prepare) {
    const before = createCore({ dataDir, policySources: [], log: createLogger('silent') });
    await prepare(before);
    await before.close();
  }
  const core = createCore({ dataDir, policySources: Array.isArray(policy) ? (policy as PolicySource[]) : [memory(policy)], log: createLogger('silent') });
  cleanups.push(() => core.close());
  const dispatch = createDispatcher(core, handlers);
  return { core, dispatch: (c, p) => dispatch(c, p) };
}

/** Another valid value for a setting (the matrix changes each one to something it is not). */
function otherValue(p: string, current: unknown): unknown {
  const [section, field] = p.split('.') as [keyof SettingsT, string | undefined];
  const top = Settings.shape[section];
  const schema = (field ? (top as z.ZodObject).shape[field] : top) as z.ZodType;
  const options = schema instanceof z.ZodEnum ? (schema.options as unknown[]) : [];
  const tries = [typeof current === 'boolean' ? !current : undefined, typeof current === 'number' ? current + 1 : undefined, typeof current === 'number' ? current - 1 : undefined, ...options, 'https://elsewhere.example', 'other-value'];
  const found = tries.find((v) => v !== undefined && v !== current && schema.safeParse(v).success);
  if (found === undefined) throw new Error(`no other value for ${p}`);
  return found;
}

const patchFor = (p: string, value: unknown) => {
  const [section, field] = p.split('.') as [string, string | undefined];
  return field ? { [section]: { [field]: value } } : { [section]: value };
};

/** Every setting a policy can lock, from the Settings schema itself (a new setting joins the matrix by itself). */
const LEAVES: string[] = Object.entries(Settings.shape).flatMap(([key, schema]) => (schema instanceof z.ZodObject ? Object.keys(schema.shape).map((k) => `${key}.${k}`) : [key]));

const ENROLLED_ELSEWHERE = { serverUrl: 'https://old.example', deviceId: 'd1', deviceSecret: null, refreshToken: 'r', accessToken: null, accessExpiresAt: 0, tenant: { id: 't', slug: 'acme', name: 'Acme' }, user: { id: 'u', email: 'rep@acme.example', role: 'rep' as const } };

type Case = { channel: RequestChannel; payload: unknown; enrolled?: boolean };
/**
 * Every request that could change setting `p` away from `current`, with a payload that would.
 * This table is the spec the gate is checked against: written here, not derived from gate.ts.
 */
function changers(p: string, current: unknown): Case[] {
  const cases: Case[] = [{ channel: 'settings.update', payload: patchFor(p, otherValue(p, current)) }];
  const enroll = { serverUrl: 'https://other-server.example', enrollmentToken: 'enr_12345678' };
  const login = { serverUrl: 'https://other-server.example', tenant: 'acme', email: 'rep@acme.example', password: 'pw' };
  if (p === 'sync.serverUrl') cases.push({ channel: 'sync.enroll', payload: enroll }, { channel: 'sync.login', payload: login }, { channel: 'sync.now', payload: {}, enrolled: true }, { channel: 'sync.team', payload: { from: 0, to: 1 }, enrolled: true }, { channel: 'sync.setQuota', payload: { period: '2026-Q4', currency: 'BRL', amount: 1000 }, enrolled: true }, { channel: 'sync.quota', payload: { period: '2026-Q4' }, enrolled: true });
  if (p === 'sync.enabled' && current === false) cases.push({ channel: 'sync.enroll', payload: enroll }, { channel: 'sync.login', payload: login }, { channel: 'sync.now', payload: {}, enrolled: true });
  if (p === 'sync.enabled' && current === true) cases.push({ channel: 'sync.signOut', payload: {}, enrolled: true });
  if (p === 'llm.enabled' && current === false) cases.push({ channel: 'llm.setApiKey', payload: { key: 'sk-test-key' } });
  return cases;
}
/** Requests that change no lockable setting (they read, or work on calls, playbooks, hints, devices). */
const CHANGE_NO_SETTING: RequestChannel[] = [
  'app.info', 'settings.get', 'audio.devices', 'live.start', 'live.stop', 'live.snapshot', 'live.devices', 'hints.action', 'hints.rendered', 'hints.list',
  'playbooks.list', 'playbooks.save', 'playbooks.restore', 'battlecards.save', 'battlecards.restore', 'links.hosts',
  'calls.list', 'calls.get', 'calls.summary', 'calls.delete', 'calls.purge', 'calls.facets', 'calls.export', 'calls.import.start', 'calls.import.chunk', 'calls.import.finish', 'calls.import.cancel',
  'sync.status',
  'deals.overview', 'deals.import', 'deals.inspectImport', 'deals.previewImport', 'deals.train', 'deals.forCall', 'deals.link', 'tasks.list', 'tasks.done', 'tasks.snooze', 'tasks.reopen',
  'simulator.library', 'simulator.persona.save', 'simulator.persona.restore', 'simulator.scenario.save', 'simulator.scenario.restore', 'simulator.turn', 'simulator.finish', 'simulator.history', 'simulator.get', 'simulator.delete', 'simulator.clip', 'simulator.transcribe', 'simulator.listen', 'simulator.listen.stop', 'simulator.scoreCall', 'simulator.speak',
];

const expectRefused = (res: DispatchResult, p: string, channel: string) => {
  expect(res.ok, `${channel} changing ${p} should be refused`).toBe(false);
  if (res.ok) return;
  expect(res.error.code).toBe('conflict');
  expect(res.error.message).toMatch(new RegExp(`^${p.replace('.', '\\.')} is managed by your organisation \\(.+\\): ${channel.replace('.', '\\.')} refused`));
  expect(res.error.message).not.toContain('\n');
  expect(res.error.notice).toEqual({ key: 'policy.locked', params: { setting: p, request: channel } });
};

describe('the policy gate: every lockable setting × every request that could change it', () => {
  it('every request channel is either in the matrix or changes no setting', () => {
    const inMatrix = new Set(
      LEAVES.flatMap((p) => {
        const v = valueAt(defaultSettings(), p);
        return [...changers(p, v), ...(typeof v === 'boolean' ? changers(p, !v) : [])].map((c) => c.channel);
      }),
    );
    for (const channel of Object.keys(requests) as RequestChannel[]) expect(inMatrix.has(channel) || CHANGE_NO_SETTING.includes(channel), channel).toBe(true);
    // …and the gate agrees that those change nothing, whatever their payload.
    for (const channel of CHANGE_NO_SETTING) expect(requestEffects[channel]({} as never, { settings: defaultSettings(), enrolledServer: () => 'https://old.example' }), channel).toEqual([]);
  });

  it.each(LEAVES)('%s locked (lock: [path]): each request that could change it is refused, and nothing changes', async (p) => {
    const { core, dispatch } = await coreWith({ version: 1, lock: [p] });
    const current = valueAt(core.settings(), p);
    for (const c of changers(p, current)) {
      if (c.enrolled) writeState(core.store, 'credentials', ENROLLED_ELSEWHERE);
      expectRefused(await dispatch(c.channel, c.payload), p, c.channel);
      expect(valueAt(core.settings(), p)).toEqual(current);
    }
    // What is not locked still changes.
    const free = LEAVES.find((l) => l.split('.')[0] !== p.split('.')[0] && l !== 'sync.serverUrl' && l !== 'audio.micDevice')!;
    expect(await dispatch('settings.update', patchFor(free, otherValue(free, valueAt(core.settings(), free))))).toMatchObject({ ok: true });
  });

  it.each(LEAVES)('%s forced by policy settings: refused at the forced value too', async (p) => {
    const forced = otherValue(p, valueAt(defaultSettings(), p));
    const { core, dispatch } = await coreWith({ version: 1, settings: patchFor(p, forced) });
    expect(valueAt(core.settings(), p)).toEqual(forced);
    for (const c of changers(p, forced)) {
      if (c.enrolled) writeState(core.store, 'credentials', ENROLLED_ELSEWHERE);
      expectRefused(await dispatch(c.channel, c.payload), p, c.channel);
    }
  });

  it('a locked section locks each of its settings', async () => {
    const { dispatch } = await coreWith({ version: 1, lock: ['sync'] });
    expectRefused(await dispatch('settings.update', { sync: { enabled: true } }), 'sync.enabled', 'settings.update');
    expectRefused(await dispatch('sync.enroll', { serverUrl: 'https://elsewhere.example', enrollmentToken: 'enr_12345678' }), 'sync.serverUrl', 'sync.enroll');
  });

  it('allowCloud: false locks the LLM, syncServer the server: enroll, sign-in, a round and the Team page with another server are refused', async () => {
    const { core, dispatch } = await coreWith({ version: 1, allowCloud: false, syncServer: 'https://sync.acme.example' });
    expectRefused(await dispatch('llm.setApiKey', { key: 'sk-x' }), 'llm.enabled', 'llm.setApiKey');
    expect(await dispatch('llm.setApiKey', { key: null })).toMatchObject({ ok: true });
    expectRefused(await dispatch('sync.enroll', { serverUrl: 'https://elsewhere.example', enrollmentToken: 'enr_12345678' }), 'sync.serverUrl', 'sync.enroll');
    expectRefused(await dispatch('sync.login', { serverUrl: 'https://elsewhere.example', tenant: 'acme', email: 'a@acme.example', password: 'pw' }), 'sync.serverUrl', 'sync.login');
    writeState(core.store, 'credentials', ENROLLED_ELSEWHERE);
    const now = await dispatch('sync.now', {});
    expectRefused(now, 'sync.serverUrl', 'sync.now');
    expect(!now.ok && now.error.message).toBe('sync.serverUrl is managed by your organisation ("https://sync.acme.example"): sync.now refused (this device is enrolled with https://old.example; sign out and enroll with the managed server)');
    expectRefused(await dispatch('sync.team', { from: 0, to: 1 }), 'sync.serverUrl', 'sync.team');
    expectRefused(await dispatch('sync.setQuota', { period: '2026-Q4', currency: 'BRL', amount: 1000 }), 'sync.serverUrl', 'sync.setQuota');
    expectRefused(await dispatch('sync.quota', { period: '2026-Q4' }), 'sync.serverUrl', 'sync.quota');
    // Signing out of the wrong server is allowed (sync is not locked on), and so is enrolling with the managed one.
    expect(await dispatch('sync.signOut', {})).toMatchObject({ ok: true, result: { enrolled: false } });
    expect(refusedChanges(core, 'sync.enroll', { serverUrl: 'https://SYNC.acme.example/', enrollmentToken: 'enr_12345678' })).toEqual([]);
  });

  it('a malformed policy fails safe through the gate: sync, a round and the LLM key are refused', async () => {
    const broken: PolicySource = { name: 'file', location: '/etc/salesedge/policy.json', coerce: false, impliedVersion: false, read: () => ({ kind: 'unreadable', error: 'is not valid JSON (Unexpected end of JSON input)' }) };
    const { core, dispatch } = await coreWith([broken], (c) => writeState(c.store, 'credentials', ENROLLED_ELSEWHERE));
    expect(core.policyError).toMatch(/^policy file \/etc\/salesedge\/policy\.json is not valid JSON/);
    expectRefused(await dispatch('sync.now', {}), 'sync.enabled', 'sync.now');
    expectRefused(await dispatch('settings.update', { sync: { enabled: true } }), 'sync.enabled', 'settings.update');
    expectRefused(await dispatch('settings.update', { llm: { enabled: true } }), 'llm.enabled', 'settings.update');
    expectRefused(await dispatch('llm.setApiKey', { key: 'sk-x' }), 'llm.enabled', 'llm.setApiKey');
    expect(readState(core.store, 'credentials')?.serverUrl).toBe('https://old.example');
  });

  it('a settings patch that leaves locked settings as they are goes through, and the user\'s own stored value is kept', async () => {
    const { core, dispatch } = await coreWith({ version: 1, allowCloud: false }, (c) => createDispatcher(c, handlers)('settings.update', { llm: { enabled: true } }));
    // A UI sends the whole section back, with the forced value in it.
    const res = await dispatch('settings.update', { llm: { enabled: false, model: 'qwen2.5' } });
    expect(res).toMatchObject({ ok: true, result: { llm: { enabled: false, model: 'qwen2.5' } } });
    expect(readSettings(core.store).llm).toMatchObject({ enabled: true, model: 'qwen2.5' });
  });
});

describe('the same refusals whatever the policy came from', () => {
  const regRun = () => ({ status: 0, stdout: fixture('reg-query-copilot.txt'), stderr: '' });
  const sources: [string, () => PolicySource[]][] = [
    ['the registry (recorded reg query output)', () => [registrySource({ env: { SystemRoot: 'C:\\Windows', ProgramData: 'C:\\ProgramData' }, run: regRun })]],
    [
      'managed preferences (recorded plist)',
      () => {
        const t = tempDir();
        cleanups.push(t.cleanup);
        const file = path.join(t.dir, 'com.salesedge.copilot.plist');
        fs.writeFileSync(file, 'bplist00');
        return [managedPreferencesSource({ file, run: () => ({ status: 0, stdout: fixture('managed-preferences.plist'), stderr: '' }) })];
      },
    ],
    ['a JSON file', () => [memory(JSON.parse(fixture('policy.json')))]],
  ];

  it.each(sources)('%s', async (_name, make) => {
    const { core, dispatch } = await coreWith(make());
    expect(core.policyError).toBeNull();
    expect(core.lockedSettings.sort()).toEqual(['llm.enabled', 'privacy', 'privacy.consentReminder', 'privacy.retentionDays', 'privacy.screenCaptureProtection', 'theme', 'asr.language', 'sync.enabled', 'sync.serverUrl', 'uiLanguage', 'updates.channel'].sort());
    for (const p of core.lockedSettings.filter((l) => l.includes('.') || l === 'theme' || l === 'uiLanguage')) {
      for (const c of changers(p, valueAt(core.settings(), p))) {
        if (c.enrolled) writeState(core.store, 'credentials', ENROLLED_ELSEWHERE);
        expectRefused(await dispatch(c.channel, c.payload), p, c.channel);
      }
    }
    expect(await dispatch('settings.update', { overlay: { idleFadeSeconds: 5 } })).toMatchObject({ ok: true });
  });
});

describe('the serve-ui WebSocket goes through the same gate', () => {
  it('sync.enroll to another server over the WebSocket is refused with the same line', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    fs.mkdirSync(path.join(t.dir, 'renderer'));
    fs.writeFileSync(path.join(t.dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
    const core = createCore({ dataDir: path.join(t.dir, 'data'), policySources: [memory({ version: 1, syncServer: 'https://sync.acme.example' })], log: createLogger('silent') });
    cleanups.push(() => core.close());
    const server = await startUiServer({ core, dispatch: createDispatcher(core, handlers), rendererDir: path.join(t.dir, 'renderer') });
    cleanups.push(() => server.close());
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    cleanups.push(() => ws.close());
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    const reply = await new Promise<{ ok: boolean; error?: { code: string; message: string } }>((resolve) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { kind: string; id?: number; ok: boolean; error?: { code: string; message: string } };
        if (msg.kind === 'response' && msg.id === 1) resolve(msg);
      });
      ws.send(JSON.stringify({ kind: 'request', id: 1, channel: 'sync.enroll', payload: { serverUrl: 'https://other-server.example', enrollmentToken: 'enr_12345678' } }));
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'conflict', message: 'sync.serverUrl is managed by your organisation ("https://sync.acme.example"): sync.enroll refused' } });
  });
});

describe('the CLI goes through the same gate', () => {
  it('salesedge sync --enroll to another server, and a round with sync locked off, are refused in one line', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = path.join(t.dir, 'policy.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, syncServer: 'https://sync.acme.example', settings: { sync: { enabled: false } } }));
    vi.stubEnv('SALESEDGE_POLICY', file); // read in test builds only (sources.test.ts)
    vi.stubEnv('SALESEDGE_LOG', 'silent');
    cleanups.push(() => void vi.unstubAllEnvs());
    const err: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
    cleanups.push(() => spy.mockRestore());
    const dataDir = path.join(t.dir, 'data');
    expect(await runCli(['--data-dir', dataDir, 'sync', '--server', 'https://elsewhere.example', '--enroll', 'enr_12345678'], commandModules)).toBe(1);
    expect(err.join('')).toBe('salesedge: sync.serverUrl is managed by your organisation ("https://sync.acme.example"): sync.enroll refused\n');
    err.length = 0;
    const seed = createCore({ dataDir, policySources: [], log: createLogger('silent') });
    writeState(seed.store, 'credentials', { ...ENROLLED_ELSEWHERE, serverUrl: 'https://sync.acme.example' });
    await seed.close();
    expect(await runCli(['--data-dir', dataDir, 'sync'], commandModules)).toBe(1);
    expect(err.join('')).toBe('salesedge: sync.enabled is managed by your organisation (off): sync.now refused\n');
  });
});

function valueAt(settings: SettingsT, p: string): unknown {
  return p.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], settings);
}
