using System.Data.Common;
using Dapper;

namespace FeedHub.Storage.Copying;

internal sealed class SqlServerCopyDialect(int commandTimeout) : ICopyDialect
{
    public int MaxParameters => 2000;

    public string Quote(string identifier) => "[" + identifier.Replace("]", "]]", StringComparison.Ordinal) + "]";

    public async Task<IReadOnlyList<string>> ListTablesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<string>(Command(
            "SELECT t.name FROM sys.tables t WHERE t.schema_id = SCHEMA_ID() AND t.is_ms_shipped = 0 ORDER BY t.name",
            null, transaction, cancellationToken))];

    public async Task<IReadOnlyList<CopyColumn>> ListColumnsAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        IEnumerable<(string Name, string Type, bool Identity)> columns = await connection.QueryAsync<(string, string, bool)>(Command(
            """
            SELECT c.name, ty.name, c.is_identity
            FROM sys.columns c
            JOIN sys.types ty ON ty.user_type_id = c.user_type_id
            WHERE c.object_id = OBJECT_ID(QUOTENAME(SCHEMA_NAME()) + '.' + QUOTENAME(@Table)) AND c.is_computed = 0
            ORDER BY c.column_id
            """,
            new { Table = table }, transaction, cancellationToken));
        return [.. columns.Select(column => new CopyColumn(column.Name, KindOf(column.Type), column.Identity))];
    }

    private static ColumnKind KindOf(string type) => type switch
    {
        "tinyint" or "smallint" or "int" or "bigint" => ColumnKind.Integer,
        "real" or "float" or "decimal" or "numeric" => ColumnKind.Real,
        "bit" => ColumnKind.Boolean,
        "datetimeoffset" or "datetime2" or "datetime" => ColumnKind.Timestamp,
        "varbinary" or "binary" => ColumnKind.Binary,
        _ => ColumnKind.Text,
    };

    // Shared table locks held to the end: readers go on, writers wait.
    public async Task LockAgainstWritersAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        foreach (string table in tables)
        {
            await connection.ExecuteAsync(Command($"SELECT TOP (0) 1 FROM {Quote(table)} WITH (TABLOCK, HOLDLOCK)", null, transaction, cancellationToken));
        }
    }

    public async Task BeginLoadAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<CopyTable> tables, CancellationToken cancellationToken)
    {
        foreach (CopyTable table in tables)
        {
            await connection.ExecuteAsync(Command($"ALTER TABLE {Quote(table.Name)} NOCHECK CONSTRAINT ALL", null, transaction, cancellationToken));
        }
    }

    public string InsertInto(CopyTable table) =>
        $"INSERT INTO {Quote(table.Name)} ({string.Join(", ", table.Columns.Select(column => Quote(column.Name)))}) VALUES ";

    // An explicit id above the current one also moves the identity past it.
    public Task BeforeTableAsync(DbConnection connection, DbTransaction transaction, CopyTable table, CancellationToken cancellationToken) =>
        table.HasIdentity
            ? connection.ExecuteAsync(Command($"SET IDENTITY_INSERT {Quote(table.Name)} ON", null, transaction, cancellationToken))
            : Task.CompletedTask;

    public Task AfterTableAsync(DbConnection connection, DbTransaction transaction, CopyTable table, CancellationToken cancellationToken) =>
        table.HasIdentity
            ? connection.ExecuteAsync(Command($"SET IDENTITY_INSERT {Quote(table.Name)} OFF", null, transaction, cancellationToken))
            : Task.CompletedTask;

    public async Task<long> IdentityHighWaterAsync(DbConnection connection, DbTransaction transaction, string table, string column, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long?>(Command(
            "SELECT CAST(IDENT_CURRENT(@Table) AS bigint)", new { Table = table }, transaction, cancellationToken)) ?? 0;

    public Task RaiseIdentityAsync(DbConnection connection, DbTransaction transaction, string table, string column, long atLeast, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command(
            $"""
            DECLARE @next bigint = (SELECT CASE WHEN max({Quote(column)}) > @AtLeast THEN max({Quote(column)}) ELSE @AtLeast END FROM {Quote(table)});
            DBCC CHECKIDENT (@Table, RESEED, @next) WITH NO_INFOMSGS;
            """,
            new { AtLeast = atLeast, Table = table }, transaction, cancellationToken));

    // WITH CHECK validates every copied row and leaves the keys trusted.
    public async Task FinishLoadAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<CopyTable> tables, CancellationToken cancellationToken)
    {
        foreach (CopyTable table in tables)
        {
            await connection.ExecuteAsync(Command($"ALTER TABLE {Quote(table.Name)} WITH CHECK CHECK CONSTRAINT ALL", null, transaction, cancellationToken));
        }
    }

    private CommandDefinition Command(string sql, object? parameters, DbTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, commandTimeout, cancellationToken: cancellationToken);
}
