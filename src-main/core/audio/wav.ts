/** WAV decoding (wavefile: PCM 8-32 bit, float, A-law/mu-law) into Float32 channels. */
import fs from 'node:fs';
import { WaveFile } from 'wavefile';
import { CoreError } from '../../../src-shared/errors';

export type DecodedWav = { sampleRate: number; channels: Float32Array[] };

type Fmt = { numChannels: number; sampleRate: number; audioFormat: number; bitsPerSample: number };

/** Decodes a WAV buffer; anything unreadable becomes one CoreError line naming the file. */
export function decodeWav(buffer: Uint8Array, name = 'input'): DecodedWav {
  let wav: WaveFile;
  try {
    wav = new WaveFile();
    // A plain Uint8Array view: the ESM build of wavefile does not parse a Node Buffer passed to the constructor.
    wav.fromBuffer(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
  } catch (err) {
    throw new CoreError('bad_request', `${name}: not a readable WAV file (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  }
  // Copy the header now: toBitDepth() rebuilds (and in one build clears) the fmt chunk object.
  const fmt = { ...(wav.fmt as Fmt) };
  if (!fmt.numChannels || !fmt.sampleRate) throw new CoreError('bad_request', `${name}: WAV header has no channels or sample rate`);
  if (fmt.numChannels > 2) throw new CoreError('bad_request', `${name}: ${fmt.numChannels}-channel WAV is not supported (mono or stereo only)`);
  // 16-bit PCM (what recorders and our own fixtures write) straight from the data chunk: wavefile's
  // general path costs ~3 µs a sample (seconds for a call), this one a few ms.
  const data = (wav as unknown as { data?: { samples?: Uint8Array } }).data?.samples;
  if (fmt.audioFormat === 1 && fmt.bitsPerSample === 16 && data && data.byteLength >= 2) {
    const frames = Math.floor(data.byteLength / (2 * fmt.numChannels));
    if (frames === 0) throw new CoreError('bad_request', `${name}: WAV file has no audio samples`);
    const view = new DataView(data.buffer, data.byteOffset, frames * 2 * fmt.numChannels);
    const channels = Array.from({ length: fmt.numChannels }, () => new Float32Array(frames));
    for (let i = 0, o = 0; i < frames; i++) {
      for (let c = 0; c < fmt.numChannels; c++, o += 2) channels[c]![i] = view.getInt16(o, true) / 32768;
    }
    return { sampleRate: fmt.sampleRate, channels };
  }
  try {
    // Compressed formats (A-law, mu-law, ADPCM) are expanded to 16-bit first.
    if (wav.bitDepth === '8a') wav.fromALaw();
    else if (wav.bitDepth === '8m') wav.fromMuLaw();
    else if (wav.bitDepth === '4') wav.fromIMAADPCM();
    wav.toBitDepth('32f');
  } catch (err) {
    throw new CoreError('bad_request', `${name}: unsupported WAV encoding (format ${fmt.audioFormat}, ${fmt.bitsPerSample} bit): ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  const raw = wav.getSamples(false, Float32Array) as unknown as ArrayLike<number> | ArrayLike<number>[];
  const list = fmt.numChannels === 1 ? [raw as ArrayLike<number>] : (raw as ArrayLike<number>[]);
  // Builds of wavefile differ in the array type they hand back: normalise to Float32Array.
  const channels = list.map((c) => (c instanceof Float32Array ? c : Float32Array.from(c)));
  if (channels.some((c) => c.length === 0)) throw new CoreError('bad_request', `${name}: WAV file has no audio samples`);
  return { sampleRate: fmt.sampleRate, channels };
}

export function readWavFile(file: string): DecodedWav {
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CoreError(code === 'ENOENT' ? 'not_found' : 'bad_request', code === 'ENOENT' ? `audio file not found: ${file}` : `cannot read ${file}: ${code ?? String(err)}`);
  }
  return decodeWav(buffer, file);
}
