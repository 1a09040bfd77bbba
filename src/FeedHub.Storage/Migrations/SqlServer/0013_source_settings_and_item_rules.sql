-- Per-source fetch settings and keep/block rules (issue #14, points 3 and 5); the same schema as
-- SQLite's 0013. request_headers: JSON object name -> stored value ("enc:v1:KEYID:..." with a
-- secrets key, "plain:..." without). keep_rules / block_rules: JSON arrays of rule lines.
-- items.blocked_by: what blocked the item ("block 2", "keep"), null when kept; short, so it can be
-- an index key.

ALTER TABLE sources ADD
    user_agent         nvarchar(256) NULL,
    request_headers    nvarchar(max) NOT NULL CONSTRAINT df_sources_request_headers DEFAULT N'{}',
    fetch_timeout_ms   bigint NULL CONSTRAINT ck_sources_fetch_timeout_ms CHECK (fetch_timeout_ms IS NULL OR fetch_timeout_ms > 0),
    max_response_bytes bigint NULL CONSTRAINT ck_sources_max_response_bytes CHECK (max_response_bytes IS NULL OR max_response_bytes > 0),
    keep_rules         nvarchar(max) NOT NULL CONSTRAINT df_sources_keep_rules DEFAULT N'[]',
    block_rules        nvarchar(max) NOT NULL CONSTRAINT df_sources_block_rules DEFAULT N'[]';

ALTER TABLE items ADD blocked_by nvarchar(32) NULL;
GO

-- Blocked counts per source and rule without reading every item (a filtered index, SQLite's partial one).
CREATE INDEX ix_items_blocked ON items (source_id, blocked_by) WHERE blocked_by IS NOT NULL;
