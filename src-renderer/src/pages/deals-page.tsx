import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Box, Button, Card, CardContent, Chip, LinearProgress, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import TrendingUpIcon from '@mui/icons-material/TrendingUp';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import ModelTrainingIcon from '@mui/icons-material/ModelTraining';
import type { DealView, DealsOverview } from '../../../src-shared/ipc/deals';
import { useCore } from '../core-context';
import { EmptyState } from '../components/empty-state';
import { navigate } from '../routes';
import { TasksPanel } from '../components/follow-up-tasks';
import { DealsRevenueCard } from '../components/deals-revenue';
import { DealsImportDialog, type PendingImport } from '../components/deals-import-dialog';

const pct = (v: number) => Math.round(v * 100);

/** Deals imported from CRM exports, each open one with its forecast, interval and reasons; the model's honesty; the quarter (issue 15). */
export function DealsPage() {
  const { t, i18n } = useTranslation();
  const { api } = useCore();
  const lang = i18n.language.startsWith('pt') ? 'pt' : 'en';
  const [data, setData] = useState<DealsOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<PendingImport | null>(null);
  const load = useCallback(() => api.invoke('deals.overview', { language: lang }).then(setData, (e: Error) => setError(e.message)), [api, lang]);
  useEffect(() => void load(), [load]);
  const num = useMemo(() => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 0 }), [i18n.language]);
  const money = (v: number | null, currency: string | null) => (v === null ? '' : currency ? new Intl.NumberFormat(i18n.language, { style: 'currency', currency, maximumFractionDigits: 0 }).format(v) : num.format(v));

  const imported = async (r: { deals: number; inserted: number; updated: number; open: number; won: number; lost: number }, saved = false) => {
    setNotice(t('deals.imported', { deals: num.format(r.deals), inserted: num.format(r.inserted), updated: num.format(r.updated), open: num.format(r.open), closed: num.format(r.won + r.lost) }) + (saved ? ` ${t('deals.mapping.usedSaved')}` : ''));
    await load();
  };
  // A known export imports as it is; one whose columns were mapped before, with that mapping; any other opens the mapping dialog.
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const request = { fileName: file.name, content: await file.text() };
      const inspection = await api.invoke('deals.inspectImport', request);
      if (inspection.remembered) await imported(await api.invoke('deals.import', { ...request, mapping: inspection.suggested }), true);
      else if (inspection.importable) await imported(await api.invoke('deals.import', request));
      else setPending({ ...request, inspection });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const dialog = pending && (
    <DealsImportDialog
      pending={pending}
      onClose={() => setPending(null)}
      onImported={(r) => {
        setPending(null);
        void imported(r);
      }}
    />
  );
  const train = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.invoke('deals.train', {});
      await load();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const actions = (
    <Stack direction="row" spacing={1}>
      <input ref={fileInput} type="file" accept=".csv,text/csv" hidden data-testid="deals-import-input" onChange={(e) => void importFile(e.target.files?.[0]).finally(() => (e.target.value = ''))} />
      <Button variant="contained" startIcon={<UploadFileIcon />} disabled={busy} onClick={() => fileInput.current?.click()} data-testid="deals-import">
        {t('deals.import')}
      </Button>
      {data && data.won + data.lost > 0 && (
        <Button variant="outlined" startIcon={<ModelTrainingIcon />} disabled={busy} onClick={() => void train()} data-testid="deals-train">
          {data.model ? t('deals.retrain') : t('deals.train')}
        </Button>
      )}
    </Stack>
  );

  if (!data) return error ? <Alert severity="error">{error}</Alert> : <LinearProgress />;
  const total = data.open.length + data.won + data.lost;
  if (total === 0) {
    return (
      <Box>
        {error && <Alert severity="error" sx={{ mb: 2 }} data-testid="deals-error">{error}</Alert>}
        <EmptyState icon={<TrendingUpIcon fontSize="inherit" />} title={t('empty.deals.title')} body={t('empty.deals.body')} action={actions} />
        {dialog}
      </Box>
    );
  }
  const m = data.model;
  return (
    <Stack spacing={2}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Box>
          <Typography variant="h5">{t('deals.title')}</Typography>
          <Typography color="text.secondary">{t('deals.counts', { open: num.format(data.open.length), won: num.format(data.won), lost: num.format(data.lost) })}</Typography>
        </Box>
        {actions}
      </Stack>
      {busy && <LinearProgress />}
      {dialog}
      {notice && <Alert severity="success" data-testid="deals-notice">{notice}</Alert>}
      {error && <Alert severity="error" data-testid="deals-error">{error}</Alert>}
      {!m && <Alert severity="info" data-testid="deals-model">{t('deals.model.none', { closed: num.format(data.won + data.lost) })}</Alert>}
      {m && !m.informative && (
        <Alert severity="warning" data-testid="deals-model">
          {t('deals.model.notInformative', { rate: pct(m.baseRate), auc: m.auc.toFixed(2), brier: m.brier.toFixed(4), base: m.baseRateBrier.toFixed(4), deals: num.format(m.deals) })}
        </Alert>
      )}
      {m && m.informative && (
        <Alert severity="success" data-testid="deals-model">
          {t('deals.model.informative', { auc: m.auc.toFixed(2), brier: m.brier.toFixed(4), base: m.baseRateBrier.toFixed(4), deals: num.format(m.deals) })}
        </Alert>
      )}
      {data.drift?.drift && (
        <Alert severity="warning" data-testid="deals-drift">
          {t('deals.model.drift', { deals: num.format(data.drift.deals), since: data.drift.since, observed: pct(data.drift.observed), predicted: pct(data.drift.predicted) })}
        </Alert>
      )}
      <TasksPanel />
      {data.health && (data.open.length > 0 || data.health.pace.deals > 0) && <DealsRevenueCard health={data.health} currencies={data.currencies} money={money} />}
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h6" gutterBottom>
            {t('deals.open.title')}
          </Typography>
          {data.open.length === 0 ? (
            <Typography color="text.secondary" data-testid="deals-none-open">{t('deals.open.none')}</Typography>
          ) : (
            <Table size="small" data-testid="deals-table">
              <TableHead>
                <TableRow>
                  <TableCell>{t('deals.col.deal')}</TableCell>
                  <TableCell>{t('deals.col.account')}</TableCell>
                  <TableCell>{t('deals.col.owner')}</TableCell>
                  <TableCell>{t('deals.col.stage')}</TableCell>
                  <TableCell align="right">{t('deals.col.amount')}</TableCell>
                  <TableCell align="right">{t('deals.col.probability')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.open.map((d) => (
                  <Fragment key={d.id}>
                    <TableRow hover sx={{ cursor: 'pointer' }} onClick={() => setOpen(open === d.id ? null : d.id)} data-testid="deals-row">
                      <TableCell>
                        {d.name} {d.stalled && <Chip size="small" color="warning" label={t('deals.stalled')} />}
                      </TableCell>
                      <TableCell>{d.account ?? ''}</TableCell>
                      <TableCell>{d.owner ?? ''}</TableCell>
                      <TableCell>{d.stage}</TableCell>
                      <TableCell align="right">{money(d.amount, d.currency)}</TableCell>
                      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }} data-testid="deals-probability">
                        {d.probability === null ? '—' : t('deals.probability', { p: pct(d.probability), low: pct(d.low!), high: pct(d.high!) })}
                      </TableCell>
                    </TableRow>
                    {open === d.id && <DealDetail deal={d} />}
                  </Fragment>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </Stack>
  );
}

function DealDetail({ deal }: { deal: DealView }) {
  const { t, i18n } = useTranslation();
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  return (
    <TableRow data-testid="deals-detail">
      <TableCell colSpan={6} sx={{ bgcolor: 'action.hover' }}>
        <Stack spacing={1}>
          <Typography variant="subtitle2">{t('deals.detail.reasons')}</Typography>
          {deal.reasons.length === 0 ? <Typography color="text.secondary">{t('deals.detail.noModel')}</Typography> : deal.reasons.map((r) => <Typography key={r} data-testid="deals-reason">{r}</Typography>)}
          <Typography variant="body2" color="text.secondary">
            {t('deals.detail.meta', { crm: deal.source ?? '—', id: deal.crmId ?? deal.id, engaged: deal.engageDate ?? '—', close: deal.expectedClose ?? '—' })}
          </Typography>
          <Typography variant="subtitle2">{t('deals.detail.calls')}</Typography>
          {deal.calls.length === 0 ? (
            <Typography color="text.secondary">{t('deals.detail.noCalls')}</Typography>
          ) : (
            deal.calls.map((c) => (
              <Button key={c.id} size="small" sx={{ alignSelf: 'flex-start' }} onClick={() => navigate('calls', c.id)} data-testid="deals-call">
                {`${c.title} · ${when.format(c.startedAt)}`}
              </Button>
            ))
          )}
        </Stack>
      </TableCell>
    </TableRow>
  );
}
