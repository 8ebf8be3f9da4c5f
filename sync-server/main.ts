/**
 * `npm run server -- --port N --data-dir DIR` starts the sync server (SQLite in DIR unless
 * DATABASE_URL names a PostgreSQL database; REDIS_URL shares live events between processes).
 * `npm run server -- admin …` runs the admin CLI (see admin.ts).
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { startSyncServer } from './app';
import { LOAD_SHED_DEFAULTS } from './load-shed';
import { runAdmin } from './admin';
import { oneLine } from '../src-shared/errors';

const int = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
};

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'admin') return runAdmin(argv.slice(1));
  const program = new Command('sync-server')
    .description('SalesEdge sync server: HTTP API + socket.io fan-out, multi-tenant')
    .option('--port <n>', 'port (0 = random)', int('port', 0, 65535), 8787)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'SQLite data folder (ignored with DATABASE_URL)', 'sync-data')
    .option('--database-url <url>', 'postgres:// URL (default: $DATABASE_URL, else SQLite)', process.env.DATABASE_URL)
    .option('--key-file <path>', 'token-signing key file, mode 0600, created if missing (default: <data-dir>/signing-keys.json; unused when $SYNC_SIGNING_KEYS is set)')
    .option('--updates-dir <dir>', 'published app updates (default: <data-dir>/updates; the same folder for every process)')
    .option('--redis-url <url>', 'redis:// URL for multi-process fan-out (default: $REDIS_URL)', process.env.REDIS_URL)
    .option('--body-limit <bytes>', 'largest request body', int('body limit', 1024, 64 * 1024 * 1024), 1024 * 1024)
    .option('--device-rps <n>', 'requests per second per device (shared by all processes with --redis-url)', int('device rps', 1, 100_000), 50)
    .addOption(new Option('--device-per-minute <n>', 'requests per minute per device, instead of --device-rps').argParser(int('device per minute', 1, 6_000_000)).conflicts('deviceRps'))
    .option('--auth-per-minute <n>', 'sign-in attempts per minute per IP', int('auth per minute', 1, 1_000_000), 60)
    .option('--access-ttl <s>', 'access token lifetime in seconds', int('access ttl', 5, 86400), 900)
    .option('--max-in-flight <n>', 'requests handled at once before new ones get 503 + Retry-After', int('max in flight', 1, 1_000_000), LOAD_SHED_DEFAULTS.maxInFlight)
    .option('--max-queued-ops <n>', 'ops waiting in the write queue before a push gets 503 + Retry-After', int('max queued ops', 1, 10_000_000), LOAD_SHED_DEFAULTS.maxQueuedOps)
    .option('--max-event-loop-delay <ms>', 'how long one turn of the event loop may run before the requests it reads next get 503 + Retry-After', int('max event loop delay', 10, 600_000), LOAD_SHED_DEFAULTS.maxEventLoopDelayMs)
    .option('--refresh-grace <s>', 'seconds an exact duplicate refresh gets 409 instead of revoking the session (0 = none)', int('refresh grace', 0, 60), 5)
    .addOption(new Option('--sqlite-checkpoint <where>', 'SQLite: checkpoint the WAL in a thread of its own (worker) or inside the COMMIT that fills it, on the event loop (commit, SQLite\'s default)').choices(['worker', 'commit']).default('commit'))
    .addOption(new Option('--sqlite-writer <where>', 'SQLite: write the change log in a thread that owns the write connection (thread, the default) or on the event loop (loop)').choices(['thread', 'loop']).default('thread'))
    .option('--stats', 'diagnostics: on SIGUSR2 (and at exit) write one `sync-stats {json}` line to stdout: event-loop delay, GC, write queue, commits and WAL checkpoints, fan-out, since the last one (see sync-server/stats.ts)', false)
    .option('--log-level <level>', 'pino level', process.env.SYNC_LOG ?? 'info')
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch {
    return 2;
  }
  const o = program.opts<{ port: number; host: string; dataDir: string; keyFile?: string; updatesDir?: string; databaseUrl?: string; redisUrl?: string; bodyLimit: number; deviceRps: number; devicePerMinute?: number; authPerMinute: number; accessTtl: number; refreshGrace: number; maxInFlight: number; maxQueuedOps: number; maxEventLoopDelay: number; sqliteCheckpoint: 'worker' | 'commit'; sqliteWriter: 'thread' | 'loop'; stats: boolean; logLevel: string }>();
  const server = await startSyncServer({
    dataDir: o.dataDir, keyFile: o.keyFile, updatesDir: o.updatesDir, databaseUrl: o.databaseUrl || undefined, redisUrl: o.redisUrl || undefined, host: o.host, port: o.port,
    bodyLimit: o.bodyLimit, deviceRps: o.deviceRps, devicePerMinute: o.devicePerMinute, authPerMinute: o.authPerMinute, accessTtlSeconds: o.accessTtl, refreshGraceSeconds: o.refreshGrace, logLevel: o.logLevel,
    maxInFlight: o.maxInFlight, maxQueuedOps: o.maxQueuedOps, maxEventLoopDelayMs: o.maxEventLoopDelay, stats: o.stats, sqliteCheckpoint: o.sqliteCheckpoint, sqliteWriter: o.sqliteWriter,
  });
  server.app.log.info({ url: server.url, db: server.db.dialect, redis: Boolean(o.redisUrl), signingKeys: server.signingKeys.source === 'env' ? 'SYNC_SIGNING_KEYS' : server.signingKeys.file }, 'listening');
  // For a parent process (the tests' harness): proof that this process, not another one on the
  // same port, is the one answering there.
  if (process.env.SYNC_SERVER_ANNOUNCE) process.stdout.write(`sync-server listening ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve, resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`sync-server: ${oneLine(err)}\n`);
    process.exitCode = 1;
  },
);
