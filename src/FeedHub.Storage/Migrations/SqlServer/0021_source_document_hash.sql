-- Unchanged documents: the same columns as Sqlite/0021 (see there). The hash is compared exactly,
-- like the other hashes.

ALTER TABLE sources ADD
    document_hash     nvarchar(64) COLLATE Latin1_General_100_BIN2 NULL,
    document_item_ids nvarchar(max) NULL;
