/**
 * Team quotas (issue 15, point 5): what a manager expects the team to bring in a quarter, per
 * currency, set through the team API by a manager or admin (`PUT /v1/team/quota`) and read back
 * into the roll-up of `GET /v1/team`. Stored on the server only (devices never pull it), one
 * `server_meta` row per tenant, quarter and currency (`team_quota:<tenant>:<period>:<currency>`),
 * so no migration; the tenant always comes from the token.
 */
import type { Kysely } from 'kysely';
import { MAX_AMOUNT, type QuotaRequest, type QuotaResponse, type TeamRollup } from '../../src-shared/sync-protocol';
import type { ServerDatabase } from '../db/schema';
import type { Principal } from '../auth/tokens';
import { audit } from '../audit';
import { forbidden } from '../errors';

type Db = Kysely<ServerDatabase>;

/** The quarter (UTC) that holds an instant: `2026-Q4`. */
export function quarterOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

const prefix = (tenantId: string, period: string) => `team_quota:${tenantId}:${period}:`;

/** The tenant's quotas for a quarter, by currency. */
export async function quotasFor(db: Db, tenantId: string, period: string): Promise<Record<string, number>> {
  const p = prefix(tenantId, period);
  // `like` narrows; the exact prefix test decides (a tenant id's `_` is a LIKE wildcard).
  const rows = await db.selectFrom('server_meta').select(['key', 'value']).where('key', 'like', `${p}%`).execute();
  const out = Object.create(null) as Record<string, number>;
  for (const r of rows) {
    if (!r.key.startsWith(p)) continue;
    const currency = r.key.slice(p.length);
    const amount = Number(r.value);
    if (/^[A-Z]{3}$/.test(currency) && Number.isFinite(amount) && amount > 0 && amount <= MAX_AMOUNT) out[currency] = amount;
  }
  return out;
}

/** Sets (or with `amount: null` removes) the quota of a quarter in one currency; managers and admins only. */
export async function setQuota(db: Db, who: Principal, q: QuotaRequest): Promise<QuotaResponse> {
  if (who.role === 'rep') throw forbidden('managers and admins only');
  const key = `${prefix(who.tenantId, q.period)}${q.currency}`;
  if (q.amount === null) await db.deleteFrom('server_meta').where('key', '=', key).execute();
  else await db.insertInto('server_meta').values({ key, value: String(q.amount) }).onConflict((oc) => oc.column('key').doUpdateSet({ value: String(q.amount) })).execute();
  await audit(db, { tenantId: who.tenantId, actor: who.userId, action: 'team_quota.set', detail: q });
  return { period: q.period, quotas: await quotasFor(db, who.tenantId, q.period) };
}

/** Per currency: the team's expected revenue against the quarter's quota (coverage = expected / quota). */
export function rollup(period: string, byCurrency: Record<string, { count: number; amount: number; expected: number }>, quotas: Record<string, number>): TeamRollup {
  const currencies = [...new Set([...Object.keys(byCurrency), ...Object.keys(quotas)])].sort();
  return {
    period,
    byCurrency: currencies.map((currency) => {
      const t = byCurrency[currency] ?? { count: 0, amount: 0, expected: 0 };
      const quota = quotas[currency] ?? null;
      return { currency, deals: t.count, amount: t.amount, expected: t.expected, quota, coverage: quota === null ? null : t.expected / quota };
    }),
  };
}
