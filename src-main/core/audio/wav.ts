/** WAV decoding (wavefile: PCM 8-32 bit, float, A-law/mu-law) into Float32 channels. */
import fs from 'node:fs';
import { WaveFile } from 'wavefile';
import { CoreError, oneLine } from '../../../src-shared/errors';

type DecodedWav = { sampleRate: number; channels: Float32Array[] };

type Fmt = { numChannels: number; sampleRate: number; audioFormat: number; bitsPerSample: number };

/** Decodes a WAV buffer; anything unreadable becomes one CoreError line naming the file. */
export function decodeWav(buffer: Uint8Array, name = 'input'): DecodedWav {
  let wav: WaveFile;
  try {
    wav = new WaveFile();
    // A plain Uint8Array view: the ESM build of wavefile does not parse a Node Buffer passed to the constructor.
    wav.fromBuffer(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
  } catch (err) {
    throw new CoreError('bad_request', `${name}: not a readable WAV file (${oneLine(err)})`);
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
    throw new CoreError('bad_request', `${name}: unsupported WAV encoding (format ${fmt.audioFormat}, ${fmt.bitsPerSample} bit): ${oneLine(err)}`);
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

/**
 * Length of a WAV file in ms from its header alone (fmt and data chunk sizes), without reading
 * or decoding the samples; a data chunk longer than the file (a recorder that never patched
 * it) counts what is there. undefined for anything that is not a readable WAV.
 */
export function wavDurationMs(file: string): number | undefined {
  let head: Buffer;
  let fileSize: number;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      head = Buffer.alloc(4096);
      head = head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
      fileSize = fs.fstatSync(fd).size;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  if (head.length < 12 || head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  let byteRate = 0;
  for (let off = 12; off + 8 <= head.length; ) {
    const id = head.toString('ascii', off, off + 4);
    const size = head.readUInt32LE(off + 4);
    if (id === 'fmt ' && off + 20 <= head.length) byteRate = head.readUInt32LE(off + 16);
    if (id === 'data') return byteRate > 0 ? (Math.min(size, fileSize - off - 8) * 1000) / byteRate : undefined;
    off += 8 + size + (size % 2);
  }
  return undefined;
}
