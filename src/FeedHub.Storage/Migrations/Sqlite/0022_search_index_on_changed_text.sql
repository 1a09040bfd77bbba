-- A revision writes the item's row with every field, search_text included, also when the folded
-- text is what it was (an entry re-dated, a new link, another category): the trigger then had FTS5
-- delete and re-insert every token of the text. Only a text that changed is indexed again now; an
-- unchanged one already has exactly its tokens in the index.

DROP TRIGGER items_search_after_update;

CREATE TRIGGER items_search_after_update AFTER UPDATE OF search_text ON items
WHEN old.search_text IS NOT new.search_text
BEGIN
    INSERT INTO items_search (items_search, rowid, search_text)
    SELECT 'delete', old.id, old.search_text WHERE old.search_text IS NOT NULL;
    INSERT INTO items_search (rowid, search_text)
    SELECT new.id, new.search_text WHERE new.search_text IS NOT NULL;
END;
