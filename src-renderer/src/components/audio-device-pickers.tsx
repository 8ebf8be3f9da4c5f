import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, MenuItem, Stack, TextField } from '@mui/material';
import { LOOPBACK_DEVICE, type DeviceLists } from '../../../src-shared/ipc/audio';
import type { SettingsPatch } from '../../../src-shared/settings';
import { useCore } from '../core-context';
import { useUiText } from '../i18n/use-ui-text';

const DEFAULT = '__default__';

/** Mic (the rep) and system audio (the customer) device choice, stored by device name. */
export function AudioDevicePickers({ locked, save }: { locked: (key: string) => boolean; save: (patch: SettingsPatch) => Promise<void> }) {
  const { t } = useTranslation();
  const text = useUiText();
  const { api, settings, info } = useCore();
  // Only the desktop app can capture system audio itself (Windows loopback, macOS screen audio).
  const loopback = info?.transport === 'electron';
  const [lists, setLists] = useState<DeviceLists | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    api.invoke('audio.devices', {}).then(setLists, (err: unknown) => setError(text.error(err)));
  }, [api, text]);
  useEffect(refresh, [refresh]);
  if (!settings) return null;

  const picker = (kind: 'mic' | 'system') => {
    const key = kind === 'mic' ? 'micDevice' : 'systemDevice';
    const current = settings.audio[key];
    const devices = lists?.[kind] ?? [];
    const missing = current !== null && current !== LOOPBACK_DEVICE && !devices.some((d) => d.id === current);
    return (
      <TextField
        select
        label={t(kind === 'mic' ? 'audio.micDevice' : 'audio.systemDevice')}
        value={current ?? DEFAULT}
        disabled={locked(`audio.${key}`) || (!lists?.available && !(kind === 'system' && loopback))}
        helperText={locked(`audio.${key}`) ? t('settings.locked') : undefined}
        onChange={(e) => void save({ audio: { [key]: e.target.value === DEFAULT ? null : e.target.value } })}
        slotProps={{ htmlInput: { 'data-testid': `setting-${key}` } }}
        fullWidth
      >
        <MenuItem value={DEFAULT}>{t('audio.defaultDevice')}</MenuItem>
        {kind === 'system' && (loopback || current === LOOPBACK_DEVICE) && <MenuItem value={LOOPBACK_DEVICE}>{t('audio.loopbackDevice')}</MenuItem>}
        {missing && <MenuItem value={current}>{t('audio.notConnected', { name: current })}</MenuItem>}
        {devices.map((d) => (
          <MenuItem key={d.id} value={d.id}>
            {text.device(d)}
          </MenuItem>
        ))}
      </TextField>
    );
  };

  return (
    <Stack spacing={2} data-testid="audio-devices">
      {picker('mic')}
      {picker('system')}
      {(error ?? lists?.message) && (
        <Alert severity={lists?.available === false || error ? 'warning' : 'info'} data-testid="audio-devices-notice">
          {error ?? text.notice(lists?.notice, lists?.message)}
        </Alert>
      )}
      <Button size="small" onClick={refresh} sx={{ alignSelf: 'flex-start' }}>
        {t('audio.refresh')}
      </Button>
    </Stack>
  );
}
