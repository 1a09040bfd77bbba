-- Deployment-wide values fixed once (such as the tag authority of published entry ids), which
-- later configuration must not change.

CREATE TABLE settings (
    name   TEXT NOT NULL PRIMARY KEY,
    value  TEXT NOT NULL,
    set_at TEXT NOT NULL
);
