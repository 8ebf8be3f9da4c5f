import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { quietNative } from '../../../native/audio/quiet-native';
import { repoRoot, tempDir } from '../../../test/helpers';

const t = tempDir('salesedge-devices-');
afterAll(() => t.cleanup());

describe('salesedge devices and the native libraries’ chatter', () => {
  it('--json prints one JSON object and no "ALSA lib" line reaches the terminal (built CLI)', () => {
    expect(fs.existsSync(path.join(repoRoot, 'out/main/cli.js')), 'build first: npx electron-vite build').toBe(true);
    // A default that works, plus PCMs that name an undefined one: ALSA prints "Unknown PCM" while PortAudio probes them.
    const conf = path.join(t.dir, 'asound.conf');
    fs.writeFileSync(conf, 'pcm.!default { type null }\npcm.broken { type plug slave.pcm "nosuchpcm" }\npcm.broken2 { type plug slave.pcm "nosuchpcm2" }\n');
    const env = { ...process.env, ALSA_CONFIG_PATH: conf, SALESEDGE_LOG: 'warn' };
    const res = spawnSync(process.execPath, [path.join(repoRoot, 'bin/salesedge.js'), '--data-dir', path.join(t.dir, 'data'), '--json', 'devices'], { env, encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).not.toMatch(/ALSA lib|Unknown PCM/);
    const lines = res.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const lists = JSON.parse(lines[0]!) as { available: boolean; mic: { id: string }[] };
    expect(lists.available).toBe(true);
    expect(lists.mic.map((d) => d.id)).toContain('default');
  });

  it('quietNative hands what was written to fds 1 and 2 to onHidden instead of the terminal', () => {
    let hidden = '';
    const value = quietNative(
      () => {
        fs.writeSync(1, 'to stdout\n');
        fs.writeSync(2, 'to stderr\n');
        return 42;
      },
      (text) => (hidden = text),
    );
    expect(value).toBe(42);
    expect(hidden).toBe('to stdout\nto stderr\n');
  });
});
