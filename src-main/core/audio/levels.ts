/**
 * Capture health per channel: a level reading every ~100 ms for the meter, and a warning
 * when a channel has been dead silent or clipping for several seconds during a call
 * (Bluetooth headsets that record nothing while "connected" are the classic case).
 */
import { SAMPLE_RATE, type Channel, type HealthEvent, type LevelEvent } from './types';

export type HealthOptions = {
  blockMs?: number;
  /** Below this RMS a block counts as silent (digital silence or a dead input). */
  silentDb?: number;
  /** How long silence must last before the warning, per channel. The customer may legitimately be quiet for a while. */
  silentAfterMs?: Partial<Record<Channel, number>>;
  /** Samples at or above this magnitude count as clipped. */
  clipLevel?: number;
  /** Warn when clipped blocks make up this share of the last `clipWindowMs`. */
  clipWindowMs?: number;
  clipShare?: number;
};

type LevelMeter = {
  push(samples: Float32Array, startMs: number, speech: boolean): { level?: LevelEvent; health?: HealthEvent };
};

const toDb = (x: number): number => (x <= 1e-5 ? -100 : Math.max(-100, 20 * Math.log10(x)));
const LABEL: Record<Channel, string> = { mic: 'the microphone', system: 'system audio (the customer)' };

export function createLevelMeter(channel: Channel, options: HealthOptions = {}): LevelMeter {
  const blockLen = Math.round(((options.blockMs ?? 100) * SAMPLE_RATE) / 1000);
  const silentDb = options.silentDb ?? -70;
  const silentAfterMs = options.silentAfterMs?.[channel] ?? (channel === 'mic' ? 8000 : 30_000);
  const clipLevel = options.clipLevel ?? 0.999;
  const clipWindowMs = options.clipWindowMs ?? 3000;
  const clipShare = options.clipShare ?? 0.3;

  let sumSq = 0;
  let peak = 0;
  let clipped = 0;
  let count = 0;
  let speechSeen = false;
  let silentSince: number | null = null;
  let state: 'ok' | 'silent' | 'clipping' = 'ok';
  const clipHistory: { atMs: number; clipped: boolean }[] = [];
  let clipSince: number | null = null;

  const health = (kind: HealthEvent['kind'], atMs: number, sinceMs: number): HealthEvent => {
    const secs = Math.round((atMs - sinceMs) / 1000);
    const message =
      kind === 'silent'
        ? `No sound from ${LABEL[channel]} for ${secs} s: check the device is not muted or disconnected.`
        : kind === 'clipping'
          ? `${LABEL[channel].replace(/^./, (c) => c.toUpperCase())} is clipping (too loud) for ${secs} s: lower its input gain.`
          : `${LABEL[channel].replace(/^./, (c) => c.toUpperCase())} sounds fine again.`;
    return { channel, kind, atMs, sinceMs, message };
  };

  const closeBlock = (atMs: number): { level: LevelEvent; health?: HealthEvent } => {
    const rmsDb = toDb(Math.sqrt(sumSq / Math.max(1, count)));
    const level: LevelEvent = { channel, atMs, rmsDb, peakDb: toDb(peak), speech: speechSeen };
    const blockClipped = clipped >= 3;
    const blockStart = atMs - (count * 1000) / SAMPLE_RATE;
    sumSq = peak = clipped = count = 0;
    speechSeen = false;

    silentSince = rmsDb < silentDb ? (silentSince ?? blockStart) : null;
    clipHistory.push({ atMs, clipped: blockClipped });
    while (clipHistory.length > 0 && clipHistory[0]!.atMs <= atMs - clipWindowMs) clipHistory.shift();
    const share = clipHistory.filter((b) => b.clipped).length / Math.max(1, Math.round(clipWindowMs / (options.blockMs ?? 100)));
    if (blockClipped) clipSince ??= blockStart;
    else if (share === 0) clipSince = null;

    let event: HealthEvent | undefined;
    if (state !== 'silent' && silentSince !== null && atMs - silentSince >= silentAfterMs) {
      state = 'silent';
      event = health('silent', atMs, silentSince);
    } else if (state !== 'clipping' && state !== 'silent' && clipSince !== null && share >= clipShare) {
      state = 'clipping';
      event = health('clipping', atMs, clipSince);
    } else if ((state === 'silent' && silentSince === null) || (state === 'clipping' && clipSince === null)) {
      state = 'ok';
      event = health('ok', atMs, atMs);
    }
    return { level, health: event };
  };

  return {
    push(samples, startMs, speech) {
      let result: { level?: LevelEvent; health?: HealthEvent } = {};
      speechSeen ||= speech;
      for (let i = 0; i < samples.length; i++) {
        const v = samples[i]!;
        const a = v < 0 ? -v : v;
        sumSq += v * v;
        if (a > peak) peak = a;
        if (a >= clipLevel) clipped += 1;
        count += 1;
        if (count >= blockLen) {
          const r = closeBlock(startMs + ((i + 1) * 1000) / SAMPLE_RATE);
          // One meter reading per push is enough for a UI; a health change is never lost.
          result = { level: r.level, health: r.health ?? result.health };
        }
      }
      return result;
    },
  };
}
