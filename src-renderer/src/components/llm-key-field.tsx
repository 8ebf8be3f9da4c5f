import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Stack, TextField, Typography } from '@mui/material';
import { useCore } from '../core-context';

/**
 * The LLM server's API key: write-only (the core never sends it back). The app stores it with
 * the OS keychain (safeStorage); a browser session keeps it in memory until serve-ui stops.
 */
export function LlmKeyField({ disabled, onError }: { disabled: boolean; onError(message: string): void }) {
  const { t } = useTranslation();
  const { api, info } = useCore();
  const [value, setValue] = useState('');
  const [state, setState] = useState<'secure' | 'session' | 'removed' | null>(info?.llmKeySet ? 'session' : null);
  const submit = (key: string | null) =>
    api.invoke('llm.setApiKey', { key }).then(
      (res) => {
        setState(res.stored);
        setValue('');
      },
      (err: Error) => onError(err.message),
    );
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1}>
        <TextField
          type="password"
          label={t('settings.llmApiKey')}
          value={value}
          disabled={disabled}
          autoComplete="off"
          onChange={(e) => setValue(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'setting-llmApiKey' } }}
          fullWidth
        />
        <Button variant="outlined" disabled={disabled || value.trim() === ''} onClick={() => void submit(value)}>
          {t('settings.llmApiKeySave')}
        </Button>
        <Button disabled={disabled || state === null || state === 'removed'} onClick={() => void submit(null)}>
          {t('settings.llmApiKeyRemove')}
        </Button>
      </Stack>
      <Typography variant="body2" color="text.secondary" data-testid="llm-key-state">
        {t(`settings.llmApiKey_${state ?? 'none'}`)}
      </Typography>
    </Stack>
  );
}
