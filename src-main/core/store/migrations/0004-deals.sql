-- Issue 15: deals imported from CRM exports (the Maven sample's CSVs, Salesforce, HubSpot,
-- Pipedrive), with the accounts, products and owners they name, and the forecaster's trained
-- models. `deals` (0001) stays and gains columns: calls.deal_id references it, so it is not
-- rebuilt. A deal is identified by where it came from and its id there (source, external_id):
-- importing the same file again updates the row instead of adding one.
ALTER TABLE deals ADD COLUMN source TEXT; -- maven | salesforce | hubspot | pipedrive
ALTER TABLE deals ADD COLUMN external_id TEXT; -- the deal's id in the CRM file (opportunity_id, Record ID…)
ALTER TABLE deals ADD COLUMN outcome TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'won', 'lost'));
ALTER TABLE deals ADD COLUMN currency TEXT; -- ISO 4217 (BRL, USD…) when the file says
-- What the deal closed at (known only once it closed: never a forecast feature).
ALTER TABLE deals ADD COLUMN close_value REAL;
-- The CRM's expected close date of an open deal (close_date is the real one, once closed).
ALTER TABLE deals ADD COLUMN expected_close TEXT;
CREATE UNIQUE INDEX deals_external ON deals (source, external_id);
CREATE INDEX deals_outcome ON deals (outcome, engage_date);

CREATE TABLE accounts (
  name TEXT PRIMARY KEY,
  sector TEXT,
  year_established INTEGER,
  revenue REAL, -- millions, as the sample's accounts.csv gives it
  employees INTEGER,
  office_location TEXT,
  subsidiary_of TEXT,
  updated_at INTEGER NOT NULL
);

CREATE TABLE products (
  name TEXT PRIMARY KEY,
  series TEXT,
  sales_price REAL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE owners (
  name TEXT PRIMARY KEY,
  manager TEXT,
  regional_office TEXT,
  updated_at INTEGER NOT NULL
);

-- One row per `forecast train`: the model (weights, encoding) and its card (back-test AUC,
-- Brier against the base rate, calibration bins), both JSON. Scoring uses the newest.
CREATE TABLE forecast_models (
  id TEXT PRIMARY KEY,
  trained_at INTEGER NOT NULL,
  informative INTEGER NOT NULL CHECK (informative IN (0, 1)),
  deals INTEGER NOT NULL,
  model TEXT NOT NULL,
  card TEXT NOT NULL
);
CREATE INDEX forecast_models_trained ON forecast_models (trained_at);
