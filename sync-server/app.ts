import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  BattlecardPayload, DeviceLoginRequest, EnrollRequest, LoginRequest, PersonaPayload, PlaybookPayload, PullQuery, ScenarioPayload, PushRequest, RefreshRequest, SYNC_PROTOCOL_VERSION,
  QuotaPeriod, QuotaRequest, TeamQuery, TenantSettingsPayload, type PushResponse, type PullResponse,
} from '../src-shared/sync-protocol';
import { openServerDb, type ServerDb, type SqliteCheckpoint, type SqliteWriterMode } from './db/database';
import { verifyAccessToken, type Principal } from './auth/tokens';
import { KEY_FILE_NAME, openKeyRing, type KeyRing } from './auth/signing-keys';
import { deviceLogin, enroll, login, refresh, revokeFamily, type AuthConfig } from './auth/auth-service';
import { appendChanges, occurredAt, pullChanges, queuedOps, WriteQueueFull, type NewChange } from './sync/change-log';
import { WriterUnavailable } from './sync/sqlite-writer';
import { teamAggregates } from './team/aggregate';
import { quotasFor, setQuota } from './team/quota';
import { publishDown, tenantSettings } from './admin-service';
import { startLive, type Live } from './live';
import { forbidden, HttpError, notFound, overloaded, unauthorized } from './errors';
import { artifactPath, channelYaml, parseChannelFile, releaseById, releaseFor } from './updates/feed';
import { parseOr400 } from './validate';
import { consumeOr429, startRateLimits } from './rate-limit';
import { LOAD_SHED_DEFAULTS, startLoadShedding } from './load-shed';
import { startServerStats } from './stats';

export type ServerOptions = {
  dataDir: string;
  /** The token-signing key file (default `<dataDir>/signing-keys.json`); unused when SYNC_SIGNING_KEYS is set (auth/signing-keys.ts). */
  keyFile?: string;
  /** Where published update artifacts are kept (default `<dataDir>/updates`; one folder all processes share). */
  updatesDir?: string;
  databaseUrl?: string;
  redisUrl?: string;
  host?: string;
  port?: number;
  /** Largest request body in bytes (push batches included). */
  bodyLimit?: number;
  /** Requests per second one device may make (authenticated routes). */
  deviceRps?: number;
  /** Requests per minute one device may make, instead of `deviceRps` (a burst budget). */
  devicePerMinute?: number;
  /** Sign-in attempts per minute from one IP (login, enroll, refresh). */
  authPerMinute?: number;
  /** Load shedding (503 + Retry-After, see load-shed.ts): requests handled at once. */
  maxInFlight?: number;
  /** Load shedding: ops waiting in the write queue. */
  maxQueuedOps?: number;
  /** Load shedding: how long (ms) one turn of the event loop may run before it refuses what it reads next. */
  maxEventLoopDelayMs?: number;
  /** The Retry-After (seconds) of a shed request. */
  shedRetryAfterSeconds?: number;
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
  /** How long an exact duplicate of a refresh is refused with 409 instead of revoking the session (see auth-service refresh). */
  refreshGraceSeconds?: number;
  logLevel?: string;
  /** SQLite only: where the WAL is checkpointed (database.ts); default 'commit', SQLite's own. */
  sqliteCheckpoint?: SqliteCheckpoint;
  /**
   * SQLite only: where the change log is written (database.ts): 'loop' or a writer 'thread'. The
   * server's CLI (main.ts) defaults to 'thread'; here the default stays 'loop' for the server
   * embedded in `salesedge demo`, which runs from the app's bundle (no worker file beside it) and
   * serves one rep.
   */
  sqliteWriter?: SqliteWriterMode;
  /** Diagnostics (stats.ts): on SIGUSR2 and at close, one `sync-stats {json}` line on stdout. Off by default. */
  stats?: boolean;
};

export type SyncServer = { app: FastifyInstance; db: ServerDb; live: Live; signingKeys: KeyRing; port: number; url: string; close(): Promise<void> };

// Declaration merging is the only way to type a request decoration in fastify.
declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyRequest {
    principal?: Principal;
  }
}

export async function startSyncServer(opts: ServerOptions): Promise<SyncServer> {
  const db = await openServerDb({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, sqliteCheckpoint: opts.sqliteCheckpoint, sqliteWriter: opts.sqliteWriter });
  // Never from the database (a copy of it must not mint tokens): SYNC_SIGNING_KEYS or a 0600 key file.
  const signingKeys = openKeyRing({ keyFile: opts.keyFile ?? path.join(opts.dataDir, KEY_FILE_NAME) });
  // The data folder holding the key file is the server's own: 0700 on every start (SQLite's too, database.ts).
  if (signingKeys.source === 'file' && !opts.keyFile) fs.chmodSync(opts.dataDir, 0o700);
  const auth: AuthConfig = { signingKeys, accessTtlSeconds: opts.accessTtlSeconds ?? 900, refreshTtlSeconds: opts.refreshTtlSeconds ?? 30 * 86400 };
  const app = Fastify({
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    logger: { level: opts.logLevel ?? 'info', base: { svc: 'sync-server' } },
  });
  const live = await startLive(app.server, signingKeys, opts.redisUrl);
  // Shared by every process through Redis when there is one, else per process.
  const limits = await startRateLimits({
    redisUrl: opts.redisUrl,
    log: app.log,
    device: opts.devicePerMinute ? { points: opts.devicePerMinute, durationSeconds: 60 } : { points: opts.deviceRps ?? 50, durationSeconds: 1 },
    ip: { points: opts.authPerMinute ?? 60, durationSeconds: 60 },
  });

  const retryAfter = opts.shedRetryAfterSeconds ?? LOAD_SHED_DEFAULTS.retryAfterSeconds;
  const maxQueuedOps = opts.maxQueuedOps ?? LOAD_SHED_DEFAULTS.maxQueuedOps;
  const shedder = startLoadShedding(app, {
    maxInFlight: opts.maxInFlight ?? LOAD_SHED_DEFAULTS.maxInFlight,
    maxEventLoopDelayMs: opts.maxEventLoopDelayMs ?? LOAD_SHED_DEFAULTS.maxEventLoopDelayMs,
    retryAfterSeconds: retryAfter,
  });

  const stats = opts.stats ? startServerStats(db) : undefined;
  if (stats) {
    app.addHook('onResponse', async (req, reply) => {
      stats.response();
      const route = req.routeOptions.url;
      if (route === '/v1/sync/push') stats.push(reply.elapsedTime);
      else if (route === '/v1/sync/pull') stats.pull(reply.elapsedTime);
    });
  }

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof HttpError) {
      if (err.retryAfterSeconds !== undefined) reply.header('retry-after', err.retryAfterSeconds);
      if (err.status === 503) shedder.noteShed(err.message);
      return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own refusals: oversized body (413), malformed JSON, wrong content type.
      const message = status === 413 ? `request body is larger than the ${app.initialConfig.bodyLimit} byte limit` : err.message.split('\n')[0]!;
      return reply.code(status).send({ error: { code: status === 413 ? 'too_large' : 'bad_request', message } });
    }
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: { code: 'internal', message: 'internal server error' } });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } }));

  /** Every protected route: the principal (tenant, user, device, role) comes from the token only. */
  const authenticate = async (req: FastifyRequest, reply: FastifyReply) => {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) throw unauthorized('missing bearer access token');
    const who = verifyAccessToken(signingKeys, header.slice(7));
    if (typeof who === 'string') throw unauthorized(who);
    req.principal = who;
    req.log = req.log.child({ tenant: who.tenantId, device: who.deviceId });
    await consumeOr429(limits.device, who.deviceId, reply);
  };
  const staffOnly = async (req: FastifyRequest) => {
    if (req.principal!.role === 'rep') throw forbidden('managers and admins only');
  };
  const authCtx = (req: FastifyRequest) => ({ db: db.db, config: auth, ip: req.ip });
  const body = (req: FastifyRequest) => req.body ?? {};

  app.get('/healthz', async () => ({ ok: true, db: db.dialect, protocol: SYNC_PROTOCOL_VERSION }));

  // The desktop app's update feed (electron-updater's generic provider, updates/feed.ts). No
  // credentials: an app that has not enrolled updates too; the rollout bucket comes from the
  // per-device id electron-updater sends.
  const updatesDir = opts.updatesDir ?? path.join(opts.dataDir, 'updates');
  app.get('/updates/:file', async (req, reply) => {
    const { file } = req.params as { file: string };
    const feed = parseChannelFile(file);
    if (!feed) throw notFound(`no update channel file ${file}`);
    const staging = req.headers['x-user-staging-id'];
    const release = await releaseFor(db.db, feed.channel, feed.platform, typeof staging === 'string' ? staging : undefined);
    if (!release) throw notFound(`no release on channel ${feed.channel} for ${feed.platform} that this device is in the rollout of`);
    return reply.header('cache-control', 'no-store').type('text/yaml; charset=utf-8').send(channelYaml(release));
  });
  app.get('/updates/files/:id/:name', async (req, reply) => {
    const { id, name } = req.params as { id: string; name: string };
    const release = await releaseById(db.db, id);
    if (!release || release.fileName !== name) throw notFound(`no update file ${id}/${name}`);
    const file = artifactPath(updatesDir, release);
    const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
    if (size === undefined) throw notFound(`update file ${id}/${name} is missing from the updates folder`);
    return reply.header('content-length', size).type('application/octet-stream').send(fs.createReadStream(file));
  });

  const signIn = { preHandler: async (req: FastifyRequest, reply: FastifyReply) => consumeOr429(limits.ip, req.ip, reply) };
  app.post('/v1/auth/login', signIn, async (req) => login(authCtx(req), parseOr400(LoginRequest, body(req), 'login')));
  app.post('/v1/auth/enroll', signIn, async (req) => enroll(authCtx(req), parseOr400(EnrollRequest, body(req), 'enrollment')));
  app.post('/v1/auth/device', signIn, async (req) => deviceLogin(authCtx(req), parseOr400(DeviceLoginRequest, body(req), 'device login')));
  app.post('/v1/auth/refresh', signIn, async (req) => refresh(authCtx(req), parseOr400(RefreshRequest, body(req), 'refresh'), { graceMs: (opts.refreshGraceSeconds ?? 5) * 1000 }));
  app.post('/v1/auth/logout', signIn, async (req, reply) => {
    await revokeFamily(authCtx(req), parseOr400(RefreshRequest, body(req), 'logout'));
    return reply.code(204).send();
  });

  app.register(async (api) => {
    api.addHook('preHandler', authenticate);
    api.get('/v1/me', async (req) => ({ ...req.principal!, settings: await tenantSettings(db.db, req.principal!.tenantId) }));

    // A full queue refuses a push before its body is read and validated: under overload the
    // refusal must cost little (measured: refusing after parsing 200-op bodies spent the CPU the
    // writes needed). Past that, appendChanges enforces the bound exactly.
    const queueNotFull = async () => {
      const waiting = queuedOps(db.writer);
      if (waiting >= maxQueuedOps) throw overloaded(`${waiting} ops waiting to be written`, retryAfter);
    };
    api.post('/v1/sync/push', { onRequest: queueNotFull }, async (req): Promise<PushResponse> => {
      const who = req.principal!;
      const push = parseOr400(PushRequest, body(req), 'push batch');
      const ops = push.ops.map((op): NewChange => {
        // Transcripts only under tenant policy: the server drops them otherwise, whatever the client
        // sent. The append decides under the tenant's lock, with the policy committed then.
        const restricted = op.entity === 'call_insight' && op.op === 'upsert' && op.payload.transcript !== undefined ? { ...op.payload, transcript: undefined } : undefined;
        return { opId: op.opId, entity: op.entity, entityId: op.entityId, op: op.op, payload: op.payload, restricted, occurredAt: occurredAt(op) };
      });
      const res = await appendChanges(db.writer, { tenantId: who.tenantId, userId: who.userId, deviceId: who.deviceId }, ops, { maxQueuedOps }).catch((err: unknown) => {
        if (err instanceof WriteQueueFull) throw overloaded(`${err.queuedOps} ops waiting to be written`, retryAfter);
        // The SQLite writer thread died with this push: nothing of it was acknowledged; retry later.
        if (err instanceof WriterUnavailable) {
          req.log.error({ err }, 'push failed: the SQLite writer thread stopped');
          throw overloaded('the database writer is restarting', retryAfter);
        }
        throw err;
      });
      const t0 = performance.now();
      live.publish(res.stored);
      stats?.fanout(performance.now() - t0);
      return { protocol: SYNC_PROTOCOL_VERSION, accepted: res.accepted, duplicates: res.duplicates, seq: res.seq };
    });

    api.get('/v1/sync/pull', async (req): Promise<PullResponse> => {
      const q = parseOr400(PullQuery, req.query, 'pull query');
      return { protocol: SYNC_PROTOCOL_VERSION, ...(await pullChanges(db.db, req.principal!, q.since, q.limit)) };
    });

    api.get('/v1/team', async (req) => teamAggregates(db.db, req.principal!, parseOr400(TeamQuery, req.query, 'team query')));
    api.get('/v1/team/quota', { preHandler: staffOnly }, async (req) => {
      const { period } = parseOr400(z.object({ period: QuotaPeriod }).strict(), req.query, 'quota query');
      return { period, quotas: await quotasFor(db.db, req.principal!.tenantId, period) };
    });
    api.put('/v1/team/quota', { preHandler: staffOnly }, async (req) => setQuota(db.db, req.principal!, parseOr400(QuotaRequest, body(req), 'team quota')));

    api.get('/v1/tenant/settings', async (req) => tenantSettings(db.db, req.principal!.tenantId));
    api.put('/v1/tenant/settings', { preHandler: staffOnly }, async (req) => {
      const who = req.principal!;
      const next = parseOr400(TenantSettingsPayload, body(req), 'tenant settings');
      live.publish(await publishDown(db.writer, who.tenantId, who.userId, 'tenant_settings', 'tenant', next));
      return next;
    });
    const content = [
      ['playbooks', 'playbook', PlaybookPayload],
      ['battlecards', 'battlecard', BattlecardPayload],
      ['personas', 'persona', PersonaPayload],
      ['scenarios', 'scenario', ScenarioPayload],
    ] as const;
    const ContentId = z.object({ id: z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/) }).strict();
    for (const [path, entity, schema] of content) {
      api.put(`/v1/tenant/${path}/:id`, { preHandler: staffOnly }, async (req) => {
        const who = req.principal!;
        const { id } = parseOr400(ContentId, req.params, `${entity} id`);
        const payload = parseOr400(schema, body(req), entity);
        live.publish(await publishDown(db.writer, who.tenantId, who.userId, entity, id, payload));
        // A persona's or scenario's own `id` (the one a scenario names) is in its payload; `entityId` is always the record's.
        return { id, ...payload, entityId: id };
      });
      api.delete(`/v1/tenant/${path}/:id`, { preHandler: staffOnly }, async (req, reply) => {
        const who = req.principal!;
        const { id } = parseOr400(ContentId, req.params, `${entity} id`);
        live.publish(await publishDown(db.writer, who.tenantId, who.userId, entity, id, null));
        return reply.code(204).send();
      });
    }

    api.get('/v1/audit', async (req) => {
      if (req.principal!.role !== 'admin') throw forbidden('admins only');
      const rows = await db.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', req.principal!.tenantId).orderBy('created_at', 'desc').limit(500).execute();
      return { entries: rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown })) };
    });
  });

  await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  return {
    app, db, live, signingKeys, port,
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    async close() {
      shedder.close();
      stats?.close();
      await live.close();
      await app.close();
      await limits.close();
      await db.close();
    },
  };
}
