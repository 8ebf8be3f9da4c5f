import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { emptyStreamStats, LocalAgreement, transcribeStream, type StreamStats } from './streaming';
import { openPocketsphinxEngine } from './pocketsphinx-engine';
import type { AsrEngine, TranscriptEvent } from './types';
import { readWavFile } from '../audio/wav';
import { createPcmSource } from '../audio/pcm-source';
import { segmentSource } from '../audio/pipeline';
import type { SegmenterEvent } from '../audio/types';

const repoRoot = path.resolve(__dirname, '../../..');
const speech = (f: string) => path.resolve(repoRoot, 'test/fixtures/speech', f);
const load = (f: string) => readWavFile(speech(f)).channels[0]!;

/** Places clips on a silent 16 kHz track at the given seconds. */
function track(totalS: number, clips: [Float32Array, number][]): Float32Array {
  const out = new Float32Array(Math.round(totalS * 16_000));
  for (const [clip, atS] of clips) out.set(clip, Math.round(atS * 16_000));
  return out;
}

describe('LocalAgreement-2', () => {
  it('commits only what two consecutive hypotheses agree on, and never takes a word back', () => {
    const la = new LocalAgreement();
    expect(la.push('go')).toBeNull();
    expect(la.push('go for')).toBe('go');
    expect(la.push('go forward ten')).toBeNull(); // "for" vs "forward": nothing new agreed
    expect(la.push('go forward ten meters')).toBe('go forward ten');
    // A later hypothesis that rewrites committed words commits nothing and changes nothing.
    expect(la.push('so forward ten meters')).toBeNull();
    expect(la.text).toBe('go forward ten');
    expect(la.push('go forward ten meters.')).toBeNull();
    expect(la.push('Go forward ten meters')).toBe('Go forward ten meters');
  });
});

describe('transcribeStream on real audio through pocketsphinx (the second real engine)', () => {
  let engine: AsrEngine;
  beforeAll(async () => {
    engine = await openPocketsphinxEngine();
  });
  afterAll(() => engine.close());

  it('streams partials that only grow, then exactly one final per utterance, labelled by channel, with utterance timing', async () => {
    const g = load('goforward.wav');
    const c1 = load('001.wav');
    // One long customer turn (the clips back to back, pauses under 0.4 s): many progress events,
    // so partials show even when a loaded machine decodes slowly.
    const long = Float32Array.from([...load('005.wav'), ...load('002.wav'), ...load('003.wav')]);
    // Customer (system audio): "ten of clubs" at 0.5 s, then "eight of spades four of clubs seven of
    // hearts / four queen of clubs / seven of clubs" from 3 s to ~10 s. Rep (mic): "go forward ten meters" at 11 s.
    const system = track(15, [
      [c1, 0.5],
      [long, 3.0],
    ]);
    const mic = track(15, [[g, 11]]);
    const source = createPcmSource({ mic, system, sampleRate: 16_000 }, { realtime: true });
    const ac = new AbortController();
    const segEvents: SegmenterEvent[] = [];
    async function* tap() {
      for await (const e of segmentSource(source, { endOfSpeechMs: 600, signal: ac.signal })) {
        segEvents.push(e);
        yield e;
      }
    }
    const stats: StreamStats = emptyStreamStats();
    const out: TranscriptEvent[] = [];
    for await (const t of transcribeStream(tap(), engine, { language: 'en', partials: true, stats })) out.push(t);

    const ends = segEvents.filter((e) => e.type === 'speech-end');
    const finals = out.filter((t) => t.type === 'final');
    // Exactly one final per utterance the segmenter cut, in the same order, same timing.
    expect(finals).toHaveLength(ends.length);
    finals.forEach((f, i) => {
      const u = (ends[i] as Extract<SegmenterEvent, { type: 'speech-end' }>).utterance;
      expect([f.channel, f.startMs, f.endMs]).toEqual([u.channel, u.startMs, u.endMs]);
      expect(f.speaker).toBe(f.channel === 'mic' ? 'rep' : 'customer');
      expect(f.engine).toBe('pocketsphinx');
    });

    const customer = finals.filter((f) => f.speaker === 'customer');
    const rep = finals.filter((f) => f.speaker === 'rep');
    const customerText = customer.map((f) => f.text).join(' ');
    expect(customerText).toMatch(/clubs/);
    expect(customerText).toMatch(/spades|hearts/);
    expect(rep.map((f) => f.text).join(' ')).toMatch(/forward/);
    expect(customerText).not.toMatch(/forward/);
    // Timing: the customer spoke between 0.5 s and ~10 s, the rep from 11 s to ~13.5 s.
    for (const f of customer) {
      expect(f.startMs).toBeGreaterThanOrEqual(300);
      expect(f.endMs).toBeLessThanOrEqual(10_800);
    }
    for (const f of rep) {
      expect(f.startMs).toBeGreaterThanOrEqual(10_800);
      expect(f.endMs).toBeLessThanOrEqual(14_500);
    }

    // Partials: at least one arrived before its final, each grows the previous one (no flicker),
    // none comes after its utterance's final.
    // Phrases (a speculative final offered at a pause) are counted apart; the growing partials are LocalAgreement's.
    const partials = out.filter((t) => t.type === 'partial' && !t.phrase);
    expect(partials.length).toBeGreaterThan(0);
    expect(stats.partialsEmitted).toBe(partials.length);
    expect(stats.phrasesEmitted).toBe(out.filter((t) => t.phrase).length);
    for (const f of finals) {
      const idx = out.indexOf(f);
      const mine = out.filter((t) => t.type === 'partial' && !t.phrase && t.channel === f.channel && t.startMs === f.startMs);
      for (const p of mine) expect(out.indexOf(p)).toBeLessThan(idx);
      for (let i = 1; i < mine.length; i++) {
        expect(mine[i]!.text.startsWith(mine[i - 1]!.text)).toBe(true);
        expect(mine[i]!.text.length).toBeGreaterThan(mine[i - 1]!.text.length);
        expect(mine[i]!.endMs).toBeGreaterThan(mine[i - 1]!.endMs);
      }
      for (const p of mine) {
        expect(p.endMs).toBeLessThanOrEqual(f.endMs);
        expect(p.speaker).toBe(f.speaker);
      }
    }
  }, 120_000);

  it('drops stale partials instead of queueing them behind a slow engine', async () => {
    // The real engine made slow: every call takes 600 ms more, longer than the 400 ms between progress events.
    let calls = 0;
    const slow: AsrEngine = {
      id: engine.id,
      backend: engine.backend,
      transcribe: async (samples, opts) => {
        calls++;
        await new Promise((r) => setTimeout(r, 600));
        return engine.transcribe(samples, opts);
      },
      close: async () => undefined,
    };
    const mic = track(6, [[load('005.wav'), 0.5]]);
    const source = createPcmSource({ mic, sampleRate: 16_000 }, { realtime: true });
    const ac = new AbortController();
    let progress = 0;
    let ends = 0;
    async function* tap() {
      for await (const e of segmentSource(source, { endOfSpeechMs: 600, signal: ac.signal })) {
        if (e.type === 'speech-progress') progress++;
        if (e.type === 'speech-end') ends++;
        yield e;
      }
    }
    const stats: StreamStats = emptyStreamStats();
    const out: TranscriptEvent[] = [];
    for await (const t of transcribeStream(tap(), slow, { language: 'en', stats })) out.push(t);
    expect(progress).toBeGreaterThan(3);
    // Every progress event was either decoded or dropped; far fewer decoded than received.
    expect(stats.partialRequests + stats.partialsDropped).toBeGreaterThanOrEqual(progress);
    expect(stats.partialsDropped).toBeGreaterThan(0);
    expect(stats.partialRequests).toBeLessThan(progress);
    expect(out.filter((t) => t.type === 'final')).toHaveLength(ends);
    expect(out.at(-1)!.type).toBe('final');
    expect(out.at(-1)!.text).toMatch(/clubs/);
    // Had every partial been queued, the engine would have run once per progress event plus the finals.
    expect(calls).toBe(stats.partialRequests + ends);
    expect(calls).toBeLessThan(progress + ends);
  }, 120_000);

  it('without partials gives finals only, and rejects Portuguese with a one-line error', async () => {
    const system = track(3, [[load('001.wav'), 0.3]]);
    const ac = new AbortController();
    const events = segmentSource(createPcmSource({ system, sampleRate: 16_000 }), { endOfSpeechMs: 500, signal: ac.signal });
    const out: TranscriptEvent[] = [];
    for await (const t of transcribeStream(events, engine, { language: 'en', partials: false })) out.push(t);
    expect(out.map((t) => t.type)).toEqual(['final']);
    expect(out[0]!.text).toMatch(/clubs/);
    // Partials for the customer only: a rep (mic) utterance, paced live, still gets none.
    const mic = track(4, [[load('005.wav'), 0.3]]);
    const micEvents = segmentSource(createPcmSource({ mic, sampleRate: 16_000 }, { realtime: true }), { endOfSpeechMs: 500, signal: ac.signal });
    const micOut: TranscriptEvent[] = [];
    for await (const t of transcribeStream(micEvents, engine, { language: 'en', partialChannels: ['system'] })) micOut.push(t);
    expect(micOut.map((t) => [t.type, t.speaker])).toEqual([['final', 'rep']]);
    const events2 = segmentSource(createPcmSource({ system, sampleRate: 16_000 }), { endOfSpeechMs: 500, signal: ac.signal });
    const run = async () => {
      for await (const _ of transcribeStream(events2, engine, { language: 'pt' })) void _;
    };
    await expect(run()).rejects.toThrow('pocketsphinx has an English model only: use --engine whisper for Portuguese (salesedge models fetch base)');
  }, 60_000);
});
