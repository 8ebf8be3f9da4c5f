import { Box, Paper, Typography } from '@mui/material';
import type { ReactNode } from 'react';

/** What a page shows before it has data: what will appear there and how to get it. */
export function EmptyState({ title, body, icon, action }: { title: string; body: string; icon?: ReactNode; action?: ReactNode }) {
  return (
    <Paper variant="outlined" sx={{ p: 4, textAlign: 'center', maxWidth: 640, mx: 'auto', mt: 6 }} data-testid="empty-state">
      {icon && <Box sx={{ fontSize: 48, color: 'text.secondary', mb: 1 }}>{icon}</Box>}
      <Typography variant="h6" gutterBottom>
        {title}
      </Typography>
      <Typography color="text.secondary">{body}</Typography>
      {action && <Box sx={{ mt: 2 }}>{action}</Box>}
    </Paper>
  );
}
