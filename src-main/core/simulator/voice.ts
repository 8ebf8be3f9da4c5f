/**
 * A spoken role-play turn (issue 14, point 3), through the live call's path: 16 kHz frames on
 * the mic channel, Silero VAD and the segmenter, then the speech recogniser the core would pick
 * for a call (Whisper when a model is installed; pocketsphinx for English otherwise). Either the
 * core captures the rep's microphone itself (`listenTurn`: the Settings mic device, PortAudio,
 * as in a live call; the turn ends with the rep's end of speech), or a recording is sent
 * (`transcribeTurn`: a WAV, e.g. a sample voice file). The persona's voice for a UI with no
 * voice of its own: espeak-ng, rendered to WAV.
 */
import { execFile } from 'node:child_process';
import { CoreError } from '../../../src-shared/errors';
import type { SpokenLanguage } from '../../../src-shared/taxonomy';
import { createDeviceSource } from '../audio/device-source';
import { createPcmSource } from '../audio/pcm-source';
import type { AudioSource } from '../audio/types';
import type { CaptureBackend } from '../../../native/audio/naudiodon-backend';
import { segmentSource } from '../audio/pipeline';
import { decodeWav } from '../audio/wav';
import { openAsrEngine, type AsrStatus } from '../asr/select-engine';
import { transcribeStream } from '../asr/streaming';
import type { AsrEngine } from '../asr/types';
import { encodeWav16k, savePendingClip } from './audio-clips';
import type { Policy } from '../../../src-shared/policy';

type VoiceCore = { dataDir: string; policy?: Policy | null; asr?: AsrStatus; settings(): { audio: { endOfSpeechMs: number; micDevice: string | null } } };

/** The finals of the utterances in `source` (all of them, or only the first with words), joined. */
/**
 * Keeps one recogniser open per language between turns (opening one costs 0.3 s for
 * pocketsphinx, more for a Whisper model) and lends it to one turn at a time. close() on core close.
 */
export function createEnginePool(core: VoiceCore) {
  const engines = new Map<SpokenLanguage, Promise<AsrEngine>>();
  let queue: Promise<unknown> = Promise.resolve();
  return {
    /** Runs `fn` with the language's engine, after any turn already using one. */
    use<T>(language: SpokenLanguage, fn: (engine: AsrEngine) => Promise<T>): Promise<T> {
      const turn = queue.then(async () => {
        let e = engines.get(language);
        if (!e) {
          e = openAsrEngine(core, { language }).then((r) => r.engine);
          engines.set(language, e);
          e.catch(() => engines.delete(language));
        }
        return fn(await e);
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
    async close(): Promise<void> {
      const all = [...engines.values()];
      engines.clear();
      for (const e of all) await (await e.catch(() => null))?.close();
    },
  };
}
export type EnginePool = ReturnType<typeof createEnginePool>;

type Heard = { text: string; engine: string; audio: Float32Array[] };

async function recognise(core: VoiceCore, source: AudioSource, language: SpokenLanguage, o: { firstOnly: boolean; signal?: AbortSignal; pool?: EnginePool; speculative?: boolean }): Promise<Heard> {
  if (o.pool) return o.pool.use(language, (engine) => decode(core, engine, source, language, o));
  const { engine } = await openAsrEngine(core, { language });
  try {
    return await decode(core, engine, source, language, o);
  } finally {
    await engine.close();
  }
}

async function decode(core: VoiceCore, engine: AsrEngine, source: AudioSource, language: SpokenLanguage, o: { firstOnly: boolean; signal?: AbortSignal; speculative?: boolean }): Promise<Heard> {
  const ctrl = new AbortController();
  const stop = () => ctrl.abort();
  o.signal?.addEventListener('abort', stop, { once: true });
  const finals: string[] = [];
  const heard = new Map<number, Float32Array>();
  const clips: Float32Array[] = [];
  try {
    const segmented = segmentSource(source, { endOfSpeechMs: core.settings().audio.endOfSpeechMs, signal: ctrl.signal });
    // The utterances' audio, by start time: the clip of the turn is the one its final came from.
    async function* events() {
      for await (const ev of segmented) {
        if (ev.type === 'speech-end') heard.set(ev.utterance.startMs, ev.utterance.samples);
        yield ev;
      }
    }
    // Live capture: the turn is decoded during the end-of-speech silence (kept if the rep stays
    // quiet), as the live path does for the customer. A recording is read faster than real time: no.
    for await (const t of transcribeStream(events(), engine, { language, partials: false, speculativeChannels: o.speculative ? ['mic'] : [] })) {
      if (t.type !== 'final' || !t.text.trim()) continue;
      finals.push(t.text.trim());
      const samples = heard.get(t.startMs);
      if (samples) clips.push(samples);
      if (o.firstOnly) break;
    }
  } catch (err) {
    if (!ctrl.signal.aborted) throw err;
  } finally {
    o.signal?.removeEventListener('abort', stop);
    ctrl.abort();
  }
  return { text: finals.join(' '), engine: engine.backend, audio: clips };
}

/**
 * Listens to the rep on the Settings microphone (the live call's capture) until the first
 * utterance with words ends, `maxMs` passes with none, or `signal` aborts; returns its text
 * ('' when nothing was said).
 */
export async function listenTurn(core: VoiceCore, language: SpokenLanguage, o: { maxMs?: number; signal?: AbortSignal; backend?: CaptureBackend; pool?: EnginePool } = {}): Promise<{ text: string; engine: string; clip: string | null }> {
  const source = createDeviceSource({ mic: { device: core.settings().audio.micDevice }, backend: o.backend });
  const ctrl = new AbortController();
  const stop = () => ctrl.abort();
  o.signal?.addEventListener('abort', stop, { once: true });
  const timer = setTimeout(stop, o.maxMs ?? MAX_TURN_MS);
  try {
    const r = await recognise(core, source, language, { firstOnly: true, signal: ctrl.signal, pool: o.pool, speculative: true });
    // The utterance the words came from, kept until the run is finished.
    return { text: r.text, engine: r.engine, clip: r.audio[0] ? savePendingClip(core.dataDir, encodeWav16k(r.audio[0])) : null };
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', stop);
  }
}

/** Longest recording a turn may be: two minutes (a turn is not a monologue). */
export const MAX_TURN_MS = 120_000;

export async function transcribeTurn(core: VoiceCore, wav: Uint8Array, language: SpokenLanguage, o: { pool?: EnginePool } = {}): Promise<{ text: string; engine: string; durationMs: number; clip: string | null }> {
  const decoded = decodeWav(wav, 'the recorded turn');
  const n = decoded.channels[0]?.length ?? 0;
  const durationMs = Math.round((1000 * n) / decoded.sampleRate);
  if (durationMs > MAX_TURN_MS) throw new CoreError('bad_request', `the recorded turn is ${Math.round(durationMs / 1000)} s long; a turn may be at most ${MAX_TURN_MS / 1000} s`);
  // A stereo recording is mixed down: the rep is one voice.
  const mono = decoded.channels.length === 1 ? decoded.channels[0]! : Float32Array.from(decoded.channels[0]!, (_v, i) => decoded.channels.reduce((sum, c) => sum + c[i]!, 0) / decoded.channels.length);
  const source = createPcmSource({ mic: mono, sampleRate: decoded.sampleRate });
  const r = await recognise(core, source, language, { firstOnly: false, pool: o.pool });
  // The recording as sent is the turn's clip (when words were heard in it).
  return { text: r.text, engine: r.engine, durationMs, clip: r.text ? savePendingClip(core.dataDir, wav) : null };
}

const ESPEAK_VOICE: Record<SpokenLanguage, string> = { pt: 'pt-br', en: 'en-us' };

/** The buyer's line as speech (WAV bytes), with espeak-ng; a one-line error when it is not installed. */
export function renderBuyerVoice(text: string, language: SpokenLanguage, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const bin = env.SALESEDGE_ESPEAK ?? 'espeak-ng';
  return new Promise((resolve, reject) => {
    execFile(bin, ['-v', ESPEAK_VOICE[language], '-s', '165', '--stdout', '--', text], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, timeout: 30_000 }, (err, stdout) => {
      if (err) {
        const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
        reject(new CoreError('unavailable', missing ? `no voice for the buyer: ${bin} is not installed (install espeak-ng, or use the text-only switch)` : `the buyer's voice failed: ${err.message.split('\n')[0]}`));
      } else resolve(stdout);
    });
  });
}
