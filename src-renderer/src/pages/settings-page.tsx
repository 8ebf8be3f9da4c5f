import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Box, Card, CardContent, MenuItem, Snackbar, Stack, TextField, Typography } from '@mui/material';
import type { SettingsPatch } from '../../../src-shared/settings';
import { useCore } from '../core-context';
import { AudioDevicePickers } from '../components/audio-device-pickers';
import { SyncStatusPanel } from '../components/sync-status';
import { LlmKeyField } from '../components/llm-key-field';
import { useUiText } from '../i18n/use-ui-text';
import { ManagedBanner, SettingSwitch, useManaged } from '../components/managed';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }} gutterBottom>
          {title}
        </Typography>
        <Stack spacing={2}>{children}</Stack>
      </CardContent>
    </Card>
  );
}

/** Reads and writes real settings through the contract; they persist in SQLite. */
export function SettingsPage() {
  const { t } = useTranslation();
  const text = useUiText();
  const { settings, info, updateSettings } = useCore();
  const { locked, note } = useManaged();
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!settings) return null;
  const save = (patch: SettingsPatch) =>
    updateSettings(patch).then(
      () => setSaved(true),
      (err: unknown) => setError(text.error(err)),
    );

  return (
    <Stack spacing={2} sx={{ maxWidth: 760 }}>
      <Typography variant="h5">{t('settings.title')}</Typography>
      <ManagedBanner settings={settings} />
      <Section title={t('settings.general')}>
        <TextField select label={t('settings.uiLanguage')} value={settings.uiLanguage} disabled={locked('uiLanguage')} helperText={note('uiLanguage')} onChange={(e) => void save({ uiLanguage: e.target.value as 'system' | 'pt-BR' | 'en' })} slotProps={{ htmlInput: { 'data-testid': 'setting-uiLanguage' } }} fullWidth>
          <MenuItem value="system">{t('settings.uiLanguage_system')}</MenuItem>
          <MenuItem value="pt-BR">Português (Brasil)</MenuItem>
          <MenuItem value="en">English</MenuItem>
        </TextField>
        <TextField select label={t('settings.theme')} value={settings.theme} disabled={locked('theme')} helperText={note('theme')} onChange={(e) => void save({ theme: e.target.value as 'system' | 'light' | 'dark' })} fullWidth>
          {(['system', 'light', 'dark'] as const).map((v) => (
            <MenuItem key={v} value={v}>
              {t(`settings.theme_${v}`)}
            </MenuItem>
          ))}
        </TextField>
      </Section>
      <Section title={t('settings.audio')}>
        <AudioDevicePickers locked={locked} save={save} />
      </Section>
      <Section title={t('settings.asr')}>
        <TextField select label={t('settings.asrEngine')} value={settings.asr.engine} disabled={locked('asr.engine')} helperText={note('asr.engine')} onChange={(e) => void save({ asr: { engine: e.target.value as 'auto' | 'whisper' | 'pocketsphinx' } })} fullWidth>
          <MenuItem value="auto">{t('settings.asrEngine_auto')}</MenuItem>
          <MenuItem value="whisper">Whisper (whisper.cpp)</MenuItem>
          <MenuItem value="pocketsphinx">PocketSphinx</MenuItem>
        </TextField>
        <TextField select label={t('settings.asrLanguage')} value={settings.asr.language} disabled={locked('asr.language')} helperText={note('asr.language')} onChange={(e) => void save({ asr: { language: e.target.value as 'auto' | 'pt' | 'en' } })} fullWidth>
          <MenuItem value="auto">{t('settings.asrLanguage_auto')}</MenuItem>
          <MenuItem value="pt">Português</MenuItem>
          <MenuItem value="en">English</MenuItem>
        </TextField>
        <TextField
          type="number"
          label={t('settings.endOfSpeechMs')}
          defaultValue={settings.audio.endOfSpeechMs}
          key={`eos-${settings.audio.endOfSpeechMs}`}
          disabled={locked('audio.endOfSpeechMs')}
          helperText={note('audio.endOfSpeechMs')}
          onBlur={(e) => void save({ audio: { endOfSpeechMs: Number(e.target.value) } })}
          slotProps={{ htmlInput: { min: 100, max: 3000, step: 50, 'data-testid': 'setting-endOfSpeechMs' } }}
          fullWidth
        />
        <Typography variant="body2" color="text.secondary" data-testid="asr-backend">
          {t('settings.asrBackend')}: {text.asrBackend(info?.asr, info?.asrBackend)}
        </Typography>
      </Section>
      <Section title={t('settings.overlay')}>
        <SettingSwitch path="overlay.enabled" checked={settings.overlay.enabled} onChange={(on) => void save({ overlay: { enabled: on } })} label={t('settings.overlayEnabled')} />
        <SettingSwitch path="overlay.clickThrough" checked={settings.overlay.clickThrough} onChange={(on) => void save({ overlay: { clickThrough: on } })} label={t('settings.clickThrough')} />
      </Section>
      <Section title={t('settings.llm')}>
        <SettingSwitch path="llm.enabled" checked={settings.llm.enabled} onChange={(on) => void save({ llm: { enabled: on } })} label={t('settings.llmEnabled')} testId="setting-llmEnabled" />
        <TextField label={t('settings.llmBaseUrl')} defaultValue={settings.llm.baseUrl} key={`llm-${settings.llm.baseUrl}`} disabled={locked('llm.baseUrl')} helperText={note('llm.baseUrl')} onBlur={(e) => void save({ llm: { baseUrl: e.target.value } })} fullWidth />
        <TextField label={t('settings.llmModel')} defaultValue={settings.llm.model} key={`model-${settings.llm.model}`} disabled={locked('llm.model')} helperText={note('llm.model')} onBlur={(e) => void save({ llm: { model: e.target.value } })} fullWidth />
        <LlmKeyField disabled={locked('llm.enabled') && !settings.llm.enabled} onError={setError} />
      </Section>
      <Section title={t('settings.privacy')}>
        <TextField type="number" label={t('settings.retentionDays')} defaultValue={settings.privacy.retentionDays} key={`ret-${settings.privacy.retentionDays}`} disabled={locked('privacy.retentionDays')} helperText={note('privacy.retentionDays')} onBlur={(e) => void save({ privacy: { retentionDays: Number(e.target.value) } })} slotProps={{ htmlInput: { min: 0, max: 3650 } }} fullWidth />
        <SettingSwitch path="privacy.consentReminder" checked={settings.privacy.consentReminder} onChange={(on) => void save({ privacy: { consentReminder: on } })} label={t('settings.consentReminder')} />
        <SettingSwitch path="privacy.screenCaptureProtection" checked={settings.privacy.screenCaptureProtection} onChange={(on) => void save({ privacy: { screenCaptureProtection: on } })} label={t('settings.screenCaptureProtection')} testId="setting-screenCaptureProtection" />
        <Typography variant="body2" color="text.secondary" sx={{ mt: -1 }}>
          {t('settings.screenCaptureProtectionHelp')}
        </Typography>
      </Section>
      <Section title={t('settings.sync')}>
        <SyncStatusPanel />
      </Section>
      <Section title={t('settings.about')}>
        <Box>
          <Typography variant="body2">
            {t('settings.version')}: {info?.version}
          </Typography>
          <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
            {t('settings.dataDir')}: {info?.dataDir}
          </Typography>
        </Box>
      </Section>
      <Snackbar open={saved} autoHideDuration={1500} onClose={() => setSaved(false)} message={t('settings.saved')} />
      <Snackbar open={error !== null} autoHideDuration={5000} onClose={() => setError(null)}>
        <Alert severity="error">{t('settings.error', { message: error })}</Alert>
      </Snackbar>
    </Stack>
  );
}
