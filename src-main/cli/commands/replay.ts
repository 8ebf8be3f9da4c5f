import { InvalidArgumentError } from 'commander';
import type { CommandModule } from '../program';
import { CliError } from '../program';
import type { Hint } from '../../../src-shared/ipc/live';
import { runCallSession, type LiveEvent } from '../../core/live/call-session';
import { defaultLiveDeps } from '../../core/live/default-deps';
import type { LiveEngine } from '../../core/live/live-manager';

const ENGINES = ['auto', 'whisper', 'pocketsphinx', 'reference', 'whisper-script'] as const;
const LANGUAGES = ['auto', 'pt', 'en'] as const;

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (value: string): T => {
    if (!(values as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${values.join(', ')}`);
    return value as T;
  };

const clock = (ms: number) => {
  const s = Math.max(0, ms) / 1000;
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${(s % 60).toFixed(1).padStart(4, '0')}`;
};

const percentile = (values: number[], p: number): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

type ReplayOptions = { mic?: string; system?: string; realtime: boolean; engine?: LiveEngine; language: 'auto' | 'pt' | 'en'; script?: string; partials: boolean };

export const replayCommand: CommandModule = (program, ctx) => {
  program
    .command('replay')
    .description('replay a call recording through the live path (VAD, ASR, NLP, hints); prints transcripts and each hint with its latency')
    .argument('[file]', 'a WAV recording (stereo: left = rep, right = customer; mono = customer)')
    .option('--mic <file>', 'the rep channel as its own WAV (with --system)')
    .option('--system <file>', 'the customer channel as its own WAV (with --mic)')
    .option('--realtime', 'pace the audio like a live call (latency figures need this)', false)
    .option('--engine <engine>', `speech recogniser: ${ENGINES.join(', ')} (reference answers from NAME.script.json; whisper-script runs Whisper's compute but takes the words from it)`, oneOf(ENGINES))
    .option('--language <lang>', `spoken language: ${LANGUAGES.join(', ')}`, oneOf(LANGUAGES), 'auto')
    .option('--script <file>', 'call script for the reference engine (default: NAME.script.json next to the recording)')
    .option('--no-partials', 'transcribe only at the end of each utterance')
    .action(async (file: string | undefined, opts: ReplayOptions) => {
      if (file && (opts.mic || opts.system)) throw new CliError('give either FILE or --mic and --system, not both');
      if (!file && !(opts.mic && opts.system)) throw new CliError('give a recording FILE, or both --mic FILE and --system FILE');
      const core = ctx.openCore();
      const json = ctx.globals().json;
      const deps = defaultLiveDeps();
      const source = file ? ({ kind: 'file', path: file, realtime: opts.realtime } as const) : ({ kind: 'files', mic: opts.mic!, system: opts.system!, realtime: opts.realtime } as const);
      const opened = await deps.openSource(core, source);
      if (opts.script) opened.scriptFile = opts.script;
      const [asr, analyzer] = await Promise.all([deps.openAsr(core, opened, { language: opts.language, engine: opts.engine }), deps.openAnalyzer(core)]);
      const hints = new Map<string, Hint>();
      // A hint fired on a partial arrives before the customer's line is final: its lines wait
      // and print under that line (text output; --json keeps event order).
      let customerSpeaking = false;
      const waiting: string[] = [];
      const hintLine = (text: string, fromOpenUtterance: boolean) => {
        if (fromOpenUtterance) waiting.push(text);
        else process.stdout.write(text);
      };
      const flush = () => {
        for (const text of waiting.splice(0)) process.stdout.write(text);
      };
      const ctrl = new AbortController();
      const onSignal = () => ctrl.abort();
      process.once('SIGINT', onSignal);
      const print = (e: LiveEvent) => {
        switch (e.event) {
          case 'live.transcript': {
            const p = e.payload;
            if (json) ctx.printJson({ event: p.type, speaker: p.speaker, startMs: p.startMs, endMs: p.endMs, text: p.text, language: p.language });
            else if (p.type === 'final') {
              process.stdout.write(`[${clock(p.startMs)}] ${p.speaker.padEnd(8)} ${p.text}\n`);
              if (p.speaker === 'customer') {
                customerSpeaking = false;
                flush();
              }
            } else if (p.speaker === 'customer') customerSpeaking = true;
            break;
          }
          case 'live.hint': {
            const h = e.payload;
            hints.set(h.id, h);
            if (json) ctx.printJson({ event: 'hint', id: h.id, kind: h.kind, trigger: h.trigger, title: h.title, text: h.text, language: h.language, confidence: h.confidence, fromPartial: h.fromPartial, speechEndMs: h.speechEndMs, shownMs: h.shownMs, latencyMs: h.latencyMs });
            else hintLine(`           ► hint ${h.trigger}${h.fromPartial ? ' (from partial)' : ''}: ${h.title} — ${h.text}\n`, h.fromPartial && customerSpeaking);
            break;
          }
          case 'live.hint.updated': {
            const h = e.payload;
            hints.set(h.id, h);
            if (json) ctx.printJson({ event: 'hint.latency', id: h.id, trigger: h.trigger, speechEndMs: h.speechEndMs, shownMs: h.shownMs, latencyMs: h.latencyMs });
            else hintLine(`           ► hint ${h.trigger}: customer stopped at ${clock(h.speechEndMs)}, latency ${h.latencyMs} ms${h.latencyMs < 0 ? ' (shown before they finished)' : ''}\n`, waiting.length > 0);
            break;
          }
          case 'live.hint.tailored':
            if (e.payload.done && json) ctx.printJson({ event: 'hint.tailored', hintId: e.payload.hintId, text: e.payload.text, error: e.payload.error });
            break;
          default:
            break;
        }
      };
      try {
        const { callId } = await runCallSession({
          core, source: opened.source, asr, analyzer, kind: 'replay', title: opened.title, realtime: opts.realtime, language: opts.language,
          signal: ctrl.signal, pipeline: deps.pipeline, onEvent: print, broadcast: false, durationMs: opened.durationMs, partials: opts.partials,
        });
        flush();
        const latencies = [...hints.values()].filter((h) => h.kind !== 'llm').map((h) => h.latencyMs);
        const summary = { event: 'summary', callId, engine: asr.id, realtime: opts.realtime, hints: latencies.length, latencyP50Ms: percentile(latencies, 50), latencyP95Ms: percentile(latencies, 95) };
        if (json) ctx.printJson(summary);
        else process.stdout.write(`\ncall ${callId}: ${summary.hints} hints, latency p50 ${summary.latencyP50Ms ?? '—'} ms, p95 ${summary.latencyP95Ms ?? '—'} ms${opts.realtime ? '' : ' (not --realtime: processing time not included)'}\n`);
      } finally {
        process.off('SIGINT', onSignal);
        await Promise.allSettled([asr.close(), analyzer.close()]);
      }
    });
};
