/**
 * The audio of a spoken role-play turn (issue 14, point 4: "the moment, and audio clip when
 * spoken"): the utterance the recogniser heard, 16 kHz 16-bit mono WAV, kept on the laptop in
 * the data folder beside the database (`simulator-audio/<run id>/<transcript index>.wav`; a
 * turn not yet part of a finished run waits in `pending/`). Deleted with its run, by the rep or
 * by the retention period; pending clips older than a day are swept.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { WaveFile } from 'wavefile';

const ROOT = 'simulator-audio';
const PENDING_MAX_AGE_MS = 86_400_000;
const ID = /^[A-Za-z0-9._:-]{1,200}$/;

const root = (dataDir: string) => path.join(dataDir, ROOT);
const pendingPath = (dataDir: string, clip: string) => path.join(root(dataDir), 'pending', `${clip}.wav`);

/** 16 kHz float samples as a 16-bit WAV. */
export function encodeWav16k(samples: Float32Array): Buffer {
  const pcm = Int16Array.from(samples, (v) => Math.round(Math.max(-1, Math.min(1, v)) * 32767));
  const wav = new WaveFile();
  wav.fromScratch(1, 16_000, '16', pcm);
  return Buffer.from(wav.toBuffer());
}

/** Keeps a turn's audio until its run is finished; returns the clip's id. */
export function savePendingClip(dataDir: string, wav: Uint8Array): string {
  const clip = crypto.randomUUID();
  const file = pendingPath(dataDir, clip);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, wav, { mode: 0o600 });
  return clip;
}

/** Moves the run's pending clips into its folder, each under the transcript index of its turn; returns those indexes. */
export function attachClips(dataDir: string, runId: string, clips: { clip: string; turn: number }[]): number[] {
  const attached: number[] = [];
  for (const { clip, turn } of clips) {
    if (!/^[0-9a-f-]{36}$/.test(clip) || !ID.test(runId)) continue;
    const from = pendingPath(dataDir, clip);
    if (!fs.existsSync(from)) continue;
    const dir = path.join(root(dataDir), runId);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.renameSync(from, path.join(dir, `${turn}.wav`));
    attached.push(turn);
  }
  sweepPending(dataDir);
  return attached;
}

/** The transcript indexes of a run's turns that have audio. */
export function clipTurns(dataDir: string, runId: string): number[] {
  if (!ID.test(runId)) return [];
  const dir = path.join(root(dataDir), runId);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).flatMap((f) => (/^\d+\.wav$/.test(f) ? [Number(f.slice(0, -4))] : [])).sort((a, b) => a - b);
}

export function readClip(dataDir: string, runId: string, turn: number): Buffer | null {
  if (!ID.test(runId) || !Number.isInteger(turn) || turn < 0) return null;
  const file = path.join(root(dataDir), runId, `${turn}.wav`);
  return fs.existsSync(file) ? fs.readFileSync(file) : null;
}

export function removeClips(dataDir: string, runId: string): void {
  if (ID.test(runId) && runId !== 'pending') fs.rmSync(path.join(root(dataDir), runId), { recursive: true, force: true });
}

function sweepPending(dataDir: string, now = Date.now()): void {
  const dir = path.join(root(dataDir), 'pending');
  if (!fs.existsSync(dir)) return;
  for (const f of fs.readdirSync(dir)) {
    const file = path.join(dir, f);
    if (now - fs.statSync(file).mtimeMs > PENDING_MAX_AGE_MS) fs.rmSync(file, { force: true });
  }
}
