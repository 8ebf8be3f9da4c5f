-- Issue 15, point 1: the column mapping a person made in the Deals page's import dialog for a
-- CSV export whose columns match no known format, remembered by the export's header signature
-- (its column names, normalised), so the same export next time imports without asking.
CREATE TABLE deal_import_mappings (
  signature TEXT PRIMARY KEY, -- sha256 of the normalised header, 16 hex digits
  headers TEXT NOT NULL, -- JSON array of the header's column names, as the file wrote them
  mapping TEXT NOT NULL, -- JSON: the mapping (base format, field -> column, date order, decimal mark, currency)
  file_name TEXT, -- the file it was made for
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
