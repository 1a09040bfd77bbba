using System.Data.Common;
using System.Text.Json;
using FeedHub.Storage.Database;
using FeedHub.Storage.Search;
using Microsoft.Data.Sqlite;

namespace FeedHub.Storage.Sqlite;

/// <summary>SQLite's spelling: one writer at a time (BEGIN IMMEDIATE), lists passed as JSON and
/// read with json_each, story ids from an AUTOINCREMENT table.</summary>
internal sealed class SqliteDialect : ISqlDialect
{
    public StorageProvider Provider => StorageProvider.Sqlite;

    public ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    // The write session holds the database's only write lock from its first statement.
    public Task LockAsync(StorageSession session, SessionLock resource, long id = 0) => Task.CompletedTask;

    public Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, int commandTimeoutSeconds, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    public string Limit(string count) => $"LIMIT {count}";

    public string InList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public object ListValue<T>(IEnumerable<T> values) => JsonSerializer.Serialize(values);

    public string IntegerRows(string parameter, params string[] columns) =>
        "(SELECT " + string.Join(", ", columns.Select((column, i) => $"json_extract(value, '$[{i}]') AS {column}")) + $" FROM json_each({parameter}))";

    public object RowsValue(IEnumerable<long[]> rows) => JsonSerializer.Serialize(rows);

    public string ApplyToIntegerList(string parameter, string alias, string perElement, string resultAlias) =>
        throw new NotSupportedException("SQLite has no LATERAL join: run the per-element query once per element (a prepared statement, no round trip).");

    public string SelectSkippingLocked(string table, string columns, string where, string orderBy, string count) =>
        $"SELECT {columns} FROM {table} WHERE {where} ORDER BY {orderBy} LIMIT {count}";

    public string JsonArrayElements(string column, string alias) => $"json_each({column}) AS {alias}";

    // FTS5 over items.search_text (migration 0012), its rowid the item id.
    public string TextSearchItems(string parameter) => $"SELECT rowid AS id FROM items_search WHERE items_search MATCH {parameter}";

    // The matches are read once into a temporary index that each walked story is checked
    // against. (Checking each story with MATCH and rowid = ? re-merges a prefix term's whole
    // doclist per story: seconds for a common word.) The unary + keeps SQLite from driving the
    // query from this list, so it walks stories in published order and stops at the page.
    public string TextSearchProbe(string items, string parameter) =>
        $"+{items}.id IN (SELECT rowid FROM items_search WHERE items_search MATCH {parameter})";

    public object TextSearchValue(SearchTerms terms) => terms.ToFts5();

    public string CountUpTo(string select, string cap) => $"SELECT count(*) FROM ({select} LIMIT {cap}) AS capped";

    public string InsertReturningId(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING id";

    // A rowid is reused when the highest row is deleted (a purge); AUTOINCREMENT never reuses.
    public string InsertStoryReturningId(string columns, string values) =>
        $"""
        INSERT INTO story_ids DEFAULT VALUES;
        INSERT INTO stories (id, {columns}) VALUES (last_insert_rowid(), {values}) RETURNING id;
        """;

    public string InsertIgnoringDuplicates(string table, string columns, string rows, string conflictColumns) =>
        $"INSERT INTO {table} ({columns}) {rows} ON CONFLICT ({conflictColumns}) DO NOTHING";

    public string Upsert(string table, string columns, string rows, string conflictColumns, IReadOnlyList<string> updateColumns) =>
        $"INSERT INTO {table} ({columns}) {rows} ON CONFLICT ({conflictColumns}) DO UPDATE SET "
        + string.Join(", ", updateColumns.Select(column => $"{column} = excluded.{column}"));

    public string MigrationFolder => "Sqlite";

    public string CreateHistoryTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";

    public string HistoryTableExistsSql => "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
