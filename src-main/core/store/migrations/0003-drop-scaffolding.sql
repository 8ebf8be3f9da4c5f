-- Issue 12: the forecast and simulator scaffolding of 0001-init held nothing and was read by
-- nothing but tests; the deals and simulator work designs its own tables. `deals` stays:
-- calls.deal_id references it. The wire protocol keeps its forecast and simulation_result
-- entities (src-shared/sync-protocol.ts): they are not local tables.
DROP TABLE forecasts;
DROP TABLE simulation_sessions;
