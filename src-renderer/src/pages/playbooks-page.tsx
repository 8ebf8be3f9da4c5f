import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Chip, Grid, List, ListItemButton, ListItemText, Paper, Snackbar, Stack, Tab, Tabs, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import type { Battlecard, Playbook } from '../../../src-shared/ipc/playbooks';
import { useCore, useCoreEvent } from '../core-context';
import { LiveBattlecardEditor, LivePlaybookEditor } from '../components/live-playbook-editors';

type TabKind = 'playbooks' | 'battlecards';

/** Playbooks and battlecards: list, edit, save, restore the bundled default. Company (tenant) ones are read-only. */
export function PlaybooksPage() {
  const { t } = useTranslation();
  const { api, settings } = useCore();
  const [tab, setTab] = useState<TabKind>('playbooks');
  const [language, setLanguage] = useState<'pt' | 'en'>(settings?.uiLanguage === 'en' ? 'en' : settings?.uiLanguage === 'pt-BR' ? 'pt' : navigator.language.startsWith('pt') ? 'pt' : 'en');
  const [data, setData] = useState<{ playbooks: Playbook[]; battlecards: Battlecard[] } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(() => {
    void api.invoke('playbooks.list', { language }).then(setData, (err: Error) => setMessage({ ok: false, text: err.message }));
  }, [api, language]);
  useEffect(load, [load]);
  useCoreEvent('playbooks.changed', load);

  const items = useMemo(() => (tab === 'playbooks' ? data?.playbooks ?? [] : data?.battlecards ?? []), [data, tab]);
  const current = items.find((i) => i.id === selected) ?? items[0] ?? null;

  const done = (text: string) => (saved: Playbook | Battlecard) => {
    setSelected(saved.id);
    setMessage({ ok: true, text });
    load();
  };
  const fail = (err: Error) => setMessage({ ok: false, text: err.message });

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="h5" sx={{ flexGrow: 1 }}>
          {t('playbooks.title')}
        </Typography>
        <ToggleButtonGroup size="small" exclusive value={language} onChange={(_e, v: 'pt' | 'en' | null) => v && (setLanguage(v), setSelected(null))} aria-label={t('playbooks.language')}>
          <ToggleButton value="pt" data-testid="playbooks-lang-pt">Português</ToggleButton>
          <ToggleButton value="en" data-testid="playbooks-lang-en">English</ToggleButton>
        </ToggleButtonGroup>
      </Stack>
      <Tabs value={tab} onChange={(_e, v: TabKind) => (setTab(v), setSelected(null))}>
        <Tab value="playbooks" label={t('playbooks.playbooks')} data-testid="tab-playbooks" />
        <Tab value="battlecards" label={t('playbooks.battlecards')} data-testid="tab-battlecards" />
      </Tabs>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 4 }}>
          <Paper variant="outlined">
            <List dense data-testid="playbooks-list">
              {items.map((item) => (
                <ListItemButton key={item.id} selected={current?.id === item.id} onClick={() => setSelected(item.id)} data-testid={`item-${item.id}`}>
                  <ListItemText
                    primary={'objectionType' in item ? `${t(`live.objection.${item.objectionType}`)} — ${item.title}` : item.name}
                    secondary={'objectionType' in item ? t('playbooks.replyCount', { count: item.replies.length }) : item.aliases.slice(1).join(', ')}
                  />
                  <Stack direction="row" spacing={0.5}>
                    {item.origin !== 'bundled' && <Chip size="small" label={t(`playbooks.origin.${item.origin}`)} color={item.origin === 'tenant' ? 'secondary' : 'default'} />}
                    {!item.active && <Chip size="small" variant="outlined" label={t('playbooks.inactive')} />}
                  </Stack>
                </ListItemButton>
              ))}
            </List>
          </Paper>
        </Grid>
        <Grid size={{ xs: 12, md: 8 }}>
          {current && 'objectionType' in current && (
            <LivePlaybookEditor key={`${current.id}-${current.updatedAt}`} playbook={current} onSave={(edit) => api.invoke('playbooks.save', edit).then(done(t('playbooks.saved')), fail)} onRestore={() => api.invoke('playbooks.restore', { id: current.id }).then(done(t('playbooks.restored')), fail)} />
          )}
          {current && !('objectionType' in current) && (
            <LiveBattlecardEditor key={`${current.id}-${current.updatedAt}`} card={current} onSave={(edit) => api.invoke('battlecards.save', edit).then(done(t('playbooks.saved')), fail)} onRestore={() => api.invoke('battlecards.restore', { id: current.id }).then(done(t('playbooks.restored')), fail)} />
          )}
        </Grid>
      </Grid>
      <Snackbar open={message !== null} autoHideDuration={3000} onClose={() => setMessage(null)}>
        <Alert severity={message?.ok ? 'success' : 'error'} data-testid="playbooks-message">
          {message?.text}
        </Alert>
      </Snackbar>
    </Stack>
  );
}
