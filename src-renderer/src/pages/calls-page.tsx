import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Box, Chip, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import HistoryIcon from '@mui/icons-material/History';
import { OBJECTION_TYPES } from '../../../src-shared/taxonomy';
import type { CallFilter, CallList, ExportFormat } from '../../../src-shared/ipc/calls';
import { useCore, useCoreEvent } from '../core-context';
import { navigate, useRoute } from '../routes';
import { EmptyState } from '../components/empty-state';
import { CallsImport } from '../components/calls-import';
import { ExportMenu, SentimentChip, formatClock, saveFile } from '../components/calls-common';
import { CallDetailPage } from './calls-detail-page';
import { DateField } from '../components/date-field';
import { localDayBounds, localDayKey } from '../../../src-shared/local-date';
import { useUiText } from '../i18n/use-ui-text';

/** #/calls → the history; #/calls/ID → one call. */
export function CallsPage() {
  const route = useRoute();
  const id = route.page === 'calls' ? route.params[0] : undefined;
  return id ? <CallDetailPage id={decodeURIComponent(id)} /> : <CallsList />;
}

const DEBOUNCE_MS = 200;

function CallsList() {
  const { t, i18n } = useTranslation();
  const text = useUiText();
  const { api } = useCore();
  const [filter, setFilter] = useState<CallFilter>({});
  const [query, setQuery] = useState('');
  const [list, setList] = useState<CallList | null>(null);
  const [competitors, setCompetitors] = useState<{ id: string; name: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const timer = setTimeout(() => setFilter((f) => ({ ...f, query: query.trim() || undefined })), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    let stale = false;
    api
      .invoke('calls.list', { ...filter, limit: 200 })
      .then((l) => !stale && (setList(l), setError(null)))
      .catch((e: unknown) => !stale && setError(text.error(e)));
    api.invoke('calls.facets', {}).then((f) => !stale && setCompetitors(f.competitors), () => undefined);
    return () => {
      stale = true;
    };
  }, [api, filter, tick, text]);

  useCoreEvent('calls.changed', useCallback(() => setTick((n) => n + 1), []));

  const exportList = async (format: ExportFormat) => {
    const file = await api.invoke('calls.export', { filter, format });
    saveFile(file);
  };

  const set = (patch: Partial<CallFilter>) => setFilter((f) => ({ ...f, ...patch }));
  // The filter holds the first and last ms of local days (src-shared/local-date.ts): shown and read in the user's time zone.
  const dayOf = (ms: number | undefined) => (ms === undefined ? '' : localDayKey(ms));
  const setDay = (edge: 'from' | 'to', day: string) => {
    const bounds = day ? localDayBounds(day) : null;
    set({ [edge]: bounds ? (edge === 'from' ? bounds.start : bounds.end) : undefined });
  };
  const hasFilter = Object.values(filter).some((v) => v !== undefined);

  return (
    <Box>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h5" component="h2" sx={{ flexGrow: 1 }}>
          {t('calls.title')}
        </Typography>
        <ExportMenu onExport={(f) => void exportList(f)} disabled={!list?.total} testId="calls-export-list" />
      </Stack>
      <CallsImport onImported={(id) => navigate('calls', id)} />
      <Stack direction="row" spacing={1.5} sx={{ mb: 2, flexWrap: 'wrap', rowGap: 1.5 }}>
        <TextField size="small" label={t('calls.search')} value={query} onChange={(e) => setQuery(e.target.value)} sx={{ minWidth: 220 }} slotProps={{ htmlInput: { 'data-testid': 'calls-search' } }} />
        <DateField size="small" label={t('calls.filter.from')} value={dayOf(filter.from)} onChange={(d) => setDay('from', d)} testId="calls-from" sx={{ width: 140 }} />
        <DateField size="small" label={t('calls.filter.to')} value={dayOf(filter.to)} onChange={(d) => setDay('to', d)} testId="calls-to" sx={{ width: 140 }} />
        <TextField select size="small" label={t('calls.filter.objection')} value={filter.objection ?? ''} onChange={(e) => set({ objection: (e.target.value || undefined) as CallFilter['objection'] })} sx={{ minWidth: 150 }}>
          <MenuItem value="">{t('calls.filter.any')}</MenuItem>
          {OBJECTION_TYPES.map((o) => (
            <MenuItem key={o} value={o}>
              {t(`calls.objection.${o}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField select size="small" label={t('calls.filter.competitor')} value={filter.competitor ?? ''} onChange={(e) => set({ competitor: e.target.value || undefined })} sx={{ minWidth: 150 }}>
          <MenuItem value="">{t('calls.filter.any')}</MenuItem>
          {competitors.map((c) => (
            <MenuItem key={c.id} value={c.id}>
              {c.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField select size="small" label={t('calls.filter.sentiment')} value={filter.sentiment ?? ''} onChange={(e) => set({ sentiment: (e.target.value || undefined) as CallFilter['sentiment'] })} sx={{ minWidth: 140 }}>
          <MenuItem value="">{t('calls.filter.any')}</MenuItem>
          {(['negative', 'neutral', 'positive'] as const).map((s) => (
            <MenuItem key={s} value={s}>
              {t(`calls.sentiment.${s}`)}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      {list && list.total === 0 && !hasFilter && <EmptyState icon={<HistoryIcon fontSize="inherit" />} title={t('empty.calls.title')} body={t('empty.calls.body')} />}
      {list && list.total === 0 && hasFilter && <Typography color="text.secondary" data-testid="calls-no-match">{t('calls.noMatch')}</Typography>}
      {list && list.total > 0 && (
        <Table size="small" data-testid="calls-table">
          <TableHead>
            <TableRow>
              <TableCell>{t('calls.col.date')}</TableCell>
              <TableCell>{t('calls.col.duration')}</TableCell>
              <TableCell>{t('calls.col.call')}</TableCell>
              <TableCell>{t('calls.col.sentiment')}</TableCell>
              <TableCell>{t('calls.col.objections')}</TableCell>
              <TableCell>{t('calls.col.competitors')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {list.items.map((c) => (
              <TableRow key={c.id} hover sx={{ cursor: 'pointer' }} onClick={() => navigate('calls', c.id)} data-testid="calls-row">
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{new Date(c.startedAt).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' })}</TableCell>
                <TableCell>{c.durationMs === null ? '—' : formatClock(c.durationMs)}</TableCell>
                <TableCell>
                  <Typography variant="body2" sx={{ fontWeight: 600 }} data-testid="calls-title">
                    {text.callTitle(c.title, c.startedAt)}
                  </Typography>
                  {(c.customer || c.dealName) && (
                    <Typography variant="caption" color="text.secondary">
                      {[c.customer, c.dealName].filter(Boolean).join(' · ')}
                    </Typography>
                  )}
                  {c.snippet && (
                    <Typography variant="caption" component="div" data-testid="calls-snippet">
                      {c.snippet.split(/(\[[^\]]+\])/).map((part, i) => (part.startsWith('[') ? <mark key={i}>{part.slice(1, -1)}</mark> : part))}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  <SentimentChip tag={c.sentimentTag} />
                </TableCell>
                <TableCell>
                  {c.topObjections.map((o) => (
                    <Chip key={o.value} size="small" label={`${t(`calls.objection.${o.value}`, { defaultValue: o.value })}${o.count > 1 ? ` ×${o.count}` : ''}`} sx={{ mr: 0.5 }} />
                  ))}
                </TableCell>
                <TableCell>
                  {c.competitors.map((o) => (
                    <Chip key={o.value} size="small" variant="outlined" label={o.name} sx={{ mr: 0.5 }} />
                  ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
