using System.Data;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dapper;
using FeedHub.Storage.Database;
using FeedHub.Storage.Search;

namespace FeedHub.Storage.SqlServer;

/// <summary>SQL Server's spelling (2016 or later, compatibility level 130+ for OPENJSON): READ
/// COMMITTED writers that meet only on unique keys and on named locks (sp_getapplock),
/// lists passed as JSON and read with OPENJSON, ids from IDENTITY returned by OUTPUT, paging with
/// OFFSET/FETCH, and conflict-tolerant inserts that treat duplicate-key errors as "already have it".
/// <para>Why not MERGE ... WITH (HOLDLOCK): it takes serializable key-range locks, which parallel
/// refreshes writing neighbouring keys (story_keys) convert into deadlocks, and MERGE has a long
/// list of fixed and unfixed bugs. An insert guarded by NOT EXISTS takes no range locks; when a
/// concurrent transaction inserts the same key between the check and the insert, the insert fails
/// with 2601/2627 (https://learn.microsoft.com/sql/relational-databases/errors-events/database-engine-events-and-errors),
/// changes nothing (statement rollback, XACT_ABORT stays off for that reason), and is tried again:
/// the second check waits for the other transaction and then skips its row.</para></summary>
internal sealed class SqlServerDialect : ISqlDialect
{
    // Keys too long for an index key (1700 bytes) are indexed by a persisted SHA-256 (0011_baseline).
    private static readonly Dictionary<string, string> HashedColumns = new(StringComparer.Ordinal)
    {
        ["canonical_link"] = "canonical_link_hash",
        ["url_key"] = "url_key_hash",
    };

    // A table with a trigger refuses OUTPUT without INTO (error 334): items keeps its search terms
    // by one (0012_search_index), feed_version stamps its time by one (0011_baseline).
    private static readonly HashSet<string> TablesWithTriggers = new(StringComparer.OrdinalIgnoreCase) { "items", "feed_version" };

    private readonly int _commandTimeoutSeconds;
    private int _snapshotAllowed = -1;

    public SqlServerDialect(int commandTimeoutSeconds)
    {
        _commandTimeoutSeconds = commandTimeoutSeconds;
    }

    public StorageProvider Provider => StorageProvider.SqlServer;

    // Writers do not take a database-wide lock as SQLite's do: they meet on unique keys (inserts
    // below) and on the story-assignment lock, so refreshes of different sources commit in parallel.
    public async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    // Several reads in one snapshot need SNAPSHOT isolation, which a DBA allows once per database
    // (ALTER DATABASE ... SET ALLOW_SNAPSHOT_ISOLATION ON; docs/architecture.md); without it each
    // statement still reads committed data.
    public async ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (_snapshotAllowed < 0)
        {
            int state = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                SnapshotIsolationStateSql, commandTimeout: _commandTimeoutSeconds, cancellationToken: cancellationToken));
            _snapshotAllowed = state == 1 ? 1 : 0;
        }

        return await connection.BeginTransactionAsync(_snapshotAllowed == 1 ? IsolationLevel.Snapshot : IsolationLevel.ReadCommitted, cancellationToken);
    }

    /// <summary>1 when snapshot isolation is allowed in the current database.</summary>
    public const string SnapshotIsolationStateSql = "SELECT snapshot_isolation_state FROM sys.databases WHERE database_id = DB_ID()";

    // A named lock, not a row lock: it serializes the step (story assignment, the URL catalog,
    // one source's commits) without blocking readers or touching a table, and goes with the
    // transaction. The stores take them in SessionLock order, so they cannot deadlock each other.
    public async Task LockAsync(StorageSession session, SessionLock resource, long id = 0)
    {
        string name = SqlServerAppLock.ResourceName(resource, id);
        int result = await session.ExecuteScalarAsync<int>(
            SqlServerAppLock.AcquireSql("Transaction"),
            new { Resource = name, TimeoutMs = SqlServerAppLock.WaitMilliseconds(_commandTimeoutSeconds) });
        SqlServerAppLock.EnsureGranted(result, name);
    }

    public Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, int commandTimeoutSeconds, CancellationToken cancellationToken) =>
        SqlServerAppLock.AcquireSessionAsync(connection, SqlServerAppLock.MigrationsResource, commandTimeoutSeconds, cancellationToken);

    public string Limit(string count) => $"OFFSET 0 ROWS FETCH NEXT {count} ROWS ONLY";

    // UPDLOCK holds the rows to the end of the transaction, READPAST passes over rows others hold,
    // ROWLOCK keeps the locks on the rows (a page lock would pass over free rows beside them).
    public string SelectSkippingLocked(string table, string columns, string where, string orderBy, string count) =>
        $"SELECT TOP ({count}) {columns} FROM {table} WITH (UPDLOCK, READPAST, ROWLOCK) WHERE {where} ORDER BY {orderBy}";

    public string InList(string column, string parameter)
    {
        string values = $"SELECT value FROM OPENJSON({parameter})";
        return Hashed(column) is string hash
            ? $"({hash} IN (SELECT CAST(HASHBYTES('SHA2_256', value) AS binary(32)) FROM OPENJSON({parameter})) AND {column} IN ({values}))"
            : $"{column} IN ({values})";
    }

    public object ListValue<T>(IEnumerable<T> values) => JsonSerializer.Serialize(values);

    public string IntegerRows(string parameter, params string[] columns) =>
        $"(SELECT {string.Join(", ", columns.Select(Quote))} FROM OPENJSON({parameter}) WITH ("
        + string.Join(", ", columns.Select((column, i) => $"{Quote(column)} bigint '$[{i}]'"))
        + "))";

    public object RowsValue(IEnumerable<long[]> rows) => JsonSerializer.Serialize(rows);

    public string ApplyToIntegerList(string parameter, string alias, string perElement, string resultAlias) =>
        $"OPENJSON({parameter}) WITH (value bigint '$') AS {alias} CROSS APPLY ({perElement}) AS {resultAlias}";

    // OPENJSON's default schema has a value column, as SQLite's json_each has.
    public string JsonArrayElements(string column, string alias) => $"OPENJSON({column}) AS {alias}";

    // The search index is item_search_terms (0012_search_index): a phrase's longest token is
    // sought by range on its key, and what one token cannot decide (the order of a phrase's tokens,
    // a token cut to the key's length) is confirmed on the item's folded text. The phrases come as
    // one JSON parameter (SqlServerSearch), so the statement's shape does not depend on the words.
    public string TextSearchItems(string parameter) =>
        $"SELECT DISTINCT fh_term.item_id AS id FROM item_search_terms AS fh_term JOIN items AS fh_item ON fh_item.id = fh_term.item_id"
        + $" WHERE fh_term.term >= JSON_VALUE({parameter}, '$[0].low') COLLATE {SqlServerSearch.Collation}"
        + $" AND fh_term.term < JSON_VALUE({parameter}, '$[0].high') COLLATE {SqlServerSearch.Collation}"
        + $" AND {TextSearchProbe("fh_item", parameter)}";

    public string TextSearchProbe(string items, string parameter) =>
        $"NOT EXISTS (SELECT 1 FROM OPENJSON({parameter}) WITH (low nvarchar(400) '$.low', high nvarchar(401) '$.high', pattern nvarchar(max) '$.like') AS fh_phrase"
        + $" WHERE NOT EXISTS (SELECT 1 FROM item_search_terms AS fh_has WHERE fh_has.item_id = {items}.id"
        + $" AND fh_has.term >= fh_phrase.low COLLATE {SqlServerSearch.Collation} AND fh_has.term < fh_phrase.high COLLATE {SqlServerSearch.Collation})"
        + $" OR (fh_phrase.pattern IS NOT NULL AND NOT (N' ' + {items}.search_text LIKE fh_phrase.pattern COLLATE {SqlServerSearch.Collation})))";

    public object TextSearchValue(SearchTerms terms) => SqlServerSearch.Value(terms);

    public string CountUpTo(string select, string cap) =>
        $"SELECT count(*) FROM (SELECT TOP ({cap}) 1 AS fh_one FROM ({select}) AS fh_rows) AS fh_capped";

    public string InsertReturningId(string table, string columns, string values) =>
        TablesWithTriggers.Contains(table)
            ? $"DECLARE @fh_new TABLE (id bigint NOT NULL); INSERT INTO {table} ({QuoteList(columns)}) OUTPUT inserted.id INTO @fh_new VALUES ({values}); SELECT id FROM @fh_new;"
            : $"INSERT INTO {table} ({QuoteList(columns)}) OUTPUT inserted.id VALUES ({values})";

    // IDENTITY never hands out a value twice, also after the highest row is deleted.
    public string InsertStoryReturningId(string columns, string values) =>
        $"INSERT INTO stories ({QuoteList(columns)}) OUTPUT inserted.id VALUES ({values})";

    public string InsertIgnoringDuplicates(string table, string columns, string rows, string conflictColumns) =>
        RetriedOnDuplicateKey(NewRowsInsert(table, columns, rows, conflictColumns));

    public string Upsert(string table, string columns, string rows, string conflictColumns, IReadOnlyList<string> updateColumns)
    {
        string update =
            $"UPDATE fh_existing SET {string.Join(", ", updateColumns.Select(column => $"{Quote(column)} = fh_row.{Quote(column)}"))}\n"
            + $"        FROM {table} AS fh_existing\n"
            + $"        JOIN ({rows}) AS fh_row ({QuoteList(columns)}) ON {Matches(conflictColumns)};\n";
        return RetriedOnDuplicateKey(update + "        " + NewRowsInsert(table, columns, rows, conflictColumns));
    }

    public string MigrationFolder => "SqlServer";

    public IReadOnlyList<string> MigrationBatches(string script) => SqlServerBatches.Split(script);

    public string CreateHistoryTableSql =>
        """
        IF OBJECT_ID(N'schema_migrations', N'U') IS NULL
            CREATE TABLE schema_migrations (
                version    int NOT NULL CONSTRAINT pk_schema_migrations PRIMARY KEY,
                applied_at datetimeoffset(7) NOT NULL
            );
        """;

    public string HistoryTableExistsSql => "SELECT count(*) FROM sys.tables WHERE name = N'schema_migrations' AND schema_id = SCHEMA_ID()";

    /// <summary>The rows not stored yet, each key once (SQLite's INSERT OR IGNORE also drops a
    /// repeat within the statement). READCOMMITTEDLOCK: with READ_COMMITTED_SNAPSHOT on, a plain
    /// read would not wait for a concurrent insert of the same key and the retry would fail again.</summary>
    private static string NewRowsInsert(string table, string columns, string rows, string conflictColumns) =>
        $"INSERT INTO {table} ({QuoteList(columns)})\n"
        + $"        SELECT {QuoteList(columns)} FROM (\n"
        + $"            SELECT *, ROW_NUMBER() OVER (PARTITION BY {QuoteList(conflictColumns)} ORDER BY (SELECT NULL)) AS fh_copy\n"
        + $"            FROM ({rows}) AS fh_row ({QuoteList(columns)})) AS fh_row\n"
        + $"        WHERE fh_copy = 1\n"
        + $"          AND NOT EXISTS (SELECT 1 FROM {table} AS fh_existing WITH (READCOMMITTEDLOCK) WHERE {Matches(conflictColumns)});";

    private static string RetriedOnDuplicateKey(string statements) =>
        $"""
        DECLARE @fh_attempt int = 0;
        WHILE 1 = 1
        BEGIN
            BEGIN TRY
                {statements}
                BREAK;
            END TRY
            BEGIN CATCH
                IF XACT_STATE() = -1 OR ERROR_NUMBER() NOT IN (2601, 2627) OR @fh_attempt >= 2
                    THROW;
                SET @fh_attempt += 1;
            END CATCH;
        END;
        """;

    private static string Matches(string conflictColumns) =>
        string.Join(" AND ", Split(conflictColumns).Select(column => Hashed(column) is string hash
            ? $"fh_existing.{Quote(hash)} = CAST(HASHBYTES('SHA2_256', fh_row.{Quote(column)}) AS binary(32))"
            : $"fh_existing.{Quote(column)} = fh_row.{Quote(column)}"));

    private static string? Hashed(string column)
    {
        int dot = column.LastIndexOf('.');
        string name = column[(dot + 1)..];
        return HashedColumns.TryGetValue(name, out string? hash) ? column[..(dot + 1)] + hash : null;
    }

    private static IEnumerable<string> Split(string columns) =>
        columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string QuoteList(string columns) => string.Join(", ", Split(columns).Select(Quote));

    // Column names such as key are reserved words in T-SQL. A name already quoted stays as it is.
    private static string Quote(string name) =>
        name.StartsWith('[') || name.StartsWith('"') ? name : new StringBuilder("[").Append(name.Replace("]", "]]", StringComparison.Ordinal)).Append(']').ToString();
}
