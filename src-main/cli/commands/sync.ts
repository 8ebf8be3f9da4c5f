import type { CommandModule } from '../program';
import { CliError } from '../program';
import { enrollDevice, loginWithPassword, syncOnce } from '../../core/sync/engine';
import { SyncHttpError } from '../../core/sync/http';
import { readState } from '../../core/store/sync-state';
import { enforcePolicy } from '../../core/policy/gate';

/**
 * `salesedge sync`: one round (push the outbox, pull what changed). `--enroll TOKEN --server URL`
 * enrolls this device first; `--tenant T --email E --server URL` signs in with the password in
 * $SALESEDGE_SYNC_PASSWORD (never on the command line, where `ps` would show it).
 */
export const syncCommand: CommandModule = (program, ctx) => {
  program
    .command('sync')
    .description('run one sync round with the sync server (enroll first with --enroll)')
    .option('--server <url>', 'sync server URL (for --enroll or a password sign-in)')
    .option('--enroll <token>', 'enroll this device with an IT-issued token')
    .option('--email <email>', 'your email (tenant-wide enrollment tokens, password sign-in)')
    .option('--tenant <slug>', 'tenant for a password sign-in (password from $SALESEDGE_SYNC_PASSWORD)')
    .action(async (opts: { server?: string; enroll?: string; email?: string; tenant?: string }) => {
      const core = ctx.openCore();
      const store = core.store;
      const json = ctx.globals().json;
      try {
        if (opts.enroll || opts.tenant) {
          if (!opts.server) throw new CliError('--server URL is needed to enroll or sign in');
          // The same policy gate as the app's requests: a managed server, or sync locked off, refuses here too.
          let creds;
          if (opts.enroll) {
            const req = { serverUrl: opts.server, enrollmentToken: opts.enroll, email: opts.email };
            enforcePolicy(core, 'sync.enroll', req);
            creds = await enrollDevice(store, req);
          } else {
            const req = { serverUrl: opts.server, tenant: opts.tenant!, email: requireEmail(opts.email), password: requirePassword() };
            enforcePolicy(core, 'sync.login', req);
            creds = await loginWithPassword(store, req);
          }
          if (json) ctx.printJson({ event: 'enrolled', server: creds.serverUrl, tenant: creds.tenant.slug, user: creds.user.email, deviceId: creds.deviceId });
          else process.stdout.write(`enrolled with ${creds.serverUrl} as ${creds.user.email} (${creds.tenant.name})\n`);
        } else if (!readState(store, 'credentials')) {
          throw new CliError('this device is not enrolled: run salesedge sync --server URL --enroll TOKEN');
        }
        enforcePolicy(core, 'sync.now', {});
        const report = await syncOnce(store);
        if (json) ctx.printJson({ event: 'synced', ...report });
        else process.stdout.write(`pushed ${report.pushed} (${report.duplicates} already there), pulled ${report.pulled}, ${report.pending} pending\n`);
      } catch (err) {
        if (err instanceof SyncHttpError) throw new CliError(err.message);
        throw err;
      }
    });
};

const requireEmail = (email?: string): string => {
  if (!email) throw new CliError('--email is needed to sign in');
  return email;
};
const requirePassword = (): string => {
  const p = process.env.SALESEDGE_SYNC_PASSWORD;
  if (!p) throw new CliError('set SALESEDGE_SYNC_PASSWORD to sign in with a password');
  return p;
};
