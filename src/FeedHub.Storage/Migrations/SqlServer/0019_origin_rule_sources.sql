-- The origins' filtered index of Sqlite/0019 (see there). credits is nvarchar(max), which a
-- filtered index's predicate may not be trusted to take, so the credited sources are read by a scan
-- here; a version still means the same schema of tables and columns on every engine.

CREATE INDEX ix_sources_origin ON sources (id) WHERE is_origin = 1;
