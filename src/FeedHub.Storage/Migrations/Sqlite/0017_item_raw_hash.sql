-- Known entries: the hash of the raw entry an item was last normalized from (with what else decides
-- the stored item: the feed's URL, base and language, and the normalizer's build). A document that
-- lists the same raw entry again only touches the item's last_seen_at. NULL for items stored before
-- this version: their next document normalizes them once and fills it in.

ALTER TABLE items ADD COLUMN raw_hash TEXT;
CREATE INDEX ix_items_source_id_raw_hash ON items (source_id, raw_hash);
