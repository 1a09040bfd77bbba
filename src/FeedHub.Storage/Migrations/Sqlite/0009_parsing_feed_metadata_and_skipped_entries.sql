-- Entries the last document of a source could not use (logged once per reason and poll), and
-- what the feed says about itself: language, description, icon/logo/image, last update.

ALTER TABLE sources ADD COLUMN skipped_entries INTEGER NOT NULL DEFAULT 0 CHECK (skipped_entries >= 0);
ALTER TABLE sources ADD COLUMN feed_language TEXT;
ALTER TABLE sources ADD COLUMN feed_description TEXT;
ALTER TABLE sources ADD COLUMN feed_image_url TEXT;
ALTER TABLE sources ADD COLUMN feed_updated_at TEXT;
