-- Known entries: the same column and index as Sqlite/0017 (see there). Compared exactly, like the
-- other hashes; 32 hex characters fit an index key.

ALTER TABLE items ADD raw_hash nvarchar(64) COLLATE Latin1_General_100_BIN2 NULL;
GO
CREATE INDEX ix_items_source_id_raw_hash ON items (source_id, raw_hash);
