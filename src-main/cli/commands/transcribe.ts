import { InvalidArgumentError } from 'commander';
import type { CommandModule } from '../program';
import { CliError } from '../program';
import { createFileSource } from '../../core/audio/file-source';
import { segmentSource } from '../../core/audio/pipeline';
import { openAsrEngine } from '../../core/asr/select-engine';
import { transcribeStream } from '../../core/asr/streaming';
import type { AsrLanguage } from '../../core/asr/types';

const ENGINES = ['whisper', 'pocketsphinx'] as const;
const LANGUAGES = ['pt', 'en', 'auto'] as const;
const MONO_AS = ['customer', 'rep'] as const;

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (value: string): T => {
    if (!(values as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${values.join(', ')}`);
    return value as T;
  };

const seconds = (ms: number) => Math.round(ms) / 1000;
const clock = (ms: number) => {
  const s = Math.max(0, ms) / 1000;
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${(s % 60).toFixed(1).padStart(4, '0')}`;
};

type TranscribeOptions = {
  engine?: (typeof ENGINES)[number];
  language: AsrLanguage;
  model?: string;
  partials: boolean;
  mono: (typeof MONO_AS)[number];
  endOfSpeech?: number;
};

export const transcribeCommand: CommandModule = (program, ctx) => {
  program
    .command('transcribe')
    .description('transcribe a WAV recording: one line per utterance (speaker from the channel: stereo left = rep, right = customer)')
    .argument('<file>', 'a WAV file (mono or stereo, any sample rate)')
    .option('--engine <engine>', `speech recogniser: ${ENGINES.join(', ')} (default: Whisper when a model is installed, else pocketsphinx)`, oneOf(ENGINES))
    .option('--language <lang>', `spoken language: ${LANGUAGES.join(', ')}`, oneOf(LANGUAGES), 'auto')
    .option('--model <name>', 'Whisper model from `salesedge models list` (default: the best installed)')
    .option('--partials', 'also print partial transcripts while an utterance grows (partial: true)', false)
    .option('--mono <speaker>', `who a mono file is: ${MONO_AS.join(', ')}`, oneOf(MONO_AS), 'customer')
    .option('--end-of-speech <ms>', 'silence that ends an utterance (default: the Settings value)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 100 || n > 3000) throw new InvalidArgumentError('must be a whole number of ms between 100 and 3000');
      return n;
    })
    .action(async (file: string, opts: TranscribeOptions) => {
      if (!file) throw new CliError('give a WAV file to transcribe');
      const core = ctx.openCore();
      const json = ctx.globals().json;
      // Open the recording first: a bad file should fail before a model is loaded.
      const source = await createFileSource(file, { channels: opts.mono });
      const { engine, note } = await openAsrEngine(core, { engine: opts.engine, language: opts.language, model: opts.model });
      process.stderr.write(`salesedge: ${note}\n`);
      const ctrl = new AbortController();
      const onSignal = () => ctrl.abort();
      process.once('SIGINT', onSignal);
      try {
        const endOfSpeechMs = opts.endOfSpeech ?? core.settings().audio.endOfSpeechMs;
        const events = segmentSource(source, { endOfSpeechMs, signal: ctrl.signal });
        // A file is read faster than real time: no speculative finals (they would be aborted at every pause).
        for await (const t of transcribeStream(events, engine, { language: opts.language, partials: opts.partials, speculativeChannels: [] })) {
          // An utterance in which the engine heard no words is not a transcript line.
          if (!t.text) continue;
          if (json) {
            ctx.printJson({ speaker: t.speaker, start: seconds(t.startMs), end: seconds(t.endMs), text: t.text, language: t.language, engine: t.engine, partial: t.type === 'partial' });
          } else if (t.type === 'final') {
            process.stdout.write(`[${clock(t.startMs)}-${clock(t.endMs)}] ${t.speaker.padEnd(8)} ${t.text}\n`);
          } else {
            process.stdout.write(`  … ${t.speaker.padEnd(8)} ${t.text}\n`);
          }
        }
      } finally {
        process.off('SIGINT', onSignal);
        await engine.close();
      }
    });
};
