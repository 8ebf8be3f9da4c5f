import type { Store } from '../store/db';
import { z } from 'zod';
import { QuotaResponse, TeamResponse, type QuotaRequest } from '../../../src-shared/sync-protocol';
import { CoreError } from '../../../src-shared/errors';
import { authedJson } from './engine';
import { SyncHttpError } from './http';

/**
 * The Team page's figures: `GET /v1/team` on the sync server this device is enrolled with.
 * Asked each time (never cached here): the server decides the scope from the token, so a rep
 * gets only themselves and a manager or admin the tenant's reps.
 */
export async function fetchTeam(store: Store, q: { from: number; to: number; userId?: string }): Promise<TeamResponse> {
  const query = new URLSearchParams({ from: String(q.from), to: String(q.to) });
  if (q.userId) query.set('userId', q.userId);
  try {
    return TeamResponse.parse(await authedJson(store, 'GET', `/v1/team?${query.toString()}`));
  } catch (err) {
    throw teamError(err);
  }
}

/** Sets the team's quota for a quarter in one currency (`PUT /v1/team/quota`; a rep's device gets the server's 403 as one line). */
export async function setTeamQuota(store: Store, q: QuotaRequest): Promise<QuotaResponse> {
  try {
    return QuotaResponse.parse(await authedJson(store, 'PUT', '/v1/team/quota', q));
  } catch (err) {
    throw teamError(err);
  }
}

/** The team's quotas for a quarter (`GET /v1/team/quota`; managers and admins). */
export async function fetchQuota(store: Store, period: string): Promise<QuotaResponse> {
  try {
    return QuotaResponse.parse(await authedJson(store, 'GET', `/v1/team/quota?period=${encodeURIComponent(period)}`));
  } catch (err) {
    throw teamError(err);
  }
}

/** One line a person can act on, for each way the request can fail. */
function teamError(err: unknown): unknown {
  if (err instanceof z.ZodError) return new CoreError('internal', 'the sync server sent a team report this app does not understand (is the server a different version?)');
  if (!(err instanceof SyncHttpError)) return err;
  const serverSays = err.message.replace(/^sync server: /, '');
  if (err.code === 'not_enrolled') return new CoreError('unavailable', 'this device is not enrolled with a sync server: enroll it in Settings → Sync');
  if (err.status === 0) return new CoreError('unavailable', err.message);
  if (err.status === 401) return new CoreError('bad_request', `the sync server no longer accepts this device (${serverSays}): sign out and enroll it again in Settings → Sync`);
  if (err.status === 403) return new CoreError('bad_request', `the sync server refused the team view for this account: ${serverSays}`);
  if (err.status >= 500 || err.status === 429) return new CoreError('unavailable', `the sync server could not answer now (HTTP ${err.status}: ${serverSays}); try again later`);
  return new CoreError('bad_request', err.message);
}
