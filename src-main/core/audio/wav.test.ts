import { describe, expect, it } from 'vitest';
import { WaveFile } from 'wavefile';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeWav, wavDurationMs } from './wav';

const wav16 = (channels: number, samples: Int16Array) => {
  const w = new WaveFile();
  w.fromScratch(channels, 16_000, '16', samples);
  return w.toBuffer();
};

describe('decodeWav', () => {
  it('reads 16-bit PCM (mono and interleaved stereo) directly, as the general wavefile path does', () => {
    const n = 4000;
    const inter = new Int16Array(n * 2);
    for (let i = 0; i < n; i++) {
      inter[2 * i] = Math.round(32767 * Math.sin(i / 9));
      inter[2 * i + 1] = i % 2 ? -32768 : 32767;
    }
    const stereo = decodeWav(wav16(2, inter));
    expect(stereo.sampleRate).toBe(16_000);
    expect(stereo.channels).toHaveLength(2);
    expect(stereo.channels[0]!.length).toBe(n);
    // The general path (what 8/24/32-bit and float files take) for comparison.
    const w = new WaveFile();
    w.fromBuffer(wav16(2, inter));
    w.toBitDepth('32f');
    const ref = w.getSamples(false, Float32Array) as unknown as Float32Array[];
    for (let c = 0; c < 2; c++) for (let i = 0; i < n; i += 97) expect(stereo.channels[c]![i]).toBeCloseTo(ref[c]![i]!, 4);
    expect(stereo.channels[1]![1]).toBe(-1);
    const mono = decodeWav(wav16(1, inter.subarray(0, n)));
    expect(mono.channels).toHaveLength(1);
    expect(mono.channels[0]!.length).toBe(n);
    // Empty audio is still one clear line.
    expect(() => decodeWav(wav16(1, new Int16Array(0)))).toThrow(/no audio samples/);
  });
});

describe('wavDurationMs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wav-duration-'));
  const write = (name: string, bytes: Uint8Array) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };
  const pcm = (seconds: number, rate: number, channels: number) => {
    const w = new WaveFile();
    const frames = Math.round(seconds * rate);
    w.fromScratch(channels, rate, '16', channels === 1 ? new Int16Array(frames) : Array.from({ length: channels }, () => new Int16Array(frames)));
    return w.toBuffer();
  };

  it('reads the length from the header: mono and stereo, any rate', () => {
    expect(wavDurationMs(write('mono.wav', pcm(1.5, 16_000, 1)))).toBeCloseTo(1500, 6);
    expect(wavDurationMs(write('stereo.wav', pcm(2, 48_000, 2)))).toBeCloseTo(2000, 6);
  });

  it('counts what is there when the data chunk claims more than the file holds', () => {
    const full = pcm(2, 16_000, 1);
    expect(wavDurationMs(write('cut.wav', full.subarray(0, 44 + 16_000 * 2)))).toBeCloseTo(1000, 6); // half the samples
  });

  it('reads the bundled demo recording (41.7 s) from its header, and nothing from package.json', () => {
    const repoRoot = path.resolve(__dirname, '../../..');
    expect(wavDurationMs(path.join(repoRoot, 'resources/demo/demo-en.wav'))).toBeCloseTo(41_653, -1);
    expect(wavDurationMs(path.join(repoRoot, 'package.json'))).toBeUndefined();
  });

  it('is undefined for a file that is not a WAV, an empty one, or none', () => {
    expect(wavDurationMs(write('text.wav', new TextEncoder().encode('{"name":"not audio"}')))).toBeUndefined();
    expect(wavDurationMs(write('empty.wav', new Uint8Array(0)))).toBeUndefined();
    expect(wavDurationMs(path.join(dir, 'missing.wav'))).toBeUndefined();
  });
});
