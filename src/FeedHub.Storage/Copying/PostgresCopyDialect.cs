using System.Data.Common;
using Dapper;

namespace FeedHub.Storage.Copying;

internal sealed class PostgresCopyDialect(int commandTimeout) : ICopyDialect
{
    // Non-deferrable foreign keys of the target, made deferrable for the load and restored after.
    private List<(string Table, string Constraint)> _madeDeferrable = [];

    public int MaxParameters => 65535;

    public string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public async Task<IReadOnlyList<string>> ListTablesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<string>(Command(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
            null, transaction, cancellationToken))];

    public async Task<IReadOnlyList<CopyColumn>> ListColumnsAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        IEnumerable<(string Name, string Type, string Identity)> columns = await connection.QueryAsync<(string, string, string)>(Command(
            """
            SELECT column_name, data_type, is_identity
            FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @Table AND is_generated <> 'ALWAYS'
            ORDER BY ordinal_position
            """,
            new { Table = table }, transaction, cancellationToken));
        return [.. columns.Select(column => new CopyColumn(column.Name, KindOf(column.Type), column.Identity == "YES"))];
    }

    private static ColumnKind KindOf(string type) => type switch
    {
        "smallint" or "integer" or "bigint" => ColumnKind.Integer,
        "real" or "double precision" or "numeric" => ColumnKind.Real,
        "boolean" => ColumnKind.Boolean,
        "json" or "jsonb" => ColumnKind.Json,
        "bytea" => ColumnKind.Binary,
        _ when type.StartsWith("timestamp", StringComparison.Ordinal) => ColumnKind.Timestamp,
        _ => ColumnKind.Text,
    };

    // SHARE mode lets readers (the feeds) on and keeps every INSERT, UPDATE and DELETE waiting.
    public Task LockAgainstWritersAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> tables, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command($"LOCK TABLE {string.Join(", ", tables.Select(Quote))} IN SHARE MODE", null, transaction, cancellationToken));

    public async Task BeginLoadAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<CopyTable> tables, CancellationToken cancellationToken)
    {
        // SET CONSTRAINTS defers only deferrable keys; the table owner (who migrated it) may make
        // them so for the load, which needs no superuser, unlike disabling their triggers.
        _madeDeferrable = [.. await connection.QueryAsync<(string, string)>(Command(
            """
            SELECT conrelid::regclass::text, quote_ident(conname)
            FROM pg_constraint
            WHERE contype = 'f' AND NOT condeferrable AND connamespace = current_schema()::regnamespace
            """,
            null, transaction, cancellationToken))];
        foreach ((string table, string constraint) in _madeDeferrable)
        {
            await connection.ExecuteAsync(Command($"ALTER TABLE {table} ALTER CONSTRAINT {constraint} DEFERRABLE", null, transaction, cancellationToken));
        }

        await connection.ExecuteAsync(Command("SET CONSTRAINTS ALL DEFERRED", null, transaction, cancellationToken));
    }

    // OVERRIDING SYSTEM VALUE: an identity GENERATED ALWAYS column takes the copied id.
    public string InsertInto(CopyTable table) =>
        $"INSERT INTO {Quote(table.Name)} ({string.Join(", ", table.Columns.Select(column => Quote(column.Name)))}) "
        + (table.HasIdentity ? "OVERRIDING SYSTEM VALUE " : "") + "VALUES ";

    public string Placeholder(string parameterName, CopyColumn column) =>
        column.Kind == ColumnKind.Json ? $"CAST({parameterName} AS jsonb)" : parameterName;

    public async Task<long> IdentityHighWaterAsync(DbConnection connection, DbTransaction transaction, string table, string column, CancellationToken cancellationToken)
    {
        long highest = await connection.ExecuteScalarAsync<long>(Command(
            $"SELECT coalesce(max({Quote(column)}), 0) FROM {Quote(table)}", null, transaction, cancellationToken));
        string? sequence = await connection.ExecuteScalarAsync<string?>(Command(
            "SELECT pg_get_serial_sequence(@Table, @Column)", new { Table = Quote(table), Column = column }, transaction, cancellationToken));
        if (sequence is null)
        {
            return highest;
        }

        // The sequence remembers ids whose rows were deleted since (a purged story's).
        long handedOut = await connection.ExecuteScalarAsync<long>(Command(
            $"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence}", null, transaction, cancellationToken));
        return Math.Max(highest, handedOut);
    }

    public Task RaiseIdentityAsync(DbConnection connection, DbTransaction transaction, string table, string column, long atLeast, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command(
            $"""
            SELECT setval(sequence, greatest(@AtLeast, (SELECT coalesce(max({Quote(column)}), 0) FROM {Quote(table)})) + 1, false)
            FROM (SELECT pg_get_serial_sequence(@Table, @Column) AS sequence) AS owned
            WHERE sequence IS NOT NULL
            """,
            new { AtLeast = atLeast, Table = Quote(table), Column = column }, transaction, cancellationToken));

    public async Task FinishLoadAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<CopyTable> tables, CancellationToken cancellationToken)
    {
        // Checks every deferred key now, so a broken reference fails the copy here, by name.
        await connection.ExecuteAsync(Command("SET CONSTRAINTS ALL IMMEDIATE", null, transaction, cancellationToken));
        foreach ((string table, string constraint) in _madeDeferrable)
        {
            await connection.ExecuteAsync(Command($"ALTER TABLE {table} ALTER CONSTRAINT {constraint} NOT DEFERRABLE", null, transaction, cancellationToken));
        }

        // Explicit ids do not move a column's sequence: the next generated id would collide with
        // (or, for stories, reissue the feed GUID of) a copied row.
        foreach (CopyTable table in tables)
        {
            foreach (CopyColumn column in table.Columns.Where(column => column.Kind == ColumnKind.Integer))
            {
                await connection.ExecuteAsync(Command(
                    $"""
                    SELECT setval(sequence, (SELECT coalesce(max({Quote(column.Name)}), 0) + 1 FROM {Quote(table.Name)}), false)
                    FROM (SELECT pg_get_serial_sequence(@Table, @Column) AS sequence) AS owned
                    WHERE sequence IS NOT NULL
                    """,
                    new { Table = Quote(table.Name), Column = column.Name }, transaction, cancellationToken));
            }
        }
    }

    private CommandDefinition Command(string sql, object? parameters, DbTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, commandTimeout, cancellationToken: cancellationToken);
}
