-- Unchanged documents: the same columns as Sqlite/0021 (see there).

ALTER TABLE sources ADD COLUMN document_hash text;
ALTER TABLE sources ADD COLUMN document_item_ids text;
