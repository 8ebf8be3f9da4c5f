import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Box, Button, Chip, CircularProgress, List, ListItem, ListItemText, Paper, Stack, TextField, Typography } from '@mui/material';
import AutoAwesomeIcon from '@mui/icons-material/AutoAwesome';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import type { CallSummary } from '../../../src-shared/ipc/calls';
import { useCore } from '../core-context';
import { useUiText } from '../i18n/use-ui-text';

function Section({ title, items, testId }: { title: string; items: string[]; testId: string }) {
  if (items.length === 0) return null;
  return (
    <Box sx={{ mt: 1.5 }} data-testid={testId}>
      <Typography variant="subtitle2">{title}</Typography>
      <List dense disablePadding>
        {items.map((text, i) => (
          <ListItem key={i} disableGutters sx={{ py: 0 }}>
            <ListItemText primary={`• ${text}`} />
          </ListItem>
        ))}
      </List>
    </Box>
  );
}

/** Summary, next actions and the follow-up e-mail; local by default, LLM on request. */
export function CallsSummary({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const text = useUiText();
  const { api, settings } = useCore();
  const [summary, setSummary] = useState<CallSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // With the LLM enabled in Settings the summary and e-mail are LLM-written from the start
  // (the core falls back to the local ones, with the reason, if the server fails).
  const llmEnabled = settings?.llm.enabled === true;
  useEffect(() => {
    let stale = false;
    api.invoke('calls.summary', { id: callId, llm: llmEnabled }).then(
      (s) => !stale && setSummary(s),
      (e: unknown) => !stale && setError(text.error(e)),
    );
    return () => {
      stale = true;
    };
  }, [api, callId, llmEnabled, text]);

  const askLlm = async () => {
    setBusy(true);
    try {
      setSummary(await api.invoke('calls.summary', { id: callId, llm: true }));
    } catch (e) {
      setError(text.error(e));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <Alert severity="error">{error}</Alert>;
  if (!summary) return <CircularProgress size={24} />;
  const email = `${summary.followUpEmail.subject}\n\n${summary.followUpEmail.body}`;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="calls-summary">
      <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }} spacing={1}>
        <Typography variant="h6" sx={{ flexGrow: 1 }}>
          {t('calls.summary.title')}
        </Typography>
        <Chip size="small" label={t(`calls.summary.source.${summary.source}`)} />
        {llmEnabled && (
          <Button size="small" startIcon={busy ? <CircularProgress size={14} /> : <AutoAwesomeIcon />} disabled={busy} onClick={() => void askLlm()}>
            {t('calls.summary.llm')}
          </Button>
        )}
      </Stack>
      {summary.llmError && (
        <Alert severity="warning" sx={{ mb: 1 }}>
          {text.notice(summary.llmErrorNotice, summary.llmError)}
        </Alert>
      )}
      <Typography variant="body2">{summary.text}</Typography>
      <Section
        title={t('calls.summary.objections')}
        testId="calls-summary-objections"
        items={summary.keyObjections.map((o) => `${t(`calls.objection.${o.type}`, { defaultValue: o.type })} ×${o.count} — ${o.answered ? t('calls.summary.answered') : t('calls.summary.open')}`)}
      />
      <Section title={t('calls.summary.openQuestions')} items={summary.openQuestions} testId="calls-summary-questions" />
      <Section title={t('calls.summary.commitments')} items={summary.commitments} testId="calls-summary-commitments" />
      <Section title={t('calls.summary.dates')} items={summary.dates} testId="calls-summary-dates" />
      <Section title={t('calls.summary.actions')} items={summary.actions.map((a) => a.text)} testId="calls-summary-actions" />
      <Stack direction="row" sx={{ alignItems: 'center', mt: 2, mb: 1 }}>
        <Typography variant="subtitle2" sx={{ flexGrow: 1 }}>
          {t('calls.summary.email')}
        </Typography>
        <Button size="small" startIcon={<ContentCopyIcon />} onClick={() => void navigator.clipboard?.writeText(email)}>
          {t('calls.summary.copy')}
        </Button>
      </Stack>
      <TextField value={email} multiline fullWidth minRows={6} slotProps={{ htmlInput: { readOnly: true, 'data-testid': 'calls-email' } }} />
    </Paper>
  );
}
