import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../program';
import { demoCommand, startDemoSync } from './demo';
import { createCore } from '../../core/core';
import { createLogger } from '../../core/logger';
import { updateSettings } from '../../core/settings/settings-store';
import { enqueueSyncOp } from '../../core/sync/outbox';
import { repoRoot, tempDir } from '../../../test/helpers';
import { all, first, run } from '../../core/store/query';

const dirs: (() => void)[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const cleanup of dirs.splice(0)) cleanup();
});
const freshDataDir = () => {
  const t = tempDir('salesedge-demo-');
  dirs.push(t.cleanup);
  return t.dir;
};

async function cli(dataDir: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
  const code = await runCli(['--data-dir', dataDir, ...args], [demoCommand]);
  vi.restoreAllMocks();
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** What the data dir holds for sync: settings, the sync_state rows, the outbox op ids. */
function syncOf(dataDir: string) {
  const core = createCore({ dataDir, log: createLogger('silent') });
  try {
    const store = core.store;
    return {
      settings: core.settings().sync,
      state: all(store, store.db.selectFrom('sync_state').select(['key', 'value']).orderBy('key')),
      outbox: all(store, store.db.selectFrom('sync_outbox').select('op_id').orderBy('op_id')).map((r) => r.op_id),
    };
  } finally {
    void core.close();
  }
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('salesedge demo and the data dir it runs on', () => {
  it('--once says what it recorded and where, and leaves sync as it found it (not enrolled with its dead server)', { timeout: 240_000 }, async () => {
    const dataDir = freshDataDir();
    const seed = createCore({ dataDir, log: createLogger('silent') });
    updateSettings(seed.store, { sync: { enabled: true, serverUrl: 'https://sync.example.com' } }, seed.lockedSettings);
    const opId = enqueueSyncOp(seed.store, { entity: 'call_insight', entityId: 'older-call', op: 'delete' });
    await seed.close();
    const before = syncOf(dataDir);
    expect(before.outbox).toEqual([opId]);

    const res = await cli(dataDir, ['demo', '--once', '--delay', '0']);
    expect(res.code).toBe(0);
    const m = new RegExp(`^recorded: "(.+)" as (${UUID}) \\(\\d+ hints, in (.+)\\); see it with: salesedge --data-dir (".+") calls show \\2 \\(or Calls in the UI\\)$`, 'm').exec(res.stdout);
    expect(m, res.stdout).not.toBeNull();
    expect(m![3]).toBe(path.resolve(dataDir));
    expect(JSON.parse(m![4]!)).toBe(path.resolve(dataDir));

    // Sync settings, enrolment state and the queued op (pushed to the demo's own server) are as before.
    expect(syncOf(dataDir)).toEqual(before);
  });

  it('an enrolment left by an earlier demo that was killed is cleared when a demo ends', { timeout: 240_000 }, async () => {
    const dataDir = freshDataDir();
    const seed = createCore({ dataDir, log: createLogger('silent') });
    const creds = { serverUrl: 'http://127.0.0.1:40571', deviceId: 'd', deviceSecret: 's', refreshToken: 'r', accessToken: null, accessExpiresAt: 0, tenant: { id: 't', slug: 'demo', name: 'Demo Company' }, user: { id: 'u', email: 'rep@demo.example', role: 'rep' } };
    run(seed.store, seed.store.db.insertInto('sync_state').values({ key: 'credentials', value: JSON.stringify(creds) }));
    updateSettings(seed.store, { sync: { enabled: true, serverUrl: creds.serverUrl } }, seed.lockedSettings);
    await seed.close();
    const res = await cli(dataDir, ['--json', 'demo', '--once', '--delay', '0']);
    expect(res.code).toBe(0);
    for (const line of res.stdout.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    expect(syncOf(dataDir)).toMatchObject({ settings: { enabled: false, serverUrl: '' }, state: [] });
  });

  it('Ctrl+C mid-call ends the call cleanly, says it is saved, restores sync and exits 0 (built CLI)', { timeout: 120_000 }, async () => {
    const dataDir = freshDataDir();
    const bin = path.join(repoRoot, 'bin/salesedge.js');
    expect(fs.existsSync(path.join(repoRoot, 'out/main/cli.js')), 'build first: npx electron-vite build').toBe(true);
    const child = spawn(process.execPath, [bin, '--data-dir', dataDir, 'demo', '--delay', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    let callId = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for await (const line of readline.createInterface({ input: child.stdout })) {
      lines.push(line);
      const started = new RegExp(`^playing the sample call as (${UUID})$`).exec(line);
      if (started) {
        callId = started[1]!;
        child.kill('SIGINT');
      }
    }
    expect(await exited, stderr).toBe(0);
    expect(callId).not.toBe('');
    expect(lines.find((l) => l.startsWith('stopped:'))).toMatch(new RegExp(`^stopped: the call so far is saved as ${callId} \\(".+", \\d+ hints, in .+\\); see it with: salesedge --data-dir ".+" calls show ${callId} \\(or Calls in the UI\\)$`));
    const core = createCore({ dataDir, log: createLogger('silent') });
    try {
      const call = first(core.store, core.store.db.selectFrom('calls').select(['id', 'ended_at']).where('id', '=', callId));
      expect(call?.ended_at).not.toBeNull();
    } finally {
      await core.close();
    }
    expect(syncOf(dataDir)).toMatchObject({ settings: { enabled: false, serverUrl: '' }, state: [] });
  });
});

describe('demo with a managed sync', () => {
  it.each([
    [{ syncServer: 'https://sync.acme.example' }, 'sync.serverUrl'],
    [{ settings: { sync: { enabled: false } } }, 'sync.enabled'],
  ])('starts no sync server of its own and enrolls nowhere when IT manages sync (%j)', async (policy, setting) => {
    const dataDir = freshDataDir();
    const policyFile = path.join(dataDir, '..', `${path.basename(dataDir)}-policy.json`);
    fs.writeFileSync(policyFile, JSON.stringify({ version: 1, ...policy }));
    dirs.push(() => fs.rmSync(policyFile, { force: true }));
    const core = createCore({ dataDir, policyFile, log: createLogger('silent') });
    const said: string[] = [];
    try {
      expect(await startDemoSync(core, (l) => said.push(l))).toBeNull();
      expect(said).toEqual([expect.stringMatching(new RegExp(`^sync is managed by your organisation \\(.*${setting.replace('.', '\\.')}.*\\); the demo runs without its own sync server$`))]);
      expect(fs.existsSync(path.join(dataDir, 'demo-sync-server'))).toBe(false);
    } finally {
      await core.close();
    }
  });
});
