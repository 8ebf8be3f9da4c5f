import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Box, Paper, Typography } from '@mui/material';
import type { TranscriptLine } from '../../../src-shared/ipc/live';

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

function Bubble({ line, partial }: { line: TranscriptLine; partial?: boolean }) {
  const { t } = useTranslation();
  const rep = line.speaker === 'rep';
  return (
    <Box sx={{ display: 'flex', justifyContent: rep ? 'flex-start' : 'flex-end', mb: 1 }} data-testid={partial ? 'live-partial' : 'live-final'} data-speaker={line.speaker}>
      <Box sx={{ maxWidth: '78%' }}>
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block', textAlign: rep ? 'left' : 'right' }}>
          {rep ? t('live.you') : t('live.customer')} · {clock(line.startMs)}
        </Typography>
        <Paper
          elevation={0}
          sx={{
            px: 1.5, py: 1, borderRadius: 2,
            bgcolor: rep ? 'action.hover' : 'primary.main',
            color: rep ? 'text.primary' : 'primary.contrastText',
            opacity: partial ? 0.7 : 1,
            fontStyle: partial ? 'italic' : 'normal',
          }}
        >
          <Typography variant="body2">{line.text || '…'}</Typography>
        </Paper>
      </Box>
    </Box>
  );
}

/** The two-speaker transcript: the rep on the left, the customer on the right, partials in italics. */
export function LiveTranscript({ finals, partials }: { finals: TranscriptLine[]; partials: Partial<Record<'rep' | 'customer', TranscriptLine>> }) {
  const { t } = useTranslation();
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // A block body on purpose: newer Chromium returns a Promise from scrollIntoView, and an
    // effect must return nothing or a cleanup function.
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [finals.length, partials.rep?.text, partials.customer?.text]);
  const inProgress = (['rep', 'customer'] as const).map((s) => partials[s]).filter((l): l is TranscriptLine => !!l && l.text.trim().length > 0);
  return (
    <Paper variant="outlined" sx={{ p: 2, height: { md: 'calc(100vh - 260px)' }, minHeight: 300, overflowY: 'auto' }} data-testid="live-transcript">
      {finals.length === 0 && inProgress.length === 0 && (
        <Typography color="text.secondary" variant="body2">
          {t('live.transcriptEmpty')}
        </Typography>
      )}
      {finals.map((l) => (
        <Bubble key={`${l.speaker}-${l.startMs}`} line={l} />
      ))}
      {inProgress.map((l) => (
        <Bubble key={`p-${l.speaker}`} line={l} partial />
      ))}
      <div ref={end} />
    </Paper>
  );
}
