-- Each item's language (its own, else its feed's), republished per item in the merged feeds.
-- Items stored before this carry their source's feed language, the best that is known of them.

ALTER TABLE items ADD COLUMN language TEXT;
UPDATE items SET language = (SELECT feed_language FROM sources WHERE sources.id = items.source_id);
