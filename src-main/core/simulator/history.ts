/**
 * The role-play history (issue 14): a finished run stored in SQLite (store/simulations.ts) and
 * queued for the sync server as a simulation_result in the same transaction (the sync engine
 * redacts its free text at push time), read back for the Simulator page and the CLI.
 */
import crypto from 'node:crypto';
import type { SpokenLanguage } from '../../../src-shared/taxonomy';
import type { SimulationResultPayload } from '../../../src-shared/sync-protocol';
import type { Store } from '../store/db';
import { transaction } from '../store/query';
import { deleteSimulation, getSimulation, insertSimulation, listSimulations, simulationIdsStartedBefore, type SimulationRow, type SimulationSummaryRow } from '../store/simulations';
import { enqueueSyncOp } from '../sync/outbox';
import type { SimulationRun } from './engine';
import type { Category, Check, Score } from './rubric';

export type SimMode = 'typed' | 'voice' | 'cli';

export type SimSummary = {
  id: string;
  scenario: string;
  persona: string;
  language: SpokenLanguage;
  mode: SimMode;
  startedAt: number;
  endedAt: number | null;
  score: number;
  passed: boolean;
  categories: Record<Category, number>;
  outcome: 'won' | 'open' | 'lost';
  complete: boolean;
};
export type SimRecord = SimSummary & { seed: number; transcript: { speaker: 'buyer' | 'rep'; text: string }[]; checks: Check[]; feedback: string[] };

export type SaveInput = { scenario: string; persona: string; language: SpokenLanguage; seed: number; mode: SimMode; startedAt: number; endedAt: number; run: SimulationRun; score: Score };

/** Stores the run and queues its result for sync, together; returns the stored record. */
export function saveSimulation(store: Store, s: SaveInput, now = Date.now()): SimRecord {
  const id = `sim-${crypto.randomUUID()}`;
  const transcript = s.run.transcript.map((t) => ({ speaker: t.speaker, text: t.text }));
  const c = s.score.categories;
  const payload: SimulationResultPayload = {
    sessionId: id,
    scenario: s.scenario,
    persona: s.persona,
    language: s.language,
    startedAt: s.startedAt,
    endedAt: Math.max(s.startedAt, s.endedAt),
    score: s.score.score,
    passed: s.score.passed,
    categories: { ...c },
  };
  transaction(store, () => {
    insertSimulation(store, {
      id,
      scenario: s.scenario,
      persona: s.persona,
      language: s.language,
      seed: s.seed,
      mode: s.mode,
      started_at: s.startedAt,
      ended_at: payload.endedAt,
      score: s.score.score,
      passed: s.score.passed ? 1 : 0,
      objection_score: c.objection,
      empathy_score: c.empathy,
      discovery_score: c.discovery,
      technique_score: c.technique,
      outcome: s.run.outcome,
      complete: s.run.complete ? 1 : 0,
      transcript: JSON.stringify(transcript),
      checks: JSON.stringify(s.score.checks),
      feedback: JSON.stringify(s.score.feedback),
      created_at: now,
    });
    enqueueSyncOp(store, { entity: 'simulation_result', entityId: id, op: 'upsert', payload });
  });
  return getSimulationRecord(store, id)!;
}

const summary = (r: SimulationSummaryRow): SimSummary => ({
  id: r.id,
  scenario: r.scenario,
  persona: r.persona,
  language: r.language,
  mode: r.mode,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  score: r.score,
  passed: r.passed === 1,
  categories: { objection: r.objection_score, empathy: r.empathy_score, discovery: r.discovery_score, technique: r.technique_score },
  outcome: r.outcome,
  complete: r.complete === 1,
});

export const simulationHistory = (store: Store, o: { limit: number; scenario?: string }): SimSummary[] => listSimulations(store, o).map(summary);

export function getSimulationRecord(store: Store, id: string): SimRecord | null {
  const r: SimulationRow | undefined = getSimulation(store, id);
  if (!r) return null;
  return { ...summary(r), seed: r.seed, transcript: JSON.parse(r.transcript) as SimRecord['transcript'], checks: JSON.parse(r.checks) as Check[], feedback: JSON.parse(r.feedback) as string[] };
}

/** Deletes a run and queues its deletion for the sync server (the team view stops counting it), together. */
export function deleteSimulationRun(store: Store, id: string): boolean {
  return transaction(store, () => {
    if (!deleteSimulation(store, id)) return false;
    enqueueSyncOp(store, { entity: 'simulation_result', entityId: id, op: 'delete' });
    return true;
  });
}

/** privacy.retentionDays for role-play runs as for calls (0 = keep): returns the ids that went. */
export function purgeExpiredSimulations(store: Store, retentionDays: number, now = Date.now()): string[] {
  if (retentionDays <= 0) return [];
  return simulationIdsStartedBefore(store, now - retentionDays * 86_400_000).filter((id) => deleteSimulationRun(store, id));
}
