/** kysely table types for the local store; they mirror migrations/*.sql. */
import type { Generated } from 'kysely';

export type SettingsTable = { key: string; value: string; updated_at: number };
export type DealsTable = {
  id: string; name: string; account: string | null; product: string | null; stage: string; amount: number | null;
  engage_date: string | null; close_date: string | null; owner: string | null; created_at: number; updated_at: number;
};
export type CallsTable = {
  id: string; title: string; deal_id: string | null; customer: string | null; source: string; language: string | null;
  started_at: number; ended_at: number | null; duration_ms: number | null; sentiment_avg: number | null;
  summary: string | null; created_at: number;
};
export type SegmentsTable = {
  id: Generated<number>; call_id: string; speaker: 'rep' | 'customer'; start_ms: number; end_ms: number; text: string;
  language: string | null; engine: string | null;
};
export type SentimentTable = {
  id: Generated<number>; call_id: string; segment_id: number | null; at_ms: number;
  label: 'negative' | 'neutral' | 'positive'; score: number; rolling: number | null;
};
export type DetectionsTable = {
  id: Generated<number>; call_id: string; segment_id: number | null; kind: 'objection' | 'competitor'; value: string;
  confidence: number; at_ms: number;
};
export type PlaybooksTable = {
  id: string; objection_type: string; language: string; title: string; replies: string; origin: string; updated_at: number;
};
export type BattlecardsTable = {
  id: string; competitor: string; aliases: string; language: string; positioning: string; landmines: string;
  proof_points: string; talk_track: string; origin: string; updated_at: number;
};
export type HintsTable = {
  id: string; call_id: string; segment_id: number | null; kind: 'objection' | 'competitor' | 'llm'; trigger: string;
  source_id: string | null; text: string; language: string; confidence: number; speech_end_ms: number; shown_ms: number;
  latency_ms: Generated<number>; from_partial: number; status: 'shown' | 'pinned' | 'copied' | 'dismissed' | 'used';
  created_at: number;
};
export type ForecastsTable = {
  id: string; deal_id: string; win_probability: number; expected_value: number | null; model: string; factors: string | null;
  created_at: number;
};
export type SimulationSessionsTable = {
  id: string; scenario: string; language: string; started_at: number; ended_at: number | null; score: number | null;
  transcript: string | null; feedback: string | null;
};
export type SyncOutboxTable = {
  op_id: string; entity: string; entity_id: string; op: 'upsert' | 'delete'; payload: string; created_at: number;
  attempts: Generated<number>; last_error: string | null;
};
export type SyncStateTable = { key: string; value: string };

export type Database = {
  settings: SettingsTable;
  deals: DealsTable;
  calls: CallsTable;
  segments: SegmentsTable;
  sentiment: SentimentTable;
  detections: DetectionsTable;
  playbooks: PlaybooksTable;
  battlecards: BattlecardsTable;
  hints: HintsTable;
  forecasts: ForecastsTable;
  simulation_sessions: SimulationSessionsTable;
  sync_outbox: SyncOutboxTable;
  sync_state: SyncStateTable;
};
