-- As Sqlite/0022: a revision writes search_text on every row it revises, also when the folded text
-- is what it was (an entry re-dated, a new link, another category), and UPDATE(search_text) is then
-- true, so the trigger deleted and re-inserted every term of the row. Only new rows and rows whose
-- text changed get their terms again now. Texts are compared in the binary collation the terms
-- have: the database's default collation could call two different texts equal.
CREATE OR ALTER TRIGGER tr_items_search_terms ON items AFTER INSERT, UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF UPDATE(search_text)
    BEGIN
        DECLARE @changed TABLE (id bigint NOT NULL PRIMARY KEY);
        INSERT INTO @changed (id)
        SELECT i.id
        FROM inserted AS i
        LEFT JOIN deleted AS d ON d.id = i.id
        WHERE d.id IS NULL
           OR (i.search_text IS NULL AND d.search_text IS NOT NULL)
           OR (i.search_text IS NOT NULL AND d.search_text IS NULL)
           OR i.search_text COLLATE Latin1_General_100_BIN2 <> d.search_text COLLATE Latin1_General_100_BIN2;

        DELETE FROM item_search_terms WHERE item_id IN (SELECT id FROM @changed);
        INSERT INTO item_search_terms (term, item_id)
        SELECT DISTINCT LEFT(token.value, 400) COLLATE Latin1_General_100_BIN2, i.id
        FROM inserted AS i
        JOIN @changed AS c ON c.id = i.id
        CROSS APPLY STRING_SPLIT(i.search_text, N' ') AS token
        WHERE token.value <> N'';
    END;
END;
GO
