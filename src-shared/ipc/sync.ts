import { z } from 'zod';
import { Notice } from '../notice';
import { QuotaPeriod, QuotaRequest, QuotaResponse, TeamQuery, TeamResponse } from '../sync-protocol';

const Empty = z.object({}).strict();

/** What Settings → Sync shows. */
export const SyncStatus = z.object({
  enrolled: z.boolean(),
  enabled: z.boolean(),
  serverUrl: z.string().nullable(),
  tenant: z.object({ slug: z.string(), name: z.string() }).nullable(),
  user: z.object({ email: z.string(), role: z.enum(['admin', 'manager', 'rep']) }).nullable(),
  deviceId: z.string().nullable(),
  lastSyncAt: z.number().nullable(),
  lastError: z.string().nullable(),
  /** The last error in a UI's own words (src-shared/notice.ts). */
  lastErrorNotice: Notice.nullable().optional(),
  pending: z.number().int().nonnegative(),
  running: z.boolean(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

const Url = z.string().trim().url().max(500);

export const syncRequests = {
  'sync.status': { request: Empty, response: SyncStatus },
  'sync.enroll': {
    request: z.object({ serverUrl: Url, enrollmentToken: z.string().trim().min(8).max(512), email: z.string().trim().email().optional() }).strict(),
    response: SyncStatus,
  },
  'sync.login': {
    request: z.object({ serverUrl: Url, tenant: z.string().trim().min(1).max(100), email: z.string().trim().email(), password: z.string().min(1).max(1024) }).strict(),
    response: SyncStatus,
  },
  /** Runs one round now; a failure is reported in `lastError`, not thrown. */
  'sync.now': { request: Empty, response: SyncStatus },
  'sync.signOut': { request: Empty, response: SyncStatus },
  /**
   * The Team page: per-rep and team aggregates over [from, to] (ms) from the sync server's
   * `GET /v1/team` (reps get only themselves). Fails with a one-line error when this device is
   * not enrolled, the server cannot be reached, or the server refuses (403).
   */
  'sync.team': { request: TeamQuery, response: TeamResponse },
  /** The Team page's quota: `PUT /v1/team/quota` (managers and admins; `amount: null` removes it). */
  'sync.setQuota': { request: QuotaRequest, response: QuotaResponse },
  /** The team's quotas for a quarter (`GET /v1/team/quota`, managers and admins), for the Deals page's coverage line. */
  'sync.quota': { request: z.object({ period: QuotaPeriod }).strict(), response: QuotaResponse },
} as const;

export const syncEvents = {
  'sync.status': SyncStatus,
} as const;
