using System.Data.Common;
using Dapper;

namespace FeedHub.Storage.Copying;

internal sealed class SqliteCopyDialect(int commandTimeout) : ICopyDialect
{
    public int MaxParameters => 32766;

    public string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public async Task<IReadOnlyList<string>> ListTablesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        // 'shadow' and 'virtual' tables (FTS5 indexes) are derived data their triggers rebuild.
        [.. await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            transaction: transaction, commandTimeout: commandTimeout, cancellationToken: cancellationToken))];

    public async Task<IReadOnlyList<CopyColumn>> ListColumnsAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        // hidden: 0 an ordinary column, 2 and 3 generated ones.
        IEnumerable<(string Name, string Type)> columns = await connection.QueryAsync<(string, string)>(new CommandDefinition(
            "SELECT name, upper(type) FROM pragma_table_xinfo(@Table) WHERE hidden = 0 ORDER BY cid",
            new { Table = table }, transaction, commandTimeout, cancellationToken: cancellationToken));
        return [.. columns.Select(column => new CopyColumn(column.Name, KindOf(column.Type)))];
    }

    // Times are TEXT here (see 0001_initial.sql), so a timestamp from another engine becomes text.
    private static ColumnKind KindOf(string type) =>
        type.Contains("INT", StringComparison.Ordinal) ? ColumnKind.Integer
        : type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal) || type.Contains("DOUB", StringComparison.Ordinal) ? ColumnKind.Real
        : type.Contains("BLOB", StringComparison.Ordinal) ? ColumnKind.Binary
        : ColumnKind.Text;

    // BEGIN IMMEDIATE (the factory's write transaction) already holds the one write lock.
    public Task LockAgainstWritersAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> tables, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task BeginLoadAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<CopyTable> tables, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("PRAGMA defer_foreign_keys = ON", transaction: transaction, commandTimeout: commandTimeout, cancellationToken: cancellationToken));

    // An explicit id is kept as given, and AUTOINCREMENT's sequence (story_ids) moves past it by itself.
    public string InsertInto(CopyTable table) =>
        $"INSERT INTO {Quote(table.Name)} ({string.Join(", ", table.Columns.Select(column => Quote(column.Name)))}) VALUES ";

    public async Task<long> IdentityHighWaterAsync(DbConnection connection, DbTransaction transaction, string table, string column, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT coalesce(max({Quote(column)}), 0) FROM {Quote(table)}", transaction: transaction, commandTimeout: commandTimeout, cancellationToken: cancellationToken));

    // SQLite's own generators are the id tables (story_ids), which the copy fills itself.
    public Task RaiseIdentityAsync(DbConnection connection, DbTransaction transaction, string table, string column, long atLeast, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    // Deferred foreign keys are checked by the commit.
    public Task FinishLoadAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<CopyTable> tables, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
