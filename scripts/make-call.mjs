#!/usr/bin/env node
// Renders a realistic two-channel sales call from a script JSON: the rep's voice on the left
// channel (mic), the customer's on the right (system audio), 16 kHz 16-bit stereo WAV, with
// espeak-ng voices (pt-BR or en-US) and sox (resample, trim, level). Writes next to it
// NAME.script.json: the script with the exact stream time of every utterance (startMs/endMs
// of the trimmed speech), which the reference-transcript engine and the tests rely on.
//
//   node scripts/make-call.mjs test/fixtures/calls/price-gong-en.json out/calls/price-gong-en.wav
//
// Script: { title, language: "pt"|"en", voices?: {rep, customer}, rate?, gapMs?,
//           utterances: [{ speaker: "rep"|"customer", text, pauseMs?, expect?: {objection?, competitor?} }] }
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RATE = 16_000;
const DEFAULT_VOICES = { pt: { rep: 'pt-br+m3', customer: 'pt-br+f2' }, en: { rep: 'en-us+m3', customer: 'en-us+f2' } };

function readPcm16(file) {
  const buf = fs.readFileSync(file);
  let off = 12;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'data') {
      const n = Math.floor(Math.min(size, buf.length - off - 8) / 2);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = buf.readInt16LE(off + 8 + i * 2) / 32768;
      return out;
    }
    off += 8 + size + (size % 2);
  }
  throw new Error(`no data chunk in ${file}`);
}

function writeStereo16(file, left, right) {
  const n = Math.max(left.length, right.length);
  const buf = Buffer.alloc(44 + n * 4);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + n * 4, 4);
  buf.write('WAVEfmt ', 8, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(2, 22);
  buf.writeUInt32LE(RATE, 24);
  buf.writeUInt32LE(RATE * 4, 28);
  buf.writeUInt16LE(4, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(n * 4, 40);
  const s16 = (x) => Math.max(-32768, Math.min(32767, Math.round(x * 32767)));
  for (let i = 0; i < n; i++) {
    buf.writeInt16LE(s16(left[i] ?? 0), 44 + i * 4);
    buf.writeInt16LE(s16(right[i] ?? 0), 46 + i * 4);
  }
  fs.writeFileSync(file, buf);
}

/** One utterance: espeak-ng renders it, sox resamples to 16 kHz, trims the silence and sets the level. */
function speak(text, voice, rate, tmp, level) {
  const raw = path.join(tmp, 'raw.wav');
  const clean = path.join(tmp, 'clean.wav');
  execFileSync('espeak-ng', ['-v', voice, '-s', String(rate), '-w', raw, text]);
  execFileSync('sox', [raw, '-r', String(RATE), '-c', '1', '-b', '16', clean, 'silence', '1', '0.01', '0.3%', 'reverse', 'silence', '1', '0.01', '0.3%', 'reverse', 'gain', '-n', String(level)]);
  return readPcm16(clean);
}

export function makeCall(script, outWav) {
  const language = script.language;
  if (language !== 'pt' && language !== 'en') throw new Error('script.language must be "pt" or "en"');
  const voices = { ...DEFAULT_VOICES[language], ...(script.voices ?? {}) };
  const rate = script.rate ?? 165;
  const gapMs = script.gapMs ?? 900;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'make-call-'));
  const parts = [];
  let cursor = Math.round(0.6 * RATE);
  try {
    for (const u of script.utterances) {
      if (u.speaker !== 'rep' && u.speaker !== 'customer') throw new Error(`speaker must be rep or customer: ${JSON.stringify(u)}`);
      cursor += Math.round(((u.pauseMs ?? 0) * RATE) / 1000);
      // The customer arrives over the call app a little quieter than the rep's own mic.
      const pcm = speak(u.text, voices[u.speaker], u.speaker === 'rep' ? rate : rate - 10, tmp, u.speaker === 'rep' ? -3 : -5);
      parts.push({ u, pcm, start: cursor });
      cursor += pcm.length + Math.round((gapMs * RATE) / 1000);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const total = cursor + RATE;
  const left = new Float32Array(total);
  const right = new Float32Array(total);
  // A faint noise floor on both channels (a real line is never digital silence); seeded, so renders are reproducible.
  let seed = 12345;
  const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff - 0.5) * 0.002;
  for (let i = 0; i < total; i++) {
    left[i] = noise();
    right[i] = noise();
  }
  for (const { u, pcm, start } of parts) (u.speaker === 'rep' ? left : right).set(pcm.map((x, i) => x + (u.speaker === 'rep' ? left : right)[start + i]), start);
  fs.mkdirSync(path.dirname(path.resolve(outWav)), { recursive: true });
  writeStereo16(outWav, left, right);
  const ms = (samples) => Math.round((samples * 1000) / RATE);
  const out = {
    title: script.title ?? path.basename(outWav, '.wav'),
    language,
    durationMs: ms(total),
    channels: { left: 'rep (mic)', right: 'customer (system)' },
    utterances: parts.map(({ u, pcm, start }) => ({ speaker: u.speaker, text: u.text, startMs: ms(start), endMs: ms(start + pcm.length), language, ...(u.expect ? { expect: u.expect } : {}) })),
  };
  const scriptOut = outWav.replace(/\.wav$/i, '') + '.script.json';
  fs.writeFileSync(scriptOut, `${JSON.stringify(out, null, 2)}\n`);
  return { wav: outWav, script: scriptOut, durationMs: out.durationMs };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    process.stderr.write('usage: node scripts/make-call.mjs SCRIPT.json OUT.wav\n');
    process.exit(1);
  }
  try {
    const res = makeCall(JSON.parse(fs.readFileSync(input, 'utf8')), output);
    process.stdout.write(`${JSON.stringify(res)}\n`);
  } catch (err) {
    process.stderr.write(`make-call: ${String(err?.message ?? err).split('\n')[0]}\n`);
    process.exit(1);
  }
}
