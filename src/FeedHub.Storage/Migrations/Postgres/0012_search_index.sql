-- Search and tag filters through indexes (issue 10). The text is folded in code
-- (FeedHub.Core.Text.SearchFold) when an item is written, so every engine compares the same
-- tokens; this engine only indexes them.

-- The item's title, summary and content, folded: tokens joined by single spaces. Null until the
-- item is folded (items stored before this migration: the search backfill fills them at start).
ALTER TABLE items ADD COLUMN search_text text;

-- The folded tokens as a tsvector with their positions, built without a text-search parser: a
-- parser's idea of a word depends on the database's locale (and splits what SearchFold keeps
-- whole), while the tsvector input function takes the quoted tokens as they are. Tokens are
-- letters, digits and marks only, so quote_literal never needs an escape. Positions past 16383
-- are stored as 16383 (PostgreSQL's limit).
CREATE FUNCTION feedhub_search_vector(folded text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT coalesce(string_agg(quote_literal(token) || ':' || least(position, 16383), ' ')::tsvector, ''::tsvector)
    FROM unnest(string_to_array(folded, ' ')) WITH ORDINALITY AS t (token, position)
    WHERE token <> ''
$$;

-- Stored, so a phrase match (which the GIN index answers without positions) rechecks against the
-- column rather than rebuilding the vector for every candidate row.
ALTER TABLE items ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (feedhub_search_vector(search_text)) STORED;

CREATE INDEX ix_items_search_vector ON items USING gin (search_vector);

-- Each item's categories, folded (SearchFold.Tag): a tag filter seeks here instead of reading
-- every item's JSON. Source tags are few and are folded when a query is read.
CREATE TABLE item_tags (
    tag     text   NOT NULL,
    item_id bigint NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    PRIMARY KEY (tag, item_id)
);

CREATE INDEX ix_item_tags_item_id ON item_tags (item_id);
