-- The same partial indexes as Sqlite/0019 (see there).

CREATE INDEX ix_sources_origin ON sources (id) WHERE is_origin = 1;
CREATE INDEX ix_sources_credited ON sources (id) WHERE credits <> '[]';
