import { describe, expect, it } from 'vitest';
import { createSegmenter } from './segmenter';
import type { SegmenterEvent } from './types';

/** Feeds 32 ms windows whose probabilities follow `pattern` ('#' speech, '.' silence); each window's samples hold its index. */
function run(pattern: string, options: Parameters<typeof createSegmenter>[1]) {
  const seg = createSegmenter('system', options);
  const events: { atMs: number; e: SegmenterEvent }[] = [];
  [...pattern].forEach((c, i) => {
    const samples = new Float32Array(512).fill(i);
    for (const e of seg.push(samples, i * 32, c === '#' ? 0.9 : 0.05)) events.push({ atMs: (i + 1) * 32, e });
  });
  for (const e of seg.flush()) events.push({ atMs: pattern.length * 32, e });
  return events;
}

describe('segmenter', () => {
  it('cuts an utterance with pre-roll and tail, ending after the configured silence', () => {
    // 10 windows silence, 20 speech (640 ms), 30 silence.
    const events = run('.'.repeat(10) + '#'.repeat(20) + '.'.repeat(30), { endOfSpeechMs: 500 });
    const start = events.find((x) => x.e.type === 'speech-start')!;
    const end = events.find((x) => x.e.type === 'speech-end')!;
    expect(start.e).toEqual({ type: 'speech-start', channel: 'system', startMs: 320 - 96 });
    // speech-start is announced once 200 ms of speech is confirmed.
    expect(start.atMs).toBe(320 + 7 * 32);
    if (end.e.type !== 'speech-end') throw new Error('no end');
    const u = end.e.utterance;
    expect(u.speaker).toBe('customer');
    expect(u.startMs).toBe(224);
    expect(u.endMs).toBe(960 + 96);
    expect(u.samples.length).toBe(((u.endMs - u.startMs) * 16) | 0);
    expect(u.samples[0]).toBe(7); // first pre-roll window
    // Detected 500 ms (16 windows: 512 ms) after the last speech window.
    expect(end.atMs).toBe(960 + 16 * 32);
  });

  it('follows the configured end-of-speech silence', () => {
    const pattern = '#'.repeat(20) + '.'.repeat(12) + '#'.repeat(20) + '.'.repeat(40);
    const short = run(pattern, { endOfSpeechMs: 300 }).filter((x) => x.e.type === 'speech-end');
    const long = run(pattern, { endOfSpeechMs: 800 }).filter((x) => x.e.type === 'speech-end');
    expect(short).toHaveLength(2); // a 384 ms pause splits at 300 ms...
    expect(long).toHaveLength(1); // ...and not at 800 ms
    expect(long[0]!.atMs).toBe(52 * 32 + 25 * 32);
  });

  it('emits progress snapshots every ~400 ms of speech, growing', () => {
    const events = run('#'.repeat(60) + '.'.repeat(20), { endOfSpeechMs: 500 });
    const progress = events.filter((x) => x.e.type === 'speech-progress');
    expect(progress.length).toBeGreaterThanOrEqual(3);
    const gaps = progress.slice(1).map((p, i) => p.atMs - progress[i]!.atMs);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(384);
    for (const g of gaps) expect(g).toBeLessThanOrEqual(448);
    const lengths = progress.map((p) => (p.e.type === 'speech-progress' ? p.e.samples.length : 0));
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
  });

  it('drops blips shorter than the minimum speech', () => {
    expect(run('....##......................', { endOfSpeechMs: 300 })).toEqual([]);
  });

  it('splits an endless utterance at maxUtteranceMs', () => {
    const ends = run('#'.repeat(200), { endOfSpeechMs: 500, maxUtteranceMs: 2000 }).filter((x) => x.e.type === 'speech-end');
    expect(ends.length).toBe(4);
  });

  it('treats a gap in stream time as silence', () => {
    const seg = createSegmenter('mic', { endOfSpeechMs: 500 });
    const events: SegmenterEvent[] = [];
    for (let i = 0; i < 20; i++) events.push(...seg.push(new Float32Array(512), i * 32, 0.9));
    events.push(...seg.push(new Float32Array(512), 5000, 0.05)); // device came back 4 s later
    const end = events.find((e) => e.type === 'speech-end');
    expect(end && end.type === 'speech-end' && end.utterance.endMs).toBeLessThan(1000);
    expect(end && end.type === 'speech-end' && end.utterance.speaker).toBe('rep');
  });
});

describe('segmenter: speech-pause for speculative finals', () => {
  it('offers the utterance at the first silence, takes it back when speech resumes, and ends with the same audio it offered last', () => {
    // 20 speech, a 192 ms pause, 10 speech, then silence.
    const events = run('#'.repeat(20) + '.'.repeat(6) + '#'.repeat(10) + '.'.repeat(30), { endOfSpeechMs: 500, pauseMs: 128 });
    const kinds = events.map((x) => x.e.type).filter((t) => t !== 'speech-progress');
    expect(kinds).toEqual(['speech-start', 'speech-pause', 'speech-resume', 'speech-pause', 'speech-end']);
    const [p1, p2] = events.filter((x) => x.e.type === 'speech-pause');
    // Offered after 4 silent windows (128 ms) of each pause.
    expect(p1!.atMs).toBe(24 * 32);
    expect(p2!.atMs).toBe(40 * 32);
    const resume = events.find((x) => x.e.type === 'speech-resume')!;
    expect(resume.e).toEqual({ type: 'speech-resume', channel: 'system', startMs: 0, atMs: 26 * 32 });
    const end = events.find((x) => x.e.type === 'speech-end')!.e;
    if (end.type !== 'speech-end' || p2!.e.type !== 'speech-pause' || p1!.e.type !== 'speech-pause') throw new Error('events');
    // The second offer is exactly what speech-end carries: a kept speculation decoded the right audio.
    expect(p2!.e.utterance.startMs).toBe(end.utterance.startMs);
    expect(p2!.e.utterance.endMs).toBe(end.utterance.endMs);
    expect(p2!.e.utterance.samples).toEqual(end.utterance.samples);
    // The first offer ended at its pause (plus the kept tail), before the resumed speech.
    expect(p1!.e.utterance.endMs).toBe(20 * 32 + 96);
  });

  it('is off by default, never below the kept tail, and never without a started utterance', () => {
    expect(run('#'.repeat(20) + '.'.repeat(30), { endOfSpeechMs: 500 }).some((x) => x.e.type === 'speech-pause')).toBe(false);
    const tail = run('#'.repeat(20) + '.'.repeat(30), { endOfSpeechMs: 500, pauseMs: 32 }).find((x) => x.e.type === 'speech-pause')!;
    expect(tail.atMs).toBe(23 * 32); // raised to tailMs (96 ms = 3 windows)
    expect(run('##' + '.'.repeat(30), { endOfSpeechMs: 500, pauseMs: 128 }).some((x) => x.e.type === 'speech-pause')).toBe(false); // a click
    // A silence longer than the end of speech ends the utterance: no offer once it has ended.
    expect(run('#'.repeat(20) + '.'.repeat(30), { endOfSpeechMs: 100, pauseMs: 128 }).some((x) => x.e.type === 'speech-pause')).toBe(false);
  });
});
