/**
 * The desktop app's update feed, in the format of electron-updater's generic provider: the app
 * asks `GET /updates/<channel><platform suffix>.yml` (`latest.yml` on Windows, `latest-mac.yml`,
 * `latest-linux.yml`, `beta-linux-arm64.yml` …) and downloads the file it names from
 * `GET /updates/files/<release id>/<file name>`, checking its sha512 against the yml.
 *
 * A release is one artifact of one version for one channel and platform, published by `admin
 * publish` (the file is copied into the updates folder; sha512 and size computed here). The feed
 * serves, of the channel's releases newest-published first, the first one this device is inside
 * the rollout of: a device outside a 25 % rollout gets the release before it (which it runs
 * already: no update), not nothing. Rollback is publishing an older version: it is the newest
 * published, so it is served (the app must allow downgrades, see src-main/app/updates.ts).
 *
 * Staged rollout is decided here, with electron-updater's own per-device id: it sends the random
 * UUID it keeps in the app's user-data folder as `x-user-staging-id` with every feed request, and
 * the bucket is electron-updater's own formula (`isStagingMatch`), so a device stays in or out of
 * a rollout as it grows. Not on the client (the yml's `stagingPercentage`): there a device outside
 * the rollout would see only the new version and get no earlier one either. Not from a sync device
 * id: the feed must work for an app that has not enrolled, and its requests carry no credentials.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { dump } from 'js-yaml';
import type { Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema';
import { newId } from '../auth/tokens';
import { audit } from '../audit';
import { badRequest, notFound } from '../errors';

type Db = Kysely<ServerDatabase>;

export const PLATFORMS = ['win', 'mac', 'linux', 'linux-arm64', 'linux-armv7l'] as const;
export type Platform = (typeof PLATFORMS)[number];
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const CHANNEL = /^[a-z][a-z0-9]{0,31}$/;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,199}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `latest-linux-arm64.yml` → channel and platform; undefined for any other name. */
export function parseChannelFile(file: string): { channel: string; platform: Platform } | undefined {
  const m = /^([a-z][a-z0-9]{0,31})(-mac|-linux(?:-arm64|-armv7l)?)?\.yml$/.exec(file);
  if (!m) return undefined;
  const platform = m[2] === undefined ? 'win' : (m[2].slice(1) as Platform);
  return { channel: m[1]!, platform };
}

/** The platform an artifact is for, from its extension (what electron-updater downloads there). */
export function platformOf(file: string): Platform | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.exe')) return 'win';
  if (lower.endsWith('.zip') || lower.endsWith('.dmg')) return 'mac';
  if (lower.endsWith('.appimage') || lower.endsWith('.deb') || lower.endsWith('.rpm')) return 'linux';
  return undefined;
}

/**
 * Whether a device is inside a rollout of `percent` %: electron-updater's own test
 * (AppUpdater.isStagingMatch: bytes 12-15 of its staging UUID, over 0xffffffff, below the
 * fraction). A missing or malformed id is outside every partial rollout.
 */
export function inRollout(stagingId: string | undefined, percent: number): boolean {
  if (percent >= 100) return true;
  if (!stagingId || !UUID.test(stagingId)) return false;
  const bytes = Buffer.from(stagingId.replace(/-/g, ''), 'hex');
  return bytes.readUInt32BE(12) / 0xffffffff < percent / 100;
}

export type Release = { id: string; channel: string; platform: string; version: string; fileName: string; sha512: string; size: number; rollout: number; publishedAt: number };

const toRelease = (r: ServerDatabase['update_releases']): Release => ({
  id: r.id, channel: r.channel, platform: r.platform, version: r.version, fileName: r.file_name, sha512: r.sha512, size: r.size, rollout: r.rollout, publishedAt: r.published_at,
});

/** Copies the artifact into the updates folder and makes it the channel's newest release. */
export async function publishRelease(
  db: Db,
  updatesDir: string,
  input: { channel: string; version: string; file: string; platform?: string; rollout?: number },
  actor = 'cli',
): Promise<Release> {
  if (!CHANNEL.test(input.channel)) throw badRequest('channel must be 1-32 lowercase letters or digits, starting with a letter (latest, beta, alpha)');
  if (!SEMVER.test(input.version)) throw badRequest(`version must be a semantic version like 1.4.2 (got ${input.version})`);
  const fileName = path.basename(input.file);
  if (!FILE_NAME.test(fileName)) throw badRequest(`artifact file name ${JSON.stringify(fileName)} has characters a feed URL cannot carry`);
  const platform = input.platform ?? platformOf(fileName);
  if (!platform || !(PLATFORMS as readonly string[]).includes(platform)) throw badRequest(`give --platform (${PLATFORMS.join(', ')}): it cannot be told from ${fileName}`);
  const rollout = input.rollout ?? 100;
  if (!Number.isInteger(rollout) || rollout < 1 || rollout > 100) throw badRequest('rollout must be a whole percentage from 1 to 100');
  const stat = fs.statSync(input.file, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw notFound(`no artifact file ${input.file}`);

  const id = newId();
  const dir = path.join(updatesDir, id);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stored = path.join(dir, fileName);
  const hash = crypto.createHash('sha512');
  let size = 0;
  await pipeline(
    fs.createReadStream(input.file),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    },
    fs.createWriteStream(stored, { mode: 0o600 }),
  );
  const row = { id, channel: input.channel, platform, version: input.version, file_name: fileName, sha512: hash.digest('base64'), size, rollout, published_at: Date.now() };
  await db.insertInto('update_releases').values(row).execute();
  await audit(db, { tenantId: null, actor, action: 'update.publish', detail: { id, channel: row.channel, platform, version: row.version, fileName, sha512: row.sha512, size, rollout } });
  return toRelease(row);
}

/** A new rollout percentage for a published release (25 → 100 once it looks good). */
export async function setRollout(db: Db, input: { id: string; rollout: number }, actor = 'cli'): Promise<Release> {
  if (!Number.isInteger(input.rollout) || input.rollout < 1 || input.rollout > 100) throw badRequest('rollout must be a whole percentage from 1 to 100');
  const res = await db.updateTable('update_releases').set({ rollout: input.rollout }).where('id', '=', input.id).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw notFound(`no release ${input.id}`);
  await audit(db, { tenantId: null, actor, action: 'update.rollout', detail: input });
  return toRelease(await db.selectFrom('update_releases').selectAll().where('id', '=', input.id).executeTakeFirstOrThrow());
}

export async function listReleases(db: Db, channel?: string): Promise<Release[]> {
  let q = db.selectFrom('update_releases').selectAll().orderBy('published_at', 'desc').orderBy('id', 'desc');
  if (channel) q = q.where('channel', '=', channel);
  return (await q.execute()).map(toRelease);
}

/** The release this device gets: the newest published one whose rollout it is inside. */
export async function releaseFor(db: Db, channel: string, platform: string, stagingId: string | undefined): Promise<Release | undefined> {
  const rows = await db.selectFrom('update_releases').selectAll().where('channel', '=', channel).where('platform', '=', platform).orderBy('published_at', 'desc').orderBy('id', 'desc').limit(50).execute();
  const row = rows.find((r) => inRollout(stagingId, r.rollout));
  return row ? toRelease(row) : undefined;
}

export async function releaseById(db: Db, id: string): Promise<Release | undefined> {
  const row = await db.selectFrom('update_releases').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRelease(row) : undefined;
}

/** electron-updater's UpdateInfo as YAML; the file's URL is relative to the feed's base URL. */
export function channelYaml(r: Release): string {
  const url = `files/${r.id}/${encodeURIComponent(r.fileName)}`;
  return dump({ version: r.version, files: [{ url, sha512: r.sha512, size: r.size }], path: url, sha512: r.sha512, releaseDate: new Date(r.publishedAt).toISOString() }, { lineWidth: -1 });
}

export const artifactPath = (updatesDir: string, r: Release): string => path.join(updatesDir, r.id, r.fileName);
