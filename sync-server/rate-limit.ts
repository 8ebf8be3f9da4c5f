import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { createClient } from 'redis';
import { HttpError } from './errors';

export type LimitRule = { points: number; durationSeconds: number };

export type RateLimits = {
  /** Per device on every authenticated route. */
  device: RateLimiterAbstract;
  /** Per IP on the sign-in routes. */
  ip: RateLimiterAbstract;
  /** Whether the counts are shared through Redis (else per process). */
  shared: boolean;
  close(): Promise<void>;
};

// Distinct prefixes: a device id and an IP never share a counter, and other apps on the same Redis keep theirs.
export const DEVICE_KEY_PREFIX = 'salesedge:rl:device';
export const IP_KEY_PREFIX = 'salesedge:rl:ip';

/**
 * The per-device and per-IP limiters. With a Redis URL the counts live in Redis, so several
 * server processes share one budget; each keeps an in-memory insurance limiter with the same
 * rule, so a Redis outage falls back to per-process limits (one warning logged) instead of
 * failing requests. Without Redis the limits are per process.
 */
export async function startRateLimits(opts: { device: LimitRule; ip: LimitRule; redisUrl?: string; log: FastifyBaseLogger }): Promise<RateLimits> {
  const memory = (rule: LimitRule) => new RateLimiterMemory({ points: rule.points, duration: rule.durationSeconds });
  if (!opts.redisUrl) return { device: memory(opts.device), ip: memory(opts.ip), shared: false, close: async () => undefined };

  // No offline queue: while Redis is away a command fails at once (and the insurance limiter
  // answers) instead of waiting for a reconnect with the request hanging on it.
  const client = createClient({ url: opts.redisUrl, disableOfflineQueue: true });
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return; // node-redis retries and reports every failed attempt: warn once per outage
    down = true;
    opts.log.warn({ err: err.message }, 'rate limits: Redis unavailable, limiting per process until it is back');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    opts.log.info('rate limits: Redis is back, limits are shared again');
  });
  await client.connect();
  const redis = (rule: LimitRule, keyPrefix: string) =>
    new RateLimiterRedis({
      storeClient: client,
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      keyPrefix,
      points: rule.points,
      duration: rule.durationSeconds,
      insuranceLimiter: memory(rule),
    });
  return {
    device: redis(opts.device, DEVICE_KEY_PREFIX),
    ip: redis(opts.ip, IP_KEY_PREFIX),
    shared: true,
    async close() {
      // close() waits for commands in flight; with no offline queue nothing waits on a reconnect.
      await client.close();
    },
  };
}

/** Takes one point for `key`, or answers 429 `rate_limited` with a Retry-After header. */
export async function consumeOr429(limiter: RateLimiterAbstract, key: string, reply: FastifyReply): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (res) {
    if (!(res instanceof RateLimiterRes)) throw res;
    const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    reply.header('retry-after', seconds);
    throw new HttpError(429, 'rate_limited', `too many requests: retry in ${seconds} s`);
  }
}
