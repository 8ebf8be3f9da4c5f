import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWavFile } from '../src-main/core/audio/wav';
import { repoRoot, tempDir } from './helpers';

type MakeCall = (script: unknown, out: string) => { wav: string; script: string; durationMs: number };

const rms = (x: Float32Array, from: number, to: number) => {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / Math.max(1, to - from));
};

describe('scripts/make-call.mjs', () => {
  it('renders a two-channel espeak-ng call with exact utterance times (rep left, customer right)', async () => {
    const { makeCall } = (await import(path.join(repoRoot, 'scripts/make-call.mjs'))) as { makeCall: MakeCall };
    const t = tempDir();
    try {
      const out = path.join(t.dir, 'call.wav');
      makeCall({ language: 'pt', utterances: [{ speaker: 'rep', text: 'Bom dia, tudo bem?' }, { speaker: 'customer', text: 'Está caro demais para nós.', expect: { objection: 'price' } }] }, out);
      const wav = readWavFile(out);
      expect(wav.sampleRate).toBe(16_000);
      expect(wav.channels).toHaveLength(2);
      const script = JSON.parse(fs.readFileSync(path.join(t.dir, 'call.script.json'), 'utf8')) as { utterances: { speaker: string; startMs: number; endMs: number; expect?: unknown }[] };
      const [rep, customer] = script.utterances;
      expect(rep!.endMs).toBeGreaterThan(rep!.startMs + 500);
      expect(customer!.startMs).toBeGreaterThan(rep!.endMs);
      expect(customer!.expect).toEqual({ objection: 'price' });
      const at = (ms: number) => Math.round((ms * 16_000) / 1000);
      const [left, right] = wav.channels as [Float32Array, Float32Array];
      // Speech where the script says, on the right channel only.
      expect(rms(left, at(rep!.startMs), at(rep!.endMs))).toBeGreaterThan(0.05);
      expect(rms(right, at(rep!.startMs), at(rep!.endMs))).toBeLessThan(0.01);
      expect(rms(right, at(customer!.startMs), at(customer!.endMs))).toBeGreaterThan(0.05);
      expect(rms(left, at(customer!.startMs), at(customer!.endMs))).toBeLessThan(0.01);
    } finally {
      t.cleanup();
    }
  });
});
