import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UUID } from 'builder-util-runtime';
import { admin, startServerProcess, type ServerProcess } from '../test-support/server-process';
import { nodeUpdater } from '../test-support/updater';

// Issue 16 point 3: the sync server serves the update feed, checked with electron-updater's own
// code in Node (its generic provider, its update decision, its sha512-checked download).
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-updates-'));
let n = 0;
const deviceDir = () => fs.mkdtempSync(path.join(tmp, `device-${++n}-`));
/** electron-updater's bucket of a staging id (AppUpdater.isStagingMatch), computed here from its own UUID parser. */
const bucket = (id: string) => UUID.parse(id).readUInt32BE(12) / 0xffffffff;
function stagingIdWhere(test: (b: number) => boolean): string {
  for (;;) {
    const id = crypto.randomUUID();
    if (test(bucket(id))) return id;
  }
}
const artifact = (name: string, bytes = 256 * 1024) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, crypto.randomBytes(bytes));
  return file;
};
const sha512 = (file: string) => crypto.createHash('sha512').update(fs.readFileSync(file)).digest('base64');

describe('update feed served by the sync server, read by electron-updater', () => {
  let srv: ServerProcess;
  let feedUrl: string;
  const inside = stagingIdWhere((b) => b < 0.2); // inside a 25 % rollout
  const outside = stagingIdWhere((b) => b > 0.5); // outside it
  const releases: Record<string, { id: string; sha512: string; size: number }> = {};
  const publish = async (args: string[]) => {
    const [out] = await admin({ dataDir: srv.dataDir }, ['publish', ...args]);
    return out as { id: string; version: string; sha512: string; size: number; rollout: number; platform: string };
  };
  const check = async (o: { version: string; stagingId: string; channel?: string; allowDowngrade?: boolean }) => {
    const dir = deviceDir();
    const updater = nodeUpdater({ feedUrl, dir, ...o });
    const result = await updater.checkForUpdates();
    if (!result) throw new Error(`the updater is not active: ${updater.logs.join('\n')}`);
    return { updater, dir, available: result.isUpdateAvailable, version: result.updateInfo.version };
  };

  beforeAll(async () => {
    srv = await startServerProcess();
    feedUrl = `${srv.url}/updates`;
  }, 120_000);
  afterAll(async () => {
    await srv?.kill();
  });

  it('admin publish stores the artifact (0600) with its sha512 and size', async () => {
    const file = artifact('SalesEdge-1.0.0.AppImage');
    const out = await publish(['--channel', 'latest', '--version', '1.0.0', '--file', file]);
    expect(out).toMatchObject({ version: '1.0.0', platform: 'linux', rollout: 100, sha512: sha512(file), size: 256 * 1024 });
    const stored = path.join(srv.dataDir, 'updates', out.id, 'SalesEdge-1.0.0.AppImage');
    expect(fs.readFileSync(stored).equals(fs.readFileSync(file))).toBe(true);
    expect(fs.statSync(stored).mode & 0o777).toBe(0o600);
    releases['1.0.0'] = out;
    await expect(publish(['--channel', 'latest', '--version', 'one', '--file', file])).rejects.toThrow(/version must be a semantic version/);
    await expect(publish(['--channel', 'latest', '--version', '1.0.1', '--file', path.join(tmp, 'SalesEdge.bin')])).rejects.toThrow(/no artifact file|give --platform/);
  });

  it('a staged rollout: a device inside gets the new version and downloads it; a device outside gets nothing', async () => {
    const file = artifact('SalesEdge-1.1.0.AppImage');
    releases['1.1.0'] = await publish(['--channel', 'latest', '--version', '1.1.0', '--file', file, '--rollout', '25']);
    // electron-updater's own rollout test agrees with the server's on both ids.
    const staging = (id: string) => (nodeUpdater({ feedUrl, dir: deviceDir(), version: '1.0.0', stagingId: id }) as unknown as { isStagingMatch(info: { stagingPercentage: number }): Promise<boolean> }).isStagingMatch({ stagingPercentage: 25 });
    expect([await staging(inside), await staging(outside)]).toEqual([true, false]);

    const yes = await check({ version: '1.0.0', stagingId: inside });
    expect([yes.available, yes.version]).toEqual([true, '1.1.0']);
    const [downloaded] = await yes.updater.downloadUpdate();
    expect(fs.readFileSync(downloaded!).equals(fs.readFileSync(file))).toBe(true);

    // Outside: the feed names the release before (this device's own): no update.
    const no = await check({ version: '1.0.0', stagingId: outside });
    expect([no.available, no.version]).toEqual([false, '1.0.0']);
    // Stable per device: asked again, the same answer.
    expect((await check({ version: '1.0.0', stagingId: outside })).available).toBe(false);
    // An older device outside the rollout still gets the last full release.
    const old = await check({ version: '0.9.0', stagingId: outside });
    expect([old.available, old.version]).toEqual([true, '1.0.0']);

    // Widened to everyone: the device outside gets it now.
    await admin({ dataDir: srv.dataDir }, ['set-rollout', '--release', releases['1.1.0']!.id, '--rollout', '100']);
    const all = await check({ version: '1.0.0', stagingId: outside });
    expect([all.available, all.version]).toEqual([true, '1.1.0']);
  });

  it('a pinned channel reads its own feed', async () => {
    await publish(['--channel', 'beta', '--version', '1.2.0-beta.1', '--file', artifact('SalesEdge-1.2.0-beta.1.AppImage')]);
    const beta = await check({ version: '1.1.0', stagingId: outside, channel: 'beta', allowDowngrade: false });
    expect([beta.available, beta.version]).toEqual([true, '1.2.0-beta.1']);
    const latest = await check({ version: '1.1.0', stagingId: outside });
    expect([latest.available, latest.version]).toEqual([false, '1.1.0']);
    // No such channel: electron-updater's own "channel file not found".
    const updater = nodeUpdater({ feedUrl, dir: deviceDir(), version: '1.1.0', stagingId: inside, channel: 'nightly' });
    await expect(updater.checkForUpdates()).rejects.toMatchObject({ code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' });
  });

  it('rollback: publishing an older version makes it current; the app takes it when downgrades are allowed', async () => {
    const file = artifact('SalesEdge-1.0.0.AppImage'); // a rebuild of 1.0.0, published again
    await publish(['--channel', 'latest', '--version', '1.0.0', '--file', file]);
    const allowed = await check({ version: '1.1.0', stagingId: outside, allowDowngrade: true });
    expect([allowed.available, allowed.version]).toEqual([true, '1.0.0']);
    const [downloaded] = await allowed.updater.downloadUpdate();
    expect(sha512(downloaded!)).toBe(sha512(file));
    const refused = await check({ version: '1.1.0', stagingId: outside, allowDowngrade: false });
    expect([refused.available, refused.version]).toEqual([false, '1.0.0']);
  });

  it('a corrupt artifact (sha512 mismatch) is refused by the download', async () => {
    const file = artifact('SalesEdge-1.3.0.AppImage');
    const rel = await publish(['--channel', 'latest', '--version', '1.3.0', '--file', file]);
    // The stored copy changes after publishing (a disk error, a tampered mirror): same size, one byte off.
    const stored = path.join(srv.dataDir, 'updates', rel.id, 'SalesEdge-1.3.0.AppImage');
    const bytes = fs.readFileSync(stored);
    bytes[1000] = bytes[1000]! ^ 0xff;
    fs.writeFileSync(stored, bytes);
    const got = await check({ version: '1.1.0', stagingId: inside });
    expect([got.available, got.version]).toEqual([true, '1.3.0']);
    const errors: Error[] = [];
    got.updater.on('error', (e: Error) => errors.push(e));
    await expect(got.updater.downloadUpdate()).rejects.toMatchObject({ code: 'ERR_CHECKSUM_MISMATCH' });
    expect(errors.map((e) => e.message).join('\n')).toMatch(/sha512 checksum mismatch/);
    // Nothing was left for install-on-quit.
    const cache = path.join(got.dir, 'cache');
    expect(fs.existsSync(cache)).toBe(true);
    expect(fs.readdirSync(cache, { recursive: true }).map(String).filter((f) => f.includes('AppImage'))).toEqual([]);
  });

  it('answers 404 with a reason: no release the device is in the rollout of, unknown files', async () => {
    await publish(['--channel', 'alpha', '--version', '2.0.0-alpha.1', '--file', artifact('SalesEdge-2.0.0-alpha.1.AppImage'), '--rollout', '10']);
    const res = await fetch(`${feedUrl}/alpha-linux.yml`, { headers: { 'x-user-staging-id': outside } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/in the rollout of/);
    expect((await fetch(`${feedUrl}/alpha-linux.yml`, { headers: { 'x-user-staging-id': inside } })).status).toBe(bucket(inside) < 0.1 ? 200 : 404);
    expect((await fetch(`${feedUrl}/files/${releases['1.0.0']!.id}/other.AppImage`)).status).toBe(404);
    expect((await fetch(`${feedUrl}/..%2Fsync-server.db`)).status).toBe(404);
    // Windows and macOS channel files are their own feeds.
    expect((await fetch(`${feedUrl}/latest.yml`)).status).toBe(404);
    expect((await fetch(`${feedUrl}/latest-mac.yml`)).status).toBe(404);
  });
});
