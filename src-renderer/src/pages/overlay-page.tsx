import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Box, Paper, Stack, Typography } from '@mui/material';
import type { Hint, HintAction } from '../../../src-shared/ipc/live';
import { useCore } from '../core-context';
import { LiveHintCard } from '../components/live-hint-card';
import { useLiveCall } from '../components/live-use-call';

const MAX_CARDS = 3;
const KEYS: Record<string, HintAction> = { p: 'pin', c: 'copy', u: 'used', d: 'dismiss', escape: 'dismiss' };

/**
 * The always-on-top overlay (its own transparent window in Electron, #/overlay in a browser):
 * the newest hints as compact cards, pinned ones first. Keys act on the focused card
 * (P pin, C copy, U used, D/Esc dismiss, ↑/↓ or 1-3 to move focus). It fades when no hint
 * has arrived for a while, so it does not distract during small talk.
 */
export function OverlayPage() {
  const { t } = useTranslation();
  const { settings } = useCore();
  const call = useLiveCall();
  const [focus, setFocus] = useState(0);
  const [now, setNow] = useState(() => performance.now());

  const cards = useMemo(() => {
    const visible = call.hints.filter((h) => h.status !== 'dismissed' && h.kind !== 'llm');
    const pinned = visible.filter((h) => h.status === 'pinned');
    const rest = visible.filter((h) => h.status !== 'pinned').reverse();
    return [...pinned, ...rest].slice(0, MAX_CARDS);
  }, [call.hints]);
  const focused: Hint | undefined = cards[Math.min(focus, cards.length - 1)];

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'arrowdown') setFocus((f) => Math.min(f + 1, cards.length - 1));
      else if (key === 'arrowup') setFocus((f) => Math.max(f - 1, 0));
      else if (/^[1-3]$/.test(key)) setFocus(Number(key) - 1);
      else if (KEYS[key] && focused) {
        e.preventDefault();
        void call.act(focused, KEYS[key]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [cards.length, focused, call]);

  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const fadeAfterMs = (settings?.overlay.idleFadeSeconds ?? 20) * 1000;
  const idle = fadeAfterMs > 0 && !cards.some((c) => c.status === 'pinned') && (call.lastHintAt === null || now - call.lastHintAt > fadeAfterMs);
  const running = call.state?.state === 'running';
  const rolling = call.sentiment?.rolling ?? null;

  return (
    <Box
      data-testid="overlay"
      data-idle={idle ? 'true' : 'false'}
      sx={{ p: 1, background: 'transparent', opacity: idle ? 0.35 : 1, transition: 'opacity 600ms ease', '&:hover': { opacity: 1 }, maxWidth: 420 }}
    >
      <Paper elevation={6} sx={{ p: 1, opacity: 0.96 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: cards.length ? 1 : 0, px: 0.5 }}>
          <Box sx={{ width: 8, height: 8, borderRadius: '50%', bgcolor: running ? 'success.main' : 'text.disabled' }} />
          <Typography variant="caption" color="text.secondary" sx={{ flexGrow: 1 }} data-testid="overlay-status">
            {running ? t('overlay.listening') : t('overlay.idle')}
          </Typography>
          {rolling !== null && (
            <Typography variant="caption" color={rolling < -0.2 ? 'error.main' : rolling > 0.2 ? 'success.main' : 'text.secondary'} data-testid="overlay-sentiment">
              {t('overlay.mood', { value: Math.round(rolling * 100) })}
            </Typography>
          )}
        </Stack>
        <Stack spacing={1}>
          {cards.map((h) => (
            <LiveHintCard key={h.id} hint={h} tailored={call.tailored[h.id]} compact focused={h.id === focused?.id && cards.length > 1} reportRender onAction={(hint, a) => void call.act(hint, a)} />
          ))}
        </Stack>
        {cards.length === 0 && (
          <Typography variant="caption" color="text.secondary" component="div" sx={{ px: 0.5, pt: 0.5 }}>
            {running ? t('overlay.waiting') : t('overlay.noCall')}
          </Typography>
        )}
        {cards.length > 0 && (
          <Typography variant="caption" color="text.disabled" component="div" sx={{ px: 0.5, pt: 0.5 }}>
            {t('overlay.keys')}
          </Typography>
        )}
      </Paper>
    </Box>
  );
}
