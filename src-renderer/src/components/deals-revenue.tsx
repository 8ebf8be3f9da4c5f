import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Box, Card, CardContent, Stack, Table, TableBody, TableCell, TableHead, TableRow, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import type { DealsOverview, PeriodRevenue } from '../../../src-shared/ipc/deals';
import { DealsQuotaLine } from './deals-quota';

type Health = NonNullable<DealsOverview['health']>;
const pct = (v: number) => Math.round(v * 100);

/**
 * The Deals page's expected revenue (issue 15, point 3): by quarter or by month, each period the
 * open deals' chance × their chance of closing in it at their age plus new deals at the recent
 * pace (core deals/pipeline.ts, expectedRevenue: the method `forecast backtest` measures), as a
 * stacked chart of the two parts and a table with the 90% interval; the quota line under it.
 */
export function DealsRevenueCard({ health, currencies, money }: { health: Health; currencies: string[]; money(v: number | null, currency: string | null): string }) {
  const { t, i18n } = useTranslation();
  const [period, setPeriod] = useState<'quarter' | 'month'>('quarter');
  const num = useMemo(() => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 0 }), [i18n.language]);
  const wins = useMemo(() => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }), [i18n.language]);
  const compact = useMemo(() => new Intl.NumberFormat(i18n.language, { notation: 'compact', maximumFractionDigits: 1 }), [i18n.language]);
  const day = useMemo(() => new Intl.DateTimeFormat(i18n.language, { day: 'numeric', month: 'short', timeZone: 'UTC' }), [i18n.language]);
  const currency = currencies.length === 1 ? currencies[0]! : null;
  const rows = period === 'quarter' ? health.byQuarter : health.byMonth;
  // No amounts to sum (the export has none): the expected wins only, no columns of zeros.
  const noMoney = rows.every((q) => q.expected === 0);
  // The current period counts from today: its label says from when.
  const label = (q: PeriodRevenue, i: number) => (i === 0 ? t('deals.health.fromDay', { period: q.period, day: day.format(new Date(`${q.from}T00:00:00Z`)) }) : q.period);
  // Expected wins to one decimal; a period with some expected revenue but under 0.05 wins reads "< 0.1", not 0.
  const winsText = (q: PeriodRevenue) => (q.wins < 0.05 && (q.wins > 0 || q.expected > 0) ? `< ${wins.format(0.1)}` : wins.format(q.wins));
  return (
    <Card variant="outlined" data-testid="deals-health">
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
          <Typography variant="h6">{t(period === 'quarter' ? 'deals.health.title' : 'deals.health.titleMonth')}</Typography>
          <ToggleButtonGroup size="small" exclusive value={period} onChange={(_e, p: 'quarter' | 'month' | null) => p && setPeriod(p)} aria-label={t('deals.health.title')} data-testid="deals-period">
            <ToggleButton value="quarter" data-testid="deals-period-quarter">{t('deals.health.byQuarter')}</ToggleButton>
            <ToggleButton value="month" data-testid="deals-period-month">{t('deals.health.byMonth')}</ToggleButton>
          </ToggleButtonGroup>
        </Stack>
        <Typography color="text.secondary" variant="body2">
          {t('deals.health.stalled', { share: pct(health.stalledShare), days: health.stalledDays })}
          {currencies.length > 1 ? ` ${t('deals.health.mixed', { currencies: currencies.join(', ') })}` : ''}
        </Typography>
        <DealsQuotaLine byQuarter={health.byQuarter} currency={currency} money={money} />
        {noMoney ? (
          <Typography color="text.secondary" sx={{ my: 2 }} data-testid="deals-no-amounts">{t('deals.health.noAmounts')}</Typography>
        ) : (
          <BarChart
            height={240}
            xAxis={[{ scaleType: 'band', data: rows.map((q) => q.period) }]}
            yAxis={[{ valueFormatter: (v: number) => compact.format(v), width: 56 }]}
            series={[
              { data: rows.map((q) => q.fromOpen), label: t('deals.health.fromOpen'), stack: 'expected', valueFormatter: (v) => (v === null ? '' : money(v, currency)) },
              { data: rows.map((q) => q.fromNew), label: t('deals.health.fromNew'), stack: 'expected', valueFormatter: (v) => (v === null ? '' : money(v, currency)) },
            ]}
          />
        )}
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" sx={{ '& td': { whiteSpace: 'nowrap' } }}>
            <TableHead>
              <TableRow>
                <TableCell>{t(period === 'quarter' ? 'deals.health.quarter' : 'deals.health.month')}</TableCell>
                <TableCell align="right">{t('deals.health.wins')}</TableCell>
                {!noMoney && (
                  <>
                    <TableCell align="right">{t('deals.health.fromOpen')}</TableCell>
                    <TableCell align="right">{t('deals.health.fromNew')}</TableCell>
                    <TableCell align="right">{t('deals.health.expected')}</TableCell>
                    <TableCell align="right">{t('deals.health.interval')}</TableCell>
                  </>
                )}
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((q, i) => (
                <TableRow key={q.period} data-testid={period === 'quarter' ? 'deals-quarter' : 'deals-month'}>
                  <TableCell>{label(q, i)}</TableCell>
                  <TableCell align="right">{winsText(q)}</TableCell>
                  {!noMoney && (
                    <>
                      <TableCell align="right">{money(q.fromOpen, currency)}</TableCell>
                      <TableCell align="right">{money(q.fromNew, currency)}</TableCell>
                      <TableCell align="right" data-testid="deals-period-expected">{money(q.expected, currency)}</TableCell>
                      <TableCell align="right">{`${money(q.low, currency)} – ${money(q.high, currency)}`}</TableCell>
                    </>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
        <Box sx={{ mt: 1 }}>
          <Typography variant="body2" color="text.secondary" data-testid="deals-revenue-method">
            {t('deals.health.method', { days: num.format(health.pace.days), deals: num.format(health.pace.deals) })}
            {health.notEngaged > 0 ? ` ${t('deals.health.notEngaged', { count: health.notEngaged })}` : ''}
          </Typography>
        </Box>
      </CardContent>
    </Card>
  );
}
