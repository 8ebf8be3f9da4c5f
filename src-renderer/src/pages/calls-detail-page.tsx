import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Alert, Box, Button, Chip, CircularProgress, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, FormControlLabel, Grid, LinearProgress,
  MenuItem, Paper, Stack, Switch, TextField, Typography,
} from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import DeleteIcon from '@mui/icons-material/Delete';
import HelpIcon from '@mui/icons-material/Help';
import type { CallDetail, ExportFormat } from '../../../src-shared/ipc/calls';
import type { DealOption } from '../../../src-shared/ipc/deals';
import { useCore } from '../core-context';
import { navigate } from '../routes';
import { ExportMenu, SentimentChip, formatClock, saveFile } from '../components/calls-common';
import { CallsSentimentChart } from '../components/calls-sentiment-chart';
import { CallsSummary } from '../components/calls-summary';
import { CallRubric } from '../components/call-rubric';
import { useUiText } from '../i18n/use-ui-text';

/** The deal this call belongs to, picked from the open deals (those its customer or title matches first). */
function CallDealPicker({ callId, onLinked }: { callId: string; onLinked(name: string | null): void }) {
  const { t } = useTranslation();
  const text = useUiText();
  const { api } = useCore();
  const [options, setOptions] = useState<{ linked: string | null; deals: DealOption[] } | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.invoke('deals.forCall', { callId }).then(setOptions, () => setOptions(null));
  }, [api, callId]);
  if (!options || (options.deals.length === 0 && options.linked === null)) return null;
  const pick = (dealId: string | null) => {
    setBusy(true);
    api
      .invoke('deals.link', { callId, dealId })
      .then((r) => {
        setOptions((o) => o && { ...o, linked: r.dealId });
        onLinked(r.name);
        setNote(r.dealId === null ? null : { ok: true, text: r.taskId ? t('calls.detail.deal.linkedTask', { name: r.name }) : t('calls.detail.deal.linked', { name: r.name }) });
      })
      .catch((e: unknown) => setNote({ ok: false, text: text.error(e) }))
      .finally(() => setBusy(false));
  };
  return (
    <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 2, flexWrap: 'wrap', rowGap: 1 }}>
      <TextField
        select
        size="small"
        label={t('calls.detail.deal.label')}
        value={options.linked ?? ''}
        disabled={busy}
        onChange={(e) => pick(e.target.value === '' ? null : e.target.value)}
        sx={{ minWidth: 320 }}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'call-deal-picker' } }}
      >
        <MenuItem value="">
          <em>{t('calls.detail.deal.none')}</em>
        </MenuItem>
        {options.deals.map((d) => (
          <MenuItem key={d.id} value={d.id} data-testid="call-deal-option">
            {d.name}
            {d.account ? ` · ${d.account}` : ''}
            {d.match ? ` (${t('calls.detail.deal.match')})` : ''}
          </MenuItem>
        ))}
      </TextField>
      {note && (
        <Typography variant="body2" color={note.ok ? 'text.secondary' : 'error'} data-testid="call-deal-note">
          {note.text}
        </Typography>
      )}
    </Stack>
  );
}

function Metric({ label, value, children, testId }: { label: string; value: string; children?: ReactNode; testId: string }) {
  return (
    <Paper variant="outlined" sx={{ p: 1.5, height: '100%' }} data-testid={testId}>
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h6">{value}</Typography>
      {children}
    </Paper>
  );
}

export function CallDetailPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const text = useUiText();
  const { api } = useCore();
  const [detail, setDetail] = useState<CallDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [redact, setRedact] = useState(false);

  useEffect(() => {
    let stale = false;
    setDetail(null);
    api.invoke('calls.get', { id }).then(
      (d) => !stale && setDetail(d),
      (e: unknown) => !stale && setError(text.error(e)),
    );
    return () => {
      stale = true;
    };
  }, [api, id, text]);

  const doExport = async (format: ExportFormat) => {
    saveFile(await api.invoke('calls.export', { ids: [id], format, redact }));
  };
  const doDelete = async () => {
    setConfirm(false);
    await api.invoke('calls.delete', { id });
    navigate('calls');
  };

  if (error) return <Alert severity="error">{error}</Alert>;
  if (!detail) return <CircularProgress aria-label={t('app.loading')} />;
  const { call, metrics } = detail;
  const ratio = metrics.talkRatio;
  const markersAt = new Map<number, string[]>();
  for (const m of detail.markers) {
    const seg = detail.segments.find((s) => s.startMs <= m.atMs && s.endMs >= m.atMs && s.speaker === 'customer');
    if (seg) markersAt.set(seg.id, [...(markersAt.get(seg.id) ?? []), m.kind === 'objection' ? t(`calls.objection.${m.value}`, { defaultValue: m.value }) : m.name]);
  }

  return (
    <Box data-testid="call-detail">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 2 }}>
        <Button startIcon={<ArrowBackIcon />} onClick={() => navigate('calls')}>
          {t('calls.detail.back')}
        </Button>
        <Box sx={{ flexGrow: 1 }}>
          <Typography variant="h5" component="h2" data-testid="call-title">
            {text.callTitle(call.title, call.startedAt)}
          </Typography>
          <Typography variant="body2" color="text.secondary" data-testid="call-when">
            {new Date(call.startedAt).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' })} · {call.durationMs === null ? '—' : formatClock(call.durationMs)}
            {call.customer ? ` · ${call.customer}` : ''}
            {call.dealName ? ` · ${call.dealName}` : ''}
          </Typography>
        </Box>
        <SentimentChip tag={call.sentimentTag} />
        <FormControlLabel control={<Switch size="small" checked={redact} onChange={(e) => setRedact(e.target.checked)} />} label={t('calls.export.redact')} />
        <ExportMenu onExport={(f) => void doExport(f)} testId="call-export" />
        <Button color="error" startIcon={<DeleteIcon />} onClick={() => setConfirm(true)} data-testid="call-delete">
          {t('calls.detail.delete')}
        </Button>
      </Stack>

      <CallDealPicker callId={call.id} onLinked={(name) => setDetail((d) => d && { ...d, call: { ...d.call, dealName: name } })} />

      <Grid container spacing={2} sx={{ mb: 2 }}>
        <Grid size={{ xs: 12, md: 4 }}>
          <Metric testId="call-talk-ratio" label={t('calls.detail.talkRatio')} value={ratio === null ? '—' : t('calls.detail.ratio', { rep: Math.round(ratio * 100), customer: Math.round((1 - ratio) * 100) })}>
            {ratio !== null && <LinearProgress variant="determinate" value={ratio * 100} sx={{ mt: 1, height: 6, borderRadius: 3 }} />}
          </Metric>
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <Metric
            testId="call-monologue"
            label={t('calls.detail.longestMonologue')}
            value={metrics.longestMonologue ? `${formatClock(metrics.longestMonologue.durationMs)} · ${t(`calls.speaker.${metrics.longestMonologue.speaker}`)}` : '—'}
          />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <Metric testId="call-questions" label={t('calls.detail.repQuestions')} value={String(metrics.repQuestions.length)} />
        </Grid>
      </Grid>

      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Typography variant="h6" gutterBottom>
          {t('calls.detail.sentiment')}
        </Typography>
        <CallsSentimentChart detail={detail} />
      </Paper>

      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 7 }}>
          <Paper variant="outlined" sx={{ p: 2 }} data-testid="call-transcript">
            <Typography variant="h6" gutterBottom>
              {t('calls.detail.transcript')}
            </Typography>
            {detail.segments.length === 0 && <Typography color="text.secondary">{t('calls.detail.noTranscript')}</Typography>}
            {detail.segments.map((s) => (
              <Box key={s.id} sx={{ display: 'flex', gap: 1.5, py: 0.75, borderBottom: 1, borderColor: 'divider' }} data-testid="call-segment">
                <Typography variant="caption" color="text.secondary" sx={{ minWidth: 44, pt: 0.25, fontFamily: 'monospace' }}>
                  {formatClock(s.startMs)}
                </Typography>
                <Typography variant="body2" sx={{ minWidth: 72, fontWeight: 600, color: s.speaker === 'rep' ? 'primary.main' : 'secondary.main' }}>
                  {t(`calls.speaker.${s.speaker}`)}
                </Typography>
                <Typography variant="body2" sx={{ flexGrow: 1 }}>
                  {s.text}
                  {s.isQuestion && <HelpIcon sx={{ fontSize: 14, ml: 0.5, verticalAlign: 'middle' }} color="action" titleAccess={t('calls.detail.question')} />}
                  {(markersAt.get(s.id) ?? []).map((m, i) => (
                    <Chip key={i} size="small" color="warning" variant="outlined" label={m} sx={{ ml: 0.5, height: 20 }} />
                  ))}
                </Typography>
              </Box>
            ))}
          </Paper>
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <CallsSummary callId={id} />
          <CallRubric callId={id} />
          <Paper variant="outlined" sx={{ p: 2, mt: 2 }} data-testid="call-hints">
            <Typography variant="h6" gutterBottom>
              {t('calls.detail.hints')}
            </Typography>
            {detail.hints.length === 0 && <Typography color="text.secondary">{t('calls.detail.noHints')}</Typography>}
            {detail.hints.map((h) => (
              <Box key={h.id} sx={{ py: 0.75, borderBottom: 1, borderColor: 'divider' }}>
                <Stack direction="row" sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 1 }}>
                  <Typography variant="caption" sx={{ fontFamily: 'monospace' }}>
                    {formatClock(h.shownMs)}
                  </Typography>
                  <Chip size="small" label={h.kind === 'competitor' ? t('live.competitor', { name: h.name }) : t(`calls.objection.${h.trigger}`, { defaultValue: h.name })} data-testid="call-hint-trigger" />
                  <Chip size="small" color={h.used ? 'success' : 'default'} variant={h.used ? 'filled' : 'outlined'} label={h.used ? t('calls.detail.used') : t(`calls.hintStatus.${h.status}`)} />
                  <Typography variant="caption" color="text.secondary" sx={{ whiteSpace: 'nowrap' }} data-testid="call-hint-latency">
                    {text.latency(h.latencyMs)}
                  </Typography>
                </Stack>
                <Typography variant="body2" sx={{ mt: 0.5 }}>
                  {h.text}
                </Typography>
              </Box>
            ))}
          </Paper>
        </Grid>
      </Grid>

      <Dialog open={confirm} onClose={() => setConfirm(false)}>
        <DialogTitle>{t('calls.detail.deleteTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('calls.detail.deleteBody')}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirm(false)}>{t('calls.detail.keep')}</Button>
          <Button color="error" onClick={() => void doDelete()} data-testid="call-delete-confirm">
            {t('calls.detail.delete')}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
