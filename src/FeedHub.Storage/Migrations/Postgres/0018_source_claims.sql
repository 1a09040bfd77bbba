-- Claims: the same column and partial indexes as Sqlite/0018 (see there).

ALTER TABLE sources ADD COLUMN claimed_by text;
CREATE INDEX ix_sources_due ON sources (next_due_at) WHERE enabled = 1;
CREATE INDEX ix_sources_claimed_by ON sources (claimed_by) WHERE claimed_by IS NOT NULL;
