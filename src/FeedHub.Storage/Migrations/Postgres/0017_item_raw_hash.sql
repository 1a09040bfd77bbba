-- Known entries: the same column and index as Sqlite/0017 (see there).

ALTER TABLE items ADD COLUMN raw_hash text;
CREATE INDEX ix_items_source_id_raw_hash ON items (source_id, raw_hash);
