import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import type { Battlecard, Playbook } from '../../../src-shared/ipc/playbooks';

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

function EditorFrame({ title, origin, hasDefault, dirty, onSave, onRestore, children }: { title: string; origin: Playbook['origin']; hasDefault: boolean; dirty: boolean; onSave(): void; onRestore(): void; children: ReactNode }) {
  const { t } = useTranslation();
  const readOnly = origin === 'tenant';
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="playbook-editor">
      <Stack spacing={2}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
          {title}
        </Typography>
        {readOnly && <Alert severity="info">{t('playbooks.tenantReadOnly')}</Alert>}
        {children}
        {!readOnly && (
          <Stack direction="row" spacing={1}>
            <Button variant="contained" onClick={onSave} disabled={!dirty} data-testid="playbook-save">
              {t('playbooks.save')}
            </Button>
            <Button onClick={onRestore} disabled={!hasDefault || origin === 'bundled'} data-testid="playbook-restore">
              {t('playbooks.restore')}
            </Button>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

export function LivePlaybookEditor({ playbook, onSave, onRestore }: { playbook: Playbook; onSave(edit: { id: string; title: string; replies: string[] }): void; onRestore(): void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(playbook.title);
  const [replies, setReplies] = useState(playbook.replies.join('\n'));
  const readOnly = playbook.origin === 'tenant';
  const dirty = title !== playbook.title || replies !== playbook.replies.join('\n');
  return (
    <EditorFrame title={t(`live.objection.${playbook.objectionType}`)} origin={playbook.origin} hasDefault={playbook.hasDefault} dirty={dirty} onSave={() => onSave({ id: playbook.id, title: title.trim(), replies: lines(replies) })} onRestore={onRestore}>
      <TextField label={t('playbooks.fieldTitle')} value={title} onChange={(e) => setTitle(e.target.value)} disabled={readOnly} fullWidth slotProps={{ htmlInput: { 'data-testid': 'playbook-title' } }} />
      <TextField label={t('playbooks.fieldReplies')} helperText={t('playbooks.onePerLine')} value={replies} onChange={(e) => setReplies(e.target.value)} disabled={readOnly} multiline minRows={6} fullWidth slotProps={{ htmlInput: { 'data-testid': 'playbook-replies' } }} />
    </EditorFrame>
  );
}

export function LiveBattlecardEditor({ card, onSave, onRestore }: { card: Battlecard; onSave(edit: { id: string; aliases: string[]; positioning: string; landmines: string[]; proofPoints: string[]; talkTrack: string }): void; onRestore(): void }) {
  const { t } = useTranslation();
  const [aliases, setAliases] = useState(card.aliases.join(', '));
  const [positioning, setPositioning] = useState(card.positioning);
  const [landmines, setLandmines] = useState(card.landmines.join('\n'));
  const [proofPoints, setProofPoints] = useState(card.proofPoints.join('\n'));
  const [talkTrack, setTalkTrack] = useState(card.talkTrack);
  const readOnly = card.origin === 'tenant';
  const dirty = aliases !== card.aliases.join(', ') || positioning !== card.positioning || landmines !== card.landmines.join('\n') || proofPoints !== card.proofPoints.join('\n') || talkTrack !== card.talkTrack;
  const save = () =>
    onSave({ id: card.id, aliases: aliases.split(',').map((a) => a.trim()).filter(Boolean), positioning: positioning.trim(), landmines: lines(landmines), proofPoints: lines(proofPoints), talkTrack: talkTrack.trim() });
  return (
    <EditorFrame title={card.name} origin={card.origin} hasDefault={card.hasDefault} dirty={dirty} onSave={save} onRestore={onRestore}>
      <TextField label={t('playbooks.fieldAliases')} helperText={t('playbooks.aliasesHelp')} value={aliases} onChange={(e) => setAliases(e.target.value)} disabled={readOnly} fullWidth />
      <TextField label={t('playbooks.fieldPositioning')} value={positioning} onChange={(e) => setPositioning(e.target.value)} disabled={readOnly} multiline minRows={2} fullWidth />
      <TextField label={t('playbooks.fieldLandmines')} helperText={t('playbooks.oneLine')} value={landmines} onChange={(e) => setLandmines(e.target.value)} disabled={readOnly} multiline minRows={3} fullWidth />
      <TextField label={t('playbooks.fieldProofPoints')} helperText={t('playbooks.oneLine')} value={proofPoints} onChange={(e) => setProofPoints(e.target.value)} disabled={readOnly} multiline minRows={3} fullWidth />
      <TextField label={t('playbooks.fieldTalkTrack')} value={talkTrack} onChange={(e) => setTalkTrack(e.target.value)} disabled={readOnly} multiline minRows={3} fullWidth slotProps={{ htmlInput: { 'data-testid': 'battlecard-talktrack' } }} />
    </EditorFrame>
  );
}
