-- When the change version last moved: feeds send it as Last-Modified. A trigger stamps it so
-- every writer that bumps the version (now and later) records the commit time without knowing.
-- Same text form as every other instant: 'yyyy-MM-ddTHH:mm:ss.fffffffZ'.
ALTER TABLE feed_version ADD COLUMN changed_at TEXT;

UPDATE feed_version SET changed_at = strftime('%Y-%m-%dT%H:%M:%f', 'now') || '0000Z';

CREATE TRIGGER tr_feed_version_changed_at AFTER UPDATE OF version ON feed_version
BEGIN
    UPDATE feed_version SET changed_at = strftime('%Y-%m-%dT%H:%M:%f', 'now') || '0000Z' WHERE id = NEW.id;
END;

-- Source filters ask "has this story a copy from source X?" and the other-copies query asks for
-- a story's copies from other sources: both are answered from this index alone. It covers
-- every lookup the single-column story index served.
CREATE INDEX ix_items_story_id_source_id ON items (story_id, source_id);
DROP INDEX ix_items_story_id;
