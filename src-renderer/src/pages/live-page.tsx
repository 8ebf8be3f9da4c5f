import { useTranslation } from 'react-i18next';
import { Box, Chip, Grid, Paper, Stack, Typography } from '@mui/material';
import { LiveControls } from '../components/live-controls';
import { LiveGaugesPanel } from '../components/live-side-panel';
import { LiveTranscript } from '../components/live-transcript';
import { useLiveCall } from '../components/live-use-call';
import { useUiText } from '../i18n/use-ui-text';

/** The Live page: start/stop, the two-speaker transcript, sentiment, and the hints so far. */
export function LivePage() {
  const { t } = useTranslation();
  const text = useUiText();
  const call = useLiveCall();
  const state = call.state?.state ?? 'idle';
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="h5" sx={{ flexGrow: 0 }} data-testid="live-title">
          {call.state?.title ? text.callTitle(call.state.title) : t('live.title')}
        </Typography>
        <Chip size="small" label={t(`live.state.${state}`)} color={state === 'running' ? 'success' : state === 'error' ? 'error' : 'default'} data-testid="live-state" />
      </Stack>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <LiveControls state={call.state} />
      </Paper>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 7 }}>
          <LiveTranscript finals={call.finals} partials={call.partials} />
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <Box>
            <LiveGaugesPanel call={call} />
          </Box>
        </Grid>
      </Grid>
    </Stack>
  );
}
