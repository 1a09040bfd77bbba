-- Stories by near-duplicate text (issue 9): what matching compares, why each item is in its
-- story, why its origin is the origin, the candidate-key index and the admin's corrections.

-- The item's words with republishers' additions removed (FeedHub.Core.Stories.StoryText), and
-- the names its credit lines give as source (JSON array). Null for items stored before this
-- migration: they are compared by their title and text, cleaned when loaded.
ALTER TABLE items ADD COLUMN match_text TEXT;
ALTER TABLE items ADD COLUMN credits TEXT NOT NULL DEFAULT '[]';
-- Why the item is in its story: NewStory, SameLink, SimilarText, SplitByAdmin, MergedByAdmin.
ALTER TABLE items ADD COLUMN story_rule TEXT;
ALTER TABLE items ADD COLUMN story_score REAL;
ALTER TABLE items ADD COLUMN story_reason TEXT;

-- OriginSource, CreditLine or EarliestPublished, and the sentence saying so.
ALTER TABLE stories ADD COLUMN origin_rule TEXT;
ALTER TABLE stories ADD COLUMN origin_reason TEXT;
-- A story merged into another keeps its row (origin_item_id null, so no feed shows it) and
-- says where its items went: its id and feed GUID are never handed out again. No foreign
-- key: purging the kept story's last source must not be blocked by the record of a merge.
ALTER TABLE stories ADD COLUMN merged_into INTEGER;

-- Story ids come from this AUTOINCREMENT sequence, not from stories' rowid: a rowid is reused
-- when the highest row is deleted (a purge), and a reused id would reuse a published feed GUID.
CREATE TABLE story_ids (id INTEGER PRIMARY KEY AUTOINCREMENT);
INSERT INTO story_ids (id) SELECT coalesce(max(id), 0) FROM stories;
DELETE FROM story_ids WHERE id = 0;

-- Candidate keys: sampled shingle hashes of each item (FeedHub.Core.Stories.StoryKeys). A new
-- item's candidates are the stories sharing its keys within a window of publish times, so the
-- cost per item depends on the window, not on the size of the store.
CREATE TABLE story_keys (
    key          INTEGER NOT NULL,
    published_at TEXT    NOT NULL,
    item_id      INTEGER NOT NULL,
    story_id     INTEGER NOT NULL,
    PRIMARY KEY (key, published_at, item_id)
) WITHOUT ROWID;

CREATE INDEX ix_story_keys_item_id ON story_keys (item_id);
CREATE INDEX ix_story_keys_story_id ON story_keys (story_id);

-- Splits and merges by an admin: the audit of stories (the audit_log gets a line too).
CREATE TABLE story_overrides (
    id             INTEGER PRIMARY KEY,
    at             TEXT    NOT NULL,
    actor          TEXT    NOT NULL,
    action         TEXT    NOT NULL CHECK (action IN ('split', 'merge')),
    story_id       INTEGER NOT NULL,
    other_story_id INTEGER NOT NULL,
    item_id        INTEGER,
    details        TEXT    NOT NULL
);

CREATE INDEX ix_story_overrides_story_id ON story_overrides (story_id);
CREATE INDEX ix_story_overrides_other_story_id ON story_overrides (other_story_id);
