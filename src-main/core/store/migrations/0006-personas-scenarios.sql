-- Issue 14: the role-play library as data, like playbooks. One row per persona (or scenario)
-- and language, of one origin: `bundled` (seeded from content/bundled-simulations.ts at every
-- start), `user` (a bundled row the rep edited in the app), `tenant` (sent by the company
-- through sync, id `tenant:<entity id>`). For one persona (scenario) id and language the
-- active row is the tenant's, else the rep's, else the bundled one (simulator/content-store.ts).
CREATE TABLE personas (
  id TEXT PRIMARY KEY,
  persona TEXT NOT NULL,
  language TEXT NOT NULL CHECK (language IN ('pt', 'en')),
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  temperament TEXT NOT NULL,
  goals TEXT NOT NULL,
  hidden_concern TEXT NOT NULL,
  objections TEXT NOT NULL, -- JSON array of objection taxonomy ids
  pushback INTEGER NOT NULL CHECK (pushback BETWEEN 1 AND 3),
  opening TEXT NOT NULL, -- JSON array of opening lines
  reveal TEXT NOT NULL, -- JSON array of lines that bring out the hidden concern
  origin TEXT NOT NULL DEFAULT 'bundled' CHECK (origin IN ('bundled', 'user', 'tenant')),
  updated_at INTEGER NOT NULL
);
CREATE INDEX personas_key ON personas (persona, language);

CREATE TABLE scenarios (
  id TEXT PRIMARY KEY,
  scenario TEXT NOT NULL,
  language TEXT NOT NULL CHECK (language IN ('pt', 'en')),
  title TEXT NOT NULL,
  product TEXT NOT NULL,
  situation TEXT NOT NULL,
  rep_goal TEXT NOT NULL,
  persona TEXT NOT NULL, -- the default buyer's persona id
  objections TEXT NOT NULL, -- JSON array, in the order the buyer raises them
  pass_mark INTEGER NOT NULL CHECK (pass_mark BETWEEN 0 AND 100),
  meeting_turns INTEGER CHECK (meeting_turns IS NULL OR meeting_turns BETWEEN 1 AND 50),
  origin TEXT NOT NULL DEFAULT 'bundled' CHECK (origin IN ('bundled', 'user', 'tenant')),
  updated_at INTEGER NOT NULL
);
CREATE INDEX scenarios_key ON scenarios (scenario, language);
