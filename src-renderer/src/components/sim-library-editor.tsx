import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Accordion, AccordionDetails, AccordionSummary, Alert, Box, Button, Chip, Stack, TextField, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import type { SimPersona, SimScenario } from '../../../src-shared/ipc/simulator';
import { useCore, useCoreEvent } from '../core-context';

type Lang = 'pt' | 'en';
const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/**
 * Edits the words of the chosen buyer and scenario in the meeting's language (issue 14): as a
 * playbook, an edit becomes the rep's own row, "restore" puts the default back, and what the
 * company sent through sync is shown read-only.
 */
export function SimLibraryEditor({ personaId, scenarioId, language }: { personaId: string; scenarioId: string; language: Lang }) {
  const { t } = useTranslation();
  const { api } = useCore();
  const [lib, setLib] = useState<{ personas: SimPersona[]; scenarios: SimScenario[] } | null>(null);
  const [status, setStatus] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);
  const load = useCallback(() => {
    api.invoke('simulator.library', { language }).then(setLib, (e: Error) => setStatus({ severity: 'error', text: e.message }));
  }, [api, language]);
  useEffect(load, [load]);
  useCoreEvent('simulator.libraryChanged', load);
  const persona = lib?.personas.find((p) => p.id === personaId);
  const scenario = lib?.scenarios.find((s) => s.id === scenarioId);
  const done = (key: 'saved' | 'restored') => {
    // The core's simulator.libraryChanged reloads this editor and the page.
    setStatus({ severity: 'success', text: t(`playbooks.${key}`) });
  };
  const fail = (e: Error) => setStatus({ severity: 'error', text: t('simulator.error', { message: e.message }) });
  return (
    <Accordion variant="outlined" disableGutters sx={{ mb: 2 }} data-testid="sim-editor">
      <AccordionSummary expandIcon={<ExpandMoreIcon />} data-testid="sim-editor-toggle">
        <Typography variant="body2">{t('simulator.editor.title', { language: t(`simulator.lang.${language}`) })}</Typography>
      </AccordionSummary>
      <AccordionDetails>
        {status && (
          <Alert severity={status.severity} onClose={() => setStatus(null)} sx={{ mb: 2 }} data-testid="sim-editor-status">
            {status.text}
          </Alert>
        )}
        <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
          {persona && <PersonaForm key={`${persona.rowId}:${persona.origin}:${persona.name}`} persona={persona} onSave={(edit) => api.invoke('simulator.persona.save', edit).then(() => done('saved'), fail)} onRestore={() => api.invoke('simulator.persona.restore', { rowId: persona.rowId }).then(() => done('restored'), fail)} />}
          {scenario && <ScenarioForm key={`${scenario.rowId}:${scenario.origin}:${scenario.title}`} scenario={scenario} onSave={(edit) => api.invoke('simulator.scenario.save', edit).then(() => done('saved'), fail)} onRestore={() => api.invoke('simulator.scenario.restore', { rowId: scenario.rowId }).then(() => done('restored'), fail)} />}
        </Box>
      </AccordionDetails>
    </Accordion>
  );
}

function Header({ title, origin }: { title: string; origin: SimPersona['origin'] }) {
  const { t } = useTranslation();
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Typography variant="subtitle2">{title}</Typography>
      <Chip size="small" label={t(`playbooks.origin.${origin}`)} color={origin === 'tenant' ? 'info' : origin === 'user' ? 'secondary' : 'default'} data-testid="sim-editor-origin" />
    </Stack>
  );
}

function Actions({ readOnly, canRestore, onSave, onRestore, prefix }: { readOnly: boolean; canRestore: boolean; onSave(): void; onRestore(): void; prefix: string }) {
  const { t } = useTranslation();
  if (readOnly) return <Alert severity="info">{t('playbooks.tenantReadOnly')}</Alert>;
  return (
    <Stack direction="row" spacing={1}>
      <Button variant="contained" size="small" onClick={onSave} data-testid={`${prefix}-save`}>
        {t('playbooks.save')}
      </Button>
      <Button size="small" disabled={!canRestore} onClick={onRestore} data-testid={`${prefix}-restore`}>
        {t('playbooks.restore')}
      </Button>
    </Stack>
  );
}

function PersonaForm({ persona, onSave, onRestore }: { persona: SimPersona; onSave(edit: { rowId: string; name: string; role: string; goals: string; hiddenConcern: string; opening: string[]; reveal: string[] }): void; onRestore(): void }) {
  const { t } = useTranslation();
  const [f, setF] = useState({ name: persona.name, role: persona.role, goals: persona.goals, hiddenConcern: persona.hiddenConcern, opening: persona.opening.join('\n'), reveal: persona.reveal.join('\n') });
  const readOnly = persona.origin === 'tenant';
  const field = (key: keyof typeof f, multiline = false, help?: string) => (
    <TextField
      size="small"
      fullWidth
      multiline={multiline}
      minRows={multiline ? 2 : undefined}
      label={t(`simulator.editor.persona.${key}`)}
      helperText={help}
      value={f[key]}
      disabled={readOnly}
      onChange={(e) => setF({ ...f, [key]: e.target.value })}
      slotProps={{ htmlInput: { 'data-testid': `sim-edit-persona-${key}` } }}
    />
  );
  return (
    <Stack spacing={1.5} data-testid="sim-edit-persona">
      <Header title={t('simulator.editor.persona.heading')} origin={persona.origin} />
      {field('name')}
      {field('role')}
      {field('goals', true)}
      {field('hiddenConcern', true)}
      {field('opening', true, t('playbooks.oneLine'))}
      {field('reveal', true, t('playbooks.oneLine'))}
      <Actions
        prefix="sim-edit-persona"
        readOnly={readOnly}
        canRestore={persona.hasDefault && persona.origin === 'user'}
        onSave={() => onSave({ rowId: persona.rowId, name: f.name, role: f.role, goals: f.goals, hiddenConcern: f.hiddenConcern, opening: lines(f.opening), reveal: lines(f.reveal) })}
        onRestore={onRestore}
      />
    </Stack>
  );
}

function ScenarioForm({ scenario, onSave, onRestore }: { scenario: SimScenario; onSave(edit: { rowId: string; title: string; product: string; situation: string; repGoal: string }): void; onRestore(): void }) {
  const { t } = useTranslation();
  const [f, setF] = useState({ title: scenario.title, product: scenario.product, situation: scenario.situation, repGoal: scenario.goal });
  const readOnly = scenario.origin === 'tenant';
  const field = (key: keyof typeof f, multiline = false) => (
    <TextField
      size="small"
      fullWidth
      multiline={multiline}
      minRows={multiline ? 2 : undefined}
      label={t(`simulator.editor.scenario.${key}`)}
      value={f[key]}
      disabled={readOnly}
      onChange={(e) => setF({ ...f, [key]: e.target.value })}
      slotProps={{ htmlInput: { 'data-testid': `sim-edit-scenario-${key}` } }}
    />
  );
  return (
    <Stack spacing={1.5} data-testid="sim-edit-scenario">
      <Header title={t('simulator.editor.scenario.heading')} origin={scenario.origin} />
      {field('title')}
      {field('product', true)}
      {field('situation', true)}
      {field('repGoal', true)}
      <Actions
        prefix="sim-edit-scenario"
        readOnly={readOnly}
        canRestore={scenario.hasDefault && scenario.origin === 'user'}
        onSave={() => onSave({ rowId: scenario.rowId, ...f })}
        onRestore={onRestore}
      />
    </Stack>
  );
}
