import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../core';
import { repoRoot, tempDir } from '../../../test/helpers';
import { defaultLiveDeps, openLiveAsr, openLiveSource } from './default-deps';

describe('live sources', () => {
  const t = tempDir();
  const core = createCore({ dataDir: t.dir });
  afterAll(async () => {
    await core.close();
    t.cleanup();
  });

  it('opens the bundled demo with its call script, and the reference engine answers from it', async () => {
    const opened = await openLiveSource(core, { kind: 'demo', language: 'pt' });
    expect(opened).toMatchObject({ kind: 'demo', realtime: true, language: 'pt' });
    expect(opened.source.channels).toEqual(['mic', 'system']);
    const asr = await openLiveAsr(core, opened, { language: 'pt' });
    expect(asr.id).toBe('reference');
    const first = (await asr.transcribe(new Float32Array(0), { language: 'pt', startMs: 0, endMs: 7000, speaker: 'rep' })).text;
    expect(first).toMatch(/^Oi Maria/);
  });

  it('refuses missing files and a reference engine without a script, in one line', async () => {
    await expect(openLiveSource(core, { kind: 'file', path: '/nope.wav', realtime: false })).rejects.toThrow('no such recording: /nope.wav');
    const opened = await openLiveSource(core, { kind: 'files', mic: path.join(repoRoot, 'resources/demo/demo-en.wav'), system: path.join(repoRoot, 'resources/demo/demo-en.wav'), realtime: false }).catch((e: Error) => e);
    // Stereo files are refused for --mic/--system by the audio layer.
    expect(opened).toBeInstanceOf(Error);
    const mono = await openLiveSource(core, { kind: 'file', path: path.join(repoRoot, 'resources/demo/demo-en.wav'), realtime: false });
    await expect(openLiveAsr(core, { ...mono, scriptFile: undefined }, { language: 'en', engine: 'reference' })).rejects.toThrow(/needs the call script/);
  });
});

describe('live capture from devices', () => {
  it('opens both channels from the names chosen (or saved), and lists devices without throwing', async () => {
    const t = tempDir();
    const core = createCore({ dataDir: t.dir });
    try {
      const lists = await defaultLiveDeps().listDevices!();
      expect(Array.isArray(lists.mic) && Array.isArray(lists.system)).toBe(true);
      const opened = await openLiveSource(core, { kind: 'devices', micDevice: null, systemDevice: 'Monitor of Built-in Audio' });
      expect(opened).toMatchObject({ kind: 'live', realtime: true });
      expect(opened.source.kind).toBe('device');
      expect(opened.source.channels).toEqual(['mic', 'system']);
    } finally {
      await core.close();
      t.cleanup();
    }
  });
});
