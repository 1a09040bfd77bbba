-- Retention (issue 14): the purge deletes items their feed stopped listing long ago, in small
-- batches, and keeps a record of each run for /status and /metrics.

-- A source's items by last-seen time: the purge finds, per source, the newest last-seen time
-- (when its latest document was stored) and the items older than the cutoff, without a scan.
CREATE INDEX ix_items_source_id_last_seen_at ON items (source_id, last_seen_at);

-- Audit entries by time, oldest first, for pruning the log.
CREATE INDEX ix_audit_log_at ON audit_log (at);

-- Set by `sources remove --purge` together with deleted_at: the source's items are deleted in
-- batches after that, and a purge cut short (a crash, a stop) is finished by the next run.
ALTER TABLE sources ADD COLUMN purge_requested_at TEXT;

-- One row per purge that ran (dry runs are not recorded).
CREATE TABLE purge_runs (
    id              INTEGER PRIMARY KEY,
    started_at      TEXT    NOT NULL,
    finished_at     TEXT    NOT NULL,
    items           INTEGER NOT NULL CHECK (items >= 0),
    stories         INTEGER NOT NULL CHECK (stories >= 0),
    audit_entries   INTEGER NOT NULL CHECK (audit_entries >= 0),
    sources         INTEGER NOT NULL CHECK (sources >= 0),
    bytes_reclaimed INTEGER NOT NULL CHECK (bytes_reclaimed >= 0),
    database_bytes  INTEGER NOT NULL CHECK (database_bytes >= 0)
);

-- Archive months (by story publish time, UTC) whose stories a purge deleted: such a month, once
-- empty, answers 410 Gone rather than 404 (it had stories; they will not come back).
CREATE TABLE purged_months (
    month_start TEXT    NOT NULL PRIMARY KEY
);
