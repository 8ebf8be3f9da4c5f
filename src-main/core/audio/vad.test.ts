import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSource } from './file-source';
import { segmentSource } from './pipeline';
import { resampleTo16k } from './resample';
import type { Utterance } from './types';
import { createVad, sileroDir, speechProbabilities, VAD_WINDOW } from './vad';
import { readWavFile } from './wav';

const repoRoot = path.resolve(__dirname, '../../..');
const speechDir = path.resolve(repoRoot, 'test/fixtures/speech');
const speechFiles = fs
  .readFileSync(path.join(speechDir, 'transcripts.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'))
  .filter(([, transcript]) => transcript)
  .map(([file]) => file!);

/** Independent ground truth: 32 ms windows within 30 dB of the file's loudest window. */
async function loudWindowsMs(file: string): Promise<number[]> {
  const wav = readWavFile(file);
  const s = await resampleTo16k(wav.channels[0]!, wav.sampleRate);
  const rms: number[] = [];
  for (let o = 0; o + VAD_WINDOW <= s.length; o += VAD_WINDOW) {
    let e = 0;
    for (let k = o; k < o + VAD_WINDOW; k++) e += s[k]! ** 2;
    rms.push(Math.sqrt(e / VAD_WINDOW));
  }
  const max = Math.max(...rms);
  return rms.flatMap((r, i) => (20 * Math.log10(r / max) > -30 ? [i * 32] : []));
}

async function utterancesOf(file: string): Promise<Utterance[]> {
  const source = await createFileSource(file);
  const out: Utterance[] = [];
  for await (const e of segmentSource(source, { endOfSpeechMs: 500, signal: new AbortController().signal })) if (e.type === 'speech-end') out.push(e.utterance);
  return out;
}

describe('Silero VAD on the real speech fixtures', () => {
  it('finds at least two speech files and the noise file', () => {
    expect(speechFiles.length).toBeGreaterThanOrEqual(6);
    expect(fs.existsSync(path.join(speechDir, 'Noise.wav'))).toBe(true);
  });

  for (const name of speechFiles) {
    it(`finds the speech in ${name}, where it is`, async () => {
      const file = path.join(speechDir, name);
      const utterances = await utterancesOf(file);
      expect(utterances.length).toBeGreaterThanOrEqual(1);
      expect(utterances.every((u) => u.speaker === 'customer' && u.channel === 'system')).toBe(true);
      const loud = await loudWindowsMs(file);
      const inside = (ms: number) => utterances.some((u) => ms + 16 >= u.startMs && ms + 16 <= u.endMs);
      // Nearly all loud windows are inside an utterance...
      expect(loud.filter(inside).length / loud.length).toBeGreaterThan(0.9);
      // ...and the utterances do not run far beyond the loud region.
      expect(utterances[0]!.startMs).toBeGreaterThan(loud[0]! - 300);
      expect(utterances.at(-1)!.endMs).toBeLessThan(loud.at(-1)! + 32 + 300);
      // Samples match the span at 16 kHz.
      for (const u of utterances) expect(u.samples.length).toBeCloseTo(((u.endMs - u.startMs) * 16), -2);
    });
  }

  it('hears no speech in pink noise (Noise.wav, 48 kHz)', async () => {
    const file = path.join(speechDir, 'Noise.wav');
    const source = await createFileSource(file);
    const events = [];
    for await (const e of segmentSource(source, { endOfSpeechMs: 500, signal: new AbortController().signal })) events.push(e);
    expect(events).toEqual([]);
    const wav = readWavFile(file);
    const probs = await speechProbabilities(await createVad(), await resampleTo16k(wav.channels[0]!, wav.sampleRate));
    expect(Math.max(...probs)).toBeLessThan(0.5);
  });

  it('gives high probabilities inside speech and low ones before it', async () => {
    const wav = readWavFile(path.join(speechDir, 'goforward.wav'));
    const probs = await speechProbabilities(await createVad(), wav.channels[0]!);
    // goforward.wav: ~0.5 s of silence, then "go forward ten meters".
    expect(Math.max(...probs.slice(0, 10))).toBeLessThan(0.3);
    expect(probs.filter((p) => p > 0.5).length).toBeGreaterThan(30);
  });
});

describe('Silero model file', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'silero-'));
  const manifest = fs.readFileSync(path.join(sileroDir(), 'manifest.json'), 'utf8');

  it('is the one the manifest records', async () => {
    const vad = await createVad();
    expect(await vad.process(new Float32Array(VAD_WINDOW))).toBeLessThan(0.2);
  });

  it('missing: one-line error naming the fix', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'manifest.json'), manifest);
    const err = await createVad({ modelDir: dir }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/Silero VAD model missing .*install-models\.mjs/);
    expect((err as Error).message).not.toContain('\n');
  });

  it('corrupt: one-line error naming the fix', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'manifest.json'), manifest);
    const good = fs.readFileSync(path.join(sileroDir(), JSON.parse(manifest).file));
    const bad = Buffer.from(good);
    const mid = bad.length >> 1;
    bad.writeUInt8(bad.readUInt8(mid) ^ 0xff, mid);
    fs.writeFileSync(path.join(dir, JSON.parse(manifest).file), bad);
    const err = await createVad({ modelDir: dir }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/Silero VAD model is corrupt .*sha256 mismatch.*install-models\.mjs/);
  });

  it('rejects a window of the wrong size', async () => {
    const vad = await createVad();
    await expect(vad.process(new Float32Array(100))).rejects.toThrow(/512 samples/);
  });
});
