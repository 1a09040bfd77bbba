using System.Data;
using System.Data.Common;
using System.Text.Json;
using Dapper;
using FeedHub.Storage.Database;
using FeedHub.Storage.Search;

namespace FeedHub.Storage.Postgres;

/// <summary>PostgreSQL's spelling: READ COMMITTED writes serialized only where they must be,
/// by transaction-scoped advisory locks; lists as arrays (<c>= ANY(@list)</c>); identity ids;
/// <c>ON CONFLICT</c> for inserts that may meet a concurrent insert of the same key.</summary>
internal sealed class PostgresDialect : ISqlDialect
{
    // Advisory locks have one key space per database, shared with any other application: the
    // two-integer form with FeedHub's own class keeps ours apart (0x46480000 = "FH").
    private const int LockClassBase = 0x46480000;
    private const int MigrationLockClass = LockClassBase;

    public StorageProvider Provider => StorageProvider.Postgres;

    public async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    // A read-only snapshot: several reads agree with each other, and never wait or fail.
    public async ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    public Task LockAsync(StorageSession session, SessionLock resource, long id = 0) =>
        session.ExecuteAsync(
            "SELECT pg_advisory_xact_lock(@Class, @Id)",
            new { Class = LockClassBase + (int)resource, Id = unchecked((int)id) });

    public async Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, int commandTimeoutSeconds, CancellationToken cancellationToken)
    {
        // A session lock, not a transaction one: it covers every script's own transaction.
        // Waiting has no timeout of its own; another worker's migration may take a while.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_lock(@Class, 0)", new { Class = MigrationLockClass }, commandTimeout: 0, cancellationToken: cancellationToken));
        return new MigrationLock(connection, commandTimeoutSeconds);
    }

    public string Limit(string count) => $"LIMIT {count}";

    public string InList(string column, string parameter) => $"{column} = ANY({parameter})";

    public object ListValue<T>(IEnumerable<T> values) => values.ToArray();

    public string IntegerRows(string parameter, params string[] columns) =>
        "(SELECT " + string.Join(", ", columns.Select((column, i) => $"(r.value ->> {i})::bigint AS {column}"))
        + $" FROM jsonb_array_elements(CAST({parameter} AS jsonb)) AS r(value))";

    public object RowsValue(IEnumerable<long[]> rows) => JsonSerializer.Serialize(rows);

    public string ApplyToIntegerList(string parameter, string alias, string perElement, string resultAlias) =>
        $"unnest(CAST({parameter} AS bigint[])) AS {alias}(value) CROSS JOIN LATERAL ({perElement}) AS {resultAlias}";

    public string JsonArrayElements(string column, string alias) => $"jsonb_array_elements_text(CAST({column} AS jsonb)) AS {alias}(value)";

    // The GIN index on the stored items.search_vector (migration 0012); the query is tsquery
    // text built from folded tokens, cast (the tsquery input function), never parsed.
    public string TextSearchItems(string parameter) => $"SELECT id FROM items WHERE search_vector @@ CAST({parameter} AS tsquery)";

    public string TextSearchProbe(string items, string parameter) => $"{items}.search_vector @@ CAST({parameter} AS tsquery)";

    public object TextSearchValue(SearchTerms terms) => terms.ToTsQuery();

    public string SelectSkippingLocked(string table, string columns, string where, string orderBy, string count) =>
        $"SELECT {columns} FROM {table} WHERE {where} ORDER BY {orderBy} LIMIT {count} FOR UPDATE SKIP LOCKED";

    public string CountUpTo(string select, string cap) => $"SELECT count(*) FROM ({select} LIMIT {cap}) AS capped";

    public string InsertReturningId(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING id";

    // stories.id is an identity column: its sequence never hands out an id twice.
    public string InsertStoryReturningId(string columns, string values) => InsertReturningId("stories", columns, values);

    public string InsertIgnoringDuplicates(string table, string columns, string rows, string conflictColumns) =>
        $"INSERT INTO {table} ({columns}) {rows} ON CONFLICT ({conflictColumns}) DO NOTHING";

    public string Upsert(string table, string columns, string rows, string conflictColumns, IReadOnlyList<string> updateColumns) =>
        $"INSERT INTO {table} ({columns}) {rows} ON CONFLICT ({conflictColumns}) DO UPDATE SET "
        + string.Join(", ", updateColumns.Select(column => $"{column} = excluded.{column}"));

    public string MigrationFolder => "Postgres";

    public string CreateHistoryTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)";

    public string HistoryTableExistsSql => "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations'";

    private sealed class MigrationLock(DbConnection connection, int commandTimeoutSeconds) : IAsyncDisposable
    {
        // Closing the connection would release it too, but a pooled connection is not closed.
        public async ValueTask DisposeAsync() =>
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_unlock(@Class, 0)", new { Class = MigrationLockClass }, commandTimeout: commandTimeoutSeconds));
    }
}
