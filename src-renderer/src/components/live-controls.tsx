import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, MenuItem, Stack, TextField } from '@mui/material';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import StopIcon from '@mui/icons-material/Stop';
import type { CallState, LiveSource } from '../../../src-shared/ipc/live';
import type { Notice } from '../../../src-shared/notice';
import { useCore } from '../core-context';
import { useUiText } from '../i18n/use-ui-text';

type SourceKind = 'devices' | 'file' | 'demo';
type Device = { id: string; label: string; hostApi?: string; isDefault?: boolean };

/** Start/stop, with the source: the audio devices, a recording, or the bundled demo call. */
export function LiveControls({ state }: { state: CallState | null }) {
  const { t, i18n } = useTranslation();
  const text = useUiText();
  const { api, settings } = useCore();
  const [kind, setKind] = useState<SourceKind>('demo');
  const [devices, setDevices] = useState<{ mic: Device[]; system: Device[]; message: string | null; notice?: Notice | null }>({ mic: [], system: [], message: null });
  const [mic, setMic] = useState<string>(settings?.audio.micDevice ?? '');
  const [system, setSystem] = useState<string>(settings?.audio.systemDevice ?? '');
  const [file, setFile] = useState('');
  const [language, setLanguage] = useState<'auto' | 'pt' | 'en'>('auto');
  // The sample call in the UI's language (a "system" setting on a Portuguese OS included).
  const [demoLanguage, setDemoLanguage] = useState<'pt' | 'en'>(i18n.language.startsWith('pt') ? 'pt' : 'en');
  const [reference, setReference] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const running = state?.state === 'running' || state?.state === 'starting';

  useEffect(() => {
    void api.invoke('live.devices', {}).then(setDevices, () => undefined);
  }, [api]);

  const start = async () => {
    setError(null);
    setBusy(true);
    const source: LiveSource =
      kind === 'demo' ? { kind: 'demo', language: demoLanguage } : kind === 'file' ? { kind: 'file', path: file.trim(), realtime: true } : { kind: 'devices', micDevice: mic || null, systemDevice: system || null };
    try {
      await api.invoke('live.start', { source, language: kind === 'demo' ? demoLanguage : language, ...(kind === 'file' && reference ? { engine: 'reference' as const } : {}) });
    } catch (err) {
      setError(text.error(err));
    } finally {
      setBusy(false);
    }
  };
  const stop = async () => {
    setBusy(true);
    await api.invoke('live.stop', {}).catch((err: unknown) => setError(text.error(err)));
    setBusy(false);
  };

  return (
    <Stack spacing={1.5}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={1.5} sx={{ alignItems: { md: 'center' } }}>
        <TextField select size="small" label={t('live.source')} value={kind} onChange={(e) => setKind(e.target.value as SourceKind)} disabled={running} sx={{ minWidth: 170 }} slotProps={{ htmlInput: { 'data-testid': 'live-source' } }}>
          <MenuItem value="devices">{t('live.sourceDevices')}</MenuItem>
          <MenuItem value="file">{t('live.sourceFile')}</MenuItem>
          <MenuItem value="demo">{t('live.sourceDemo')}</MenuItem>
        </TextField>
        {kind === 'devices' && (
          <>
            <TextField select size="small" label={t('live.mic')} value={mic} onChange={(e) => setMic(e.target.value)} disabled={running} sx={{ minWidth: 200 }}>
              <MenuItem value="">{t('live.defaultDevice')}</MenuItem>
              {devices.mic.map((d) => (
                <MenuItem key={d.id} value={d.id}>
                  {text.device(d)}
                </MenuItem>
              ))}
            </TextField>
            <TextField select size="small" label={t('live.system')} value={system} onChange={(e) => setSystem(e.target.value)} disabled={running} sx={{ minWidth: 200 }}>
              <MenuItem value="">{t('live.defaultDevice')}</MenuItem>
              {devices.system.map((d) => (
                <MenuItem key={d.id} value={d.id}>
                  {text.device(d)}
                </MenuItem>
              ))}
            </TextField>
          </>
        )}
        {kind === 'file' && (
          <>
            <TextField size="small" label={t('live.filePath')} value={file} onChange={(e) => setFile(e.target.value)} disabled={running} sx={{ minWidth: 320 }} slotProps={{ htmlInput: { 'data-testid': 'live-file' } }} />
            <TextField select size="small" label={t('live.engine')} value={reference ? 'reference' : 'auto'} onChange={(e) => setReference(e.target.value === 'reference')} disabled={running} sx={{ minWidth: 170 }} slotProps={{ htmlInput: { 'data-testid': 'live-engine' } }}>
              <MenuItem value="auto">{t('live.engineAuto')}</MenuItem>
              <MenuItem value="reference">{t('live.engineReference')}</MenuItem>
            </TextField>
          </>
        )}
        {kind === 'demo' ? (
          <TextField select size="small" label={t('live.language')} value={demoLanguage} onChange={(e) => setDemoLanguage(e.target.value as 'pt' | 'en')} disabled={running} sx={{ minWidth: 150 }}>
            <MenuItem value="pt">Português</MenuItem>
            <MenuItem value="en">English</MenuItem>
          </TextField>
        ) : (
          <TextField select size="small" label={t('live.language')} value={language} onChange={(e) => setLanguage(e.target.value as 'auto' | 'pt' | 'en')} disabled={running} sx={{ minWidth: 150 }}>
            <MenuItem value="auto">{t('live.languageAuto')}</MenuItem>
            <MenuItem value="pt">Português</MenuItem>
            <MenuItem value="en">English</MenuItem>
          </TextField>
        )}
        {running ? (
          <Button variant="contained" color="error" startIcon={<StopIcon />} onClick={() => void stop()} disabled={busy} data-testid="live-stop">
            {t('live.stop')}
          </Button>
        ) : (
          <Button variant="contained" startIcon={<PlayArrowIcon />} onClick={() => void start()} disabled={busy || (kind === 'file' && !file.trim())} data-testid="live-start">
            {t('live.start')}
          </Button>
        )}
      </Stack>
      {kind === 'devices' && devices.message && <Alert severity="info">{text.notice(devices.notice, devices.message)}</Alert>}
      {(error || state?.state === 'error') && <Alert severity="error" data-testid="live-error">{error ?? text.notice(state?.notice, state?.message)}</Alert>}
    </Stack>
  );
}
