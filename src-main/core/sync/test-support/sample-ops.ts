/**
 * A sample op for tests of the outbox and the sync engine: a simulation result (an up entity
 * of the wire protocol that has no local table yet, so nothing but the op describes it),
 * queued like a local write queues its op. Call it inside the test's transaction as a write
 * would. Returns the op id.
 */
import type { SimulationResultPayload } from '../../../../src-shared/sync-protocol';
import type { Store } from '../../store/db';
import { enqueueSyncOp } from '../outbox';

export function enqueueSampleSimulationResult(store: Store, sessionId: string, fields: Partial<SimulationResultPayload> = {}): string {
  const payload: SimulationResultPayload = { sessionId, scenario: 'price', language: 'pt', startedAt: 1, endedAt: null, score: 50, ...fields };
  return enqueueSyncOp(store, { entity: 'simulation_result', entityId: sessionId, op: 'upsert', payload });
}
