-- The schema of SQLite's migrations 0001 to 0011, as one T-SQL script: a version means the same
-- schema on every engine, and a SQL Server database starts at 11 (there was never data in an older
-- one to convert, so 0007's merge of duplicate sources and 0011's language backfill have nothing to do).
--
-- Batches are separated by a line holding only GO, as sqlcmd does; the migrator runs them in order
-- inside the script's one transaction (DDL is transactional here), because CREATE TRIGGER must be
-- alone in its batch.
--
-- Types: ids are bigint IDENTITY (never reused after a delete, so a published feed GUID is never
-- handed out twice; SQLite needs a story_ids table for that, SQL Server does not). Instants are
-- datetimeoffset(7), written in UTC, 100 ns like SQLite's text form. Flags are bit. Lists (tags,
-- credits, categories, enclosures) are JSON arrays in nvarchar(max), read with OPENJSON.
--
-- Keys compared as exact strings (URL keys, item keys, hashes, links) use a binary collation: the
-- database default is usually case-insensitive, and /Feed and /feed are different URLs. Text that
-- is searched (titles, summaries, content) is case- and accent-insensitive instead.
--
-- An index key is at most 1700 bytes (850 nvarchar characters). URL keys and canonical links can
-- be longer (up to 4096 characters), so their uniqueness and lookups go through a persisted
-- SHA-256 of the value (a computed column: writers never set it).

CREATE TABLE sources (
    id                   bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_sources PRIMARY KEY,
    url                  nvarchar(max) NOT NULL,
    -- Identity of the URL (scheme and host lower-cased, default port and fragment dropped).
    url_key              nvarchar(4000) COLLATE Latin1_General_100_BIN2 NOT NULL,
    url_key_hash         AS CAST(HASHBYTES('SHA2_256', url_key) AS binary(32)) PERSISTED NOT NULL,
    title                nvarchar(max) NULL,
    site_url             nvarchar(max) NULL,
    tags                 nvarchar(max) NOT NULL CONSTRAINT df_sources_tags DEFAULT N'[]',
    enabled              bit NOT NULL CONSTRAINT df_sources_enabled DEFAULT 1,
    interval_seconds     bigint NULL CONSTRAINT ck_sources_interval_seconds CHECK (interval_seconds IS NULL OR interval_seconds > 0),
    is_origin            bit NOT NULL CONSTRAINT df_sources_is_origin DEFAULT 0,
    credits              nvarchar(max) NOT NULL CONSTRAINT df_sources_credits DEFAULT N'[]',
    etag                 nvarchar(max) NULL,
    last_modified        nvarchar(max) NULL,
    last_checked_at      datetimeoffset(7) NULL,
    last_success_at      datetimeoffset(7) NULL,
    next_due_at          datetimeoffset(7) NULL,
    consecutive_failures int NOT NULL CONSTRAINT df_sources_consecutive_failures DEFAULT 0
        CONSTRAINT ck_sources_consecutive_failures CHECK (consecutive_failures >= 0),
    last_error           nvarchar(max) NULL,
    last_http_status     int NULL,
    retry_after_until    datetimeoffset(7) NULL,
    created_at           datetimeoffset(7) NOT NULL,
    updated_at           datetimeoffset(7) NOT NULL,
    -- A deleted source keeps its row so its items stay in the merged feed with provenance.
    deleted_at           datetimeoffset(7) NULL,
    -- 0004: poll counters and the start of the current failure run.
    poll_count           bigint NOT NULL CONSTRAINT df_sources_poll_count DEFAULT 0 CONSTRAINT ck_sources_poll_count CHECK (poll_count >= 0),
    not_modified_count   bigint NOT NULL CONSTRAINT df_sources_not_modified_count DEFAULT 0
        CONSTRAINT ck_sources_not_modified_count CHECK (not_modified_count >= 0),
    failing_since        datetimeoffset(7) NULL,
    -- 0009: entries the last document could not use, and what the feed says about itself.
    skipped_entries      bigint NOT NULL CONSTRAINT df_sources_skipped_entries DEFAULT 0
        CONSTRAINT ck_sources_skipped_entries CHECK (skipped_entries >= 0),
    feed_language        nvarchar(max) NULL,
    feed_description     nvarchar(max) NULL,
    feed_image_url       nvarchar(max) NULL,
    feed_updated_at      datetimeoffset(7) NULL
);

CREATE UNIQUE INDEX ux_sources_url_key_hash ON sources (url_key_hash);

CREATE TABLE stories (
    id             bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_stories PRIMARY KEY,
    -- Null only inside the transaction that creates the story and its first item, and for a story
    -- merged into another. Its foreign key is added after items exists.
    origin_item_id bigint NULL,
    canonical_link nvarchar(max) COLLATE Latin1_General_100_BIN2 NULL,
    published_at   datetimeoffset(7) NOT NULL,
    first_seen_at  datetimeoffset(7) NOT NULL,
    updated_at     datetimeoffset(7) NOT NULL,
    -- 0005: OriginSource, CreditLine or EarliestPublished, and the sentence saying so.
    origin_rule    nvarchar(50) NULL,
    origin_reason  nvarchar(max) NULL,
    -- A story merged into another keeps its row and says where its items went. No foreign key:
    -- purging the kept story's last source must not be blocked by the record of a merge.
    merged_into    bigint NULL
);

CREATE INDEX ix_stories_published_at ON stories (published_at DESC, id DESC);
CREATE INDEX ix_stories_origin_item_id ON stories (origin_item_id);

CREATE TABLE items (
    id             bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_items PRIMARY KEY,
    source_id      bigint NOT NULL CONSTRAINT fk_items_source_id REFERENCES sources (id),
    -- A prefix and a hex hash (FeedHub.Core.Dedup.ItemIdentity): short and ASCII.
    item_key       nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT ck_items_item_key CHECK (datalength(item_key) > 0),
    guid           nvarchar(max) NULL,
    link           nvarchar(max) NULL,
    canonical_link nvarchar(max) COLLATE Latin1_General_100_BIN2 NULL,
    canonical_link_hash AS CAST(HASHBYTES('SHA2_256', canonical_link) AS binary(32)) PERSISTED,
    title          nvarchar(max) COLLATE Latin1_General_100_CI_AI_SC NOT NULL,
    summary        nvarchar(max) COLLATE Latin1_General_100_CI_AI_SC NULL,
    content        nvarchar(max) COLLATE Latin1_General_100_CI_AI_SC NULL,
    author         nvarchar(max) NULL,
    categories     nvarchar(max) NOT NULL CONSTRAINT df_items_categories DEFAULT N'[]',
    enclosures     nvarchar(max) NOT NULL CONSTRAINT df_items_enclosures DEFAULT N'[]',
    published_at   datetimeoffset(7) NOT NULL,
    -- The feed's own update date of the entry, as published.
    updated_at     datetimeoffset(7) NULL,
    first_seen_at  datetimeoffset(7) NOT NULL,
    last_seen_at   datetimeoffset(7) NOT NULL,
    -- When FeedHub last stored a new revision of the entry.
    revised_at     datetimeoffset(7) NULL,
    revision_count int NOT NULL CONSTRAINT df_items_revision_count DEFAULT 0,
    content_hash   nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT ck_items_content_hash CHECK (datalength(content_hash) > 0),
    fingerprint    bigint NOT NULL CONSTRAINT df_items_fingerprint DEFAULT 0,
    story_id       bigint NOT NULL CONSTRAINT fk_items_story_id REFERENCES stories (id),
    -- 0005: the matching text, credit-line names (JSON) and why the item is in its story.
    match_text     nvarchar(max) NULL,
    credits        nvarchar(max) NOT NULL CONSTRAINT df_items_credits DEFAULT N'[]',
    story_rule     nvarchar(50) NULL,
    story_score    float NULL,
    story_reason   nvarchar(max) NULL,
    -- 0011: the item's language (its own, else its feed's).
    language       nvarchar(max) NULL,
    CONSTRAINT uq_items_source_id_item_key UNIQUE (source_id, item_key)
);

ALTER TABLE stories ADD CONSTRAINT fk_stories_origin_item_id FOREIGN KEY (origin_item_id) REFERENCES items (id);

-- SQLite's partial index on canonical_link, by its hash; null links hash to null.
CREATE INDEX ix_items_canonical_link_hash ON items (canonical_link_hash);
CREATE INDEX ix_items_published_at ON items (published_at);
CREATE INDEX ix_items_story_id_source_id ON items (story_id, source_id);
CREATE INDEX ix_items_source_id_id ON items (source_id, id);

-- One row, bumped by every commit that changes what the merged feeds show; ETags derive from it.
CREATE TABLE feed_version (
    id         int NOT NULL CONSTRAINT pk_feed_version PRIMARY KEY CONSTRAINT ck_feed_version_id CHECK (id = 1),
    version    bigint NOT NULL,
    -- When the version last moved (Last-Modified of the feeds), stamped by the trigger below.
    changed_at datetimeoffset(7) NULL
);

INSERT INTO feed_version (id, version, changed_at) VALUES (1, 0, TODATETIMEOFFSET(SYSUTCDATETIME(), 0));

-- Admin actions through the HTTP API and the command line; rows are only ever appended.
CREATE TABLE audit_log (
    id        bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_audit_log PRIMARY KEY,
    at        datetimeoffset(7) NOT NULL,
    actor     nvarchar(max) NOT NULL,
    action    nvarchar(max) NOT NULL,
    -- No foreign key: the record of a purged source must outlive the source.
    source_id bigint NULL,
    details   nvarchar(max) NOT NULL
);

CREATE INDEX ix_audit_log_source_id ON audit_log (source_id, id);

-- Candidate keys: sampled shingle hashes of each item; the clustered key makes each key one range
-- seek over a window of publish times (SQLite's WITHOUT ROWID table).
CREATE TABLE story_keys (
    [key]        bigint NOT NULL,
    published_at datetimeoffset(7) NOT NULL,
    item_id      bigint NOT NULL,
    story_id     bigint NOT NULL,
    CONSTRAINT pk_story_keys PRIMARY KEY ([key], published_at, item_id)
);

CREATE INDEX ix_story_keys_item_id ON story_keys (item_id);
CREATE INDEX ix_story_keys_story_id ON story_keys (story_id);

-- Splits and merges by an admin.
CREATE TABLE story_overrides (
    id             bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_story_overrides PRIMARY KEY,
    at             datetimeoffset(7) NOT NULL,
    actor          nvarchar(max) NOT NULL,
    action         nvarchar(10) NOT NULL CONSTRAINT ck_story_overrides_action CHECK (action IN (N'split', N'merge')),
    story_id       bigint NOT NULL,
    other_story_id bigint NOT NULL,
    item_id        bigint NULL,
    details        nvarchar(max) NOT NULL
);

CREATE INDEX ix_story_overrides_story_id ON story_overrides (story_id);
CREATE INDEX ix_story_overrides_other_story_id ON story_overrides (other_story_id);

-- The configured sources earlier starts seeded, by the canonical form of the configured URL. No
-- foreign key: the memory of a seeding must outlive a purged source.
CREATE TABLE configured_sources (
    url_key      nvarchar(4000) COLLATE Latin1_General_100_BIN2 NOT NULL,
    url_key_hash AS CAST(HASHBYTES('SHA2_256', url_key) AS binary(32)) PERSISTED NOT NULL,
    source_id    bigint NOT NULL,
    applied      nvarchar(max) NOT NULL,
    applied_at   datetimeoffset(7) NOT NULL,
    CONSTRAINT pk_configured_sources PRIMARY KEY (url_key_hash)
);

-- Old URLs of sources that moved by a permanent redirect. No foreign key: a purge deletes a
-- source's aliases with it.
CREATE TABLE source_aliases (
    url_key      nvarchar(4000) COLLATE Latin1_General_100_BIN2 NOT NULL,
    url_key_hash AS CAST(HASHBYTES('SHA2_256', url_key) AS binary(32)) PERSISTED NOT NULL,
    url          nvarchar(max) NOT NULL,
    source_id    bigint NOT NULL,
    created_at   datetimeoffset(7) NOT NULL,
    CONSTRAINT pk_source_aliases PRIMARY KEY (url_key_hash)
);

CREATE INDEX ix_source_aliases_source_id ON source_aliases (source_id);

-- Deployment-wide values fixed once (such as the tag authority of published entry ids).
CREATE TABLE settings (
    name   nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_settings PRIMARY KEY,
    value  nvarchar(max) NOT NULL,
    set_at datetimeoffset(7) NOT NULL
);
GO

-- Every writer that bumps the version records the time without knowing, as on SQLite. NOCOUNT:
-- the trigger's own row count must not be added to the writer's.
CREATE TRIGGER tr_feed_version_changed_at ON feed_version AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF UPDATE(version)
    BEGIN
        UPDATE feed_version
        SET changed_at = TODATETIMEOFFSET(SYSUTCDATETIME(), 0)
        WHERE id IN (SELECT id FROM inserted);
    END;
END;
GO
