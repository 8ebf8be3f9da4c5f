/**
 * The simulator's long-lived parts for one Core (made in createCore, closed by core.close()):
 * the sentiment analyzer the rubric's tone check uses (opened on the first finished run), the
 * recognisers kept open between spoken turns, and the one turn being listened for (there is one
 * microphone). Handlers reach them as `core.simulator`.
 */
import { CoreError } from '../../../src-shared/errors';
import type { Analyzer } from '../nlp/types';
import { createEnginePool, type EnginePool } from './voice';

export type SimulatorService = {
  /** The rubric's analyzer, opened once. */
  analyzer(): Promise<Analyzer>;
  /** The recognisers for spoken turns, opened per language on first use. */
  readonly pool: EnginePool;
  /** Runs `fn` as the one listen in progress; a second one at the same time is a conflict. */
  listen<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Ends the listen in progress; whether there was one. */
  stopListening(): boolean;
  close(): Promise<void>;
};

export function createSimulatorService(deps: { voice: Parameters<typeof createEnginePool>[0]; openAnalyzer: () => Promise<Analyzer> }): SimulatorService {
  let analyzer: Promise<Analyzer> | null = null;
  let listening: AbortController | null = null;
  const pool = createEnginePool(deps.voice);
  return {
    analyzer: () => (analyzer ??= deps.openAnalyzer()),
    pool,
    async listen(fn) {
      if (listening) throw new CoreError('conflict', 'already listening for a turn');
      const ctrl = new AbortController();
      listening = ctrl;
      try {
        return await fn(ctrl.signal);
      } finally {
        if (listening === ctrl) listening = null;
      }
    },
    stopListening() {
      const ctrl = listening;
      ctrl?.abort();
      return ctrl !== null;
    },
    async close() {
      listening?.abort();
      await pool.close();
      if (analyzer) await (await analyzer.catch(() => null))?.close();
    },
  };
}
