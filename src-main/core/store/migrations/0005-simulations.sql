-- Issue 14: every role-play run the rep finishes (the Simulator page, or `salesedge simulate`
-- unless --no-save): who the buyer was, the scenario, language and seed (the same seed and
-- answers give the same run), when it started and ended, how it scored (total, pass, the four
-- category scores as columns for the progress chart) and, as JSON, the transcript, the checks
-- with the turn that decided each, and the feedback lines. Synced up as a simulation_result.
CREATE TABLE simulations (
  id TEXT PRIMARY KEY,
  scenario TEXT NOT NULL,
  persona TEXT NOT NULL,
  language TEXT NOT NULL CHECK (language IN ('pt', 'en')),
  seed INTEGER NOT NULL,
  -- where the rep's turns came from
  mode TEXT NOT NULL DEFAULT 'typed' CHECK (mode IN ('typed', 'voice', 'cli')),
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
  objection_score INTEGER NOT NULL,
  empathy_score INTEGER NOT NULL,
  discovery_score INTEGER NOT NULL,
  technique_score INTEGER NOT NULL,
  -- won / open / lost: how the buyer closed; complete = 0 when the rep's answers ran out first
  outcome TEXT NOT NULL CHECK (outcome IN ('won', 'open', 'lost')),
  complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
  transcript TEXT NOT NULL,
  checks TEXT NOT NULL,
  feedback TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX simulations_started ON simulations (started_at);
CREATE INDEX simulations_scenario ON simulations (scenario, started_at);
