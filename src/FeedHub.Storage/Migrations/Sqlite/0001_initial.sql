-- Times are TEXT in one fixed-width UTC form, 'yyyy-MM-ddTHH:mm:ss.fffffffZ': ordering the
-- text orders the instants, and SQLite's date functions still read it.
-- Lists (tags, credits, categories, enclosures) are JSON arrays in TEXT.

CREATE TABLE sources (
    id                   INTEGER PRIMARY KEY,
    url                  TEXT    NOT NULL,
    -- Identity of the URL (scheme and host lower-cased, default port and fragment dropped).
    url_key              TEXT    NOT NULL UNIQUE,
    title                TEXT,
    site_url             TEXT,
    tags                 TEXT    NOT NULL DEFAULT '[]',
    enabled              INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    interval_seconds     INTEGER CHECK (interval_seconds IS NULL OR interval_seconds > 0),
    is_origin            INTEGER NOT NULL DEFAULT 0 CHECK (is_origin IN (0, 1)),
    credits              TEXT    NOT NULL DEFAULT '[]',
    etag                 TEXT,
    last_modified        TEXT,
    last_checked_at      TEXT,
    last_success_at      TEXT,
    next_due_at          TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
    last_error           TEXT,
    last_http_status     INTEGER,
    retry_after_until    TEXT,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    -- A deleted source keeps its row so its items stay in the merged feed with provenance.
    deleted_at           TEXT
);

CREATE TABLE stories (
    id             INTEGER PRIMARY KEY,
    -- Null only inside the transaction that creates the story and its first item.
    origin_item_id INTEGER REFERENCES items (id),
    canonical_link TEXT,
    published_at   TEXT NOT NULL,
    first_seen_at  TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE INDEX ix_stories_published_at ON stories (published_at DESC, id DESC);
CREATE INDEX ix_stories_origin_item_id ON stories (origin_item_id);

CREATE TABLE items (
    id             INTEGER PRIMARY KEY,
    source_id      INTEGER NOT NULL REFERENCES sources (id),
    item_key       TEXT    NOT NULL CHECK (length(item_key) > 0),
    guid           TEXT,
    link           TEXT,
    canonical_link TEXT,
    title          TEXT    NOT NULL,
    summary        TEXT,
    content        TEXT,
    author         TEXT,
    categories     TEXT    NOT NULL DEFAULT '[]',
    enclosures     TEXT    NOT NULL DEFAULT '[]',
    published_at   TEXT    NOT NULL,
    -- The feed's own update date of the entry, as published.
    updated_at     TEXT,
    first_seen_at  TEXT    NOT NULL,
    last_seen_at   TEXT    NOT NULL,
    -- When FeedHub last stored a new revision of the entry.
    revised_at     TEXT,
    revision_count INTEGER NOT NULL DEFAULT 0,
    content_hash   TEXT    NOT NULL CHECK (length(content_hash) > 0),
    fingerprint    INTEGER NOT NULL DEFAULT 0,
    story_id       INTEGER NOT NULL REFERENCES stories (id),
    UNIQUE (source_id, item_key)
);

CREATE INDEX ix_items_canonical_link ON items (canonical_link) WHERE canonical_link IS NOT NULL;
CREATE INDEX ix_items_published_at ON items (published_at);
CREATE INDEX ix_items_story_id ON items (story_id);

-- One row, bumped by every commit that changes what the merged feeds show; ETags derive from it.
CREATE TABLE feed_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);

INSERT INTO feed_version (id, version) VALUES (1, 0);
