-- A document re-served byte for byte (a 200 without validators, or with validators the publisher
-- ignores) costs about a 304: document_hash is the hash of the last fully parsed body together with
-- everything else that decides what a parse of it stores (FeedRefresher's DocumentHash), kept only
-- when that parse found every entry stored as it is; document_item_ids are the items it listed
-- (a JSON array of ids), which the next poll of the same bytes touches instead of parsing. A failed
-- poll, a settings change and a deletion of the source's items clear it; NULL means "parse".

ALTER TABLE sources ADD COLUMN document_hash TEXT;
ALTER TABLE sources ADD COLUMN document_item_ids TEXT;
