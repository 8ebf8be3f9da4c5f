import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaptureBackend, CaptureDevice } from '../../../native/audio/naudiodon-backend';
import { createDeviceSource, findDevice } from './device-source';
import { createPushSource } from './push-source';
import type { AudioFrame, HealthEvent } from './types';

// Real PortAudio/ALSA with null devices: ALSA reads this file (and re-reads it when it changes).
const alsaConf = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alsa-')), 'asound.conf');
const writeAlsa = (extra: string) => fs.writeFileSync(alsaConf, `</usr/share/alsa/alsa.conf>\npcm.!default { type null }\n${extra}\n`);
writeAlsa('pcm.salesedge_mic { type null }');
process.env.ALSA_CONFIG_PATH = alsaConf;

/** Waits for `cond`: on virtual time (the fake-backend tests) by moving the clock, else in real time (PortAudio's own threads). */
const until = async (cond: () => boolean, ms = 10_000) => {
  for (let waited = 0; !cond(); waited += 20) {
    if (waited > ms) throw new Error('timed out waiting');
    if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(20);
    else await new Promise((r) => setTimeout(r, 20));
  }
};
/** The fake backend's device delivers on timers: the stall and re-open rules run on virtual time. */
const virtualTime = () => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });

/** A scriptable device: present or not, delivering or stalled, or failing. */
function fakeBackend() {
  const device: CaptureDevice = { id: 3, name: 'USB Headset', hostApi: 'fake', maxInputChannels: 1, defaultSampleRate: 48_000, isDefault: false };
  const state = { present: true, delivering: true, opens: 0, fail: null as null | ((e: Error) => void) };
  const backend: CaptureBackend = {
    listDevices: () => (state.present ? [device] : []),
    open(_d, opts, on) {
      state.opens += 1;
      state.fail = on.error;
      const timer = setInterval(() => state.delivering && on.data(new Float32Array(opts.framesPerBuffer).fill(0.1)), 20);
      return { close: async () => clearInterval(timer) };
    },
  };
  return { backend, state };
}

async function capture(source: ReturnType<typeof createDeviceSource>, signal: AbortSignal, frames: AudioFrame[], health: HealthEvent[]) {
  source.onHealth((e) => health.push(e));
  for await (const f of source.frames(signal)) frames.push(f);
}

describe('device source', () => {
  afterEach(() => void vi.useRealTimers());

  it('reports a device that stops mid-call, and re-opens it when it returns', async () => {
    virtualTime();
    const { backend, state } = fakeBackend();
    const source = createDeviceSource({ mic: { device: 'USB Headset' }, backend, pollMs: 50, stallMs: 300 });
    const ac = new AbortController();
    const frames: AudioFrame[] = [];
    const health: HealthEvent[] = [];
    const done = capture(source, ac.signal, frames, health);
    await until(() => frames.length > 10);
    // Unplugged: data stops and the device leaves the list.
    state.delivering = false;
    state.present = false;
    await until(() => health.some((h) => h.kind === 'device-lost'));
    expect(health[0]!.message).toMatch(/^Microphone "USB Headset" stopped \(no audio for 0\.3 s\); re-opening it when it returns\.$/);
    await vi.advanceTimersByTimeAsync(300);
    expect(state.opens).toBe(1); // not re-opened while absent
    const before = frames.length;
    state.present = true;
    state.delivering = true;
    await until(() => health.some((h) => h.kind === 'device-restored'));
    await until(() => frames.length > before + 10);
    expect(state.opens).toBe(2);
    // Stream time kept moving: frames after the return start later than the last before it.
    expect(frames.at(-1)!.startMs).toBeGreaterThan(frames[before - 1]!.startMs + 300);
    expect(frames.every((f) => f.channel === 'mic')).toBe(true);
    ac.abort();
    await done;
  });

  it('a driver error is a lost device, not a crash', async () => {
    virtualTime();
    const { backend, state } = fakeBackend();
    const source = createDeviceSource({ mic: { device: null }, backend, pollMs: 50 });
    const ac = new AbortController();
    const frames: AudioFrame[] = [];
    const health: HealthEvent[] = [];
    const done = capture(source, ac.signal, frames, health);
    await until(() => frames.length > 5);
    state.fail!(new Error('PortAudio: Unanticipated host error'));
    await until(() => health.some((h) => h.kind === 'device-restored'));
    expect(health.map((h) => h.kind)).toEqual(['device-lost', 'device-restored']);
    expect(health[0]!.message).toMatch(/Unanticipated host error/);
    ac.abort();
    await done;
  });

  it('real naudiodon: lists ALSA inputs and captures 16 kHz frames from a named device', async () => {
    const { listDevices } = await import('../../../native/audio/naudiodon-backend');
    const names = listDevices().map((d) => d.name);
    expect(names).toContain('salesedge_mic');
    const source = createDeviceSource({ mic: { device: 'salesedge_mic' } });
    const ac = new AbortController();
    const frames: AudioFrame[] = [];
    const done = capture(source, ac.signal, frames, []);
    await until(() => frames.length > 20);
    ac.abort();
    await done;
    expect(frames[0]!.channel).toBe('mic');
    expect(frames.reduce((n, f) => n + f.samples.length, 0)).toBeGreaterThan(1000);
  });

  it('real naudiodon: a device that is not there yet is reported, then opened when it appears', async () => {
    const source = createDeviceSource({ mic: { device: 'salesedge_late' }, pollMs: 100 });
    const ac = new AbortController();
    const frames: AudioFrame[] = [];
    const health: HealthEvent[] = [];
    const done = capture(source, ac.signal, frames, health);
    await until(() => health.length > 0);
    expect(health[0]).toMatchObject({ channel: 'mic', kind: 'device-lost' });
    expect(health[0]!.message).toMatch(/"salesedge_late" is not available/);
    // Plug it in.
    writeAlsa('pcm.salesedge_mic { type null }\npcm.salesedge_late { type null }');
    await until(() => frames.length > 10);
    expect(health.map((h) => h.kind)).toEqual(['device-lost', 'device-restored']);
    ac.abort();
    await done;
  });
});

describe('choosing devices', () => {
  const dev = (name: string, isDefault = false): CaptureDevice => ({ id: 0, name, hostApi: 'ALSA', maxInputChannels: 2, defaultSampleRate: 48_000, isDefault });
  const list = [dev('Built-in Microphone', true), dev('Monitor of Built-in Audio Analog Stereo'), dev('USB Headset')];

  it('default mic = the default input; default system audio = a monitor input, never the mic', () => {
    expect(findDevice(list, { device: null }, 'mic')?.name).toBe('Built-in Microphone');
    expect(findDevice(list, { device: null }, 'system')?.name).toBe('Monitor of Built-in Audio Analog Stereo');
    expect(findDevice([dev('Built-in Microphone', true)], { device: null }, 'system')).toBeUndefined();
    expect(findDevice(list, { device: 'USB Headset' }, 'system')?.name).toBe('USB Headset');
  });
});

describe('push source (Electron loopback frames)', () => {
  it('resamples pushed 48 kHz chunks to 16 kHz frames with continuous stream time', async () => {
    const source = createPushSource();
    expect(source.channels).toEqual(['system']);
    const frames: AudioFrame[] = [];
    const ac = new AbortController();
    const done = (async () => {
      for await (const f of source.frames(ac.signal)) frames.push(f);
    })();
    for (let i = 0; i < 50; i++) await source.push('system', new Float32Array(960).fill(0.25), 48_000);
    source.end();
    await done;
    const total = frames.reduce((n, f) => n + f.samples.length, 0);
    expect(total).toBeGreaterThan(15_000);
    expect(total).toBeLessThanOrEqual(16_000);
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.startMs).toBeCloseTo(frames[i - 1]!.startMs + frames[i - 1]!.samples.length / 16, 6);
    await expect(source.push('mic', new Float32Array(10), 48_000)).rejects.toThrow(/no mic channel/);
  });

  it('forwards reported capture problems to listeners', () => {
    const source = createPushSource();
    const got: HealthEvent[] = [];
    source.onHealth((e) => got.push(e));
    source.report({ channel: 'system', kind: 'device-lost', atMs: 1, sinceMs: 1, message: 'loopback stopped' });
    expect(got).toHaveLength(1);
  });
});
