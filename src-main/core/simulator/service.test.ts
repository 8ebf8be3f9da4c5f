import { describe, expect, it } from 'vitest';
import { createSimulatorService } from './service';
import type { Analyzer } from '../nlp/types';

const voice = { dataDir: '/nonexistent', settings: () => ({ audio: { endOfSpeechMs: 500, micDevice: null } }) };

describe('the simulator service (one per Core)', () => {
  it('opens the analyzer once, listens one turn at a time, stops a listen, and closes what it opened', async () => {
    let opened = 0;
    let closed = 0;
    const analyzer = { close: async () => void (closed += 1) } as unknown as Analyzer;
    const sim = createSimulatorService({ voice, openAnalyzer: async () => (opened += 1, analyzer) });
    expect(await sim.analyzer()).toBe(analyzer);
    expect(await sim.analyzer()).toBe(analyzer);
    expect(opened).toBe(1);

    expect(sim.stopListening()).toBe(false);
    let seen: AbortSignal | undefined;
    const first = sim.listen((signal) => new Promise<string>((resolve) => { seen = signal; signal.addEventListener('abort', () => resolve('stopped')); }));
    await expect(sim.listen(async () => 'second')).rejects.toMatchObject({ code: 'conflict', message: 'already listening for a turn' });
    expect(sim.stopListening()).toBe(true);
    expect(await first).toBe('stopped');
    expect(seen?.aborted).toBe(true);
    expect(await sim.listen(async () => 'next')).toBe('next'); // the slot is free again

    const pending = sim.listen((signal) => new Promise<boolean>((resolve) => signal.addEventListener('abort', () => resolve(signal.aborted))));
    await sim.close();
    expect(await pending).toBe(true); // closing ends a listen in progress
    expect(closed).toBe(1);
  });
});
