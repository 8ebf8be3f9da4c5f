import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WaveFile } from 'wavefile';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../src-shared/errors';
import { createFileSource } from './file-source';
import { createPcmSource } from './pcm-source';
import type { AudioFrame, AudioSource } from './types';

const repoRoot = path.resolve(__dirname, '../../..');
const speech = (f: string) => path.resolve(repoRoot, 'test/fixtures/speech', f);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'file-source-'));

function writeWav(name: string, channels: number[][], rate: number): string {
  const wav = new WaveFile();
  wav.fromScratch(channels.length, rate, '16', channels.length === 1 ? channels[0]! : channels);
  const file = path.join(tmp, name);
  fs.writeFileSync(file, wav.toBuffer());
  return file;
}
async function collect(source: AudioSource, signal = new AbortController().signal): Promise<AudioFrame[]> {
  const frames: AudioFrame[] = [];
  for await (const f of source.frames(signal)) frames.push(f);
  return frames;
}
const total = (frames: AudioFrame[], channel: string) => frames.filter((f) => f.channel === channel).reduce((n, f) => n + f.samples.length, 0);

describe('file source', () => {
  it('mono file = the customer (system channel) by default, timestamped 32 ms frames', async () => {
    const source = await createFileSource(speech('goforward.wav'));
    expect(source.channels).toEqual(['system']);
    const frames = await collect(source);
    expect(total(frames, 'system')).toBe(44_580);
    expect(frames[1]!.startMs).toBe(32);
    expect(frames[0]!.samples.length).toBe(512);
  });

  it('mono file as the rep when asked', async () => {
    const source = await createFileSource(speech('001.wav'), { channels: 'rep' });
    expect(source.channels).toEqual(['mic']);
  });

  it('stereo: left = rep (mic), right = customer (system), resampled from 48 kHz', async () => {
    const n = 48_000;
    const left = Array.from({ length: n }, () => 10_000);
    const right = Array.from({ length: n }, () => -20_000);
    const source = await createFileSource(writeWav('stereo.wav', [left, right], 48_000));
    expect(source.channels).toEqual(['mic', 'system']);
    const frames = await collect(source);
    expect(Math.abs(total(frames, 'mic') - 16_000)).toBeLessThanOrEqual(2);
    const mid = (c: string) => frames.filter((f) => f.channel === c)[10]!.samples[100]!;
    expect(mid('mic')).toBeCloseTo(10_000 / 32_768, 2);
    expect(mid('system')).toBeCloseTo(-20_000 / 32_768, 2);
    // Frames are time-ordered: mic then system at each step.
    expect(frames.slice(0, 4).map((f) => [f.channel, f.startMs])).toEqual([['mic', 0], ['system', 0], ['mic', 32], ['system', 32]]);
  });

  it('two files: mic and system at different rates', async () => {
    const source = await createFileSource({ mic: speech('001.wav'), system: speech('Front_Center.wav') });
    const frames = await collect(source);
    expect(total(frames, 'mic')).toBe(17_526);
    expect(Math.abs(total(frames, 'system') - Math.round(68_545 / 3))).toBeLessThanOrEqual(2);
  });

  it('realtime pacing takes about as long as the audio', async () => {
    const source = createPcmSource({ system: new Float32Array(8000), sampleRate: 16_000 }, { realtime: true });
    const t0 = performance.now();
    await collect(source);
    const took = performance.now() - t0;
    expect(took).toBeGreaterThan(450);
    expect(took).toBeLessThan(1500);
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    const source = createPcmSource({ system: new Float32Array(16_000 * 10), sampleRate: 16_000 }, { realtime: true });
    setTimeout(() => ac.abort(), 200);
    const frames = await collect(source, ac.signal);
    expect(frames.length).toBeLessThan(20);
  });

  it('corrupt, unsupported and missing files give one-line CoreErrors', async () => {
    const junk = path.join(tmp, 'junk.wav');
    fs.writeFileSync(junk, 'RIFF nonsense that is not a wave file');
    const truncated = path.join(tmp, 'truncated.wav');
    fs.writeFileSync(truncated, fs.readFileSync(speech('001.wav')).subarray(0, 30));
    const surround = writeWav('6ch.wav', Array.from({ length: 6 }, () => [0, 0, 0, 0]), 16_000);
    for (const [file, pattern] of [
      [junk, /junk\.wav: not a readable WAV file/],
      [truncated, /truncated\.wav: /],
      [surround, /6-channel WAV is not supported/],
      [path.join(tmp, 'nope.wav'), /audio file not found: .*nope\.wav/],
    ] as const) {
      const err = await createFileSource(file).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CoreError);
      expect((err as Error).message).toMatch(pattern);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});
