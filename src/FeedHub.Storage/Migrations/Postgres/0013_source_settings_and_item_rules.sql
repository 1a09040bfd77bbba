-- Per-source fetch settings and keep/block rules (issue #14, points 3 and 5); the same schema as
-- SQLite's 0013. request_headers: JSON object name -> stored value ("enc:v1:KEYID:..." with a
-- secrets key, "plain:..." without). keep_rules / block_rules: JSON arrays of rule lines.
-- items.blocked_by: what blocked the item ("block 2", "keep"), null when kept.

ALTER TABLE sources ADD COLUMN user_agent text;
ALTER TABLE sources ADD COLUMN request_headers text NOT NULL DEFAULT '{}';
ALTER TABLE sources ADD COLUMN fetch_timeout_ms bigint CHECK (fetch_timeout_ms IS NULL OR fetch_timeout_ms > 0);
ALTER TABLE sources ADD COLUMN max_response_bytes bigint CHECK (max_response_bytes IS NULL OR max_response_bytes > 0);
ALTER TABLE sources ADD COLUMN keep_rules text NOT NULL DEFAULT '[]';
ALTER TABLE sources ADD COLUMN block_rules text NOT NULL DEFAULT '[]';
ALTER TABLE items ADD COLUMN blocked_by text;

-- Blocked counts per source and rule without reading every item.
CREATE INDEX ix_items_blocked ON items (source_id, blocked_by) WHERE blocked_by IS NOT NULL;
