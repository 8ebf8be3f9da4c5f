-- Calls history (issue 5): full-text search over transcripts and the indexes its filters use.

-- Accent-insensitive search for Portuguese ("preco" finds "preço"). External content: the text
-- lives once, in segments; triggers keep the index in step with every writer of segments
-- (live calls, imports, demo), including ON DELETE CASCADE from calls.
CREATE VIRTUAL TABLE segments_fts USING fts5(
  text,
  content = 'segments',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
-- Without this FTS5 only marks deleted entries and the tokens of a deleted call would stay in
-- the index b-tree until a merge; with it they are removed at once (privacy, with secure_delete).
INSERT INTO segments_fts(segments_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO segments_fts(segments_fts) VALUES ('rebuild');

CREATE TRIGGER segments_fts_insert AFTER INSERT ON segments BEGIN
  INSERT INTO segments_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER segments_fts_delete AFTER DELETE ON segments BEGIN
  INSERT INTO segments_fts(segments_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER segments_fts_update AFTER UPDATE OF text ON segments BEGIN
  INSERT INTO segments_fts(segments_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO segments_fts(rowid, text) VALUES (new.id, new.text);
END;

-- Filters "calls with objection X / competitor Y" and the per-call tag counts.
CREATE INDEX detections_kind_value ON detections(kind, value, call_id);
CREATE INDEX calls_deal ON calls(deal_id);
