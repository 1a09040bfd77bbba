-- Claims: in a cluster each poll is claimed from this table by one worker. The claim moves
-- next_due_at forward by a lease (so no other worker finds the source due) and names the claiming
-- worker in claimed_by (Quartz's instance id), so that the claims of a worker the cluster has
-- declared dead are handed back at once rather than when their lease runs out. The poll's own write
-- of next_due_at clears the claim. Unused on SQLite, which runs one worker; here so that a version
-- means the same schema on every engine.

ALTER TABLE sources ADD COLUMN claimed_by TEXT;
-- The claim's search: enabled sources by due time.
CREATE INDEX ix_sources_due ON sources (next_due_at) WHERE enabled = 1;
-- The few rows being polled, for the hand-back of a dead worker's claims.
CREATE INDEX ix_sources_claimed_by ON sources (claimed_by) WHERE claimed_by IS NOT NULL;
