-- Claims: the same column and (filtered) indexes as Sqlite/0018 (see there). Quartz's instance ids
-- are at most 200 characters (qrtz_scheduler_state.instance_name).

ALTER TABLE sources ADD claimed_by nvarchar(200) NULL;
GO
CREATE INDEX ix_sources_due ON sources (next_due_at) WHERE enabled = 1;
CREATE INDEX ix_sources_claimed_by ON sources (claimed_by) WHERE claimed_by IS NOT NULL;
