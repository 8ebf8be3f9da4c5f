import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Box, Card, CardContent, Chip, IconButton, Stack, Tooltip, Typography } from '@mui/material';
import PushPinIcon from '@mui/icons-material/PushPin';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import CloseIcon from '@mui/icons-material/Close';
import CheckIcon from '@mui/icons-material/Check';
import AutoAwesomeIcon from '@mui/icons-material/AutoAwesome';
import type { Hint, HintAction, TailoredReply } from '../../../src-shared/ipc/live';
import { useCore } from '../core-context';
import { useUiText } from '../i18n/use-ui-text';

const ACTIONS: { action: HintAction; key: string; icon: React.ReactNode; status: Hint['status'] }[] = [
  { action: 'pin', key: 'P', icon: <PushPinIcon fontSize="small" />, status: 'pinned' },
  { action: 'copy', key: 'C', icon: <ContentCopyIcon fontSize="small" />, status: 'copied' },
  { action: 'used', key: 'U', icon: <CheckIcon fontSize="small" />, status: 'used' },
  { action: 'dismiss', key: 'D', icon: <CloseIcon fontSize="small" />, status: 'dismissed' },
];

/** "price" → the translated objection label; a competitor's trigger is its id (the title names it). */
function useTriggerLabel() {
  const { t } = useTranslation();
  return (hint: Pick<Hint, 'kind' | 'trigger' | 'title'>) => (hint.kind === 'competitor' ? t('live.competitor', { name: hint.title }) : t(`live.objection.${hint.trigger}`, { defaultValue: hint.trigger }));
}

export function LiveHintCard({ hint, tailored, compact = false, focused = false, reportRender = false, onAction }: {
  hint: Hint;
  tailored?: TailoredReply;
  compact?: boolean;
  focused?: boolean;
  /** The overlay reports its first paint; the core keeps it as shown_ms only while the call is live and soon after the hint was emitted (session-recorder.ts). */
  reportRender?: boolean;
  onAction(hint: Hint, action: HintAction): void;
}) {
  const { t } = useTranslation();
  const { api } = useCore();
  const label = useTriggerLabel();
  const text = useUiText();
  useEffect(() => {
    if (!reportRender) return;
    // Two frames: the first runs before paint, the second after the card is on screen.
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => void api.invoke('hints.rendered', { id: hint.id }).catch(() => undefined));
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [api, hint.id, reportRender]);

  const latency = text.latency(hint.latencyMs);
  return (
    <Card
      variant="outlined"
      data-testid="hint-card"
      data-trigger={hint.trigger}
      data-status={hint.status}
      sx={{ flexShrink: 0, borderColor: focused ? 'primary.main' : hint.status === 'pinned' ? 'warning.main' : 'divider', borderWidth: focused ? 2 : 1, opacity: hint.status === 'dismissed' ? 0.5 : 1 }}
    >
      <CardContent sx={{ p: compact ? 1.25 : 2, '&:last-child': { pb: compact ? 1.25 : 2 } }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
          <Chip size="small" color={hint.kind === 'competitor' ? 'secondary' : 'primary'} label={label(hint)} />
          {!compact && <Typography variant="subtitle2" sx={{ flexGrow: 1 }}>{hint.title}</Typography>}
          {compact && <Box sx={{ flexGrow: 1 }} />}
          <Typography variant="caption" color="text.secondary" data-testid="hint-latency">
            {latency}
          </Typography>
        </Stack>
        <Typography variant={compact ? 'body2' : 'body1'} data-testid="hint-text" sx={{ fontWeight: 500 }}>
          {hint.text}
        </Typography>
        {tailored && (tailored.text || tailored.error) && (
          <Stack direction="row" spacing={0.5} sx={{ mt: 0.75, alignItems: 'flex-start' }} data-testid="hint-tailored">
            <AutoAwesomeIcon fontSize="small" color={tailored.error ? 'disabled' : 'secondary'} />
            <Typography variant="body2" color={tailored.error ? 'text.secondary' : 'text.primary'}>
              {tailored.error ? t('live.tailorFailed') : tailored.text}
            </Typography>
          </Stack>
        )}
        {hint.details && (
          <Box sx={{ mt: 0.75 }}>
            {!compact && <Typography variant="body2" color="text.secondary">{hint.details.positioning}</Typography>}
            {hint.details.landmines.slice(0, compact ? 1 : 3).map((l) => (
              <Typography key={l} variant="caption" component="div" color="text.secondary">
                ? {l}
              </Typography>
            ))}
            {!compact && hint.details.proofPoints.map((p) => (
              <Typography key={p} variant="caption" component="div" color="success.main">
                ✓ {p}
              </Typography>
            ))}
          </Box>
        )}
        <Stack direction="row" spacing={0.25} sx={{ mt: 0.5, justifyContent: 'flex-end' }}>
          {ACTIONS.map((a) => (
            <Tooltip key={a.action} title={`${t(`live.action.${a.action}`)} (${a.key})`}>
              <IconButton size="small" aria-label={t(`live.action.${a.action}`)} color={hint.status === a.status ? 'primary' : 'default'} onClick={() => onAction(hint, a.action)} data-testid={`hint-${a.action}`}>
                {a.icon}
              </IconButton>
            </Tooltip>
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
}
