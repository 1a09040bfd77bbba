-- Poll counters and the start of the current failure run, for status pages and metrics.
-- Counting starts now: earlier polls were not counted.

ALTER TABLE sources ADD COLUMN poll_count INTEGER NOT NULL DEFAULT 0 CHECK (poll_count >= 0);
ALTER TABLE sources ADD COLUMN not_modified_count INTEGER NOT NULL DEFAULT 0 CHECK (not_modified_count >= 0);
-- Set by the first failure after a success, cleared by the next success.
ALTER TABLE sources ADD COLUMN failing_since TEXT;

-- Sources already failing: the run began after their last success, at the latest.
UPDATE sources
SET failing_since = COALESCE(last_success_at, created_at)
WHERE consecutive_failures > 0;
