import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Box, Button, Chip, Collapse, Dialog, DialogActions, DialogContent, DialogTitle, FormControl, FormHelperText, InputLabel, LinearProgress, MenuItem, Select, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import type { ColumnMapping, DealField, ImportInspection, ImportPreviewRow } from '../../../src-shared/ipc/deals';
import { useCore } from '../core-context';

export type PendingImport = { fileName: string; content: string; inspection: ImportInspection };
type Result = { deals: number; inserted: number; updated: number; open: number; won: number; lost: number };

const CURRENCIES = ['BRL', 'USD', 'EUR', 'GBP'] as const;
const PREVIEW_ROWS = 5;
/** Fields most exports do not have, folded under "More fields". */
const MORE = new Set<DealField>(['status', 'currency', 'expectedClose', 'wonTime', 'lostTime', 'closeValue']);

/** The required fields the mapping gives no column (a status column stands for the stage). */
const missingFields = (inspection: ImportInspection, mapping: ColumnMapping) => inspection.fields.filter((f) => f.required && !mapping.fields[f.field] && !(f.field === 'stage' && mapping.fields.status));

/**
 * The import dialog (issue 15, point 1): for a CSV export whose columns match no known CRM
 * format, the file's columns with a sample each, a column for each field of a deal, how dates
 * and amounts are written, and a preview of the first rows as the core reads them with that
 * mapping (or its one-line error). Importing saves the mapping for the next export with these
 * columns.
 */
export function DealsImportDialog({ pending, onClose, onImported }: { pending: PendingImport; onClose(): void; onImported(r: Result): void }) {
  const { t, i18n } = useTranslation();
  const { api } = useCore();
  const { inspection, fileName, content } = pending;
  const [mapping, setMapping] = useState<ColumnMapping>(inspection.suggested);
  const [preview, setPreview] = useState<{ deals: number; rows: ImportPreviewRow[]; error: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The rarer fields stay folded unless the first mapping already uses one.
  const [more, setMore] = useState(() => Object.keys(inspection.suggested.fields).some((f) => MORE.has(f as DealField)));
  const samples = useMemo(() => new Map(inspection.columns.map((c) => [c.header, c.samples])), [inspection]);
  const missing = missingFields(inspection, mapping);

  useEffect(() => {
    if (missingFields(inspection, mapping).length > 0) {
      setPreview(null);
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      api.invoke('deals.previewImport', { fileName, content, mapping }).then(
        (p) => !stale && setPreview(p),
        (e: Error) => !stale && setPreview({ deals: 0, rows: [], error: e.message }),
      );
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [api, fileName, content, mapping, inspection]);

  const fieldPicker = (field: DealField, required: boolean) => {
    const header = mapping.fields[field] ?? '';
    const label = `${t(`deals.mapping.field.${field}`)}${required ? ' *' : ''}`;
    return (
      <FormControl key={field} size="small" fullWidth data-testid="deals-mapping-field" data-field={field}>
        <InputLabel id={`deals-mapping-${field}`} shrink>
          {label}
        </InputLabel>
        <Select
          labelId={`deals-mapping-${field}`}
          label={label}
          notched
          displayEmpty
          value={header}
          onChange={(e) => setField(field, e.target.value)}
          inputProps={{ 'data-testid': `deals-mapping-select-${field}` }}
          renderValue={(v) => (v ? v : <Typography component="span" color="text.disabled">{t('deals.mapping.none')}</Typography>)}
        >
          <MenuItem value="">{t('deals.mapping.none')}</MenuItem>
          {inspection.columns.map((c) => (
            <MenuItem key={c.header} value={c.header}>
              <Box sx={{ display: 'flex', gap: 2, width: '100%', justifyContent: 'space-between' }}>
                <span>{c.header}</span>
                <Typography component="span" variant="body2" color="text.secondary" noWrap sx={{ maxWidth: 240 }}>
                  {c.samples[0] ?? ''}
                </Typography>
              </Box>
            </MenuItem>
          ))}
        </Select>
        <FormHelperText sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minHeight: '1.66em' }}>{header ? (samples.get(header) ?? []).join(' · ') : ''}</FormHelperText>
      </FormControl>
    );
  };
  const setField = (field: DealField, header: string) => {
    const fields = { ...mapping.fields };
    if (header) fields[field] = header;
    else delete fields[field];
    setMapping({ ...mapping, fields });
  };
  const day = useMemo(() => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' }), [i18n.language]);
  const date = (iso: string | null) => (iso ? day.format(new Date(`${iso}T00:00:00Z`)) : '');
  const money = (v: number | null, currency: string | null) => (v === null ? '' : new Intl.NumberFormat(i18n.language, currency ? { style: 'currency', currency } : { maximumFractionDigits: 2 }).format(v));
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      onImported(await api.invoke('deals.import', { fileName, content, mapping }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} maxWidth="lg" fullWidth data-testid="deals-mapping">
      <DialogTitle>{t('deals.mapping.title', { file: fileName })}</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2}>
          <Typography variant="body2" color="text.secondary">
            {t('deals.mapping.intro', { rows: inspection.rows, columns: inspection.columns.length })}
            {mapping.base !== 'csv' ? ` ${t('deals.mapping.completes', { format: t(`deals.mapping.format.${mapping.base}`) })}` : ''}
          </Typography>
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, columnGap: 2, rowGap: 1.5 }}>
            {inspection.fields.filter((f) => !MORE.has(f.field)).map((f) => fieldPicker(f.field, f.required))}
          </Box>
          <Box>
            <Button size="small" onClick={() => setMore(!more)} startIcon={more ? <ExpandLessIcon /> : <ExpandMoreIcon />} data-testid="deals-mapping-more">
              {more ? t('deals.mapping.fewer') : t('deals.mapping.more')}
            </Button>
            <Collapse in={more}>
              <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, columnGap: 2, rowGap: 1.5, pt: 1.5 }}>
                {inspection.fields.filter((f) => MORE.has(f.field)).map((f) => fieldPicker(f.field, f.required))}
              </Box>
            </Collapse>
          </Box>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <OptionSelect id="dates" label={t('deals.mapping.dates')} value={mapping.dateOrder} onChange={(v) => setMapping({ ...mapping, dateOrder: v as ColumnMapping['dateOrder'] })} options={[['auto', t('deals.mapping.datesAuto')], ['dmy', t('deals.mapping.datesDmy')], ['mdy', t('deals.mapping.datesMdy')]]} />
            <OptionSelect id="amounts" label={t('deals.mapping.amounts')} value={mapping.decimalMark} onChange={(v) => setMapping({ ...mapping, decimalMark: v as ColumnMapping['decimalMark'] })} options={[['auto', t('deals.mapping.amountsAuto')], [',', t('deals.mapping.amountsComma')], ['.', t('deals.mapping.amountsPoint')]]} />
            <OptionSelect id="currency" label={t('deals.mapping.currency')} value={mapping.currency ?? ''} onChange={(v) => setMapping({ ...mapping, currency: v || null })} options={[['', t('deals.mapping.currencyNone')], ...CURRENCIES.map((c): [string, string] => [c, c])]} />
          </Stack>
          <Typography variant="caption" color="text.secondary">
            {t('deals.mapping.formatsNote')}
          </Typography>
          <Typography variant="subtitle2">{t('deals.mapping.preview')}</Typography>
          {missing.length > 0 ? (
            <Typography color="text.secondary" data-testid="deals-mapping-missing">
              {t('deals.mapping.missing', { fields: missing.map((f) => t(`deals.mapping.field.${f.field}`)).join(', ') })}
            </Typography>
          ) : !preview ? (
            <LinearProgress />
          ) : preview.error ? (
            <Alert severity="error" data-testid="deals-mapping-error">
              {preview.error}
            </Alert>
          ) : (
            <Box data-testid="deals-mapping-preview">
              <Typography variant="body2" color="text.secondary">
                {preview.deals <= PREVIEW_ROWS ? t('deals.mapping.previewAll', { count: preview.deals }) : t('deals.mapping.previewCount', { shown: PREVIEW_ROWS, count: preview.deals })}
              </Typography>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{t('deals.mapping.field.id')}</TableCell>
                    <TableCell>{t('deals.col.deal')}</TableCell>
                    <TableCell>{t('deals.col.account')}</TableCell>
                    <TableCell>{t('deals.col.stage')}</TableCell>
                    <TableCell align="right">{t('deals.col.amount')}</TableCell>
                    <TableCell>{t('deals.mapping.field.engage')}</TableCell>
                    <TableCell>{t('deals.mapping.field.close')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {preview.rows.map((r) => (
                    <TableRow key={r.id} data-testid="deals-mapping-row">
                      <TableCell>{r.id}</TableCell>
                      <TableCell>{r.name}</TableCell>
                      <TableCell>{r.account ?? ''}</TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>
                        {r.stage} <Chip size="small" variant="outlined" color={r.outcome === 'won' ? 'success' : r.outcome === 'lost' ? 'default' : 'primary'} label={t(`deals.mapping.outcome.${r.outcome}`)} />
                      </TableCell>
                      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>{money(r.amount, r.currency)}</TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>{date(r.engageDate)}</TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>{date(r.closeDate)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          )}
          {error && (
            <Alert severity="error" data-testid="deals-mapping-import-error">
              {error}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} data-testid="deals-mapping-cancel">
          {t('deals.mapping.cancel')}
        </Button>
        <Button variant="contained" disabled={busy || missing.length > 0 || !preview || preview.error !== null} onClick={() => void submit()} data-testid="deals-mapping-import">
          {t('deals.mapping.import', { count: preview?.deals ?? 0 })}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** One of the dialog's format choices: a labelled select of (value, words) options. */
function OptionSelect({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: [string, string][]; onChange(v: string): void }) {
  return (
    <FormControl size="small" fullWidth>
      <InputLabel id={`deals-mapping-${id}-label`}>{label}</InputLabel>
      <Select labelId={`deals-mapping-${id}-label`} label={label} value={value} onChange={(e) => onChange(e.target.value)} inputProps={{ 'data-testid': `deals-mapping-${id}` }}>
        {options.map(([v, words]) => (
          <MenuItem key={v} value={v}>
            {words}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
