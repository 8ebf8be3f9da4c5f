/**
 * Follow-up tasks (issue 15, point 4): made by the core when a call linked to a deal ends. The
 * nav's badge counts the due ones; the Deals page lists them with done, snooze and reopen.
 * Both reload on the core's tasks.changed and tasks.due events, and each minute (a due time
 * that passes while the page is open).
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Box, Button, Card, CardContent, Chip, Collapse, Divider, Menu, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { FollowUpTaskView } from '../../../src-shared/ipc/deals';
import type { ResponseOf } from '../../../src-shared/ipc';
import { useCore } from '../core-context';

const REFRESH_MS = 60_000;

/** The task list and how many are due, kept fresh. */
export function useFollowUpTasks(): { data: ResponseOf<'tasks.list'> | null; reload: () => void; error: string | null } {
  const { api } = useCore();
  const [data, setData] = useState<ResponseOf<'tasks.list'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    api.invoke('tasks.list', {}).then(
      (r) => {
        setData(r);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [api]);
  useEffect(() => {
    reload();
    const offs = [api.on('tasks.changed', reload), api.on('tasks.due', reload)];
    const timer = setInterval(reload, REFRESH_MS);
    return () => {
      offs.forEach((off) => off());
      clearInterval(timer);
    };
  }, [api, reload]);
  return { data, reload, error };
}

/** The nav icon with the count of due follow-ups. */
export function DueTasksBadge({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { data } = useFollowUpTasks();
  const due = data?.due ?? 0;
  return (
    <Badge badgeContent={due} color="error" max={99} invisible={due === 0} slotProps={{ badge: (due > 0 ? { 'aria-label': t('tasks.badge', { count: due }), title: t('tasks.badge', { count: due }) } : {}) as object }} data-testid="tasks-badge" data-due={due}>
      {children}
    </Badge>
  );
}

const DAY = 86_400_000;
/** 09:00 local, `days` from today. */
const morning = (days: number) => {
  const d = new Date(Date.now() + days * DAY);
  d.setHours(9, 0, 0, 0);
  return d.getTime();
};

/** The Deals page's task list: due first, then by due time; done ones at the end. */
export function TasksPanel() {
  const { t, i18n } = useTranslation();
  const { api } = useCore();
  const { data, reload, error } = useFollowUpTasks();
  const [busy, setBusy] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ anchor: HTMLElement; id: string } | null>(null);
  const [pick, setPick] = useState('');
  const fmt = useMemo(() => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }), [i18n.language]);

  const act = async (id: string, run: () => Promise<unknown>) => {
    setBusy(id);
    setFailed(null);
    try {
      await run();
      reload();
    } catch (e) {
      setFailed((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const snooze = (id: string, until: number) => {
    setMenu(null);
    void act(id, () => api.invoke('tasks.snooze', { id, until }));
  };

  if (!data) return error ? <Alert severity="error">{error}</Alert> : null;
  const tasks = data.tasks;
  // None yet: one quiet line saying where they come from, not an empty card above the charts.
  if (tasks.length === 0) return <Typography variant="body2" color="text.secondary" data-testid="tasks-none">{t('tasks.none')}</Typography>;
  return (
    <Card variant="outlined" data-testid="tasks-panel">
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="h6">{t('tasks.title')}</Typography>
          {data.due > 0 && <Chip size="small" color="error" label={t('tasks.dueCount', { count: data.due })} data-testid="tasks-due-count" />}
        </Stack>
        {failed && <Alert severity="error" sx={{ mb: 1 }}>{failed}</Alert>}
        <Stack divider={<Divider flexItem />} spacing={1}>
            {tasks.map((task) => (
              <TaskRow
                key={task.id}
                task={task}
                when={(ms) => fmt.format(new Date(ms))}
                busy={busy === task.id}
                expanded={expanded === task.id}
                onToggle={() => setExpanded(expanded === task.id ? null : task.id)}
                onDone={() => void act(task.id, () => api.invoke('tasks.done', { id: task.id }))}
                onReopen={() => void act(task.id, () => api.invoke('tasks.reopen', { id: task.id }))}
                onSnooze={(anchor) => {
                  setPick('');
                  setMenu({ anchor, id: task.id });
                }}
              />
            ))}
        </Stack>
        <Menu anchorEl={menu?.anchor} open={!!menu} onClose={() => setMenu(null)} data-testid="tasks-snooze-menu">
          <MenuItem onClick={() => menu && snooze(menu.id, morning(1))} data-testid="tasks-snooze-tomorrow">{t('tasks.snooze.tomorrow')}</MenuItem>
          <MenuItem onClick={() => menu && snooze(menu.id, morning(7))} data-testid="tasks-snooze-week">{t('tasks.snooze.nextWeek')}</MenuItem>
          <Box sx={{ px: 2, py: 1, display: 'flex', gap: 1, alignItems: 'center' }}>
            <TextField
              type="date"
              size="small"
              label={t('tasks.snooze.until')}
              value={pick}
              onChange={(e) => setPick(e.target.value)}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'tasks-snooze-date' } }}
            />
            <Button
              size="small"
              disabled={!pick}
              onClick={() => {
                const [y, m, d] = pick.split('-').map(Number);
                if (menu && y && m && d) snooze(menu.id, new Date(y, m - 1, d, 9).getTime());
              }}
              data-testid="tasks-snooze-apply"
            >
              {t('tasks.snooze.apply')}
            </Button>
          </Box>
        </Menu>
      </CardContent>
    </Card>
  );
}

function TaskRow(p: { task: FollowUpTaskView; when: (ms: number) => string; busy: boolean; expanded: boolean; onToggle(): void; onDone(): void; onReopen(): void; onSnooze(anchor: HTMLElement): void }) {
  const { t } = useTranslation();
  const { task } = p;
  const status = task.status === 'done' ? t('tasks.status.done') : task.due ? t('tasks.status.due') : task.status === 'snoozed' ? t('tasks.status.snoozed', { date: p.when(task.snoozedUntil!) }) : t('tasks.status.open', { date: p.when(task.dueAt) });
  const color = task.status === 'done' ? 'default' : task.due ? 'error' : task.status === 'snoozed' ? 'info' : 'default';
  return (
    <Box data-testid="tasks-row" data-status={task.status} data-due={task.due}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <Box sx={{ flexGrow: 1, minWidth: 240, cursor: 'pointer' }} onClick={p.onToggle}>
          <Typography sx={{ fontWeight: 600, textDecoration: task.status === 'done' ? 'line-through' : 'none' }} data-testid="tasks-title">
            {task.title}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {[task.dealName, task.callTitle].filter(Boolean).join(' · ')}
          </Typography>
        </Box>
        <Chip size="small" color={color} label={status} data-testid="tasks-status" />
        {task.push.state === 'pushed' && <Chip size="small" variant="outlined" color="success" label={t('tasks.push.pushed')} />}
        {task.push.state === 'failed' && <Chip size="small" variant="outlined" color="warning" label={t('tasks.push.failed')} title={task.push.error ?? undefined} />}
        {task.status === 'done' ? (
          <Button size="small" disabled={p.busy} onClick={p.onReopen} data-testid="tasks-reopen">{t('tasks.reopen')}</Button>
        ) : (
          <>
            <Button size="small" variant="contained" disabled={p.busy} onClick={p.onDone} data-testid="tasks-done">{t('tasks.done')}</Button>
            <Button size="small" disabled={p.busy} onClick={(e) => p.onSnooze(e.currentTarget)} data-testid="tasks-snooze">{t('tasks.snooze.label')}</Button>
          </>
        )}
      </Stack>
      <Collapse in={p.expanded} unmountOnExit>
        <Typography variant="body2" component="pre" sx={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', mt: 1, p: 1.5, bgcolor: 'action.hover', borderRadius: 1 }} data-testid="tasks-body">
          {task.body}
        </Typography>
      </Collapse>
    </Box>
  );
}
