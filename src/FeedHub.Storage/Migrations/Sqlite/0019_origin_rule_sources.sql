-- The sources a credit line can name (origins, sources with aliases), read by StoryOrigins on every
-- poll that places an item: partial indexes, so that read costs the few such sources rather than a
-- scan of the whole catalogue. Each index's WHERE is the query's own term, which is what lets
-- SQLite use a partial index.
CREATE INDEX ix_sources_origin ON sources (id) WHERE is_origin = 1;
CREATE INDEX ix_sources_credited ON sources (id) WHERE credits <> '[]';
