import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Accordion, AccordionDetails, AccordionSummary, Alert, Box, Button, Card, CardContent, Chip, FormControl, FormControlLabel, IconButton, InputLabel, LinearProgress, MenuItem, Select, Stack, Switch, Table, TableBody, TableCell,
  TableHead, TableRow, TextField, ToggleButton, ToggleButtonGroup, Typography,
} from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import MicIcon from '@mui/icons-material/Mic';
import StopIcon from '@mui/icons-material/Stop';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import CancelIcon from '@mui/icons-material/Cancel';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { LineChart } from '@mui/x-charts/LineChart';
import type { SimCategory, SimLine, SimPersona, SimResult, SimScenario, SimSummary } from '../../../src-shared/ipc/simulator';
import type { CoreApi } from '../../../src-shared/ipc';
import { useCore, useCoreEvent } from '../core-context';
import { useCheckLabel, useCheckMoment } from '../components/sim-check-label';
import { SimLibraryEditor } from '../components/sim-library-editor';

const CATEGORIES: SimCategory[] = ['objection', 'empathy', 'discovery', 'technique'];
type Lang = 'pt' | 'en';
type RunConfig = { scenario: string; persona: string; language: Lang; seed: number; script: string };
type View = { kind: 'setup' } | { kind: 'run'; config: RunConfig } | { kind: 'result'; result: SimResult; script: string };
const SCRIPT_KEY = 'salesedge.simulator.script';

const newSeed = () => Math.floor(Math.random() * 2 ** 31);
const uiLang = (lng: string): Lang => (lng.startsWith('pt') ? 'pt' : 'en');

/** The Simulator page (issue 14): pick a buyer and scenario, role-play typed, see the score and its moments, follow the progress. */
export function SimulatorPage() {
  const { t, i18n } = useTranslation();
  const { api } = useCore();
  const lang = uiLang(i18n.language);
  const [lib, setLib] = useState<{ personas: SimPersona[]; scenarios: SimScenario[] } | null>(null);
  const [runs, setRuns] = useState<SimSummary[]>([]);
  const [view, setView] = useState<View>({ kind: 'setup' });
  const [error, setError] = useState<string | null>(null);

  const loadLibrary = useCallback(() => {
    api.invoke('simulator.library', { language: lang }).then(setLib, (e: Error) => setError(e.message));
  }, [api, lang]);
  useEffect(loadLibrary, [loadLibrary]);
  useCoreEvent('simulator.libraryChanged', loadLibrary);
  const loadHistory = useCallback(() => {
    api.invoke('simulator.history', {}).then((h) => setRuns(h.runs), (e: Error) => setError(e.message));
  }, [api]);
  useEffect(() => {
    loadHistory();
    const offSaved = api.on('simulator.saved', loadHistory);
    const offDeleted = api.on('simulator.deleted', loadHistory);
    return () => {
      offSaved();
      offDeleted();
    };
  }, [api, loadHistory]);

  const open = (id: string) => api.invoke('simulator.get', { id }).then((result) => setView({ kind: 'result', result, script: '' }), (e: Error) => setError(e.message));

  if (!lib) return error ? <Alert severity="error">{t('simulator.error', { message: error })}</Alert> : <LinearProgress />;
  return (
    <Stack spacing={2} data-testid="simulator-page">
      <Box>
        <Typography variant="h5" component="h2">
          {t('simulator.title')}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {t('simulator.subtitle')}
        </Typography>
      </Box>
      {error && (
        <Alert severity="error" onClose={() => setError(null)} data-testid="sim-error">
          {t('simulator.error', { message: error })}
        </Alert>
      )}
      {view.kind === 'setup' && <Setup lib={lib} defaultLanguage={lang} onStart={(config) => setView({ kind: 'run', config })} />}
      {view.kind === 'run' && <Run key={view.config.seed} config={view.config} lib={lib} onDone={(result) => setView({ kind: 'result', result, script: view.config.script })} onCancel={() => setView({ kind: 'setup' })} onError={setError} />}
      {view.kind === 'result' && (
        <Result
          result={view.result}
          lib={lib}
          onAgain={() => setView({ kind: 'run', config: { scenario: view.result.scenario, persona: view.result.persona, language: view.result.language, seed: newSeed(), script: view.script } })}
          onOther={() => setView({ kind: 'setup' })}
          onDelete={() => api.invoke('simulator.delete', { id: view.result.id }).then(() => setView({ kind: 'setup' }), (e: Error) => setError(e.message))}
        />
      )}
      <History runs={runs} lib={lib} onOpen={open} />
    </Stack>
  );
}

function Setup({ lib, defaultLanguage, onStart }: { lib: { personas: SimPersona[]; scenarios: SimScenario[] }; defaultLanguage: Lang; onStart(c: RunConfig): void }) {
  const { t } = useTranslation();
  const [scenarioId, setScenarioId] = useState(lib.scenarios[0]?.id ?? '');
  const scenario = lib.scenarios.find((s) => s.id === scenarioId);
  const [personaId, setPersonaId] = useState(scenario?.persona ?? '');
  const [language, setLanguage] = useState<Lang>(defaultLanguage);
  const [script, setScript] = useState(() => window.localStorage?.getItem(SCRIPT_KEY) ?? '');
  const changeScript = (text: string) => {
    setScript(text);
    window.localStorage?.setItem(SCRIPT_KEY, text);
  };
  const chooseScenario = (id: string) => {
    setScenarioId(id);
    setPersonaId(lib.scenarios.find((s) => s.id === id)?.persona ?? personaId);
  };
  const persona = lib.personas.find((p) => p.id === personaId);
  return (
    <Card variant="outlined" data-testid="sim-setup">
      <CardContent>
        <Typography variant="subtitle1" sx={{ fontWeight: 600, mb: 2 }}>
          {t('simulator.setup.title')}
        </Typography>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }}>
          <FormControl size="small" sx={{ minWidth: 280 }}>
            <InputLabel id="sim-scenario-label">{t('simulator.setup.scenario')}</InputLabel>
            <Select labelId="sim-scenario-label" label={t('simulator.setup.scenario')} value={scenarioId} onChange={(e) => chooseScenario(e.target.value)} data-testid="sim-scenario">
              {lib.scenarios.map((s) => (
                <MenuItem key={s.id} value={s.id} data-testid={`sim-scenario-${s.id}`}>
                  {s.title}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <FormControl size="small" sx={{ minWidth: 240 }}>
            <InputLabel id="sim-persona-label">{t('simulator.setup.persona')}</InputLabel>
            <Select labelId="sim-persona-label" label={t('simulator.setup.persona')} value={personaId} onChange={(e) => setPersonaId(e.target.value)} data-testid="sim-persona">
              {lib.personas.map((p) => (
                <MenuItem key={p.id} value={p.id} data-testid={`sim-persona-${p.id}`}>
                  {p.name}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <ToggleButtonGroup size="small" exclusive value={language} onChange={(_e, v: Lang | null) => v && setLanguage(v)} aria-label={t('simulator.setup.language')} data-testid="sim-language">
            {(['pt', 'en'] as const).map((l) => (
              <ToggleButton key={l} value={l} data-testid={`sim-language-${l}`} sx={{ textTransform: 'none', px: 1.5 }}>
                {t(`simulator.lang.${l}`)}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        </Stack>
        {scenario && (
          <Box sx={{ display: 'grid', gap: 1, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, mb: 2 }} data-testid="sim-scenario-details">
            <Detail label={t('simulator.setup.situation')} text={scenario.situation} />
            <Detail label={t('simulator.setup.goal')} text={scenario.goal} />
            <Detail label={t('simulator.setup.persona')} text={persona ? `${persona.name}: ${persona.role}` : ''} />
            <Box>
              <Typography variant="caption" color="text.secondary">
                {t('simulator.setup.objections')}
              </Typography>
              <Box>
                {scenario.objections.map((o) => (
                  <Chip key={o} size="small" label={t(`calls.objection.${o}`)} sx={{ mr: 0.5 }} />
                ))}
                <Typography variant="caption" color="text.secondary" sx={{ ml: 1 }}>
                  {t('simulator.setup.passMark', { mark: scenario.passMark })}
                </Typography>
              </Box>
            </Box>
          </Box>
        )}
        {scenario && persona && <SimLibraryEditor personaId={personaId} scenarioId={scenarioId} language={language} />}
        <TextField
          fullWidth
          multiline
          minRows={2}
          maxRows={8}
          size="small"
          label={t('simulator.setup.script')}
          helperText={t('simulator.setup.scriptHelp')}
          value={script}
          onChange={(e) => changeScript(e.target.value)}
          sx={{ mb: 2 }}
          slotProps={{ htmlInput: { 'data-testid': 'sim-script', maxLength: 20_000 } }}
        />
        <Button variant="contained" disabled={!scenario || !persona} onClick={() => onStart({ scenario: scenarioId, persona: personaId, language, seed: newSeed(), script })} data-testid="sim-start">
          {t('simulator.setup.start')}
        </Button>
      </CardContent>
    </Card>
  );
}

function Detail({ label, text }: { label: string; text: string }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="body2">{text}</Typography>
    </Box>
  );
}

const toBase64 = (bytes: ArrayBuffer): string => {
  const u8 = new Uint8Array(bytes);
  let out = '';
  for (let i = 0; i < u8.length; i += 0x8000) out += String.fromCharCode(...u8.subarray(i, i + 0x8000));
  return btoa(out);
};
const fromBase64 = (text: string): ArrayBuffer => {
  const bin = atob(text);
  const u8 = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) u8[i] = bin.charCodeAt(i);
  return u8.buffer;
};

type BuyerVoice = 'off' | 'system' | 'bundled' | 'none';
const TEXT_ONLY_KEY = 'salesedge.simulator.textOnly';

/**
 * Says the buyer's line: the OS or browser voice for the language when there is one
 * (speechSynthesis), else the core's bundled synthesiser (espeak-ng), played with Web Audio.
 */
async function speakBuyer(api: CoreApi, text: string, language: Lang): Promise<BuyerVoice> {
  const synth = typeof window.speechSynthesis === 'undefined' ? null : window.speechSynthesis;
  const voice = synth?.getVoices().find((v) => v.lang.toLowerCase().startsWith(language));
  if (synth && voice) {
    const u = new SpeechSynthesisUtterance(text);
    u.voice = voice;
    u.lang = voice.lang;
    synth.speak(u);
    return 'system';
  }
  try {
    const { audio } = await api.invoke('simulator.speak', { text, language });
    const ctx = new AudioContext();
    const buffer = await ctx.decodeAudioData(fromBase64(audio));
    const node = ctx.createBufferSource();
    node.buffer = buffer;
    node.connect(ctx.destination);
    node.onended = () => void ctx.close();
    node.start();
    return 'bundled';
  } catch {
    return 'none';
  }
}

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

function Run({ config, lib, onDone, onCancel, onError }: { config: RunConfig; lib: { personas: SimPersona[]; scenarios: SimScenario[] }; onDone(r: SimResult): void; onCancel(): void; onError(m: string): void }) {
  const { t } = useTranslation();
  const { api } = useCore();
  const [startedAt] = useState(() => Date.now());
  const [answers, setAnswers] = useState<string[]>([]);
  const [transcript, setTranscript] = useState<SimLine[]>([]);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(true);
  const [ended, setEnded] = useState(false);
  const [paused, setPaused] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  // A ref, not state: the turn that ends the meeting finishes it in the same tick it was spoken.
  const spoken = useRef(false);
  // Per answer, the audio clip the core kept for a spoken one (null: typed).
  const clips = useRef<(string | null)[]>([]);
  const [listening, setListening] = useState(false);
  const [heardNothing, setHeardNothing] = useState(false);
  const [textOnly, setTextOnly] = useState(() => window.localStorage?.getItem(TEXT_ONLY_KEY) === '1');
  const [voiceUsed, setVoiceUsed] = useState<BuyerVoice>('off');
  const [wording, setWording] = useState<'llm' | 'offline'>('offline');
  const fileInput = useRef<HTMLInputElement>(null);
  const bottom = useRef<HTMLDivElement>(null);
  const base = useMemo(() => ({ scenario: config.scenario, persona: config.persona, language: config.language, seed: config.seed }), [config]);
  const scenario = lib.scenarios.find((s) => s.id === config.scenario);

  // The timer runs while the meeting does, and stops while paused.
  useEffect(() => {
    if (paused || ended) return;
    const id = setInterval(() => setElapsed((e) => e + 1000), 1000);
    return () => clearInterval(id);
  }, [paused, ended]);
  useEffect(() => {
    bottom.current?.scrollIntoView?.({ block: 'nearest' });
  }, [transcript]);
  // The buyer speaks each new line, unless text only.
  const lastBuyer = transcript.at(-1)?.speaker === 'buyer' ? transcript.at(-1)!.text : null;
  const lastBuyerIndex = transcript.length;
  useEffect(() => {
    if (!lastBuyer || textOnly) return;
    let stale = false;
    void speakBuyer(api, lastBuyer, config.language).then((v) => !stale && setVoiceUsed(v));
    return () => {
      stale = true;
    };
  }, [api, lastBuyer, lastBuyerIndex, textOnly, config.language]);
  const toggleTextOnly = (on: boolean) => {
    setTextOnly(on);
    window.localStorage?.setItem(TEXT_ONLY_KEY, on ? '1' : '0');
    if (on) {
      window.speechSynthesis?.cancel();
      setVoiceUsed('off');
    }
  };

  const finish = useCallback(
    (all: string[]) => {
      setBusy(true);
      api.invoke('simulator.finish', { ...base, answers: all, startedAt, mode: spoken.current ? 'voice' : 'typed', clips: clips.current.slice(0, all.length), ...(config.script.trim() ? { script: config.script } : {}) }).then(onDone, (e: Error) => (onError(e.message), setBusy(false)));
    },
    [api, base, startedAt, onDone, onError, config.script],
  );

  useEffect(() => {
    api.invoke('simulator.turn', { ...base, answers: [] }).then(
      (r) => (setTranscript(r.transcript), setWording(r.wording), setBusy(false)),
      (e: Error) => onError(e.message),
    );
  }, [api, base, onError]);

  const send = (said?: string, clip: string | null = null) => {
    const text = (said ?? draft).trim();
    if (!text || (busy && said === undefined) || paused || ended) return;
    const next = [...answers, text];
    clips.current = [...clips.current.slice(0, answers.length), clip];
    setAnswers(next);
    if (said === undefined) setDraft('');
    setTranscript((tr) => [...tr, { speaker: 'rep', text }]);
    setBusy(true);
    api.invoke('simulator.turn', { ...base, answers: next }).then(
      (r) => {
        // Keep the lines already shown (an LLM persona worded them); add the buyer's new ones.
        setTranscript((tr) => [...tr, ...r.transcript.slice(tr.length)]);
        setWording(r.wording);
        if (r.ended) {
          setEnded(true);
          finish(next);
        } else setBusy(false);
      },
      (e: Error) => (onError(e.message), setBusy(false)),
    );
  };

  /** A spoken turn's text, once heard: the rep's next turn ('' = nothing was heard). */
  const heard = ({ text, clip }: { text: string; clip: string | null }) => {
    setHeardNothing(!text.trim());
    if (!text.trim()) return setBusy(false);
    spoken.current = true;
    send(text, clip);
  };
  const listen = () => {
    setListening(true);
    setBusy(true);
    window.speechSynthesis?.cancel();
    api
      .invoke('simulator.listen', { language: config.language })
      .then(heard, (e: Error) => (onError(e.message), setBusy(false)))
      .finally(() => setListening(false));
  };
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      const audio = toBase64(await file.arrayBuffer());
      heard(await api.invoke('simulator.transcribe', { audio, language: config.language }));
    } catch (e) {
      onError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <Card variant="outlined" data-testid="sim-run" data-voice={voiceUsed} data-wording={wording}>
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="subtitle1" sx={{ fontWeight: 600, flexGrow: 1 }}>
            {scenario?.title}
          </Typography>
          {wording === 'llm' && <Chip size="small" color="secondary" label={t('simulator.run.llm')} data-testid="sim-llm" />}
          <Chip label={t('simulator.run.timer', { time: clock(elapsed) })} data-testid="sim-timer" variant="outlined" />
          <Button size="small" onClick={() => setPaused((p) => !p)} disabled={ended} data-testid="sim-pause">
            {paused ? t('simulator.run.resume') : t('simulator.run.pause')}
          </Button>
        </Stack>
        <Stack spacing={1} sx={{ maxHeight: 420, overflowY: 'auto', p: 1, bgcolor: 'action.hover', borderRadius: 1 }} data-testid="sim-transcript">
          {transcript.map((line, i) => (
            <Bubble key={i} line={line} />
          ))}
          <div ref={bottom} />
        </Stack>
        {paused && (
          <Alert severity="info" sx={{ mt: 1 }} data-testid="sim-paused">
            {t('simulator.run.paused')}
          </Alert>
        )}
        {ended && (
          <Alert severity="success" sx={{ mt: 1 }} data-testid="sim-ended">
            {t('simulator.run.ended')}
          </Alert>
        )}
        <Box sx={{ height: 4, my: 1 }}>{busy && <LinearProgress />}</Box>
        <Stack direction="row" spacing={1}>
          <TextField
            fullWidth
            size="small"
            multiline
            maxRows={4}
            placeholder={t('simulator.run.placeholder')}
            value={draft}
            disabled={paused || ended}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                send();
              }
            }}
            slotProps={{ htmlInput: { 'data-testid': 'sim-input', 'aria-label': t('simulator.run.placeholder') } }}
          />
          <Button variant="contained" onClick={() => send()} disabled={busy || paused || ended || !draft.trim()} data-testid="sim-send">
            {t('simulator.run.send')}
          </Button>
        </Stack>
        <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
          {listening ? (
            <Button color="error" variant="contained" startIcon={<StopIcon />} onClick={() => void api.invoke('simulator.listen.stop', {})} data-testid="sim-listen-stop">
              {t('simulator.voice.stop')}
            </Button>
          ) : (
            <Button variant="outlined" startIcon={<MicIcon />} onClick={listen} disabled={busy || paused || ended} data-testid="sim-listen">
              {t('simulator.voice.speak')}
            </Button>
          )}
          <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => fileInput.current?.click()} disabled={busy || paused || ended} data-testid="sim-upload">
            {t('simulator.voice.upload')}
          </Button>
          <input ref={fileInput} type="file" accept=".wav,audio/wav" hidden data-testid="sim-upload-input" onChange={(e) => void upload(e.target.files?.[0]).finally(() => (e.target.value = ''))} />
          <FormControlLabel control={<Switch checked={textOnly} onChange={(e) => toggleTextOnly(e.target.checked)} data-testid="sim-text-only" />} label={t('simulator.voice.textOnly')} />
          {listening && (
            <Typography variant="body2" color="text.secondary" data-testid="sim-listening">
              {t('simulator.voice.listening')}
            </Typography>
          )}
          {heardNothing && !listening && (
            <Typography variant="body2" color="warning.main" data-testid="sim-heard-nothing">
              {t('simulator.voice.nothing')}
            </Typography>
          )}
        </Stack>
        <Stack direction="row" spacing={1} sx={{ mt: 1.5 }}>
          <Button variant="outlined" onClick={() => finish(answers)} disabled={busy || ended || answers.length === 0} data-testid="sim-end">
            {t('simulator.run.end')}
          </Button>
          <Button onClick={onCancel} disabled={ended} data-testid="sim-cancel">
            {t('simulator.run.cancel')}
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
}

function Bubble({ line, highlight = false }: { line: SimLine; highlight?: boolean }) {
  const { t } = useTranslation();
  const rep = line.speaker === 'rep';
  return (
    <Box sx={{ alignSelf: rep ? 'flex-end' : 'flex-start', maxWidth: '80%' }} data-testid={`sim-line-${line.speaker}`}>
      <Typography variant="caption" color="text.secondary">
        {rep ? t('simulator.run.you') : t('simulator.run.buyer')}
      </Typography>
      <Box
        sx={{
          px: 1.5, py: 1, borderRadius: 2, bgcolor: rep ? 'primary.main' : 'background.paper', color: rep ? 'primary.contrastText' : 'text.primary', border: rep ? 'none' : '1px solid', borderColor: 'divider',
          outline: highlight ? '2px solid' : 'none', outlineColor: 'warning.main',
        }}
      >
        <Typography variant="body2">{line.text}</Typography>
      </Box>
    </Box>
  );
}


/** Plays a spoken turn's audio, kept with the run. */
function PlayClip({ id, turn }: { id: string; turn: number }) {
  const { t } = useTranslation();
  const { api } = useCore();
  const [state, setState] = useState<'idle' | 'playing' | 'played' | 'failed'>('idle');
  const play = async () => {
    setState('playing');
    try {
      const { audio } = await api.invoke('simulator.clip', { id, turn });
      const ctx = new AudioContext();
      const node = ctx.createBufferSource();
      node.buffer = await ctx.decodeAudioData(fromBase64(audio));
      node.connect(ctx.destination);
      node.onended = () => void ctx.close();
      node.start();
      setState('played');
    } catch {
      setState('failed');
    }
  };
  return (
    <IconButton size="small" aria-label={t('simulator.result.play')} title={t('simulator.result.play')} onClick={() => void play()} disabled={state === 'playing'} data-testid="sim-clip" data-state={state}>
      <PlayArrowIcon fontSize="inherit" />
    </IconButton>
  );
}

function Result({ result, lib, onAgain, onOther, onDelete }: { result: SimResult; lib: { scenarios: SimScenario[] }; onAgain(): void; onOther(): void; onDelete(): void }) {
  const { t } = useTranslation();
  const label = useCheckLabel();
  const scenario = lib.scenarios.find((s) => s.id === result.scenario);
  // A check's moment: the rep's turn number and its words.
  const moment = useCheckMoment();
  return (
    <Card variant="outlined" data-testid="sim-result">
      <CardContent>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={3} sx={{ mb: 2 }}>
          <Box sx={{ minWidth: 200 }}>
            <Typography variant="body2" color="text.secondary">
              {scenario?.title ?? result.scenario}
            </Typography>
            <Typography variant="h3" component="p" sx={{ fontWeight: 700 }} data-testid="sim-score">
              {t('simulator.result.score', { score: result.score })}
            </Typography>
            <Chip color={result.passed ? 'success' : 'error'} label={result.passed ? t('simulator.result.passed') : t('simulator.result.failed')} data-testid="sim-passed" sx={{ mr: 1 }} />
            {scenario && (
              <Typography variant="caption" color="text.secondary">
                {t('simulator.result.passMark', { mark: scenario.passMark })}
              </Typography>
            )}
            <Typography variant="body2" sx={{ mt: 1 }} data-testid="sim-outcome">
              {t(`simulator.result.outcome.${result.complete ? result.outcome : 'incomplete'}`)}
            </Typography>
          </Box>
          <Box sx={{ flexGrow: 1, display: 'grid', gap: 1.5, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }} data-testid="sim-categories">
            {CATEGORIES.map((c) => (
              <Box key={c} data-testid={`sim-category-${c}`}>
                <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
                  <Typography variant="body2">{t(`simulator.category.${c}`)}</Typography>
                  <Typography variant="body2" sx={{ fontWeight: 600 }}>
                    {result.categories[c]}
                  </Typography>
                </Stack>
                <LinearProgress variant="determinate" value={result.categories[c]} color={result.categories[c] >= 70 ? 'success' : result.categories[c] >= 40 ? 'warning' : 'error'} sx={{ height: 8, borderRadius: 4 }} />
              </Box>
            ))}
          </Box>
        </Stack>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
          {t('simulator.result.feedback')}
        </Typography>
        <Box component="ul" sx={{ mt: 0.5, mb: 2, pl: 3 }} data-testid="sim-feedback">
          {result.feedback.map((f, i) => (
            <li key={i}>
              <Typography variant="body2">{f}</Typography>
            </li>
          ))}
        </Box>
        <Typography variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
          {t('simulator.result.checks')}
        </Typography>
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, mb: 2 }}>
          {CATEGORIES.map((c) => (
            <Box key={c}>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 0.5 }}>
                {t(`simulator.category.${c}`)}
              </Typography>
              {result.checks
                .filter((x) => x.category === c)
                .map((x) => (
                  <Box key={x.id} sx={{ display: 'flex', gap: 1, mb: 0.75 }} data-testid="sim-check" data-check={x.id} data-passed={x.passed}>
                    {x.passed ? <CheckCircleIcon color="success" fontSize="small" /> : <CancelIcon color="error" fontSize="small" />}
                    <Box>
                      <Typography variant="body2">{label(x.id)}</Typography>
                      <Typography variant="caption" color="text.secondary" data-testid="sim-check-moment">
                        {x.turn === null ? t('simulator.result.wholeRun') : moment(result.transcript, x.turn)}
                      </Typography>
                      {x.turn !== null && result.audio.includes(x.turn) && <PlayClip id={result.id} turn={x.turn} />}
                    </Box>
                  </Box>
                ))}
            </Box>
          ))}
        </Box>
        {result.script && result.script.length > 0 && (
          <Box sx={{ mb: 2 }} data-testid="sim-script-result">
            <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
              {t('simulator.result.script', { covered: result.script.filter((p) => p.covered).length, total: result.script.length })}
            </Typography>
            {result.script.map((p, i) => (
              <Box key={i} sx={{ display: 'flex', gap: 1, mb: 0.75 }} data-testid="sim-script-point" data-covered={p.covered}>
                {p.covered ? <CheckCircleIcon color="success" fontSize="small" /> : <CancelIcon color="error" fontSize="small" />}
                <Box>
                  <Typography variant="body2">{p.point}</Typography>
                  {p.turn !== null && (
                    <Typography variant="caption" color="text.secondary">
                      {moment(result.transcript, p.turn)}
                    </Typography>
                  )}
                </Box>
              </Box>
            ))}
          </Box>
        )}
        <Accordion variant="outlined" disableGutters>
          <AccordionSummary expandIcon={<ExpandMoreIcon />} data-testid="sim-result-transcript-toggle">
            {t('simulator.result.transcript')}
          </AccordionSummary>
          <AccordionDetails>
            <Stack spacing={1} data-testid="sim-result-transcript">
              {result.transcript.map((line, i) => (
                <Bubble key={i} line={line} highlight={result.checks.some((c) => c.turn === i && !c.passed)} />
              ))}
            </Stack>
          </AccordionDetails>
        </Accordion>
        <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
          <Button variant="contained" onClick={onAgain} data-testid="sim-again">
            {t('simulator.result.again')}
          </Button>
          <Button onClick={onOther} data-testid="sim-other">
            {t('simulator.result.other')}
          </Button>
          <Box sx={{ flexGrow: 1 }} />
          <Button color="error" onClick={onDelete} data-testid="sim-delete">
            {t('simulator.result.delete')}
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
}

function History({ runs, lib, onOpen }: { runs: SimSummary[]; lib: { scenarios: SimScenario[] }; onOpen(id: string): void }) {
  const { t, i18n } = useTranslation();
  const when = useMemo(() => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' }), [i18n.language]);
  const oldestFirst = useMemo(() => [...runs].reverse(), [runs]);
  const best = runs.length ? Math.max(...runs.map((r) => r.score)) : null;
  return (
    <Card variant="outlined" data-testid="sim-history">
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', mb: 1 }}>
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
            {t('simulator.history.title')}
          </Typography>
          <Typography variant="body2" color="text.secondary" data-testid="sim-history-count">
            {t('simulator.history.runs', { count: runs.length })}
          </Typography>
          {best !== null && (
            <Typography variant="body2" color="text.secondary" data-testid="sim-history-best">
              {t('simulator.history.best', { score: best })}
            </Typography>
          )}
        </Stack>
        {runs.length === 0 ? (
          <Typography color="text.secondary" data-testid="sim-history-empty">
            {t('simulator.history.empty')}
          </Typography>
        ) : (
          <>
            <Typography variant="caption" color="text.secondary">
              {t('simulator.history.chart')}
            </Typography>
            <Box data-testid="sim-history-chart">
              <LineChart
                height={240}
                xAxis={[{ data: oldestFirst.map((_r, i) => i + 1), scaleType: 'point' }]}
                yAxis={[{ min: 0, max: 100 }]}
                series={CATEGORIES.map((c) => ({ id: c, label: t(`simulator.category.${c}`), data: oldestFirst.map((r) => r.categories[c]), curve: 'linear' as const, showMark: true }))}
              />
            </Box>
            <Table size="small" data-testid="sim-history-table">
              <TableHead>
                <TableRow>
                  <TableCell>{t('simulator.history.when')}</TableCell>
                  <TableCell>{t('simulator.history.scenario')}</TableCell>
                  <TableCell align="right">{t('simulator.history.score')}</TableCell>
                  <TableCell>{t('simulator.history.result')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {runs.slice(0, 20).map((r) => (
                  <TableRow key={r.id} hover sx={{ cursor: 'pointer' }} onClick={() => onOpen(r.id)} data-testid="sim-history-row">
                    <TableCell>{when.format(r.startedAt)}</TableCell>
                    <TableCell>{lib.scenarios.find((s) => s.id === r.scenario)?.title ?? r.scenario}</TableCell>
                    <TableCell align="right" data-testid="sim-history-score">
                      {r.score}
                    </TableCell>
                    <TableCell>
                      <Chip size="small" color={r.passed ? 'success' : 'default'} label={r.passed ? t('simulator.result.passed') : t('simulator.result.failed')} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        )}
      </CardContent>
    </Card>
  );
}
