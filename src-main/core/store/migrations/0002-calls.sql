-- Calls history (issue 5): full-text search over transcripts and the indexes its filters use.

-- Accent-insensitive search for Portuguese ("preco" finds "preço"). Contentless: the text
-- lives once, in segments, and only call_id is stored beside the index
-- (contentless_unindexed), so a search maps hits to calls without reading segment rows;
-- detail=none keeps doclists small (word and prefix queries only, no phrases). This is what
-- keeps a search over 10,000 calls under 50 ms (bench/calls-search.bench.ts).
-- Triggers keep it in step with every writer of segments (live calls, imports, demo),
-- including ON DELETE CASCADE from calls. Deletes use the 'delete' command with the old text
-- (not contentless_delete): only then does FTS5 know the words and can erase them.
CREATE VIRTUAL TABLE segments_fts USING fts5(
  text,
  call_id UNINDEXED,
  content = '',
  contentless_unindexed = 1,
  detail = none,
  tokenize = 'unicode61 remove_diacritics 2'
);
-- Without this FTS5 only marks deleted entries and the tokens of a deleted call would stay in
-- the index b-tree until a merge; with it they are removed at once (privacy, with secure_delete).
INSERT INTO segments_fts(segments_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO segments_fts(rowid, text, call_id) SELECT id, text, call_id FROM segments;

CREATE TRIGGER segments_fts_insert AFTER INSERT ON segments BEGIN
  INSERT INTO segments_fts(rowid, text, call_id) VALUES (new.id, new.text, new.call_id);
END;
CREATE TRIGGER segments_fts_delete AFTER DELETE ON segments BEGIN
  INSERT INTO segments_fts(segments_fts, rowid, text, call_id) VALUES ('delete', old.id, old.text, old.call_id);
END;
CREATE TRIGGER segments_fts_update AFTER UPDATE OF text, call_id ON segments BEGIN
  INSERT INTO segments_fts(segments_fts, rowid, text, call_id) VALUES ('delete', old.id, old.text, old.call_id);
  INSERT INTO segments_fts(rowid, text, call_id) VALUES (new.id, new.text, new.call_id);
END;

-- Filters "calls with objection X / competitor Y" and the per-call tag counts.
CREATE INDEX detections_kind_value ON detections(kind, value, call_id);
CREATE INDEX calls_deal ON calls(deal_id);
