import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Box, Paper, Stack, Tooltip, Typography } from '@mui/material';
import type { Hint, HintAction } from '../../../src-shared/ipc/live';
import { useCore } from '../core-context';
import { LiveHintCard } from '../components/live-hint-card';
import { useLiveCall } from '../components/live-use-call';

const MAX_CARDS = 3;
const KEYS: Record<string, HintAction> = { p: 'pin', c: 'copy', u: 'used', d: 'dismiss', escape: 'dismiss' };

/**
 * The always-on-top overlay (its own transparent window in Electron, #/overlay in a browser):
 * the newest hints as compact cards, pinned ones first. Keys act on the focused card
 * (P pin, C copy, U used, D/Esc dismiss, ↑/↓ or 1-3 to move focus). It steps back (no
 * shadow) when no hint has arrived for a while, so it does not distract during small talk.
 */
export function OverlayPage() {
  const { t, i18n } = useTranslation();
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
  // What the call is doing, said as it is: a call that ended keeps its last hints on screen.
  const state = call.state?.state ?? 'idle';
  const running = state === 'running';
  const rolling = call.sentiment?.rolling ?? null;
  const mood = rolling === null ? null : rolling < -0.2 ? 'Negative' : rolling > 0.2 ? 'Positive' : 'Neutral';
  const moodValue = rolling === null ? '' : `${rolling > 0 ? '+' : rolling < 0 ? '−' : ''}${Math.abs(Math.round(rolling * 100))}`;

  // Idle, the overlay steps back without fading its text: no shadow, a quieter border. The
  // text keeps WCAG AA contrast (4.5:1) in both states (e2e/overlay.spec.ts measures it).
  return (
    <Box data-testid="overlay" data-idle={idle ? 'true' : 'false'} data-state={state} sx={{ p: 1, background: 'transparent', maxWidth: 420 }}>
      <Paper elevation={idle ? 0 : 6} variant={idle ? 'outlined' : 'elevation'} sx={{ p: 1, transition: 'box-shadow 600ms ease' }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: cards.length ? 1 : 0, px: 0.5 }}>
          <Box sx={{ width: 8, height: 8, borderRadius: '50%', bgcolor: running ? 'success.main' : state === 'error' ? 'error.main' : 'grey.500' }} />
          <Typography variant="caption" color="text.secondary" sx={{ flexGrow: 1 }} data-testid="overlay-status">
            {t(`overlay.state.${state}`)}
          </Typography>
          {rolling !== null && mood && (
            <Tooltip title={t('overlay.moodHelp')}>
              <Typography
                variant="caption"
                color={mood === 'Negative' ? 'error.main' : mood === 'Positive' ? 'success.main' : 'text.secondary'}
                data-testid="overlay-sentiment"
                tabIndex={0}
                aria-description={t('overlay.moodHelp')}
              >
                {t('overlay.mood', { label: t(`live.sentiment${mood}`).toLocaleLowerCase(i18n.language), value: moodValue })}
              </Typography>
            </Tooltip>
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
        {cards.length > 0 && state === 'ended' && (
          <Typography variant="caption" color="text.secondary" component="div" sx={{ px: 0.5, pt: 0.5 }} data-testid="overlay-ended">
            {t('overlay.ended')}
          </Typography>
        )}
        {cards.length > 0 && (
          <Typography variant="caption" color="text.secondary" component="div" sx={{ px: 0.5, pt: 0.5 }}>
            {t('overlay.keys')}
          </Typography>
        )}
      </Paper>
    </Box>
  );
}
