/**
 * Admin CLI: `npm run server -- admin <command> [--database-url URL | --data-dir DIR] …`.
 * Talks to the database directly (IT runs it on the server host); every action is audited.
 * Prints one JSON object per line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { openServerDb, type ServerDb } from './db/database';
import { createEnrollmentToken, createTenant, createUser, publishDown, revokeDevice, tenantBySlug } from './admin-service';
import { badRequest } from './errors';
import { EntityId, PersonaPayload, ScenarioPayload, TenantSettingsPayload } from '../src-shared/sync-protocol';
import { parseOr400 } from './validate';
import { oneLine } from '../src-shared/errors';
import { KEY_FILE_NAME, rotateEnvKeys, rotateKeyFile, SIGNING_KEYS_ENV } from './auth/signing-keys';
import { audit } from './audit';
import { listReleases, publishRelease, setRollout } from './updates/feed';

export async function runAdmin(argv: string[]): Promise<number> {
  let db: ServerDb | undefined;
  const open = async (cmd: Command) => {
    const o = cmd.optsWithGlobals<{ dataDir: string; databaseUrl?: string }>();
    db = await openServerDb({ dataDir: o.dataDir, databaseUrl: o.databaseUrl || undefined });
    return db.db;
  };
  const print = (v: unknown) => void process.stdout.write(`${JSON.stringify(v)}\n`);
  const program = new Command('admin')
    .option('--data-dir <dir>', 'SQLite data folder', 'sync-data')
    .option('--database-url <url>', 'postgres:// URL (default: $DATABASE_URL)', process.env.DATABASE_URL)
    .exitOverride();
  program
    .command('create-tenant')
    .requiredOption('--slug <slug>', 'short id used at login, e.g. acme')
    .requiredOption('--name <name>', 'display name')
    .action(async (o: { slug: string; name: string }, cmd: Command) => print(await createTenant(await open(cmd), o)));
  program
    .command('create-user')
    .requiredOption('--tenant <slug>')
    .requiredOption('--email <email>')
    .requiredOption('--role <role>', 'admin | manager | rep')
    .option('--password <password>', 'for password login (or $SYNC_USER_PASSWORD); devices may enrol without one')
    .action(async (o: { tenant: string; email: string; role: string; password?: string }, cmd: Command) =>
      print(await createUser(await open(cmd), { ...o, password: o.password ?? process.env.SYNC_USER_PASSWORD })),
    );
  program
    .command('create-enrollment')
    .requiredOption('--tenant <slug>')
    .option('--user <email>', 'bind the token to one user (otherwise it enrols reps by email)')
    .option('--uses <n>', 'how many devices may enrol with it', (v) => Number(v), 1)
    .option('--ttl-hours <h>', 'hours until it expires', (v) => Number(v), 168)
    .action(async (o: { tenant: string; user?: string; uses: number; ttlHours: number }, cmd: Command) => print(await createEnrollmentToken(await open(cmd), o)));
  program
    .command('revoke-device')
    .requiredOption('--device <id>', 'device id (see the audit log of its enrollment or login)')
    .action(async (o: { device: string }, cmd: Command) => print(await revokeDevice(await open(cmd), o.device)));
  program
    .command('set-policy')
    .requiredOption('--tenant <slug>')
    .option('--allow-transcripts <yes|no>', 'may devices send redacted transcripts')
    .option('--sync-interval-minutes <n>', 'minutes between device sync rounds', (v) => Number(v))
    .action(async (o: { tenant: string; allowTranscripts?: string; syncIntervalMinutes?: number }, cmd: Command) => {
      const kdb = await open(cmd);
      const tenant = await tenantBySlug(kdb, o.tenant);
      const current = TenantSettingsPayload.parse(JSON.parse(tenant.settings));
      const next = parseOr400(TenantSettingsPayload, {
        ...current,
        ...(o.allowTranscripts !== undefined ? { allowTranscripts: ['yes', 'true', '1'].includes(o.allowTranscripts) } : {}),
        ...(o.syncIntervalMinutes !== undefined ? { syncIntervalMinutes: o.syncIntervalMinutes } : {}),
      }, 'policy');
      await publishDown(kdb, tenant.id, 'cli', 'tenant_settings', 'tenant', next);
      print({ tenant: tenant.slug, settings: next });
    });
  // Role-play personas and scenarios, published to the tenant's devices as playbooks are (PUT
  // /v1/tenant/personas/:id): a JSON file in one language; --withdraw deletes one from the devices.
  for (const [name, entity, schema] of [['publish-persona', 'persona', PersonaPayload], ['publish-scenario', 'scenario', ScenarioPayload]] as const) {
    program
      .command(name)
      .description(`publish a role-play ${entity} to every device of the tenant (tenant > the rep's edit > bundled), or withdraw one`)
      .requiredOption('--tenant <slug>')
      .option('--file <json>', `the ${entity} in one language: {"id", "language", …} as the bundled ones`)
      .option('--entity-id <id>', 'the published record\'s id (default: <id>.<language>)')
      .option('--withdraw <entity-id>', `delete a published ${entity} from the devices`)
      .action(async (o: { tenant: string; file?: string; entityId?: string; withdraw?: string }, cmd: Command) => {
        if (!o.file === !o.withdraw) throw badRequest(`${name} needs --file FILE or --withdraw ENTITY_ID`);
        const kdb = await open(cmd);
        const tenant = await tenantBySlug(kdb, o.tenant);
        if (o.withdraw) {
          const id = parseOr400(EntityId, o.withdraw, `${entity} id`);
          await publishDown(kdb, tenant.id, 'cli', entity, id, null);
          print({ tenant: tenant.slug, entity, entityId: id, deleted: true });
          return;
        }
        let raw: unknown;
        try {
          raw = JSON.parse(fs.readFileSync(o.file!, 'utf8'));
        } catch (err) {
          throw badRequest(`cannot read ${entity} file ${o.file}: ${oneLine(err)}`);
        }
        const payload = parseOr400(schema, raw, entity);
        const id = parseOr400(EntityId, o.entityId ?? `${payload.id}.${payload.language}`, `${entity} id`);
        await publishDown(kdb, tenant.id, 'cli', entity, id, payload);
        print({ tenant: tenant.slug, entity, entityId: id, ...payload });
      });
  }
  const updatesDir = (cmd: Command) => {
    const o = cmd.optsWithGlobals<{ dataDir: string; updatesDir?: string }>();
    return o.updatesDir ?? path.join(o.dataDir, 'updates');
  };
  program
    .command('publish')
    .description('publish an app release on the update feed: the newest published is served (an older version = a rollback)')
    .requiredOption('--channel <channel>', 'latest | beta | alpha (the app\'s settings.updates.channel)')
    .requiredOption('--version <semver>', 'the version inside the artifact')
    .requiredOption('--file <artifact>', 'the installer or update file (.exe, .zip, .AppImage, .deb, .rpm)')
    .option('--platform <p>', 'win | mac | linux | linux-arm64 | linux-armv7l (default: from the file extension)')
    .option('--rollout <percent>', 'share of devices that get it (stable per device; the others get the release before)', (v) => Number(v), 100)
    .option('--updates-dir <dir>', 'the servers\' updates folder (default: <data-dir>/updates)')
    .action(async (o: { channel: string; version: string; file: string; platform?: string; rollout: number }, cmd: Command) =>
      print(await publishRelease(await open(cmd), updatesDir(cmd), o)),
    );
  program
    .command('set-rollout')
    .requiredOption('--release <id>', 'release id (from publish or list-releases)')
    .requiredOption('--rollout <percent>', 'new share of devices', (v) => Number(v))
    .action(async (o: { release: string; rollout: number }, cmd: Command) => print(await setRollout(await open(cmd), { id: o.release, rollout: o.rollout })));
  program
    .command('list-releases')
    .option('--channel <channel>')
    .action(async (o: { channel?: string }, cmd: Command) => {
      for (const r of await listReleases(await open(cmd), o.channel)) print(r);
    });
  program
    .command('rotate-signing-key')
    .description('a new current token-signing key; the previous one verifies until --retire-after has passed, then is refused and dropped')
    .option('--key-file <path>', 'the servers\' key file (default: <data-dir>/signing-keys.json)')
    .option('--retire-after <s>', 'seconds the previous key still verifies: at least the servers\' --access-ttl', (v) => Number(v), 900)
    .action(async (o: { keyFile?: string; retireAfter: number }, cmd: Command) => {
      if (!Number.isInteger(o.retireAfter) || o.retireAfter < 0) throw new Error('--retire-after must be a whole number of seconds');
      const fromEnv = process.env[SIGNING_KEYS_ENV];
      if (fromEnv) {
        // The servers read the keys from their environment: this prints the next value to deploy.
        print({ ...rotateEnvKeys(fromEnv), note: `deploy this value to every server process; remove the previous key after ${o.retireAfter} s` });
        return;
      }
      const keyFile = o.keyFile ?? path.join(cmd.optsWithGlobals<{ dataDir: string }>().dataDir, KEY_FILE_NAME);
      const rotation = rotateKeyFile(keyFile, o.retireAfter);
      await audit(await open(cmd), { tenantId: null, actor: 'cli', action: 'signing_key.rotate', detail: { current: rotation.current, previous: rotation.previous, dropped: rotation.dropped } });
      print(rotation);
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    process.stderr.write(`sync-server admin: ${oneLine(err)}\n`);
    return 1;
  } finally {
    await db?.close();
  }
}
