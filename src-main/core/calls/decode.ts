/**
 * Decodes a recording (WAV, MP3, M4A/AAC, OGG Vorbis/Opus, FLAC) to Float32 PCM per channel.
 * The decoders are `audio-decode`'s WebAssembly/JS ones: they install from npm alone, no
 * binary downloaded at install and no ffmpeg. The container is checked by its magic bytes
 * first, so a wrong file is refused with a clear message before any decoder runs.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CoreError, oneLine } from '../../../src-shared/errors';
import { notice } from '../../../src-shared/notice';

type AudioFormat = 'wav' | 'mp3' | 'm4a' | 'aac' | 'ogg' | 'flac';
type DecodedAudio = { format: AudioFormat; sampleRate: number; channels: Float32Array[]; durationMs: number };

const SUPPORTED_FORMATS = 'WAV, MP3, M4A/AAC, OGG or FLAC';

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** The container of a file by its first bytes; null when it is none of the accepted ones. */
export function sniffFormat(bytes: Uint8Array): AudioFormat | null {
  if (bytes.length < 12) return null;
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WAVE') return 'wav';
  if (ascii(bytes, 0, 4) === 'fLaC') return 'flac';
  if (ascii(bytes, 0, 4) === 'OggS') return 'ogg';
  if (ascii(bytes, 4, 8) === 'ftyp') return 'm4a';
  if (ascii(bytes, 0, 3) === 'ID3') return 'mp3';
  if (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0) {
    // MPEG frame sync: layer bits 00 mean ADTS (AAC), anything else MPEG audio (MP3).
    return (bytes[1]! & 0x06) === 0 ? 'aac' : 'mp3';
  }
  return null;
}

export async function decodeAudio(bytes: Uint8Array, name = 'the file', signal?: AbortSignal): Promise<DecodedAudio> {
  const file = baseName(name);
  if (bytes.length === 0) throw new CoreError('bad_request', `cannot import ${name}: the file is empty (0 bytes)`, notice('import.empty', { file }));
  const format = sniffFormat(bytes);
  if (!format) throw new CoreError('bad_request', `cannot import ${name}: not a supported recording (${SUPPORTED_FORMATS})`, notice('import.unsupported', { file }));
  let decoded: { channelData: Float32Array[]; sampleRate: number };
  try {
    decoded = await decodeInWorker(bytes, signal);
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new CoreError('bad_request', `cannot import ${name}: the ${format.toUpperCase()} data is damaged or unsupported (${oneLine(err, 200)})`, notice('import.damaged', { file, format: format.toUpperCase(), detail: oneLine(err, 200) }));
  }
  const channels = (decoded.channelData ?? []).filter((c) => c.length > 0);
  if (channels.length === 0 || !decoded.sampleRate) throw new CoreError('bad_request', `cannot import ${name}: it holds no audio`, notice('import.noAudio', { file }));
  const length = Math.min(...channels.map((c) => c.length));
  if (length / decoded.sampleRate < 0.1) throw new CoreError('bad_request', `cannot import ${name}: the recording is shorter than 0.1 s`, notice('import.tooShort', { file }));
  return { format, sampleRate: decoded.sampleRate, channels, durationMs: Math.round((length / decoded.sampleRate) * 1000) };
}

/**
 * Which speaker each channel is: stereo files are left = rep (mic), right = customer (system);
 * a mono file is one speaker, the customer unless told otherwise.
 */
export function toCallChannels(audio: DecodedAudio, mono: 'customer' | 'rep' = 'customer'): { mic?: Float32Array; system?: Float32Array; sampleRate: number } {
  if (audio.channels.length >= 2) return { mic: audio.channels[0], system: audio.channels[1], sampleRate: audio.sampleRate };
  return mono === 'rep' ? { mic: audio.channels[0], sampleRate: audio.sampleRate } : { system: audio.channels[0], sampleRate: audio.sampleRate };
}

/** The file's own name for a notice (the CLI's message keeps the path it was given). */
const baseName = (name: string): string => name.replace(/^.*[\\/]/, '') || name;


// Decoding an hour of MP3 is seconds of CPU: it runs in a worker thread so the core keeps
// answering (a live call's hints must not wait behind an import). The worker loads the
// decoder from its resolved path, which works the same from src (vitest) and the bundle.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.decoder)
  .then((m) => m.default(workerData.bytes))
  .then((d) => {
    const channelData = (d.channelData || []).map((c) => c.slice());
    parentPort.postMessage({ ok: true, sampleRate: d.sampleRate, channelData }, channelData.map((c) => c.buffer));
  })
  .catch((e) => parentPort.postMessage({ ok: false, message: String((e && e.message) || e) }));
`;

type WorkerAnswer = { ok: true; sampleRate: number; channelData: Float32Array[] } | { ok: false; message: string };

function decodeInWorker(bytes: Uint8Array, signal?: AbortSignal): Promise<{ channelData: Float32Array[]; sampleRate: number }> {
  const decoder = pathToFileURL(createRequire(import.meta.url).resolve('audio-decode')).href;
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { decoder, bytes } });
    const abort = () => {
      void worker.terminate();
      reject(new CoreError('conflict', 'decoding was cancelled'));
    };
    signal?.addEventListener('abort', abort, { once: true });
    const done = () => {
      signal?.removeEventListener('abort', abort);
      void worker.terminate();
    };
    worker.once('message', (m: WorkerAnswer) => {
      done();
      if (m.ok) resolve({ sampleRate: m.sampleRate, channelData: m.channelData });
      else reject(new Error(m.message));
    });
    worker.once('error', (err) => {
      done();
      reject(err);
    });
  });
}
