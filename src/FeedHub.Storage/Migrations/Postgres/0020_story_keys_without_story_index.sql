-- The same index dropped as Sqlite/0020 (see there).

DROP INDEX ix_story_keys_story_id;
