-- Search and tag filters through indexes (issue 10). The text is folded in code
-- (FeedHub.Core.Text.SearchFold) when an item is written, so every engine compares the same
-- tokens; this engine only indexes them.

-- The item's title, summary and content, folded: tokens joined by single spaces. Null until the
-- item is folded (items stored before this migration: the search backfill fills them at start).
ALTER TABLE items ADD COLUMN search_text TEXT;

-- FTS5 over search_text, external content (the text lives once, in items). The 'ascii'
-- tokenizer splits only on ASCII non-alphanumerics, and folded text has none but the spaces
-- between tokens, so it finds exactly SearchFold's tokens (non-ASCII letters included).
CREATE VIRTUAL TABLE items_search USING fts5 (search_text, content = 'items', content_rowid = 'id', tokenize = 'ascii');

-- Kept in step by triggers, so no write path can forget it. An external-content 'delete' must
-- repeat the old text exactly, which the old row gives.
CREATE TRIGGER items_search_after_insert AFTER INSERT ON items WHEN new.search_text IS NOT NULL
BEGIN
    INSERT INTO items_search (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER items_search_after_delete AFTER DELETE ON items WHEN old.search_text IS NOT NULL
BEGIN
    INSERT INTO items_search (items_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;

CREATE TRIGGER items_search_after_update AFTER UPDATE OF search_text ON items
BEGIN
    INSERT INTO items_search (items_search, rowid, search_text)
    SELECT 'delete', old.id, old.search_text WHERE old.search_text IS NOT NULL;
    INSERT INTO items_search (rowid, search_text)
    SELECT new.id, new.search_text WHERE new.search_text IS NOT NULL;
END;

-- Each item's categories, folded (SearchFold.Tag): a tag filter seeks here instead of reading
-- every item's JSON. Source tags are few and are folded when a query is read.
CREATE TABLE item_tags (
    tag     TEXT    NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    PRIMARY KEY (tag, item_id)
) WITHOUT ROWID;

CREATE INDEX ix_item_tags_item_id ON item_tags (item_id);
