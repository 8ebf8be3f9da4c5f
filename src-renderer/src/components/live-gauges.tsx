import { useTranslation } from 'react-i18next';
import { Box, LinearProgress, Paper, Stack, Typography } from '@mui/material';
import type { EventPayload } from '../../../src-shared/ipc';
import type { SentimentPoint } from '../../../src-shared/ipc/live';

/** Rolling customer sentiment, -1 (negative) … +1 (positive), as a centred gauge. */
export function LiveSentimentGauge({ sentiment }: { sentiment: SentimentPoint | null }) {
  const { t } = useTranslation();
  const value = sentiment?.rolling ?? sentiment?.score ?? null;
  const pct = value === null ? 50 : Math.round(((value + 1) / 2) * 100);
  const color = value === null ? 'text.secondary' : value < -0.2 ? 'error.main' : value > 0.2 ? 'success.main' : 'warning.main';
  const label = value === null ? t('live.sentimentNone') : value < -0.2 ? t('live.sentimentNegative') : value > 0.2 ? t('live.sentimentPositive') : t('live.sentimentNeutral');
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="live-sentiment">
      <Typography variant="subtitle2" gutterBottom>
        {t('live.sentiment')}
      </Typography>
      <Box sx={{ position: 'relative', height: 14, borderRadius: 7, background: 'linear-gradient(90deg, #d32f2f 0%, #ed6c02 50%, #2e7d32 100%)', opacity: value === null ? 0.3 : 1 }} role="meter" aria-valuemin={-100} aria-valuemax={100} aria-valuenow={value === null ? 0 : Math.round(value * 100)} aria-label={t('live.sentiment')}>
        <Box sx={{ position: 'absolute', top: -4, left: `calc(${pct}% - 3px)`, width: 6, height: 22, borderRadius: 1, bgcolor: 'text.primary', transition: 'left 400ms ease' }} />
      </Box>
      <Typography variant="body2" sx={{ mt: 1, color }} data-testid="live-sentiment-label">
        {label}
        {value !== null && ` (${value > 0 ? '+' : ''}${Math.round(value * 100)})`}
      </Typography>
    </Paper>
  );
}

type Level = EventPayload<'live.level'>;
type Health = EventPayload<'live.health'>;

/** Input levels per channel, with capture health warnings (silent mic, clipping, lost device). */
export function LiveLevels({ levels, health }: { levels: Partial<Record<'mic' | 'system', Level>>; health: Partial<Record<'mic' | 'system', Health>> }) {
  const { t } = useTranslation();
  // The core's kind and times in this language (its `message` is the CLI's English line).
  const healthText = (h: Health) => {
    const channel = t(`live.channel.${h.channel}`);
    const seconds = Math.max(0, Math.round((h.atMs - (h.sinceMs ?? h.atMs)) / 1000));
    return t(h.kind === 'device-lost' ? 'live.health.deviceLost' : `live.health.${h.kind}`, { channel, seconds });
  };
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Stack spacing={1}>
        {(['mic', 'system'] as const).map((c) => {
          const l = levels[c];
          const h = health[c];
          return (
            <Box key={c}>
              <Typography variant="caption" color="text.secondary">
                {c === 'mic' ? t('live.levelMic') : t('live.levelSystem')}
              </Typography>
              <LinearProgress variant="determinate" value={l ? Math.max(0, Math.min(100, ((l.rmsDb + 60) / 60) * 100)) : 0} color={l?.speech ? 'success' : 'primary'} />
              {h && h.kind !== 'ok' && h.kind !== 'device-restored' && (
                <Typography variant="caption" color="warning.main" data-testid={`live-health-${c}`}>
                  {healthText(h)}
                </Typography>
              )}
            </Box>
          );
        })}
      </Stack>
    </Paper>
  );
}
