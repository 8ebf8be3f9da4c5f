import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Box, Button, Card, CardContent, Chip, IconButton, LinearProgress, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, ToggleButton, ToggleButtonGroup, Tooltip, Typography } from '@mui/material';
import GroupsIcon from '@mui/icons-material/Groups';
import RefreshIcon from '@mui/icons-material/Refresh';
import type { SyncStatus } from '../../../src-shared/ipc/sync';
import { NO_CURRENCY, type RepAggregate, type TeamResponse, type TeamRollup } from '../../../src-shared/sync-protocol';
import { useCore } from '../core-context';
import { navigate } from '../routes';
import { EmptyState } from '../components/empty-state';
import { TeamCharts } from '../components/team-charts';
import { useSyncStatus } from '../components/use-sync-status';
import { DateField } from '../components/date-field';
import { lastLocalDays, localDayRange } from '../../../src-shared/local-date';
import type { SimScenario } from '../../../src-shared/ipc/simulator';

type Preset = '7' | '30' | '90' | 'custom';
const PRESETS = ['7', '30', '90', 'custom'] as const;

// Local days, shown and read in the UI language's date order (src-shared/local-date.ts, DateField).
const presetDays = (days: number) => lastLocalDays(days);
const rangeOf = localDayRange;

/** The managers' team view (reps see only themselves), from the sync server's team API. */
export function TeamPage() {
  const { t } = useTranslation();
  const [status, , statusError] = useSyncStatus();

  if (statusError) return <Alert severity="error">{t('team.error', { message: statusError })}</Alert>;
  if (!status) return <LinearProgress />;
  if (!status.enrolled) {
    return (
      <EmptyState
        icon={<GroupsIcon fontSize="inherit" />}
        title={t('empty.team.title')}
        body={t('empty.team.body')}
        action={
          <Button variant="contained" onClick={() => navigate('settings', 'sync')} data-testid="team-open-sync">
            {t('team.openSync')}
          </Button>
        }
      />
    );
  }
  return <TeamView status={status} />;
}

function TeamView({ status }: { status: SyncStatus }) {
  const { t, i18n } = useTranslation();
  const { api } = useCore();
  const [preset, setPreset] = useState<Preset>('30');
  const [dates, setDates] = useState(() => presetDays(30));
  const [data, setData] = useState<TeamResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  // Competitor ids (what the sync server counts) → the names people know them by.
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    api.invoke('calls.facets', {}).then((f) => setNames(f.names), () => undefined);
  }, [api]);
  // Scenario ids (what the role-play results carry) → their titles in the UI language.
  const [scenarios, setScenarios] = useState<SimScenario[]>([]);
  useEffect(() => {
    api.invoke('simulator.library', { language: i18n.language.startsWith('pt') ? 'pt' : 'en' }).then((l) => setScenarios(l.scenarios), () => undefined);
  }, [api, i18n.language]);
  const range = rangeOf(dates.from, dates.to);
  const from = typeof range === 'object' ? range.from : null;
  const to = typeof range === 'object' ? range.to : null;

  useEffect(() => {
    if (from === null || to === null) return;
    let stale = false;
    setLoading(true);
    api
      .invoke('sync.team', { from, to })
      .then((r) => !stale && (setData(r), setError(null)))
      .catch((e: Error) => !stale && setError(e.message))
      .finally(() => !stale && setLoading(false));
    return () => {
      stale = true;
    };
  }, [api, from, to, tick, status.serverUrl, status.user?.email]);

  const fmt = useMemo(() => {
    const lang = i18n.language;
    const count = new Intl.NumberFormat(lang);
    const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
    const score = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
    const plain = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
    const byCode = new Map<string, Intl.NumberFormat>();
    // In the UI language with the currency (R$ 1.234 / $1,234); forecasts that carry none (older devices) as bare numbers.
    const money = (n: number, currency: string = NO_CURRENCY) => {
      if (currency === NO_CURRENCY) return plain.format(n);
      let f = byCode.get(currency);
      if (!f) byCode.set(currency, (f = new Intl.NumberFormat(lang, { style: 'currency', currency, maximumFractionDigits: 0 })));
      return f.format(n);
    };
    const sorted = (by: RepAggregate['forecastsByCurrency']) => Object.entries(by).sort((a, b) => (a[0] === NO_CURRENCY ? 1 : b[0] === NO_CURRENCY ? -1 : a[0].localeCompare(b[0])));
    return {
      count: (n: number) => count.format(n),
      rate: (r: number | null) => (r === null ? '—' : pct.format(r)),
      score: (s: number | null) => (s === null ? '—' : score.format(s)),
      money,
      /** One amount per currency, never summed across them: `R$ 120.000 · US$ 10.000`. */
      amounts: (by: RepAggregate['forecastsByCurrency'], key: 'amount' | 'expected') => {
        const list = sorted(by).map(([c, v]) => money(v[key], c));
        return list.length ? list.join(' · ') : '—';
      },
      /** The same, each amount kept on one line (a long list wraps between currencies, never inside an amount). */
      amountParts: (by: RepAggregate['forecastsByCurrency'], key: 'amount' | 'expected') => sorted(by).map(([c, v]) => money(v[key], c)),
      // Score points gained (+) or lost (−) from the earlier to the later runs.
      trend: (d: number | null) => (d === null ? '—' : `${d >= 0.05 ? '↑ +' : d <= -0.05 ? '↓ −' : '→ '}${score.format(Math.abs(d))}`),
    };
  }, [i18n.language]);

  const choose = (p: Preset | null) => {
    if (!p) return;
    setPreset(p);
    if (p !== 'custom') setDates(presetDays(Number(p)));
  };
  const setDate = (key: 'from' | 'to', value: string) => {
    setPreset('custom');
    setDates((d) => ({ ...d, [key]: value }));
  };
  const tenant = status.tenant?.name ?? '';
  const isRep = status.user?.role === 'rep';
  const team = data?.team;
  const empty = team && team.callsAnalysed === 0 && team.simulations === 0 && team.forecastCount === 0;

  return (
    <Stack spacing={2} data-testid="team-page">
      <Stack direction="row" sx={{ alignItems: 'center' }}>
        <Box sx={{ flexGrow: 1 }}>
          <Typography variant="h5" component="h2">
            {t('team.title')}
          </Typography>
          {!isRep && (
            <Typography variant="body2" color="text.secondary" data-testid="team-scope">
              {t('team.scopeManager', { tenant })}
            </Typography>
          )}
        </Box>
        <Tooltip title={t('team.refresh')}>
          <span>
            <IconButton aria-label={t('team.refresh')} onClick={() => setTick((n) => n + 1)} disabled={loading || from === null} data-testid="team-refresh">
              <RefreshIcon />
            </IconButton>
          </span>
        </Tooltip>
      </Stack>
      {isRep && (
        <Alert severity="info" data-testid="team-rep-only">
          {t('team.repOnly', { tenant })}
        </Alert>
      )}
      <Box>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'flex-start', flexWrap: 'wrap', rowGap: 1.5 }}>
          <ToggleButtonGroup size="small" exclusive value={preset} onChange={(_e, p: Preset | null) => choose(p)} aria-label={t('team.period')} data-testid="team-presets">
            {PRESETS.map((p) => (
              <ToggleButton key={p} value={p} data-testid={`team-preset-${p}`} sx={{ textTransform: 'none', px: 1.5 }}>
                {t(`team.preset.${p}`)}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
          <DateField size="small" label={t('team.from')} value={dates.from} onChange={(d) => setDate('from', d)} testId="team-from" sx={{ width: 170 }} />
          <DateField
            size="small"
            label={t('team.to')}
            value={dates.to}
            onChange={(d) => setDate('to', d)}
            error={typeof range === 'string'}
            helperText={typeof range === 'string' ? t(`team.${range}`) : undefined}
            testId="team-to"
            sx={{ width: 170 }}
          />
        </Stack>
        <Box sx={{ height: 4, mt: 1 }}>{loading && <LinearProgress />}</Box>
      </Box>
      {error && (
        <Alert severity="error" data-testid="team-error">
          {t('team.error', { message: error })}
        </Alert>
      )}
      {data && team && (
        <>
          {empty && (
            <Typography color="text.secondary" data-testid="team-no-data">
              {t('team.noData')}
            </Typography>
          )}
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))' }} data-testid="team-summary">
            <SummaryCard testId="team-card-calls" label={t('team.card.calls')} value={fmt.count(team.callsAnalysed)} />
            <SummaryCard testId="team-card-hint-use" label={t('team.card.hintUse')} value={fmt.rate(team.hintUseRate)} detail={t('team.card.hintUseOf', { used: fmt.count(team.hintsUsed), shown: fmt.count(team.hintsShown) })} />
            <SummaryCard testId="team-card-sim-score" label={t('team.card.simScore')} value={fmt.score(team.avgSimulationScore)} detail={t('team.card.simCount', { count: team.simulations })} />
            <SummaryCard
              testId="team-card-forecast"
              label={t('team.card.forecast')}
              value={<Amounts parts={fmt.amountParts(team.forecastsByCurrency, 'amount')} />}
              small={Object.keys(team.forecastsByCurrency).length > 1}
              detail={t('team.card.forecastExpected', { value: fmt.amounts(team.forecastsByCurrency, 'expected'), count: team.forecastCount })}
            />
          </Box>
          {data.rollup && (!isRep || data.rollup.byCurrency.length > 0) && <TeamRollupCard rollup={data.rollup} canSet={!isRep} fmt={fmt} onChanged={() => setTick((n) => n + 1)} />}
          {team.forecastCount > 0 && <AtRiskCard reps={data.reps} fmt={fmt} />}
          <Card variant="outlined">
            <Table size="small" data-testid="team-table">
              <TableHead>
                <TableRow>
                  <TableCell>{t('team.col.rep')}</TableCell>
                  <TableCell align="right">{t('team.col.calls')}</TableCell>
                  <TableCell align="right">{t('team.col.hintUse')}</TableCell>
                  <TableCell align="right">{t('team.col.simCount')}</TableCell>
                  <TableCell align="right">{t('team.col.simScore')}</TableCell>
                  <TableCell align="right">{t('team.col.simTrend')}</TableCell>
                  <TableCell align="right">{t('team.col.forecast')}</TableCell>
                  <TableCell>{t('team.col.objections')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.reps.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={8}>
                      <Typography color="text.secondary">{t('team.noReps')}</Typography>
                    </TableCell>
                  </TableRow>
                )}
                {data.reps.map((r) => (
                  <RepRow key={r.userId} rep={r} fmt={fmt} />
                ))}
              </TableBody>
            </Table>
          </Card>
          {team.simulations > 0 && <TeamPractice team={team} scenarios={scenarios} fmt={fmt} />}
          <TeamCharts objections={team.objections} competitors={team.competitors} names={names} />
        </>
      )}
    </Stack>
  );
}

/** Amounts in several currencies: `R$ 250.000 · US$ 40.000`, wrapping only between them. */
function Amounts({ parts }: { parts: string[] }) {
  if (parts.length === 0) return <>—</>;
  return (
    <>
      {parts.map((p, i) => (
        <span key={i}>
          <span style={{ whiteSpace: 'nowrap' }}>
            {p}
            {i < parts.length - 1 ? ' ·' : ''}
          </span>
          {i < parts.length - 1 ? ' ' : ''}
        </span>
      ))}
    </>
  );
}

function SummaryCard({ label, value, detail, testId, small }: { label: string; value: React.ReactNode; detail?: string; testId: string; small?: boolean }) {
  return (
    <Card variant="outlined" data-testid={testId}>
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
        <Typography variant={small ? 'h5' : 'h4'} component="p" sx={{ fontWeight: 600, my: 0.5 }} data-testid={`${testId}-value`}>
          {value}
        </Typography>
        {detail && (
          <Typography variant="caption" color="text.secondary" data-testid={`${testId}-detail`}>
            {detail}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}

/** Role-play practice over the period: average per category, and the scenarios the team fails most. */
function TeamPractice({ team, scenarios, fmt }: { team: TeamResponse['team']; scenarios: SimScenario[]; fmt: Fmt }) {
  const { t } = useTranslation();
  const cats = team.avgSimulationCategories;
  const failing = Object.entries(team.simulationScenarios)
    .filter(([, s]) => s.failed > 0)
    .sort((a, b) => b[1].failed - a[1].failed || b[1].runs - a[1].runs || a[0].localeCompare(b[0]))
    .slice(0, 5);
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
      <Card variant="outlined" data-testid="team-practice-categories">
        <CardContent>
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }} gutterBottom>
            {t('team.practice.categories')}
          </Typography>
          <Typography variant="caption" color="text.secondary">
            {t('team.practice.passed', { value: fmt.count(team.simulationsPassed), count: team.simulations })}
          </Typography>
          {cats === null ? (
            <Typography color="text.secondary">{t('team.practice.noCategories')}</Typography>
          ) : (
            (['objection', 'empathy', 'discovery', 'technique'] as const).map((c) => (
              <Box key={c} sx={{ mt: 1 }} data-testid={`team-practice-${c}`}>
                <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
                  <Typography variant="body2">{t(`simulator.category.${c}`)}</Typography>
                  <Typography variant="body2" sx={{ fontWeight: 600 }}>
                    <span data-testid={`team-practice-${c}-value`}>{fmt.score(cats[c])}</span>
                    {team.simulationTrend && (
                      <Typography component="span" variant="caption" color={team.simulationTrend[c] >= 0 ? 'success.main' : 'error.main'} sx={{ ml: 1 }} data-testid={`team-practice-${c}-trend`}>
                        {fmt.trend(team.simulationTrend[c])}
                      </Typography>
                    )}
                  </Typography>
                </Stack>
                <LinearProgress variant="determinate" value={cats[c]} sx={{ height: 6, borderRadius: 3 }} />
              </Box>
            ))
          )}
        </CardContent>
      </Card>
      <Card variant="outlined" data-testid="team-practice-failing">
        <CardContent>
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }} gutterBottom>
            {t('team.practice.failing')}
          </Typography>
          {failing.length === 0 ? (
            <Typography color="text.secondary">{t('team.practice.noFailing')}</Typography>
          ) : (
            failing.map(([id, s]) => (
              <Stack key={id} direction="row" sx={{ justifyContent: 'space-between', py: 0.5 }} data-testid="team-practice-failing-row">
                <Typography variant="body2">{scenarios.find((x) => x.id === id)?.title ?? id}</Typography>
                <Typography variant="body2" color="text.secondary">
                  {t('team.practice.failedOf', { failed: fmt.count(s.failed), runs: fmt.count(s.runs) })}
                </Typography>
              </Stack>
            ))
          )}
        </CardContent>
      </Card>
    </Box>
  );
}

type Fmt = {
  count(n: number): string; rate(r: number | null): string; score(s: number | null): string; money(n: number, currency?: string): string; trend(d: number | null): string;
  amounts(by: RepAggregate['forecastsByCurrency'], key: 'amount' | 'expected'): string;
  amountParts(by: RepAggregate['forecastsByCurrency'], key: 'amount' | 'expected'): string[];
};

const QUOTA_CURRENCIES = ['BRL', 'USD', 'EUR'];

/** The manager's roll-up: the quarter's expected revenue per currency against the quota they set. */
function TeamRollupCard({ rollup, canSet, fmt, onChanged }: { rollup: TeamRollup; canSet: boolean; fmt: Fmt; onChanged(): void }) {
  const { t } = useTranslation();
  const { api } = useCore();
  const priced = rollup.byCurrency.filter((c) => c.currency !== NO_CURRENCY);
  const choices = [...new Set([...priced.map((c) => c.currency), ...QUOTA_CURRENCIES])];
  const [currency, setCurrency] = useState(choices[0]!);
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = (value: number | null) => {
    setBusy(true);
    api
      .invoke('sync.setQuota', { period: rollup.period, currency, amount: value })
      .then(() => (setError(null), setAmount(''), onChanged()))
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };
  // Whole units only: digits typed in either language's grouping (500.000 / 500,000) read the same.
  const typed = Number(amount.replace(/\D/g, ''));
  return (
    <Card variant="outlined" data-testid="team-rollup">
      <CardContent>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
          {t('team.rollup.title', { period: rollup.period })}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {t('team.rollup.explain')}
        </Typography>
        {rollup.byCurrency.length === 0 && <Typography color="text.secondary">{t('team.rollup.none')}</Typography>}
        {rollup.byCurrency.map((c) => (
          <Box key={c.currency} sx={{ mt: 1.5 }} data-testid={`team-rollup-${c.currency}`}>
            <Stack direction="row" sx={{ justifyContent: 'space-between', flexWrap: 'wrap', columnGap: 2 }}>
              <Typography variant="body2">
                <span data-testid={`team-rollup-${c.currency}-expected`}>{t('team.rollup.expected', { value: fmt.money(c.expected, c.currency) })}</span>
                {' · '}
                <span data-testid={`team-rollup-${c.currency}-quota`}>{c.quota === null ? t('team.rollup.noQuota') : t('team.rollup.quota', { value: fmt.money(c.quota, c.currency) })}</span>
              </Typography>
              <Typography variant="body2" sx={{ fontWeight: 600 }} data-testid={`team-rollup-${c.currency}-coverage`}>
                {c.coverage === null ? (c.currency === NO_CURRENCY ? t('team.rollup.noCurrency') : '—') : t('team.rollup.coverage', { value: fmt.rate(c.coverage) })}
              </Typography>
            </Stack>
            {c.coverage !== null && <LinearProgress variant="determinate" value={Math.min(100, c.coverage * 100)} color={c.coverage >= 1 ? 'success' : c.coverage >= 0.7 ? 'primary' : 'warning'} sx={{ height: 6, borderRadius: 3, mt: 0.5 }} />}
          </Box>
        ))}
        {canSet && (
          <Stack direction="row" spacing={1} sx={{ mt: 2, alignItems: 'flex-start', flexWrap: 'wrap', rowGap: 1 }}>
            <TextField select size="small" label={t('team.rollup.currency')} value={currency} onChange={(e) => setCurrency(e.target.value)} sx={{ width: 110 }} slotProps={{ htmlInput: { 'data-testid': 'team-quota-currency' } }}>
              {choices.map((c) => (
                <MenuItem key={c} value={c}>
                  {c}
                </MenuItem>
              ))}
            </TextField>
            <TextField size="small" label={t('team.rollup.quotaFor', { period: rollup.period })} value={amount} onChange={(e) => setAmount(e.target.value)} sx={{ width: 200 }} slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': 'team-quota-amount' } }} />
            <Button variant="contained" disabled={busy || !(typed > 0)} onClick={() => save(typed)} data-testid="team-quota-save">
              {t('team.rollup.save')}
            </Button>
            {rollup.byCurrency.some((c) => c.currency === currency && c.quota !== null) && (
              <Button disabled={busy} onClick={() => save(null)} data-testid="team-quota-remove">
                {t('team.rollup.remove')}
              </Button>
            )}
          </Stack>
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 1 }} data-testid="team-quota-error">
            {error}
          </Alert>
        )}
      </CardContent>
    </Card>
  );
}

/** Open deals at risk, by rep (the server's AT_RISK rules), with the model each rep's forecasts came from. */
function AtRiskCard({ reps, fmt }: { reps: RepAggregate[]; fmt: Fmt }) {
  const { t } = useTranslation();
  const withRisk = reps.filter((r) => r.atRiskCount > 0);
  const cards = reps.filter((r) => r.modelCard);
  return (
    <Card variant="outlined" data-testid="team-at-risk">
      <CardContent>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
          {t('team.risk.title')}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {t('team.risk.explain')}
        </Typography>
        {withRisk.length === 0 ? (
          <Typography color="text.secondary" data-testid="team-at-risk-none">
            {t('team.risk.none')}
          </Typography>
        ) : (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{t('team.col.rep')}</TableCell>
                <TableCell>{t('team.risk.deal')}</TableCell>
                <TableCell align="right">{t('team.risk.amount')}</TableCell>
                <TableCell align="right">{t('team.risk.chance')}</TableCell>
                <TableCell>{t('team.risk.why')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {withRisk.flatMap((r) =>
                r.atRisk.map((d, i) => (
                  <TableRow key={`${r.userId}-${d.dealId}`} data-testid="team-at-risk-row">
                    <TableCell data-testid="team-at-risk-rep">{i === 0 ? t('team.risk.repCount', { value: r.email, count: r.atRiskCount }) : ''}</TableCell>
                    <TableCell data-testid="team-at-risk-deal">{d.dealName ?? d.dealId}</TableCell>
                    <TableCell align="right" data-testid="team-at-risk-amount">
                      {d.amount === null ? '—' : fmt.money(d.amount, d.currency)}
                    </TableCell>
                    <TableCell align="right" data-testid="team-at-risk-chance">
                      {d.previousProbability !== null && d.reasons.includes('drift') ? `${fmt.rate(d.previousProbability)} → ${fmt.rate(d.winProbability)}` : fmt.rate(d.winProbability)}
                    </TableCell>
                    <TableCell>
                      {d.reasons.map((why) => (
                        <Chip key={why} size="small" color={why === 'low' ? 'error' : 'warning'} variant="outlined" label={t(`team.risk.reason.${why}`)} sx={{ mr: 0.5 }} data-testid={`team-at-risk-${why}`} />
                      ))}
                    </TableCell>
                  </TableRow>
                )),
              )}
            </TableBody>
          </Table>
        )}
        {cards.length > 0 && (
          <Box sx={{ mt: 2 }} data-testid="team-models">
            <Typography variant="body2" sx={{ fontWeight: 600 }}>
              {t('team.model.title')}
            </Typography>
            {cards.map((r) => {
              const m = r.modelCard!;
              return (
                <Typography key={r.userId} variant="body2" color="text.secondary" data-testid="team-model-row">
                  {t('team.model.line', { email: r.email, deals: fmt.count(m.deals), auc: m.auc.toFixed(2), brier: m.brier.toFixed(4), base: m.baseRateBrier.toFixed(4) })}
                  {' — '}
                  {m.informative ? t('team.model.informative') : t('team.model.notInformative', { rate: fmt.rate(m.baseRate) })}
                  {m.drift ? ` ${t('team.model.drift')}` : ''}
                </Typography>
              );
            })}
          </Box>
        )}
      </CardContent>
    </Card>
  );
}

function RepRow({ rep, fmt }: { rep: RepAggregate; fmt: Fmt }) {
  const { t } = useTranslation();
  const top = Object.entries(rep.objections)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3);
  return (
    <TableRow data-testid="team-row">
      <TableCell data-testid="team-row-email">{rep.email}</TableCell>
      {(
        [
        ['calls', fmt.count(rep.callsAnalysed)],
        ['hint-use', fmt.rate(rep.hintUseRate)],
        ['sim-count', fmt.count(rep.simulations)],
        ['sim-score', fmt.score(rep.avgSimulationScore)],
        ['sim-trend', fmt.trend(rep.simulationTrend === null ? null : (rep.simulationTrend.objection + rep.simulationTrend.empathy + rep.simulationTrend.discovery + rep.simulationTrend.technique) / 4)],
        ['forecast', <Amounts key="forecast" parts={fmt.amountParts(rep.forecastsByCurrency, 'amount')} />],
        ] as [string, React.ReactNode][]
      ).map(([key, text]) => (
        <TableCell key={key} align="right" data-testid={`team-row-${key}`}>
          {text}
        </TableCell>
      ))}
      <TableCell data-testid="team-row-objections">
        {top.length === 0
          ? '—'
          : top.map(([type, n]) => <Chip key={type} size="small" label={`${t(`calls.objection.${type}`, { defaultValue: type })} ×${n}`} sx={{ mr: 0.5, mb: 0.25 }} />)}
      </TableCell>
    </TableRow>
  );
}
