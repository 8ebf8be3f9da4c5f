import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Box, Button, Chip, Stack, TextField, Typography } from '@mui/material';
import SyncIcon from '@mui/icons-material/Sync';
import type { SyncStatus } from '../../../src-shared/ipc/sync';
import { useCore } from '../core-context';
import { useSyncStatus } from './use-sync-status';
import { useUiText } from '../i18n/use-ui-text';
import { SettingSwitch, useManaged } from './managed';

/**
 * Settings → Sync: server, tenant, last sync, pending count and the last error, with
 * enrollment (IT token) when this device is not enrolled yet. Everything goes through the
 * typed contract (`sync.*`); the status updates live from the `sync.status` event.
 */
export function SyncStatusPanel() {
  const { t, i18n } = useTranslation();
  const ui = useUiText();
  const { api, settings, updateSettings } = useCore();
  const managed = useManaged();
  const [status, setStatus, loadError] = useSyncStatus();
  const [busy, setBusy] = useState(false);
  const [actionError, setFormError] = useState<string | null>(null);
  const formError = actionError ?? loadError;
  const [serverUrl, setServerUrl] = useState(settings?.sync.serverUrl ?? '');
  const [token, setToken] = useState('');
  const [email, setEmail] = useState('');


  // #/settings/sync (the Team page's button) brings this panel into view once it has loaded.
  const loaded = status !== null && settings !== null;
  useEffect(() => {
    if (loaded && window.location.hash === '#/settings/sync') document.querySelector('[data-testid="sync-status"]')?.scrollIntoView({ block: 'center' });
  }, [loaded]);

  if (!status || !settings) return null;
  const serverLocked = managed.locked('sync.serverUrl');
  const run = (fn: () => Promise<SyncStatus>) => {
    setBusy(true);
    setFormError(null);
    fn().then(setStatus, (err: unknown) => setFormError(ui.error(err))).finally(() => setBusy(false));
  };
  const when = status.lastSyncAt ? new Date(status.lastSyncAt).toLocaleString(i18n.language) : t('sync.never');

  if (!status.enrolled) {
    return (
      <Stack spacing={2} data-testid="sync-status">
        <Typography variant="body2" color="text.secondary">
          {t('sync.notEnrolled')}
        </Typography>
        <TextField label={t('sync.server')} value={serverLocked ? settings.sync.serverUrl : serverUrl} disabled={serverLocked} helperText={managed.note('sync.serverUrl')} onChange={(e) => setServerUrl(e.target.value)} placeholder="https://sync.example.com" slotProps={{ htmlInput: { 'data-testid': 'sync-enroll-server' } }} fullWidth />
        <TextField label={t('sync.token')} value={token} onChange={(e) => setToken(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'sync-enroll-token' } }} fullWidth />
        <TextField label={t('sync.email')} helperText={t('sync.emailHelp')} value={email} onChange={(e) => setEmail(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'sync-enroll-email' } }} fullWidth />
        {formError && (
          <Alert severity="error" data-testid="sync-error">
            {formError}
          </Alert>
        )}
        <Box>
          <Button
            variant="contained"
            disabled={busy || token.trim() === '' || (serverLocked ? settings.sync.serverUrl : serverUrl).trim() === ''}
            data-testid="sync-enroll"
            onClick={() =>
              run(async () => {
                const url = (serverLocked ? settings.sync.serverUrl : serverUrl).trim();
                const next = await api.invoke('sync.enroll', { serverUrl: url, enrollmentToken: token.trim(), ...(email.trim() ? { email: email.trim() } : {}) });
                if (!serverLocked) await updateSettings({ sync: { serverUrl: url, enabled: true } }).catch(() => undefined);
                setToken('');
                return next;
              })
            }
          >
            {t('sync.enroll')}
          </Button>
        </Box>
      </Stack>
    );
  }

  return (
    <Stack spacing={1.5} data-testid="sync-status">
      <Row label={t('sync.server')} value={status.serverUrl ?? '—'} testId="sync-server" />
      <Row label={t('sync.tenant')} value={status.tenant ? `${status.tenant.name} (${status.tenant.slug})` : '—'} testId="sync-tenant" />
      <Row label={t('sync.user')} value={status.user ? `${status.user.email} · ${t(`sync.role_${status.user.role}`)}` : '—'} testId="sync-user" />
      <Row label={t('sync.lastSync')} value={when} testId="sync-last" />
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="body2" sx={{ minWidth: 160, color: 'text.secondary' }}>
          {t('sync.pending')}
        </Typography>
        <Chip size="small" label={status.pending} color={status.pending > 0 ? 'warning' : 'success'} data-testid="sync-pending" />
        {status.running && <Chip size="small" label={t('sync.running')} color="info" />}
      </Stack>
      {(status.lastError || formError) && (
        <Alert severity="error" data-testid="sync-error">
          {formError ?? ui.notice(status.lastErrorNotice, status.lastError)}
        </Alert>
      )}
      <SettingSwitch path="sync.enabled" checked={settings.sync.enabled} onChange={(on) => void updateSettings({ sync: { enabled: on } })} label={t('sync.enabled')} />
      <Stack direction="row" spacing={1}>
        <Button variant="contained" startIcon={<SyncIcon />} disabled={busy || status.running} onClick={() => run(() => api.invoke('sync.now', {}))} data-testid="sync-now">
          {t('sync.now')}
        </Button>
        <Button variant="text" color="inherit" disabled={busy} onClick={() => run(() => api.invoke('sync.signOut', {}))} data-testid="sync-signout">
          {t('sync.signOut')}
        </Button>
      </Stack>
    </Stack>
  );
}

function Row({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Stack direction="row" spacing={1}>
      <Typography variant="body2" sx={{ minWidth: 160, color: 'text.secondary' }}>
        {label}
      </Typography>
      <Typography variant="body2" sx={{ wordBreak: 'break-all' }} data-testid={testId}>
        {value}
      </Typography>
    </Stack>
  );
}
