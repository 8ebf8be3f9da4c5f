import { useCallback, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Box, Button, LinearProgress, Paper, Stack, Typography } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { IMPORT_CHUNK_BYTES, MAX_IMPORT_BYTES, type ImportProgress } from '../../../src-shared/ipc/calls';
import { useCore, useCoreEvent } from '../core-context';
import { useUiText } from '../i18n/use-ui-text';

const ACCEPT = '.wav,.mp3,.m4a,.aac,.mp4,.ogg,.oga,.opus,.flac,audio/*,.json';
// A reference transcript picked with the recording (demos, tests): NAME.script.json.
const isScript = (f: File) => f.name.endsWith('.script.json');

/** Base64 of a byte range, built in slices (String.fromCharCode has an argument limit). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

type State = { jobId: string | null; fileName: string; progress: ImportProgress | null; error: string | null };

/**
 * Drop zone + file picker for a recording. The bytes go to the core over the contract in
 * base64 chunks (the same on Electron IPC and the WebSocket); progress comes back as events.
 */
export function CallsImport({ onImported }: { onImported(callId: string): void }) {
  const { t, i18n } = useTranslation();
  const text = useUiText();
  const { api } = useCore();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ jobId: null, fileName: '', progress: null, error: null });
  const [over, setOver] = useState(false);
  const jobRef = useRef<string | null>(null);
  const cancelled = useRef(false);

  useCoreEvent(
    'calls.import.progress',
    useCallback(
      (p: ImportProgress) => {
        if (p.jobId !== jobRef.current) return;
        setState((s) => ({ ...s, progress: p, error: p.phase === 'failed' ? text.notice(p.notice, p.error) : s.error }));
        if (p.phase === 'done' || p.phase === 'failed' || p.phase === 'cancelled') jobRef.current = null;
      },
      [text],
    ),
  );

  const upload = async (files: File[]) => {
    const file = files.find((f) => !isScript(f));
    const scriptFile = files.find(isScript);
    if (!file) return;
    cancelled.current = false;
    if (file.size > MAX_IMPORT_BYTES) {
      const max = new Intl.NumberFormat(i18n.language, { style: 'unit', unit: 'gigabyte', maximumFractionDigits: 0 }).format(MAX_IMPORT_BYTES / 1024 ** 3);
      setState({ jobId: null, fileName: file.name, progress: null, error: t('calls.import.tooLarge', { file: file.name, max }) });
      return;
    }
    setState({ jobId: null, fileName: file.name, progress: null, error: null });
    try {
      const { jobId } = await api.invoke('calls.import.start', { fileName: file.name, size: file.size });
      jobRef.current = jobId;
      setState((s) => ({ ...s, jobId, progress: { jobId, phase: 'receiving', fraction: 0, callId: null, error: null } }));
      for (let offset = 0; offset < file.size; offset += IMPORT_CHUNK_BYTES) {
        if (cancelled.current) return;
        const bytes = new Uint8Array(await file.slice(offset, offset + IMPORT_CHUNK_BYTES).arrayBuffer());
        await api.invoke('calls.import.chunk', { jobId, offset, data: toBase64(bytes) });
      }
      if (cancelled.current) return;
      await api.invoke('calls.import.finish', { jobId, script: scriptFile ? await scriptFile.text() : undefined });
    } catch (err) {
      jobRef.current = null;
      setState((s) => ({ ...s, error: text.error(err) }));
    }
  };

  const cancel = async () => {
    cancelled.current = true;
    if (state.jobId) await api.invoke('calls.import.cancel', { jobId: state.jobId }).catch(() => undefined);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void upload([...e.dataTransfer.files]);
  };

  const p = state.progress;
  const running = p !== null && !['done', 'failed', 'cancelled'].includes(p.phase);
  return (
    <Paper
      variant="outlined"
      data-testid="calls-import"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      sx={{ p: 2, mb: 2, borderStyle: 'dashed', bgcolor: over ? 'action.hover' : undefined }}
    >
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <UploadFileIcon color="action" />
        <Typography sx={{ flexGrow: 1 }} color="text.secondary">
          {t('calls.import.hint')}
        </Typography>
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          multiple
          hidden
          data-testid="calls-import-input"
          onChange={(e) => {
            void upload([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
        <Button variant="contained" disabled={running} onClick={() => input.current?.click()}>
          {t('calls.import.button')}
        </Button>
      </Stack>
      {p && (
        <Box sx={{ mt: 2 }} data-testid="calls-import-progress" data-phase={p.phase}>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Typography variant="body2" sx={{ minWidth: 240 }}>
              {t(`calls.import.phase.${p.phase}`, { file: state.fileName })}
            </Typography>
            <LinearProgress variant="determinate" value={Math.round(p.fraction * 100)} sx={{ flexGrow: 1, height: 8, borderRadius: 4 }} aria-label={t('calls.import.progress')} />
            <Typography variant="body2" sx={{ width: 48, textAlign: 'right' }}>
              {Math.round(p.fraction * 100)}%
            </Typography>
            {running && (
              <Button size="small" onClick={() => void cancel()} data-testid="calls-import-cancel">
                {t('calls.import.cancel')}
              </Button>
            )}
            {p.phase === 'done' && p.callId && (
              <Button size="small" variant="outlined" onClick={() => onImported(p.callId!)} data-testid="calls-import-open">
                {t('calls.import.open')}
              </Button>
            )}
          </Stack>
        </Box>
      )}
      {state.error && (
        <Alert severity="error" sx={{ mt: 2 }} data-testid="calls-import-error">
          {state.error}
        </Alert>
      )}
    </Paper>
  );
}
