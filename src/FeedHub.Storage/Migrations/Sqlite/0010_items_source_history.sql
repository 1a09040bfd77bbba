-- A source's latest items, newest first (story matching learns the source's boilerplate from its
-- 60 latest matching texts on every commit). Without it SQLite reads and sorts the source's whole
-- history: the cost of a commit grew with the store (stories-cost benchmark, docs/stories.md).
CREATE INDEX ix_items_source_id_id ON items (source_id, id);
