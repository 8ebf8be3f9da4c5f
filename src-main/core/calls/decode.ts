/**
 * Decodes a recording (WAV, MP3, M4A/AAC, OGG Vorbis/Opus, FLAC) to Float32 PCM per channel.
 * The decoders are `audio-decode`'s WebAssembly/JS ones: they install from npm alone, no
 * binary downloaded at install and no ffmpeg. The container is checked by its magic bytes
 * first, so a wrong file is refused with a clear message before any decoder runs.
 */
import { CoreError } from '../../../src-shared/errors';

export type AudioFormat = 'wav' | 'mp3' | 'm4a' | 'aac' | 'ogg' | 'flac';
export type DecodedAudio = { format: AudioFormat; sampleRate: number; channels: Float32Array[]; durationMs: number };

export const SUPPORTED_FORMATS = 'WAV, MP3, M4A/AAC, OGG or FLAC';

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

export async function decodeAudio(bytes: Uint8Array, name = 'the file'): Promise<DecodedAudio> {
  const format = sniffFormat(bytes);
  if (!format) throw new CoreError('bad_request', `cannot import ${name}: not a supported recording (${SUPPORTED_FORMATS})`);
  // Loaded on first use: the wasm decoders are large and most runs never import a file.
  const { default: decode } = await import('audio-decode');
  let decoded: { channelData: Float32Array[]; sampleRate: number };
  try {
    decoded = await decode(bytes);
  } catch (err) {
    throw new CoreError('bad_request', `cannot import ${name}: the ${format.toUpperCase()} data is damaged or unsupported (${oneLine(err)})`);
  }
  const channels = (decoded.channelData ?? []).filter((c) => c.length > 0);
  if (channels.length === 0 || !decoded.sampleRate) throw new CoreError('bad_request', `cannot import ${name}: it holds no audio`);
  const length = Math.min(...channels.map((c) => c.length));
  if (length / decoded.sampleRate < 0.1) throw new CoreError('bad_request', `cannot import ${name}: the recording is shorter than 0.1 s`);
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

const oneLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);
