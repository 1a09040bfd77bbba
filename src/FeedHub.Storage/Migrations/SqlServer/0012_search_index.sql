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

CREATE INDEX ix_item_tags_item_id ON item_tags (item_id, tag);

-- The text index is a full-text index on items(search_text), which SQL Server refuses to create
-- inside a transaction (error 574), so this script, run in the migrator's transaction, cannot
-- hold it. Run once after migrating, outside a transaction, where Full-Text Search is installed:
--
--   CREATE FULLTEXT CATALOG feedhub_search;
--   CREATE FULLTEXT INDEX ON items (search_text LANGUAGE 0)
--       KEY INDEX pk_items ON feedhub_search
--       WITH (CHANGE_TRACKING = AUTO, STOPLIST = OFF);
--
-- LANGUAGE 0 is the neutral word breaker (it splits folded text on its spaces), STOPLIST = OFF
-- keeps every token searchable. The dialect then answers a search with
-- CONTAINS(search_text, '"kota banjar*" AND "covid 19*"').
