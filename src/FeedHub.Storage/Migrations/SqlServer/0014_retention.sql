-- Retention (issue 14), as SQLite's and PostgreSQL's 0014: the purge deletes items their feed
-- stopped listing long ago, in small batches, and keeps a record of each run for /status and /metrics.
-- (Written on wip/retention before the SQL Server provider was merged there: it takes effect with it.)

-- A source's items by last-seen time: the newest (when its latest document was stored) and the
-- ones older than the cutoff, without a scan.
CREATE INDEX ix_items_source_id_last_seen_at ON items (source_id, last_seen_at);

-- Audit entries by time, oldest first, for pruning the log.
CREATE INDEX ix_audit_log_at ON audit_log (at);

-- Set by `sources remove --purge` together with deleted_at: the source's items are deleted in
-- batches after that, and a purge cut short is finished by the next run.
ALTER TABLE sources ADD purge_requested_at datetimeoffset(7) NULL;

-- One row per purge that ran (dry runs are not recorded).
CREATE TABLE purge_runs (
    id              bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_purge_runs PRIMARY KEY,
    started_at      datetimeoffset(7) NOT NULL,
    finished_at     datetimeoffset(7) NOT NULL,
    items           bigint NOT NULL CONSTRAINT ck_purge_runs_items CHECK (items >= 0),
    stories         bigint NOT NULL CONSTRAINT ck_purge_runs_stories CHECK (stories >= 0),
    audit_entries   bigint NOT NULL CONSTRAINT ck_purge_runs_audit_entries CHECK (audit_entries >= 0),
    sources         bigint NOT NULL CONSTRAINT ck_purge_runs_sources CHECK (sources >= 0),
    bytes_reclaimed bigint NOT NULL CONSTRAINT ck_purge_runs_bytes_reclaimed CHECK (bytes_reclaimed >= 0),
    database_bytes  bigint NOT NULL CONSTRAINT ck_purge_runs_database_bytes CHECK (database_bytes >= 0)
);

-- Archive months (by story publish time, UTC) whose stories a purge deleted: such a month, once
-- empty, answers 410 Gone rather than 404 (it had stories; they will not come back).
CREATE TABLE purged_months (
    month_start datetimeoffset(7) NOT NULL CONSTRAINT pk_purged_months PRIMARY KEY
);
