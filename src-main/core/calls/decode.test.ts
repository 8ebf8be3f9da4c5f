import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudio, sniffFormat, toCallChannels } from './decode';

const dir = path.resolve(__dirname, '../../../test/fixtures/recordings');
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(dir, name)));
const rms = (a: Float32Array, from: number, to: number) => {
  let s = 0;
  for (let i = from; i < to; i += 1) s += a[i]! * a[i]!;
  return Math.sqrt(s / Math.max(1, to - from));
};

describe('decodeAudio', () => {
  // The script says when each speaker talks; the first utterance is the rep's (left channel).
  const script = JSON.parse(fs.readFileSync(path.join(dir, 'call-en.script.json'), 'utf8')) as { utterances: { speaker: string; startMs: number; endMs: number }[] };
  const first = script.utterances[0]!;

  it.each([
    ['call-en.wav', 'wav'],
    ['call-en.mp3', 'mp3'],
    ['call-en.ogg', 'ogg'],
    ['call-en.flac', 'flac'],
    ['call-en.m4a', 'm4a'],
    ['call-en.aac', 'aac'],
  ])('decodes %s as stereo with the rep on the left', async (file, format) => {
    const audio = await decodeAudio(read(file), file);
    expect(audio.format).toBe(format);
    expect(audio.channels.length).toBe(2);
    const wavMs = (await decodeAudio(read('call-en.wav'))).durationMs;
    expect(Math.abs(audio.durationMs - wavMs)).toBeLessThan(250);
    const { mic, system, sampleRate } = toCallChannels(audio);
    const a = Math.floor((first.startMs / 1000) * sampleRate);
    const b = Math.floor((first.endMs / 1000) * sampleRate);
    // While the rep speaks the left channel carries speech and the right is (near) silent.
    expect(rms(mic!, a, b)).toBeGreaterThan(0.03);
    expect(rms(system!, a, b)).toBeLessThan(0.01);
  });

  it('refuses a file that is not audio, with a one-line message', async () => {
    await expect(decodeAudio(read('not-audio.wav'), 'not-audio.wav')).rejects.toThrow(/^cannot import not-audio\.wav: not a supported recording \(WAV, MP3, M4A\/AAC, OGG or FLAC\)$/);
  });

  it('refuses a WAV cut off after its header', async () => {
    await expect(decodeAudio(read('truncated.wav'), 'truncated.wav')).rejects.toThrow(/cannot import truncated\.wav: /);
  });

  it('stops decoding (the worker) when the import is cancelled', async () => {
    const ctrl = new AbortController();
    const pending = decodeAudio(read('call-en.flac'), 'call-en.flac', ctrl.signal);
    ctrl.abort();
    await expect(pending).rejects.toThrow('decoding was cancelled');
  });

  it('maps a mono file to the customer unless told otherwise', () => {
    const mono = { format: 'wav' as const, sampleRate: 8000, channels: [new Float32Array(800)], durationMs: 100 };
    expect(Object.keys(toCallChannels(mono))).toEqual(['system', 'sampleRate']);
    expect(Object.keys(toCallChannels(mono, 'rep'))).toEqual(['mic', 'sampleRate']);
  });

  it('sniffs containers by magic bytes', () => {
    expect(sniffFormat(new TextEncoder().encode('OggS\0\0\0\0\0\0\0\0'))).toBe('ogg');
    expect(sniffFormat(new Uint8Array([0xff, 0xf1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('aac');
    expect(sniffFormat(new Uint8Array([0xff, 0xfb, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('mp3');
    expect(sniffFormat(new TextEncoder().encode('%PDF-1.7 hello'))).toBeNull();
  });
});
