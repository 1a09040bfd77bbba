-- Admin actions through the HTTP API and the command line: when, who (API key id or "cli"),
-- what, and on which source. Rows are only ever appended.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,
    actor     TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    -- No foreign key: the record of a purged source must outlive the source.
    source_id INTEGER,
    details   TEXT    NOT NULL
);

CREATE INDEX ix_audit_log_source_id ON audit_log (source_id, id);
