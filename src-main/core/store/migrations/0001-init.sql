-- Initial schema. Times are milliseconds since the Unix epoch unless named *_ms within a call
-- (stream time: milliseconds since the call started).

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL, -- JSON
  updated_at INTEGER NOT NULL
);

CREATE TABLE deals (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  account TEXT,
  product TEXT,
  stage TEXT NOT NULL DEFAULT 'open',
  amount REAL,
  engage_date TEXT,
  close_date TEXT,
  owner TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE calls (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  deal_id TEXT REFERENCES deals(id) ON DELETE SET NULL,
  customer TEXT,
  source TEXT NOT NULL DEFAULT 'live', -- live | import | demo | simulation
  language TEXT,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  duration_ms INTEGER,
  sentiment_avg REAL,
  summary TEXT, -- JSON
  created_at INTEGER NOT NULL
);
CREATE INDEX calls_started_at ON calls(started_at);

CREATE TABLE segments (
  id INTEGER PRIMARY KEY,
  call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  speaker TEXT NOT NULL CHECK (speaker IN ('rep', 'customer')),
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  text TEXT NOT NULL,
  language TEXT,
  engine TEXT
);
CREATE INDEX segments_call ON segments(call_id, start_ms);

CREATE TABLE sentiment (
  id INTEGER PRIMARY KEY,
  call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  segment_id INTEGER REFERENCES segments(id) ON DELETE CASCADE,
  at_ms INTEGER NOT NULL,
  label TEXT NOT NULL CHECK (label IN ('negative', 'neutral', 'positive')),
  score REAL NOT NULL, -- -1 .. 1
  rolling REAL         -- rolling customer score at this point
);
CREATE INDEX sentiment_call ON sentiment(call_id, at_ms);

CREATE TABLE detections (
  id INTEGER PRIMARY KEY,
  call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  segment_id INTEGER REFERENCES segments(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('objection', 'competitor')),
  value TEXT NOT NULL, -- objection type or competitor id
  confidence REAL NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE INDEX detections_call ON detections(call_id, at_ms);

CREATE TABLE playbooks (
  id TEXT PRIMARY KEY,
  objection_type TEXT NOT NULL,
  language TEXT NOT NULL,
  title TEXT NOT NULL,
  replies TEXT NOT NULL, -- JSON array of reply variants
  origin TEXT NOT NULL DEFAULT 'bundled', -- bundled | user | tenant
  updated_at INTEGER NOT NULL
);

CREATE TABLE battlecards (
  id TEXT PRIMARY KEY,
  competitor TEXT NOT NULL,
  aliases TEXT NOT NULL, -- JSON array
  language TEXT NOT NULL,
  positioning TEXT NOT NULL,
  landmines TEXT NOT NULL, -- JSON array
  proof_points TEXT NOT NULL, -- JSON array
  talk_track TEXT NOT NULL,
  origin TEXT NOT NULL DEFAULT 'bundled',
  updated_at INTEGER NOT NULL
);

CREATE TABLE hints (
  id TEXT PRIMARY KEY,
  call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  segment_id INTEGER REFERENCES segments(id) ON DELETE SET NULL,
  kind TEXT NOT NULL CHECK (kind IN ('objection', 'competitor', 'llm')),
  trigger TEXT NOT NULL, -- objection type or competitor id
  source_id TEXT, -- playbook or battlecard id
  text TEXT NOT NULL,
  language TEXT NOT NULL,
  confidence REAL NOT NULL,
  speech_end_ms INTEGER NOT NULL, -- end of the customer utterance, stream time
  shown_ms INTEGER NOT NULL,      -- when the overlay showed it, stream time
  latency_ms INTEGER GENERATED ALWAYS AS (shown_ms - speech_end_ms) STORED,
  from_partial INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'shown' CHECK (status IN ('shown', 'pinned', 'copied', 'dismissed', 'used')),
  created_at INTEGER NOT NULL
);
CREATE INDEX hints_call ON hints(call_id);

CREATE TABLE forecasts (
  id TEXT PRIMARY KEY,
  deal_id TEXT NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
  win_probability REAL NOT NULL,
  expected_value REAL,
  model TEXT NOT NULL,
  factors TEXT, -- JSON
  created_at INTEGER NOT NULL
);

CREATE TABLE simulation_sessions (
  id TEXT PRIMARY KEY,
  scenario TEXT NOT NULL,
  language TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  score REAL,
  transcript TEXT, -- JSON
  feedback TEXT    -- JSON
);

-- Operations waiting to go to the sync server, written in the same transaction as the
-- local change they describe.
CREATE TABLE sync_outbox (
  op_id TEXT PRIMARY KEY, -- client-generated, makes pushes idempotent
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  payload TEXT NOT NULL, -- JSON
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX sync_outbox_entity ON sync_outbox(entity, entity_id);

CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
