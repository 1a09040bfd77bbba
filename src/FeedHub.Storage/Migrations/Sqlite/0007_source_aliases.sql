-- Old URLs of sources that moved by a permanent redirect. A URL here answers to its source as the
-- source's own URL does: adding it again (configuration, command line, API, OPML import) finds
-- that source instead of creating a second one that polls the same feed. No foreign key: a purge
-- deletes a source's aliases with it; a removed (soft-deleted) source keeps them, as it keeps its URL.
CREATE TABLE source_aliases (
    url_key    TEXT    PRIMARY KEY,
    url        TEXT    NOT NULL,
    source_id  INTEGER NOT NULL,
    created_at TEXT    NOT NULL
);

CREATE INDEX ix_source_aliases_source_id ON source_aliases (source_id);

-- Merge the duplicates earlier versions created. After a 301, source K (kept) had moved to the new
-- URL; the next start upserted the configured old URL again as source D (duplicate). D's polls
-- follow the same redirect, fetch the same document, and could not take the new URL, so each of
-- them recorded, as D's last error: "Permanent redirect to <K's URL> was not applied: source <K>
-- already has that URL." That sentence, naming K by both URL and id, is the proof D is K's feed
-- polled a second time; without it two sources are never merged. K is the one kept: it moved
-- legitimately, its id is what the scheduler, admins and audit lines know.
CREATE TEMP TABLE merge_pairs AS
SELECT d.id AS duplicate_id, d.url AS duplicate_url, d.url_key AS duplicate_key, k.id AS kept_id
FROM sources d
JOIN sources k ON k.id <> d.id AND k.deleted_at IS NULL
WHERE instr(d.last_error, 'Permanent redirect to ' || k.url || ' was not applied: source ' || k.id || ' already has that URL.') > 0;

-- A kept source that is itself somebody's duplicate would be merged away: leave such chains alone.
DELETE FROM merge_pairs WHERE kept_id IN (SELECT duplicate_id FROM merge_pairs);

INSERT INTO source_aliases (url_key, url, source_id, created_at)
SELECT duplicate_key, duplicate_url, kept_id, strftime('%Y-%m-%dT%H:%M:%f', 'now') || '0000Z' FROM merge_pairs
WHERE true
ON CONFLICT (url_key) DO NOTHING;

-- The configured old URL now means the kept source, so the next start neither adds it nor skips
-- it as removed.
UPDATE configured_sources
SET source_id = (SELECT kept_id FROM merge_pairs WHERE duplicate_id = configured_sources.source_id)
WHERE source_id IN (SELECT duplicate_id FROM merge_pairs);

-- Items. An item of D whose item_key K also has is the same entry of the same feed stored twice
-- (a twin): D's copy is dropped. An item only D has (K was paused, failing or not yet polling when
-- the entry was in the feed) is moved to K: K then carries every entry either ever stored.
--
-- Stories. Membership is by item, so moving an item keeps its story. Dropping a twin can touch a
-- story three ways, all handled below: (1) the story still has other copies (usually K's twin,
-- which joined it by the same link) — it stays, its origin is chosen again if the twin was the
-- origin; (2) the twin was the story's only copy while K's copy sits in another story — the story
-- was the same entry shown twice, so it goes and K's story remains (no entry is lost, only the
-- duplicate); (3) never: a story whose only copy has no twin keeps it, because that item is moved,
-- not dropped. Origins are chosen by FeedHub's rule (StoryOrigins): the copy from an origin
-- source, else the earliest published, ties to the copy stored first.
CREATE TEMP TABLE merge_twins AS
SELECT d.id AS item_id, d.story_id AS story_id
FROM merge_pairs p
JOIN items d ON d.source_id = p.duplicate_id
JOIN items k ON k.source_id = p.kept_id AND k.item_key = d.item_key;

CREATE TEMP TABLE merge_stories AS
SELECT DISTINCT story_id FROM items WHERE source_id IN (SELECT duplicate_id FROM merge_pairs);

UPDATE stories SET origin_item_id = NULL WHERE origin_item_id IN (SELECT item_id FROM merge_twins);
-- Their candidate keys (0005) go with them, or a later copy would find a story through an item that is gone.
DELETE FROM story_keys WHERE item_id IN (SELECT item_id FROM merge_twins);
DELETE FROM items WHERE id IN (SELECT item_id FROM merge_twins);
UPDATE items
SET source_id = (SELECT kept_id FROM merge_pairs WHERE duplicate_id = items.source_id)
WHERE source_id IN (SELECT duplicate_id FROM merge_pairs);

DELETE FROM stories
WHERE id IN (SELECT story_id FROM merge_stories)
  AND NOT EXISTS (SELECT 1 FROM items WHERE items.story_id = stories.id);

UPDATE stories
SET origin_item_id = origin.id,
    canonical_link = origin.canonical_link,
    published_at = origin.published_at,
    updated_at = strftime('%Y-%m-%dT%H:%M:%f', 'now') || '0000Z'
FROM (SELECT story_id, id, canonical_link, published_at
      FROM (SELECT i.story_id, i.id, i.canonical_link, i.published_at,
                   row_number() OVER (PARTITION BY i.story_id ORDER BY s.is_origin DESC, i.published_at, i.id) AS rank
            FROM items i
            JOIN sources s ON s.id = i.source_id
            WHERE i.story_id IN (SELECT story_id FROM merge_stories))
      WHERE rank = 1) AS origin
WHERE stories.id = origin.story_id;

INSERT INTO audit_log (at, actor, action, source_id, details)
SELECT strftime('%Y-%m-%dT%H:%M:%f', 'now') || '0000Z', 'migration', 'merge', duplicate_id,
       'merged source ' || duplicate_id || ' (' || duplicate_url || ') into source ' || kept_id ||
       ', which that URL permanently redirects to; its items moved there, copies of the same entries dropped'
FROM merge_pairs;

DELETE FROM sources WHERE id IN (SELECT duplicate_id FROM merge_pairs);

UPDATE feed_version SET version = version + 1 WHERE EXISTS (SELECT 1 FROM merge_pairs);

DROP TABLE merge_twins;
DROP TABLE merge_stories;
DROP TABLE merge_pairs;
