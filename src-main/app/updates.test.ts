import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppImageUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { Policy } from '../../src-shared/policy';
import { applyUpdaterPlan, updaterPlan, versionAllowed } from './updates';

const settings = (channel: 'latest' | 'beta' | 'alpha' = 'latest', serverUrl = '') => ({ updates: { channel }, sync: { serverUrl } });
const policy = (p: Record<string, unknown> = {}) => Policy.parse({ version: 1, ...p });
const packaged = { isPackaged: true, env: {} };

/** electron-updater's own updater of an app at `version` (no Electron: a stand-in app, no network used). */
function realUpdater(version: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'updates-plan-'));
  const app: AppAdapter = {
    version, name: 'SalesEdge Copilot', isPackaged: true, appUpdateConfigPath: path.join(dir, 'app-update.yml'), userDataPath: dir, baseCachePath: dir,
    whenReady: () => Promise.resolve(), relaunch: () => undefined, quit: () => undefined, onQuit: () => undefined,
  };
  const updater = new AppImageUpdater(null, app);
  updater.logger = null;
  return updater;
}
const isUpdateAvailable = (u: AppImageUpdater, version: string) =>
  (u as unknown as { isUpdateAvailable(info: unknown): Promise<boolean> }).isUpdateAvailable({ version, files: [], path: '', sha512: '', releaseDate: '' });

describe('updaterPlan: electron-updater options from the policy and settings', () => {
  it('is off in development, by environment, by policy, and when the policy failed safe', () => {
    expect(updaterPlan({ isPackaged: false, env: {}, policy: undefined, settings: settings() })).toEqual({ enabled: false, reason: 'not a packaged build' });
    expect(updaterPlan({ isPackaged: true, env: { SALESEDGE_DISABLE_UPDATES: '1' }, policy: undefined, settings: settings() })).toMatchObject({ enabled: false });
    expect(updaterPlan({ ...packaged, policy: policy({ autoUpdate: false }), settings: settings() })).toEqual({ enabled: false, reason: 'auto-update is off by policy' });
    expect(updaterPlan({ ...packaged, policy: { ...policy(), allowedVersions: 'not a range' }, settings: settings() })).toMatchObject({ enabled: false, reason: expect.stringMatching(/not a semver range/) });
  });

  it("reads IT's sync server feed, the (pinned) channel, and allows rollbacks there only", () => {
    expect(updaterPlan({ ...packaged, policy: policy({ syncServer: 'https://sync.acme.example/' }), settings: settings('beta', 'https://other.example') })).toEqual({
      enabled: true, feedUrl: 'https://sync.acme.example/updates', channel: 'beta', allowDowngrade: true, autoDownload: true, autoInstallOnAppQuit: true,
    });
    expect(updaterPlan({ ...packaged, policy: undefined, settings: settings('latest', 'http://10.0.0.5:8787') })).toMatchObject({ feedUrl: 'http://10.0.0.5:8787/updates', allowDowngrade: true });
    // No sync server: the feed packed into the app; no downgrades from it.
    expect(updaterPlan({ ...packaged, policy: policy(), settings: settings() })).toMatchObject({ enabled: true, feedUrl: undefined, channel: 'latest', allowDowngrade: false });
  });

  it('applies to electron-updater: channel without its implied downgrade, background download, install on quit', () => {
    const u = realUpdater('1.1.0');
    const plan = updaterPlan({ ...packaged, policy: policy(), settings: settings('beta') });
    expect(applyUpdaterPlan(u, plan)).toBe(true);
    expect([u.channel, u.allowDowngrade, u.autoDownload, u.autoInstallOnAppQuit]).toEqual(['beta', false, true, true]);
    const off = realUpdater('1.1.0');
    expect(applyUpdaterPlan(off, { enabled: false, reason: 'x' })).toBe(false);
    expect(off.channel).toBeNull();
  });

  it('an allowed-version range keeps electron-updater from taking a version outside it', async () => {
    expect([versionAllowed('1.4.0', '>=1.2.0 <2.0.0'), versionAllowed('2.0.0', '>=1.2.0 <2.0.0'), versionAllowed('1.5.0-beta.1', '>=1.2.0 <2.0.0')]).toEqual([true, false, true]);
    const u = realUpdater('1.3.0');
    applyUpdaterPlan(u, updaterPlan({ ...packaged, policy: policy({ syncServer: 'https://sync.acme.example', allowedVersions: '>=1.2.0 <2.0.0' }), settings: settings() }));
    expect(await isUpdateAvailable(u, '1.4.0')).toBe(true);
    expect(await isUpdateAvailable(u, '2.0.0')).toBe(false);
    // A rollback inside the range is taken (IT's feed allows downgrades); one below it is not.
    expect(await isUpdateAvailable(u, '1.2.0')).toBe(true);
    expect(await isUpdateAvailable(u, '1.1.0')).toBe(false);
  });
});
