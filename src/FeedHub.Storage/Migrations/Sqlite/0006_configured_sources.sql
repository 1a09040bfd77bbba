-- The configured sources (FeedHub:Sources) earlier starts seeded, by the canonical form of the
-- configured URL: the source each became and the configured fields as last applied (JSON), so a
-- later start applies only what the operator changed in the file, and a source an admin removed
-- (or one whose URL a permanent redirect moved) is never seeded again.
-- No foreign key: the memory of a seeding must outlive a purged source, or the next start would
-- add it again.
CREATE TABLE configured_sources (
    url_key    TEXT    PRIMARY KEY,
    source_id  INTEGER NOT NULL,
    applied    TEXT    NOT NULL,
    applied_at TEXT    NOT NULL
);
