using System.Data.Common;

namespace FeedHub.Storage.Copying;

/// <summary>What one engine needs for <see cref="DatabaseCopier"/>: its catalog, how to stop
/// writers on a source, and how to load rows with their own ids into a target.</summary>
internal interface ICopyDialect
{
    /// <summary>Bound parameters one statement may carry.</summary>
    int MaxParameters { get; }

    string Quote(string identifier);

    /// <summary>The schema's own tables (no engine internals, no full-text shadow tables).</summary>
    Task<IReadOnlyList<string>> ListTablesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>The columns a row is written with: generated columns are left out.</summary>
    Task<IReadOnlyList<CopyColumn>> ListColumnsAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken cancellationToken);

    /// <summary>Within the factory's write transaction on the source: keeps every writer out until
    /// it ends, so the copy reads one unchanging state and no write is lost in between.</summary>
    Task LockAgainstWritersAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> tables, CancellationToken cancellationToken);

    /// <summary>Within the target's transaction: foreign keys checked at the end, not row by row,
    /// since stories and items refer to each other.</summary>
    Task BeginLoadAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<CopyTable> tables, CancellationToken cancellationToken);

    /// <summary><c>INSERT INTO t (a, b) VALUES</c>, keeping the given ids where the engine would generate them.</summary>
    string InsertInto(CopyTable table);

    /// <summary>The value of one column in the VALUES list (a cast where a string must become JSON).</summary>
    string Placeholder(string parameterName, CopyColumn column) => parameterName;

    Task BeforeTableAsync(DbConnection connection, DbTransaction transaction, CopyTable table, CancellationToken cancellationToken) => Task.CompletedTask;

    Task AfterTableAsync(DbConnection connection, DbTransaction transaction, CopyTable table, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The highest id <paramref name="table"/>'s identity has handed out (deleted rows included where the engine knows).</summary>
    Task<long> IdentityHighWaterAsync(DbConnection connection, DbTransaction transaction, string table, string column, CancellationToken cancellationToken);

    /// <summary>Makes the next generated id of <paramref name="table"/> greater than <paramref name="atLeast"/>.</summary>
    Task RaiseIdentityAsync(DbConnection connection, DbTransaction transaction, string table, string column, long atLeast, CancellationToken cancellationToken);

    /// <summary>Checks the foreign keys and moves id generators past the copied ids.</summary>
    Task FinishLoadAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<CopyTable> tables, CancellationToken cancellationToken);
}
