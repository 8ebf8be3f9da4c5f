/**
 * Settings IT manages (the policy's locks, app.info lockedSettings): every such control is
 * disabled and says "Managed by your organisation" under it, and the Settings page opens with a
 * banner that counts them. The same lock rule as the core's gate (src-shared/policy.ts).
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Box, FormControlLabel, FormHelperText, Switch } from '@mui/material';
import { isLockedPath } from '../../../src-shared/policy';
import type { Settings } from '../../../src-shared/settings';
import { useCore } from '../core-context';

export function useManaged(): { locked: (path: string) => boolean; note: (path: string) => string | undefined } {
  const { t } = useTranslation();
  const { info } = useCore();
  const locked = (path: string) => isLockedPath(info?.lockedSettings ?? [], path);
  return { locked, note: (path) => (locked(path) ? t('settings.locked') : undefined) };
}

/** A setting's switch: disabled, and saying so, when IT manages it. */
export function SettingSwitch({ path, checked, label, onChange, testId }: { path: string; checked: boolean; label: ReactNode; onChange: (checked: boolean) => void; testId?: string }) {
  const { locked, note } = useManaged();
  return (
    <Box>
      <FormControlLabel control={<Switch checked={checked} disabled={locked(path)} onChange={(e) => onChange(e.target.checked)} slotProps={{ input: { 'aria-label': typeof label === 'string' ? label : undefined } }} data-testid={testId} />} label={label} />
      {note(path) && <FormHelperText data-testid="managed-note" sx={{ mt: -0.5, ml: 6 }}>{note(path)}</FormHelperText>}
    </Box>
  );
}

/** How many of the settings shown are managed (sections count by their settings). */
export function managedCount(locked: readonly string[], settings: Settings): number {
  const leaves = Object.entries(settings).flatMap(([k, v]) => (v !== null && typeof v === 'object' ? Object.keys(v).map((f) => `${k}.${f}`) : [k]));
  return leaves.filter((p) => isLockedPath(locked, p)).length;
}

export function ManagedBanner({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const { info } = useCore();
  const count = managedCount(info?.lockedSettings ?? [], settings);
  if (count === 0) return null;
  return (
    <Alert severity="info" data-testid="managed-banner">
      {t('settings.managedBanner', { count })}
    </Alert>
  );
}
