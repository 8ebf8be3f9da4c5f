/**
 * Replays recordings: one WAV (mono = the customer by default; stereo = left rep / right
 * customer, the layout call recorders use) or two WAVs, one per channel.
 */
import { CoreError } from '../../../src-shared/errors';
import { createPcmSource } from './pcm-source';
import { resampleTo16k } from './resample';
import type { AudioSource } from './types';
import { readWavFile } from './wav';

type FileSourceOptions = {
  realtime?: boolean;
  /** Which speaker a mono file is: auto/customer = system channel, rep = mic channel. Stereo ignores it. */
  channels?: 'auto' | 'customer' | 'rep';
  frameMs?: number;
};

export async function createFileSource(input: string | { mic: string; system: string }, options: FileSourceOptions = {}): Promise<AudioSource> {
  const pace = { realtime: options.realtime, frameMs: options.frameMs };
  if (typeof input === 'string') {
    const wav = readWavFile(input);
    if (wav.channels.length === 2) return createPcmSource({ mic: wav.channels[0], system: wav.channels[1], sampleRate: wav.sampleRate }, pace);
    const mono = wav.channels[0]!;
    const asRep = options.channels === 'rep';
    return createPcmSource({ [asRep ? 'mic' : 'system']: mono, sampleRate: wav.sampleRate }, pace);
  }
  const mic = readWavFile(input.mic);
  const system = readWavFile(input.system);
  if (mic.channels.length !== 1 || system.channels.length !== 1) throw new CoreError('bad_request', 'with --mic/--system each file must be mono');
  // The two files may come at different rates: bring both to 16 kHz here.
  const [m, s] = await Promise.all([resampleTo16k(mic.channels[0]!, mic.sampleRate), resampleTo16k(system.channels[0]!, system.sampleRate)]);
  return createPcmSource({ mic: m, system: s, sampleRate: 16_000 }, pace);
}
