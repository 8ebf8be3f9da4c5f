import { useTranslation } from 'react-i18next';
import { Paper, Stack, Typography } from '@mui/material';
import { LiveHintCard } from './live-hint-card';
import { LiveLevels, LiveSentimentGauge } from './live-gauges';
import type { LiveCall } from './live-use-call';

/** Right column of the Live page: sentiment, input levels, and the hints history (newest first). */
export function LiveGaugesPanel({ call }: { call: LiveCall }) {
  const { t } = useTranslation();
  const hints = call.hints.filter((h) => h.kind !== 'llm').slice().reverse();
  return (
    <Stack spacing={2}>
      <LiveSentimentGauge sentiment={call.sentiment} />
      {(call.levels.mic || call.levels.system) && <LiveLevels levels={call.levels} health={call.health} />}
      <Paper variant="outlined" sx={{ p: 2 }} data-testid="live-hints">
        <Typography variant="subtitle2" gutterBottom>
          {t('live.hints', { count: hints.length })}
        </Typography>
        <Stack spacing={1} sx={{ maxHeight: { md: 'calc(100vh - 470px)' }, minHeight: 120, overflowY: 'auto' }}>
          {hints.length === 0 && (
            <Typography variant="body2" color="text.secondary">
              {t('live.hintsEmpty')}
            </Typography>
          )}
          {hints.map((h) => (
            <LiveHintCard key={h.id} hint={h} tailored={call.tailored[h.id]} onAction={(hint, a) => void call.act(hint, a)} />
          ))}
        </Stack>
      </Paper>
    </Stack>
  );
}
