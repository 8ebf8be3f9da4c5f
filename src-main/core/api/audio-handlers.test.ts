import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NativeAudioUnavailable } from '../../../native/audio/naudiodon-backend';
import { listCaptureDevices } from '../audio/devices';
import { createCore } from '../core';
import { createDispatcher } from './dispatch';
import { handlers } from './handlers';

// Real PortAudio over ALSA null devices, one of them named like a PulseAudio monitor.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'audio-handlers-'));
fs.writeFileSync(path.join(tmp, 'asound.conf'), '</usr/share/alsa/alsa.conf>\npcm.!default { type null }\npcm.headset_mic { type null }\npcm.monitor_of_speakers { type null }\n');
process.env.ALSA_CONFIG_PATH = path.join(tmp, 'asound.conf');
const core = createCore({ dataDir: path.join(tmp, 'data') });
afterAll(() => core.close());

describe('audio.devices', () => {
  it('lists real input devices through the typed contract, monitors first for system audio', async () => {
    const dispatch = createDispatcher(core, handlers);
    const res = await dispatch('audio.devices', {});
    if (!res.ok) throw new Error(res.error.message);
    const lists = res.result as { available: boolean; mic: { id: string }[]; system: { id: string }[] };
    expect(lists.available).toBe(true);
    expect(lists.mic.map((d) => d.id)).toEqual(expect.arrayContaining(['headset_mic', 'default', 'monitor_of_speakers']));
    expect(lists.system[0]!.id).toBe('monitor_of_speakers');
    expect(lists.mic.at(-1)!.id).toBe('monitor_of_speakers');
  });

  it('rejects a payload with extra keys', async () => {
    const res = await createDispatcher(core, handlers)('audio.devices', { all: true });
    expect(res.ok).toBe(false);
  });

  it('a broken native addon is a clear message, not a crash', () => {
    const lists = listCaptureDevices(() => {
      throw new NativeAudioUnavailable('Module did not self-register');
    });
    expect(lists).toMatchObject({ available: false, mic: [], system: [] });
    expect(lists.message).toMatch(/^audio capture is unavailable \(naudiodon: Module did not self-register\); run `npm run rebuild:node`/);
    // The same for a UI's catalogue (the reason stays the library's own words).
    expect(lists.notice).toEqual({ key: 'audio.unavailable', params: { reason: 'Module did not self-register' } });
    const none = listCaptureDevices(() => ({ listDevices: () => [] }) as never);
    expect(none).toMatchObject({ available: true, message: 'no audio input devices found', notice: { key: 'audio.noDevices', params: {} } });
  });
});
