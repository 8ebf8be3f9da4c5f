/**
 * What the desktop app's updater does, from the IT policy and the effective settings (README:
 * Sync server → Update feed). Pure (`updaterPlan`) and applied to electron-updater's own
 * updater (`applyUpdaterPlan`), so both are tested in Node.
 *
 * - `autoUpdate: false` in the policy (or a policy that could not be read: it fails safe with
 *   autoUpdate off), a development build or SALESEDGE_DISABLE_UPDATES=1: no updater at all.
 * - The feed is the sync server IT runs (`policy.syncServer`, else `sync.serverUrl`) at
 *   `/updates`, else the URL packed into the app (electron-builder.yml `publish`).
 * - The channel is `settings.updates.channel` (IT pins it by forcing that setting).
 * - On IT's own feed downgrades are allowed: publishing an older version is how IT rolls back.
 *   (electron-updater turns `allowDowngrade` on whenever a channel is set; it is set after.)
 * - The policy's `allowedVersions` (a semver range, e.g. `>=1.4.0 <2.0.0`): a version outside it is not
 *   installed (electron-updater's `isUpdateSupported` hook, beside its own OS-version check).
 * - Found updates download in the background and install on quit.
 */
import semver from 'semver';
import type { AppUpdater } from 'electron-updater';
import type { Policy } from '../../src-shared/policy';
import type { Settings } from '../../src-shared/settings';

export type UpdaterPlan =
  | { enabled: false; reason: string }
  | { enabled: true; feedUrl?: string; channel: string; allowDowngrade: boolean; autoDownload: boolean; autoInstallOnAppQuit: boolean; allowedVersions?: string };

export function updaterPlan(input: {
  isPackaged: boolean;
  env: Record<string, string | undefined>;
  policy: Policy | undefined;
  settings: { updates: Pick<Settings['updates'], 'channel'>; sync: Pick<Settings['sync'], 'serverUrl'> };
}): UpdaterPlan {
  if (!input.isPackaged) return { enabled: false, reason: 'not a packaged build' };
  if (input.env.SALESEDGE_DISABLE_UPDATES === '1') return { enabled: false, reason: 'SALESEDGE_DISABLE_UPDATES=1' };
  if (input.policy?.autoUpdate === false) return { enabled: false, reason: 'auto-update is off by policy' };
  const range = input.policy?.allowedVersions?.trim();
  if (range && semver.validRange(range) === null) return { enabled: false, reason: `allowed versions ${JSON.stringify(range)} is not a semver range: updates are off until it is fixed` };
  const server = input.policy?.syncServer ?? (input.settings.sync.serverUrl.trim() || undefined);
  const feedUrl = server ? `${server.replace(/\/+$/, '')}/updates` : undefined;
  return {
    enabled: true,
    feedUrl,
    channel: input.settings.updates.channel,
    allowDowngrade: feedUrl !== undefined,
    autoDownload: true,
    autoInstallOnAppQuit: true,
    ...(range ? { allowedVersions: range } : {}),
  };
}

/** Whether a version is inside the allowed range (pre-releases count when the range admits their version). */
export const versionAllowed = (version: string, range: string): boolean => semver.satisfies(version, range, { includePrerelease: true });

type Updater = Pick<AppUpdater, 'setFeedURL' | 'channel' | 'allowDowngrade' | 'autoDownload' | 'autoInstallOnAppQuit' | 'isUpdateSupported'>;

/** Sets electron-updater up as planned; false when the plan is off (then nothing is touched). */
export function applyUpdaterPlan(updater: Updater, plan: UpdaterPlan): boolean {
  if (!plan.enabled) return false;
  if (plan.feedUrl) updater.setFeedURL({ provider: 'generic', url: plan.feedUrl });
  updater.channel = plan.channel;
  updater.allowDowngrade = plan.allowDowngrade;
  updater.autoDownload = plan.autoDownload;
  updater.autoInstallOnAppQuit = plan.autoInstallOnAppQuit;
  const range = plan.allowedVersions;
  if (range) {
    const own = updater.isUpdateSupported;
    updater.isUpdateSupported = async (info) => versionAllowed(info.version, range) && (await own(info));
  }
  return true;
}
