/**
 * A spoken role-play end to end (issue 14): the rep's turns rendered with espeak-ng, captured
 * by the core on the Settings microphone (real PortAudio/ALSA: an ALSA device whose capture
 * data is the rendered turn) or sent as a recording, each through the live path (VAD,
 * segmenter, speech recogniser: pocketsphinx en-us here, no Whisper weights on this machine)
 * into text, the buyer's reply, the result stored; and the buyer's voice rendered to audio.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { createDispatcher, type Dispatch } from '../api/dispatch';
import { handlers } from '../api/handlers';
import { decodeWav } from '../audio/wav';
import { tempDir } from '../../../test/helpers';
import type { SimResult } from '../../../src-shared/ipc/simulator';

// ALSA's file plugin: what the app captures from `sim_mic` is the raw float samples in `micFeed`
// (written before each turn); PortAudio reads this configuration when it starts.
const alsaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alsa-sim-'));
const micFeed = path.join(alsaDir, 'mic.raw');
fs.writeFileSync(micFeed, '');
fs.writeFileSync(path.join(alsaDir, 'asound.conf'), `</usr/share/alsa/alsa.conf>\npcm.!default { type null }\npcm.sim_mic { type file; slave.pcm "null"; file "/dev/null"; infile "${micFeed}"; format "raw" }\n`);
process.env.ALSA_CONFIG_PATH = path.join(alsaDir, 'asound.conf');

let core: Core;
let dispatch: Dispatch;
let dir: { dir: string; cleanup(): void };
beforeAll(() => {
  dir = tempDir();
  // No Whisper model: the core picks pocketsphinx for English, as on a machine without weights.
  core = createCore({ dataDir: dir.dir });
  dispatch = createDispatcher(core, handlers);
});
afterAll(async () => {
  await core.close();
  dir.cleanup();
  fs.rmSync(alsaDir, { recursive: true, force: true });
});

const ok = <T>(r: Awaited<ReturnType<Dispatch>>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.result as T;
};
/** The rep's line as a WAV, as a microphone would hear it: espeak-ng, with silence either side. */
function speak(text: string, name: string): Buffer {
  const raw = path.join(dir.dir, `${name}-raw.wav`);
  const out = path.join(dir.dir, `${name}.wav`);
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, text]);
  execFileSync('sox', [raw, '-r', '16000', '-c', '1', out, 'pad', '0.5', '1.0']);
  return fs.readFileSync(out);
}

/**
 * pocketsphinx hears espeak-ng's voice poorly and chaotically: a frame more or less of audio
 * (the VAD's cut, espeak's speed or word gap) turns "what matters most to you in this decision"
 * into "well rather go to increase the season" (3 of its words) or "… it didn't" (1, as in a CI
 * run). These turns were picked because it hears 6–11 of their words at espeak speeds 130 and
 * 150, word gaps 0 and 4 (whole file and VAD cut), well above the 3 the test asks for.
 */
const TURNS = [
  'I hear you. The price is high, but the return comes in four months.',
  'Thank you for your time today. Can we talk about the price next week?',
];

/** Feeds the rep's line to `sim_mic` as the device delivers it: float samples at its own rate. */
async function feedMic(text: string): Promise<void> {
  const { listDevices } = await import('../../../native/audio/naudiodon-backend');
  const device = listDevices().find((d) => d.name === 'sim_mic');
  expect(device, 'the ALSA sim_mic device').toBeDefined();
  const raw = path.join(dir.dir, 'feed.wav');
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, text]);
  execFileSync('sox', [raw, '-r', String(Math.round(device!.defaultSampleRate)), '-c', '1', '-b', '32', '-e', 'floating-point', '-t', 'raw', micFeed, 'pad', '0.5', '2.0']);
}

describe('a spoken role-play', () => {
  it('the core listens on the Settings microphone (the live capture path) until the rep stops speaking, and the buyer answers the words it heard', { timeout: 180_000 }, async () => {
    ok(await dispatch('settings.update', { audio: { micDevice: 'sim_mic' } }));
    const base = { scenario: 'architecture-review', language: 'en' as const, seed: 4 };
    const line = 'I understand your team is busy. How many people would use it in the first month?';
    await feedMic(line);
    const heard = ok<{ text: string; engine: string; clip: string | null }>(await dispatch('simulator.listen', { language: 'en', maxMs: 60_000 }));
    // The clip is the utterance the words came from, 16 kHz, about as long as the line.
    const clip = decodeWav(fs.readFileSync(path.join(dir.dir, 'simulator-audio', 'pending', `${heard.clip}.wav`)));
    expect(clip.sampleRate).toBe(16_000);
    expect(clip.channels[0]!.length / 16_000).toBeGreaterThan(2);
    expect(clip.channels[0]!.length / 16_000).toBeLessThan(8);
    const said = new Set(line.toLowerCase().match(/[a-z]+/g));
    expect((heard.text.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => said.has(w)).length, heard.text).toBeGreaterThanOrEqual(3);
    const step = ok<{ transcript: { speaker: string; text: string }[] }>(await dispatch('simulator.turn', { ...base, answers: [heard.text] }));
    expect(step.transcript.map((t) => t.speaker)).toEqual(['buyer', 'rep', 'buyer']);
    // Nothing said: the listen ends empty at maxMs; stop ends a listen at once; one listen at a time.
    fs.writeFileSync(micFeed, '');
    expect(ok<{ text: string }>(await dispatch('simulator.listen', { language: 'en', maxMs: 1000 })).text).toBe('');
    const pending = dispatch('simulator.listen', { language: 'en', maxMs: 60_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(await dispatch('simulator.listen', { language: 'en' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(ok<{ stopped: boolean }>(await dispatch('simulator.listen.stop', {})).stopped).toBe(true);
    expect(ok<{ text: string }>(await pending).text).toBe('');
  });

  it('each spoken turn becomes the rep\'s text through VAD and the recogniser, the buyer answers it, and the run is scored and stored', { timeout: 180_000 }, async () => {
    const base = { scenario: 'cost-cutting-renewal', language: 'en' as const, seed: 2 };
    const opening = ok<{ transcript: { speaker: string; text: string }[] }>(await dispatch('simulator.turn', { ...base, answers: [] }));
    const answers: string[] = [];
    const clips: (string | null)[] = [];
    for (const [i, line] of TURNS.entries()) {
      const heard = ok<{ text: string; engine: string; durationMs: number; clip: string | null }>(await dispatch('simulator.transcribe', { audio: speak(line, `turn${i}`).toString('base64'), language: 'en' }));
      expect(heard.clip).toMatch(/^[0-9a-f-]{36}$/);
      clips.push(heard.clip);
      expect(heard.engine).toMatch(/pocketsphinx|whisper/);
      expect(heard.durationMs).toBeGreaterThan(1500);
      // The recogniser heard words of the turn (not the exact line: it is a recogniser).
      const said = new Set(line.toLowerCase().match(/[a-z]+/g));
      const got = heard.text.toLowerCase().match(/[a-z]+/g) ?? [];
      expect(got.filter((w) => said.has(w)).length, heard.text).toBeGreaterThanOrEqual(3);
      answers.push(heard.text);
      const step = ok<{ transcript: { speaker: string; text: string }[] }>(await dispatch('simulator.turn', { ...base, answers }));
      expect(step.transcript[0]).toEqual(opening.transcript[0]);
      expect(step.transcript.at(-2)).toEqual({ speaker: 'rep', text: heard.text });
      expect(step.transcript.at(-1)!.speaker).toBe('buyer');
    }
    // A typed third turn among the spoken ones: no clip for it.
    answers.push('As a next step, shall we book a review with your committee on Tuesday at 10 am?');
    clips.push(null);
    const result = ok<SimResult>(await dispatch('simulator.finish', { ...base, answers, startedAt: Date.now() - 30_000, clips }));
    expect(result).toMatchObject({ mode: 'voice', scenario: 'cost-cutting-renewal' });
    expect(result.transcript.filter((t) => t.speaker === 'rep').map((t) => t.text)).toEqual(answers);
    // The spoken turns' audio, by transcript index, kept with the run and played back as sent.
    const repTurns = result.transcript.flatMap((t, i) => (t.speaker === 'rep' ? [i] : []));
    expect(result.audio).toEqual(repTurns.slice(0, 2));
    expect(ok<SimResult>(await dispatch('simulator.get', { id: result.id })).audio).toEqual(repTurns.slice(0, 2));
    const clip = ok<{ audio: string }>(await dispatch('simulator.clip', { id: result.id, turn: repTurns[0]! }));
    expect(decodeWav(Buffer.from(clip.audio, 'base64')).channels[0]!.length / 16_000).toBeGreaterThan(1.5);
    expect(await dispatch('simulator.clip', { id: result.id, turn: repTurns[2]! })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    for (const c of clips) if (c) expect(fs.existsSync(path.join(dir.dir, 'simulator-audio', 'pending', `${c}.wav`))).toBe(false);
    expect(ok<{ runs: { id: string; mode: string }[] }>(await dispatch('simulator.history', {})).runs[0]).toMatchObject({ id: result.id, mode: 'voice' });
    // Deleting the run deletes its audio.
    ok(await dispatch('simulator.delete', { id: result.id }));
    expect(fs.existsSync(path.join(dir.dir, 'simulator-audio', result.id))).toBe(false);
  });

  it('silence is a turn with no words; a file that is not a WAV is refused in one line', { timeout: 60_000 }, async () => {
    const silent = path.join(dir.dir, 'silence.wav');
    execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', silent, 'trim', '0', '2']);
    expect(ok<{ text: string }>(await dispatch('simulator.transcribe', { audio: fs.readFileSync(silent).toString('base64'), language: 'en' })).text).toBe('');
    const bad = await dispatch('simulator.transcribe', { audio: Buffer.from('not a wav at all').toString('base64'), language: 'en' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.message).not.toContain('\n');
  });

  it("renders the buyer's line to speech in either language (espeak-ng WAV)", { timeout: 60_000 }, async () => {
    for (const language of ['pt', 'en'] as const) {
      const r = ok<{ audio: string; mime: string }>(await dispatch('simulator.speak', { text: language === 'pt' ? 'Achei caro. O valor está acima do esperado.' : 'Honestly, this is expensive.', language }));
      expect(r.mime).toBe('audio/wav');
      const wav = decodeWav(Buffer.from(r.audio, 'base64'));
      const seconds = wav.channels[0]!.length / wav.sampleRate;
      expect(seconds).toBeGreaterThan(0.8);
      expect(Math.max(...wav.channels[0]!.map(Math.abs))).toBeGreaterThan(0.05); // speech, not silence
    }
  });
});
