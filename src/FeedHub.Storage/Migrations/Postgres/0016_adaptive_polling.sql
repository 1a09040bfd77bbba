-- Adaptive polling: the same columns as Sqlite/0016 (see there for why no flag column is needed).

ALTER TABLE sources ADD COLUMN poll_cadence text;
ALTER TABLE sources ADD COLUMN effective_interval_seconds bigint CHECK (effective_interval_seconds IS NULL OR effective_interval_seconds > 0);
ALTER TABLE sources ADD COLUMN interval_reason text;
