using System.Data.Common;

namespace FeedHub.Storage.Database;

/// <summary>Everything one database engine does differently, and nothing else: how transactions
/// and locks are taken, the SQL fragments whose spelling differs (paging, list parameters,
/// inserts that return the new id, conflict-tolerant inserts and upserts) and the migration
/// bookkeeping. Stores write every statement once against this seam; no store, matcher or query
/// is copied per provider. Fragments are pure text: values always travel as parameters.</summary>
internal interface ISqlDialect
{
    StorageProvider Provider { get; }

    // --- Transactions and locks -------------------------------------------------------------

    /// <summary>Begins the transaction of a write session. SQLite takes its single write lock up
    /// front (BEGIN IMMEDIATE); server engines begin a plain READ COMMITTED transaction and rely
    /// on unique keys, conflict-tolerant inserts and <see cref="LockAsync"/>.</summary>
    ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Begins the transaction of a read session: several reads see one snapshot.</summary>
    ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Takes an exclusive lock on <paramref name="resource"/> (and <paramref name="id"/>)
    /// for the rest of the write session: only what must be serialized on a server engine is.
    /// A no-op where the write session already excludes every other writer (SQLite). Sessions
    /// take locks in the order of <see cref="SessionLock"/>'s values, so they never deadlock.</summary>
    Task LockAsync(StorageSession session, SessionLock resource, long id = 0);

    /// <summary>Held around the whole migration run so two processes starting at once migrate
    /// once; the caller disposes it. SQLite returns a no-op: each script's write transaction
    /// already excludes other writers.</summary>
    Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, int commandTimeoutSeconds, CancellationToken cancellationToken);

    // --- SQL fragments ----------------------------------------------------------------------

    /// <summary>Keeps the first rows of an ordered query; appended after ORDER BY (SQL Server's
    /// OFFSET/FETCH needs one). <paramref name="count"/> is a parameter name such as <c>@Limit</c>.</summary>
    string Limit(string count);

    /// <summary>A predicate "<paramref name="column"/> is one of the list in
    /// <paramref name="parameter"/>"; the parameter's value comes from <see cref="ListValue{T}"/>.
    /// Works for any list length (no per-element parameters, so no 2,100-parameter limit).</summary>
    string InList(string column, string parameter);

    /// <summary>The parameter value for <see cref="InList"/>; <typeparamref name="T"/> is
    /// <see cref="long"/> or <see cref="string"/>.</summary>
    object ListValue<T>(IEnumerable<T> values);

    /// <summary>A derived table (usable after FROM or JOIN, give it an alias) of rows of integers
    /// named <paramref name="columns"/>, from the parameter set to <see cref="RowsValue"/>.</summary>
    string IntegerRows(string parameter, params string[] columns);

    /// <summary>A FROM clause: for each integer of the list in <paramref name="parameter"/> (set to
    /// <see cref="ListValue{T}"/>), named <c>{alias}.value</c>, the rows of <paramref name="perElement"/>,
    /// a subquery that refers to it (with a limit of its own, which a join could not apply per element),
    /// named <paramref name="resultAlias"/>: PostgreSQL's LATERAL join, SQL Server's CROSS APPLY. SQLite
    /// has neither: its callers run the subquery once per element through a prepared statement, which
    /// costs no round trip there.</summary>
    string ApplyToIntegerList(string parameter, string alias, string perElement, string resultAlias);

    /// <summary>The parameter value for <see cref="IntegerRows"/>.</summary>
    object RowsValue(IEnumerable<long[]> rows);

    /// <summary>A table source named <paramref name="alias"/> with one text column <c>value</c>,
    /// the elements of the JSON array of strings held by <paramref name="column"/> (tags, credits,
    /// categories).</summary>
    string JsonArrayElements(string column, string alias);

    /// <summary>A query of one column <c>id</c>: the items whose folded text (items.search_text)
    /// matches the search in <paramref name="parameter"/>, answered by the engine's text index
    /// (migration 0012); the parameter's value comes from <see cref="TextSearchValue"/>. The tokens
    /// were folded in code (<see cref="Core.Text.SearchFold"/>): the engine only matches them.</summary>
    string TextSearchItems(string parameter);

    /// <summary>A predicate "the item row <paramref name="items"/> (a table alias) matches the
    /// search in <paramref name="parameter"/>", checked for that one row through the text index.</summary>
    string TextSearchProbe(string items, string parameter);

    /// <summary>The parameter value for <see cref="TextSearchItems"/> and <see cref="TextSearchProbe"/>: the search in the engine's query syntax.</summary>
    object TextSearchValue(Search.SearchTerms terms);

    /// <summary>A SELECT of <paramref name="columns"/> from <paramref name="table"/> where
    /// <paramref name="where"/>, the first <paramref name="count"/> (a parameter name) in the order
    /// of <paramref name="orderBy"/>, that locks the rows it returns for the rest of the write session
    /// and passes over rows another session holds: workers claiming at once get disjoint rows and
    /// none waits for another. SQLite: a plain SELECT, its write session already excludes every
    /// other writer.</summary>
    string SelectSkippingLocked(string table, string columns, string where, string orderBy, string count);

    /// <summary>A query of one row and column: how many rows <paramref name="select"/> gives, counting
    /// no further than the value of the parameter <paramref name="cap"/>.</summary>
    string CountUpTo(string select, string cap);

    /// <summary>INSERT of one row whose id the engine generates (identity/sequence, never
    /// max(id)+1), returning that id as the only column.</summary>
    string InsertReturningId(string table, string columns, string values);

    /// <summary>INSERT of a story returning its new id. Story ids are never handed out twice,
    /// not even after the highest story is deleted: a reused id would reuse a published feed GUID.</summary>
    string InsertStoryReturningId(string columns, string values);

    /// <summary>INSERT that treats a row whose <paramref name="conflictColumns"/> already exist
    /// (also when a concurrent transaction inserts them first) as "already have it".
    /// <paramref name="rows"/> is <c>VALUES (...)</c> or a <c>SELECT ... WHERE ...</c> (a WHERE, if only <c>WHERE 1 = 1</c>, is
    /// required: SQLite needs it to parse an upsert after a SELECT).</summary>
    string InsertIgnoringDuplicates(string table, string columns, string rows, string conflictColumns);

    /// <summary>INSERT, or on a conflict of <paramref name="conflictColumns"/> UPDATE the
    /// <paramref name="updateColumns"/> to the values that were to be inserted.</summary>
    string Upsert(string table, string columns, string rows, string conflictColumns, IReadOnlyList<string> updateColumns);

    // --- Migrations -------------------------------------------------------------------------

    /// <summary>Folder under <c>Migrations/</c> holding this engine's scripts. Versions mean the
    /// same schema on every engine.</summary>
    string MigrationFolder { get; }

    /// <summary>The commands a migration script is sent as, in order, inside its one transaction:
    /// the whole script where the engine takes it at once; SQL Server's batches (split on lines
    /// holding only GO), because statements such as CREATE TRIGGER must start a batch.</summary>
    IReadOnlyList<string> MigrationBatches(string script) => [script];

    /// <summary>Creates <c>schema_migrations(version, applied_at)</c> when it is missing.</summary>
    string CreateHistoryTableSql { get; }

    /// <summary>Counts tables named <c>schema_migrations</c> (0 or 1).</summary>
    string HistoryTableExistsSql { get; }
}
