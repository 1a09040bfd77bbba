-- Adaptive polling: the same columns as Sqlite/0016 (see there for why no flag column is needed).
-- Written for the SQL Server provider (branch wip/sqlserver, baseline 0011); inert until it lands.

ALTER TABLE sources ADD
    poll_cadence               nvarchar(max) NULL,
    effective_interval_seconds bigint NULL CONSTRAINT ck_sources_effective_interval_seconds CHECK (effective_interval_seconds IS NULL OR effective_interval_seconds > 0),
    interval_reason            nvarchar(max) NULL;
