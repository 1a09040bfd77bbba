-- Per-source fetch settings and keep/block rules (issue #14, points 3 and 5).
-- request_headers: JSON object name -> stored value ("enc:v1:KEYID:..." when a secrets key is
-- configured, "plain:..." otherwise); values never leave the fetcher in clear.
-- keep_rules / block_rules: JSON arrays of rule lines ("title:words:iklan").
-- items.blocked_by: what blocked the item ("block 2", "keep"), NULL when kept. Blocked items stay
-- stored (a rule change can bring them back) but are never a story's origin nor listed as a copy.

ALTER TABLE sources ADD COLUMN user_agent TEXT;
ALTER TABLE sources ADD COLUMN request_headers TEXT NOT NULL DEFAULT '{}';
ALTER TABLE sources ADD COLUMN fetch_timeout_ms INTEGER CHECK (fetch_timeout_ms IS NULL OR fetch_timeout_ms > 0);
ALTER TABLE sources ADD COLUMN max_response_bytes INTEGER CHECK (max_response_bytes IS NULL OR max_response_bytes > 0);
ALTER TABLE sources ADD COLUMN keep_rules TEXT NOT NULL DEFAULT '[]';
ALTER TABLE sources ADD COLUMN block_rules TEXT NOT NULL DEFAULT '[]';
ALTER TABLE items ADD COLUMN blocked_by TEXT;

-- Blocked counts per source and rule for `sources show` and the API, without reading every item.
CREATE INDEX ix_items_blocked ON items (source_id, blocked_by) WHERE blocked_by IS NOT NULL;
