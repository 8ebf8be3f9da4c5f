import { Box, Paper, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';

/** The always-on-top overlay (its own transparent window in Electron, #/overlay in a browser). */
export function OverlayPage() {
  const { t } = useTranslation();
  return (
    <Box sx={{ p: 1, background: 'transparent' }} data-testid="overlay">
      <Paper elevation={6} sx={{ p: 1.5, opacity: 0.92 }}>
        <Typography variant="caption" color="text.secondary">
          {t('empty.live.title')}
        </Typography>
      </Paper>
    </Box>
  );
}
