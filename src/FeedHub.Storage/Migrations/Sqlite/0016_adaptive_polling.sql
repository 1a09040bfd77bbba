-- Adaptive polling: what a source's next interval is decided from, kept with its poll state, and
-- what was decided, for status. poll_cadence is JSON: recent entries' publish times (unix seconds,
-- newest first) and the last document's ttl, sy:updatePeriod, skipHours and skipDays.
-- No flag column marks a fixed interval: interval_seconds was already NULL for a source that
-- follows the default and set only by an admin, an import or the configuration, so existing
-- sources without one become adaptive and those with one keep it.

ALTER TABLE sources ADD COLUMN poll_cadence TEXT;
ALTER TABLE sources ADD COLUMN effective_interval_seconds INTEGER CHECK (effective_interval_seconds IS NULL OR effective_interval_seconds > 0);
ALTER TABLE sources ADD COLUMN interval_reason TEXT;
