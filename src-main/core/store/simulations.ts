/**
 * The role-play history (issue 14, table `simulations`, migration 0005): one row per finished
 * run. The transcript, checks and feedback are JSON written by simulator/record.ts and read
 * back as it wrote them; the category scores are columns, so the progress chart reads numbers.
 */
import type { Store } from './db';
import { all, first, run } from './query';
import type { Insertable } from 'kysely';
import type { Database, Row } from './schema';

export type SimulationRow = Row<'simulations'>;
export type SimulationSummaryRow = Omit<SimulationRow, 'transcript' | 'checks' | 'feedback'>;

const SUMMARY = ['id', 'scenario', 'persona', 'language', 'seed', 'mode', 'started_at', 'ended_at', 'score', 'passed', 'objection_score', 'empathy_score', 'discovery_score', 'technique_score', 'outcome', 'complete', 'created_at'] as const;

export function insertSimulation(store: Store, row: Insertable<Database['simulations']>): void {
  run(store, store.db.insertInto('simulations').values(row));
}

/** Newest first, without the transcript; `scenario` narrows to one scenario. */
export function listSimulations(store: Store, o: { limit: number; scenario?: string }): SimulationSummaryRow[] {
  let q = store.db.selectFrom('simulations').select(SUMMARY).orderBy('started_at', 'desc').orderBy('id').limit(o.limit);
  if (o.scenario) q = q.where('scenario', '=', o.scenario);
  return all(store, q);
}

export const getSimulation = (store: Store, id: string): SimulationRow | undefined => first(store, store.db.selectFrom('simulations').selectAll().where('id', '=', id));

/** Runs that started before `cutoff` (ms): what a retention period removes. */
export const simulationIdsStartedBefore = (store: Store, cutoff: number): string[] => all(store, store.db.selectFrom('simulations').select('id').where('started_at', '<', cutoff)).map((r) => r.id);

/** Returns whether a row was there. */
export const deleteSimulation = (store: Store, id: string): boolean => run(store, store.db.deleteFrom('simulations').where('id', '=', id)) > 0;

/** A recorded call as the rubric reads it: its language and its segments in order, each with the objections detected in it. */
export function callForScoring(store: Store, callId: string): { language: string | null; segments: { speaker: 'rep' | 'customer'; text: string; objections: string[] }[] } | undefined {
  const call = first(store, store.db.selectFrom('calls').select(['language']).where('id', '=', callId));
  if (!call) return undefined;
  const segments = all(store, store.db.selectFrom('segments').select(['id', 'speaker', 'text']).where('call_id', '=', callId).orderBy('start_ms').orderBy('id'));
  const detections = all(store, store.db.selectFrom('detections').select(['segment_id', 'value']).where('call_id', '=', callId).where('kind', '=', 'objection').orderBy('at_ms').orderBy('id'));
  const bySegment = new Map<number, string[]>();
  for (const d of detections) if (d.segment_id !== null) bySegment.set(d.segment_id, [...(bySegment.get(d.segment_id) ?? []), d.value]);
  return { language: call.language, segments: segments.map((s) => ({ speaker: s.speaker, text: s.text, objections: bySegment.get(s.id) ?? [] })) };
}
