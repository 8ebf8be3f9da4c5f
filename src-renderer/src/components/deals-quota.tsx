import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Typography } from '@mui/material';
import { useCore } from '../core-context';
import { useSyncStatus } from './use-sync-status';

/** The quarter (UTC) that holds an instant, as the sync server names it: `2026-Q4`. */
const quarterOf = (ms: number) => `${new Date(ms).getUTCFullYear()}-Q${Math.floor(new Date(ms).getUTCMonth() / 3) + 1}`;

/**
 * The Deals page's quota coverage line (issue 15, point 3): the team quota a manager set on the
 * Team page for this quarter, against this device's expected revenue for it, in one currency.
 * Shown to managers and admins of an enrolled device only (reps cannot read the quota).
 */
export function DealsQuotaLine({ byQuarter, currency, money }: { byQuarter: { period: string; expected: number }[]; currency: string | null; money(n: number, currency: string | null): string }) {
  const { t, i18n } = useTranslation();
  const { api } = useCore();
  const [status] = useSyncStatus();
  const [quota, setQuota] = useState<number | null>(null);
  const period = quarterOf(Date.now());
  const staff = status?.enrolled && status.user && status.user.role !== 'rep';
  useEffect(() => {
    if (!staff || !currency) return;
    api.invoke('sync.quota', { period }).then((q) => setQuota(q.quotas[currency] ?? null), () => setQuota(null));
  }, [api, staff, currency, period]);
  if (!staff || !currency || quota === null) return null;
  const expected = byQuarter.find((q) => q.period === period)?.expected ?? 0;
  const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <Typography variant="body2" sx={{ mt: 1 }} data-testid="deals-quota">
      {t('deals.health.quota', { period, quota: money(quota, currency), expected: money(expected, currency), coverage: pct.format(expected / quota) })}
    </Typography>
  );
}
