import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Box, Button, Chip, LinearProgress, Paper, Stack, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import CancelIcon from '@mui/icons-material/Cancel';
import type { ResponseOf } from '../../../src-shared/ipc';
import { useCore } from '../core-context';
import { useCheckLabel, useCheckMoment } from './sim-check-label';

const CATEGORIES = ['objection', 'empathy', 'discovery', 'technique'] as const;

/** A recorded call scored with the Simulator's rubric (issue 14), on demand. */
export function CallRubric({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const { api } = useCore();
  const label = useCheckLabel();
  const [result, setResult] = useState<ResponseOf<'simulator.scoreCall'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = () => {
    setBusy(true);
    api
      .invoke('simulator.scoreCall', { callId })
      .then((r) => (setResult(r), setError(null)), (e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };
  const moment = useCheckMoment();
  return (
    <Paper variant="outlined" sx={{ p: 2, mt: 2 }} data-testid="call-rubric">
      <Typography variant="h6" gutterBottom>
        {t('calls.rubric.title')}
      </Typography>
      {!result && (
        <>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {t('calls.rubric.body')}
          </Typography>
          <Button variant="outlined" onClick={run} disabled={busy} data-testid="call-rubric-run">
            {t('calls.rubric.run')}
          </Button>
        </>
      )}
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      {result && (
        <Box data-testid="call-rubric-result">
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
            <Typography variant="h4" component="p" sx={{ fontWeight: 700 }} data-testid="call-rubric-score">
              {t('simulator.result.score', { score: result.score })}
            </Typography>
            <Chip size="small" color={result.passed ? 'success' : 'error'} label={result.passed ? t('simulator.result.passed') : t('simulator.result.failed')} />
          </Stack>
          {CATEGORIES.map((c) => (
            <Box key={c} sx={{ mb: 0.75 }}>
              <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
                <Typography variant="body2">{t(`simulator.category.${c}`)}</Typography>
                <Typography variant="body2" sx={{ fontWeight: 600 }}>
                  {result.categories[c]}
                </Typography>
              </Stack>
              <LinearProgress variant="determinate" value={result.categories[c]} sx={{ height: 6, borderRadius: 3 }} />
            </Box>
          ))}
          <Box component="ul" sx={{ pl: 3, my: 1 }} data-testid="call-rubric-feedback">
            {result.feedback.map((f, i) => (
              <li key={i}>
                <Typography variant="body2">{f}</Typography>
              </li>
            ))}
          </Box>
          {result.checks.map((x) => (
            <Box key={x.id} sx={{ display: 'flex', gap: 1, mb: 0.5 }} data-testid="call-rubric-check" data-check={x.id} data-passed={x.passed}>
              {x.passed ? <CheckCircleIcon color="success" fontSize="small" /> : <CancelIcon color="error" fontSize="small" />}
              <Box>
                <Typography variant="body2">{label(x.id)}</Typography>
                {x.turn !== null && (
                  <Typography variant="caption" color="text.secondary">
                    {moment(result.transcript, x.turn)}
                  </Typography>
                )}
              </Box>
            </Box>
          ))}
        </Box>
      )}
    </Paper>
  );
}
