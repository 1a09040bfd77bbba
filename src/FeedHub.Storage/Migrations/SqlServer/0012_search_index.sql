-- Search and tag filters through indexes (issue 10). The text is folded in code
-- (FeedHub.Core.Text.SearchFold) when an item is written, so every engine compares the same
-- tokens; this engine only indexes them.

-- The item's title, summary and content, folded: tokens (letters, digits and marks only) joined
-- by single spaces. Null until the item is folded (the search backfill fills older items).
ALTER TABLE items ADD search_text nvarchar(max) NULL;

-- Each item's categories, folded (SearchFold.Tag), compared whole and exactly (the folding already
-- did case and accents, so a binary collation). A category is at most 200 characters: the key
-- stays under SQL Server's 900-byte index key limit.
CREATE TABLE item_tags (
    tag     nvarchar(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    item_id bigint NOT NULL CONSTRAINT fk_item_tags_item_id REFERENCES items (id) ON DELETE CASCADE,
    CONSTRAINT pk_item_tags PRIMARY KEY (tag, item_id)
);

-- The clustered key (tag) rides along in every nonclustered index: this one covers an item's tags.
CREATE INDEX ix_item_tags_item_id ON item_tags (item_id);

-- The text index: each item's folded tokens, one row per distinct token, in a table keyed by the
-- token (the "indexed fallback" rather than Full-Text Search). Full-text would need its catalog
-- and index created outside a transaction (error 574), an installed Full-Text feature and a
-- neutral word breaker whose idea of a word is not SearchFold's; a B-tree of the same tokens the
-- other engines index answers an exact token with an equality seek and a word prefix with a range
-- seek (term >= 'banjar' AND term < 'banjar' + U+FFFF), and phrases ("covid-19": covid then 19)
-- are confirmed on search_text of the few rows found. A token is at most 400 characters here
-- (the 900-byte clustered key); a longer one is stored cut, and its search is confirmed on the text.
CREATE TABLE item_search_terms (
    term    nvarchar(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    item_id bigint NOT NULL CONSTRAINT fk_item_search_terms_item_id REFERENCES items (id) ON DELETE CASCADE,
    CONSTRAINT pk_item_search_terms PRIMARY KEY (term, item_id)
);

-- A probe checks one item's tokens; the cascade from items finds its rows here.
CREATE INDEX ix_item_search_terms_item_id ON item_search_terms (item_id);
GO

-- Kept in step by a trigger, as SQLite's FTS5 table is, so no write path (the stores, the search
-- backfill, storage copy) can forget it. UPDATE(search_text) is true for every INSERT and for an
-- UPDATE that sets the column; other updates of items (last_seen_at, story_id) skip it. The tokens
-- are compared in the binary collation the key has: the database's default collation could call
-- two different tokens equal (DISTINCT would then drop one). With a trigger on items, a statement
-- returning new ids must OUTPUT INTO a table (error 334): SqlServerDialect.InsertReturningId.
CREATE TRIGGER tr_items_search_terms ON items AFTER INSERT, UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF UPDATE(search_text)
    BEGIN
        DELETE FROM item_search_terms WHERE item_id IN (SELECT id FROM deleted);
        INSERT INTO item_search_terms (term, item_id)
        SELECT DISTINCT LEFT(token.value, 400) COLLATE Latin1_General_100_BIN2, i.id
        FROM inserted AS i
        CROSS APPLY STRING_SPLIT(i.search_text, N' ') AS token
        WHERE token.value <> N'';
    END;
END;
GO
