using System.Data.Common;
using System.Globalization;
using FeedHub.Storage.Database;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace FeedHub.Storage.Copying;

/// <summary>Copies every FeedHub table from the configured database into an empty one, on the same
/// or another engine, with the same ids (so published story GUIDs survive), then counts the rows of
/// each table on both sides.</summary>
/// <remarks>The tables come from the source's catalog, not from a list here, so a table a later
/// migration adds is copied without a change to this class. Writers are kept out of the source for
/// the whole copy (see <see cref="ICopyDialect.LockAgainstWritersAsync"/>); the target is loaded in
/// one transaction, so a failed copy leaves it as empty as it was.</remarks>
public sealed class DatabaseCopier : IAsyncDisposable
{
    /// <summary>Not copied: each database records the migrations applied to itself.</summary>
    public const string HistoryTable = "schema_migrations";

    /// <summary>Not copied: Quartz's tables (once the clustered scheduler adds them as migrations)
    /// hold scheduler state, which the synchronizer rebuilds from <c>sources</c> at start.</summary>
    public const string QuartzTablePrefix = "qrtz_";

    private readonly StorageDatabase _source;
    private readonly StorageDatabase _target;
    private readonly ICopyDialect _sourceDialect;
    private readonly ICopyDialect _targetDialect;
    private readonly DatabaseMigrator _sourceMigrator;
    private readonly DatabaseMigrator _targetMigrator;

    private DatabaseCopier(StorageDatabase source, StorageDatabase target, ILoggerFactory loggers, TimeProvider timeProvider)
    {
        _source = source;
        _target = target;
        _sourceDialect = CopyDialects.For(source.Dialect.Provider, source.Connections.CommandTimeoutSeconds);
        _targetDialect = CopyDialects.For(target.Dialect.Provider, target.Connections.CommandTimeoutSeconds);
        _sourceMigrator = new DatabaseMigrator(source, loggers.CreateLogger<DatabaseMigrator>(), timeProvider);
        _targetMigrator = new DatabaseMigrator(target, loggers.CreateLogger<DatabaseMigrator>(), timeProvider);
    }

    /// <summary>Rows a migration itself inserts (the one change-version row): a freshly migrated
    /// target has them, and the copy replaces them with the source's.</summary>
    public static IReadOnlyList<string> TablesFilledByMigrations { get; } = ["feed_version"];

    /// <summary>Tables that only hand out the ids of another table, where the engine has no
    /// generator that survives deleting the highest row: SQLite's <c>story_ids</c> (AUTOINCREMENT)
    /// for <c>stories</c>. Server engines use the identity of <c>stories.id</c> instead, so between
    /// engines the highest id handed out moves from one form to the other, and a story id (a feed
    /// GUID) is never handed out twice.</summary>
    public static IReadOnlyDictionary<string, string> IdTables { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["story_ids"] = "stories",
    };

    public static DatabaseCopier Create(StorageOptions source, StorageOptions target, ILoggerFactory loggers, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (new StorageOptionsValidator().Validate(null, target) is { Failed: true } invalid)
        {
            throw new InvalidOperationException($"The copy target is not usable: {string.Join(" ", invalid.Failures ?? [])}");
        }

        if (SameDatabase(source, target))
        {
            throw new InvalidOperationException("The copy target is the configured database itself; name another database with --to.");
        }

        return new DatabaseCopier(StorageBackends.Connect(source), StorageBackends.Connect(target), loggers, timeProvider);
    }

    public async ValueTask DisposeAsync()
    {
        // A server engine's pool belongs to whoever built it.
        foreach (IConnectionFactory connections in new[] { _source.Connections, _target.Connections })
        {
            if (connections is IAsyncDisposable pool)
            {
                await pool.DisposeAsync();
            }
        }
    }

    /// <summary>Migrates both databases to this build's schema, refuses a target that holds data,
    /// copies every table in batches of at most <paramref name="batchSize"/> rows and counts them.</summary>
    public async Task<CopyReport> CopyAsync(int batchSize, IProgress<CopyProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await _sourceMigrator.MigrateAsync(cancellationToken);
        await _targetMigrator.MigrateAsync(cancellationToken);

        List<string> notes = [];
        await using DbConnection source = await _source.Connections.OpenAsync(cancellationToken);
        await using DbConnection target = await _target.Connections.OpenAsync(cancellationToken);

        // Lock first, then read the catalog and the rows: nothing changes in between.
        await using DbTransaction reading = await _source.Dialect.BeginWriteAsync(source, cancellationToken);
        List<string> sourceTables = [.. (await _sourceDialect.ListTablesAsync(source, reading, cancellationToken)).Where(IsCopied)];
        await _sourceDialect.LockAgainstWritersAsync(source, reading, sourceTables, cancellationToken);
        var targetTables = new HashSet<string>(await _targetDialect.ListTablesAsync(target, null, cancellationToken), StringComparer.OrdinalIgnoreCase);
        (Dictionary<string, long> idFloors, Dictionary<string, long> highWaters) = await MoveIdTablesAsync(source, reading, sourceTables, targetTables, notes, cancellationToken);
        IReadOnlyList<CopyTable> tables = await PlanAsync(source, reading, target, sourceTables, targetTables, notes, cancellationToken);

        var sourceCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (CopyTable table in tables)
        {
            sourceCounts[table.Name] = await CountAsync(source, reading, _sourceDialect, table.Name, cancellationToken);
        }

        await EnsureEmptyAsync(target, tables, cancellationToken);

        await using (DbTransaction loading = await _target.Dialect.BeginWriteAsync(target, cancellationToken))
        {
            await _targetDialect.BeginLoadAsync(target, loading, tables, cancellationToken);
            foreach (CopyTable table in tables)
            {
                await CopyTableAsync(source, reading, target, loading, table, sourceCounts[table.Name], batchSize, progress, cancellationToken);
            }

            await _targetDialect.FinishLoadAsync(target, loading, tables, cancellationToken);
            await ContinueIdsAsync(target, loading, idFloors, highWaters, cancellationToken);
            await loading.CommitAsync(cancellationToken);
        }

        // Counted by a new connection: what anyone opening the target now will find.
        await using DbConnection check = await _target.Connections.OpenAsync(cancellationToken);
        List<TableCount> counts = [];
        foreach (CopyTable table in tables)
        {
            counts.Add(new TableCount(table.Name, sourceCounts[table.Name], await CountAsync(check, null, _targetDialect, table.Name, cancellationToken)));
        }

        return new CopyReport(counts, notes);
    }

    private static bool IsCopied(string table) =>
        !table.Equals(HistoryTable, StringComparison.OrdinalIgnoreCase)
        && !table.StartsWith(QuartzTablePrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Each source table with the columns both sides have, typed as the target types them.
    /// A source table or column the target lacks would be lost, so it stops the copy.</summary>
    private async Task<IReadOnlyList<CopyTable>> PlanAsync(
        DbConnection source,
        DbTransaction reading,
        DbConnection target,
        List<string> sourceTables,
        HashSet<string> targetTables,
        List<string> notes,
        CancellationToken cancellationToken)
    {
        string[] missing = [.. sourceTables.Where(table => !targetTables.Contains(table))];
        if (missing.Length > 0)
        {
            throw new InvalidOperationException($"The target has no table {string.Join(", ", missing)}; both databases must be at the same FeedHub version.");
        }

        notes.AddRange(targetTables.Where(IsCopied).Where(table => !IdTables.ContainsKey(table) && !sourceTables.Contains(table, StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(table => $"{table}: only in the target, left as the migrations made it"));

        List<CopyTable> plan = [];
        foreach (string table in sourceTables)
        {
            IReadOnlyList<CopyColumn> sourceColumns = await _sourceDialect.ListColumnsAsync(source, reading, table, cancellationToken);
            Dictionary<string, CopyColumn> targetColumns = (await _targetDialect.ListColumnsAsync(target, null, table, cancellationToken))
                .ToDictionary(column => column.Name, StringComparer.OrdinalIgnoreCase);
            string[] lacking = [.. sourceColumns.Where(column => !targetColumns.ContainsKey(column.Name)).Select(column => column.Name)];
            if (lacking.Length > 0)
            {
                throw new InvalidOperationException($"The target's table {table} has no column {string.Join(", ", lacking)}; both databases must be at the same FeedHub version.");
            }

            // Written under the target's spelling of the name, read under the source's.
            List<CopyColumn> written = [.. sourceColumns.Select(column => targetColumns[column.Name])];
            notes.AddRange(targetColumns.Values.Where(column => !sourceColumns.Any(s => s.Name.Equals(column.Name, StringComparison.OrdinalIgnoreCase)))
                .Select(column => $"{table}.{column.Name}: only in the target, filled by its default or triggers"));
            plan.Add(new CopyTable(table, written));
        }

        return plan;
    }

    /// <summary>An id table the target has no counterpart of is not copied: its highest id becomes
    /// the floor of the owning table's identity in the target (Floors, by owner). An id table only
    /// the target has is given the highest id the source's identity handed out (HighWaters, by id table).</summary>
    private async Task<(Dictionary<string, long> Floors, Dictionary<string, long> HighWaters)> MoveIdTablesAsync(
        DbConnection source, DbTransaction reading, List<string> sourceTables, HashSet<string> targetTables, List<string> notes, CancellationToken cancellationToken)
    {
        var floors = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var highWaters = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach ((string idTable, string owner) in IdTables)
        {
            if (targetTables.Contains(idTable) && !sourceTables.Contains(idTable, StringComparer.OrdinalIgnoreCase) && sourceTables.Contains(owner, StringComparer.OrdinalIgnoreCase))
            {
                highWaters[idTable] = await _sourceDialect.IdentityHighWaterAsync(source, reading, owner, "id", cancellationToken);
            }
        }

        foreach (string table in sourceTables.Where(table => IdTables.ContainsKey(table) && !targetTables.Contains(table)).ToList())
        {
            long highest = await ScalarAsync(source, reading, $"SELECT coalesce(max(id), 0) FROM {_sourceDialect.Quote(table)}", cancellationToken);
            floors[IdTables[table]] = highest;
            sourceTables.Remove(table);
            notes.Add($"{table}: the target's {IdTables[table]} identity continues after its highest id, {highest.ToString(CultureInfo.InvariantCulture)}");
        }

        return (floors, highWaters);
    }

    /// <summary>Moves the target's id generators past every id the source handed out.</summary>
    private async Task ContinueIdsAsync(
        DbConnection target, DbTransaction loading, Dictionary<string, long> floors, Dictionary<string, long> highWaters, CancellationToken cancellationToken)
    {
        foreach ((string owner, long floor) in floors)
        {
            await _targetDialect.RaiseIdentityAsync(target, loading, owner, "id", floor, cancellationToken);
        }

        // The other way round (a server engine into SQLite): the id table gets the highest id the
        // source's identity handed out, and AUTOINCREMENT continues after it.
        foreach ((string idTable, long highest) in highWaters.Where(pair => pair.Value > 0))
        {
            await ExecuteAsync(target, loading, $"INSERT INTO {_targetDialect.Quote(idTable)} (id) VALUES ({highest.ToString(CultureInfo.InvariantCulture)})", cancellationToken);
        }
    }

    private async Task EnsureEmptyAsync(DbConnection target, IReadOnlyList<CopyTable> tables, CancellationToken cancellationToken)
    {
        List<string> holding = [];
        foreach (CopyTable table in tables.Where(table => !TablesFilledByMigrations.Contains(table.Name, StringComparer.OrdinalIgnoreCase)))
        {
            long rows = await CountAsync(target, null, _targetDialect, table.Name, cancellationToken);
            if (rows > 0)
            {
                holding.Add($"{table.Name} has {rows.ToString(CultureInfo.InvariantCulture)} rows");
            }
        }

        if (holding.Count > 0)
        {
            throw new InvalidOperationException($"The target database is not empty ({string.Join(", ", holding)}); storage copy only writes into an empty database.");
        }
    }

    private async Task CopyTableAsync(
        DbConnection source,
        DbTransaction reading,
        DbConnection target,
        DbTransaction loading,
        CopyTable table,
        long total,
        int batchSize,
        IProgress<CopyProgress>? progress,
        CancellationToken cancellationToken)
    {
        if (TablesFilledByMigrations.Contains(table.Name, StringComparer.OrdinalIgnoreCase))
        {
            await ExecuteAsync(target, loading, $"DELETE FROM {_targetDialect.Quote(table.Name)}", cancellationToken);
        }

        await _targetDialect.BeforeTableAsync(target, loading, table, cancellationToken);
        int columns = table.Columns.Count;
        // SQL Server takes at most 1000 rows in one VALUES list.
        int rowsPerStatement = Math.Max(1, Math.Min(Math.Min(batchSize, 1000), _targetDialect.MaxParameters / columns));

        await using DbCommand select = source.CreateCommand();
        select.Transaction = reading;
        select.CommandTimeout = _source.Connections.CommandTimeoutSeconds;
        select.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(column => _sourceDialect.Quote(column.Name)))} FROM {_sourceDialect.Quote(table.Name)}";
        await using DbDataReader reader = await select.ExecuteReaderAsync(cancellationToken);

        var batch = new List<object[]>(rowsPerStatement);
        long copied = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            object[] row = new object[columns];
            for (int i = 0; i < columns; i++)
            {
                row[i] = CopyValues.Convert(reader.IsDBNull(i) ? null : reader.GetValue(i), table.Columns[i].Kind);
            }

            batch.Add(row);
            if (batch.Count == rowsPerStatement)
            {
                copied += await InsertAsync(target, loading, table, batch, cancellationToken);
                progress?.Report(new CopyProgress(table.Name, copied, total));
            }
        }

        if (batch.Count > 0 || copied == 0)
        {
            copied += batch.Count > 0 ? await InsertAsync(target, loading, table, batch, cancellationToken) : 0;
            progress?.Report(new CopyProgress(table.Name, copied, total));
        }

        await _targetDialect.AfterTableAsync(target, loading, table, cancellationToken);
    }

    private async Task<int> InsertAsync(DbConnection target, DbTransaction loading, CopyTable table, List<object[]> rows, CancellationToken cancellationToken)
    {
        await using DbCommand insert = target.CreateCommand();
        insert.Transaction = loading;
        insert.CommandTimeout = _target.Connections.CommandTimeoutSeconds;
        var sql = new System.Text.StringBuilder(_targetDialect.InsertInto(table));
        for (int r = 0; r < rows.Count; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (int c = 0; c < table.Columns.Count; c++)
            {
                string name = $"@p{r.ToString(CultureInfo.InvariantCulture)}_{c.ToString(CultureInfo.InvariantCulture)}";
                DbParameter parameter = insert.CreateParameter();
                parameter.ParameterName = name;
                parameter.DbType = CopyValues.DbTypeOf(table.Columns[c].Kind);
                parameter.Value = rows[r][c];
                insert.Parameters.Add(parameter);
                sql.Append(c == 0 ? "" : ", ").Append(_targetDialect.Placeholder(name, table.Columns[c]));
            }

            sql.Append(')');
        }

        insert.CommandText = sql.ToString();
        await insert.ExecuteNonQueryAsync(cancellationToken);
        int count = rows.Count;
        rows.Clear();
        return count;
    }

    private Task<long> CountAsync(DbConnection connection, DbTransaction? transaction, ICopyDialect dialect, string table, CancellationToken cancellationToken) =>
        ScalarAsync(connection, transaction, $"SELECT count(*) FROM {dialect.Quote(table)}", cancellationToken);

    private async Task<long> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using DbCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = _target.Connections.CommandTimeoutSeconds;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using DbCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = _target.Connections.CommandTimeoutSeconds;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static bool SameDatabase(StorageOptions source, StorageOptions target)
    {
        if (source.Provider != target.Provider)
        {
            return false;
        }

        if (source.Provider == StorageProvider.Sqlite)
        {
            string a = new SqliteConnectionStringBuilder(source.ConnectionString).DataSource;
            string b = new SqliteConnectionStringBuilder(target.ConnectionString).DataSource;
            return Path.GetFullPath(a).Equals(Path.GetFullPath(b), StringComparison.Ordinal);
        }

        return string.Equals(source.ConnectionString.Trim(), target.ConnectionString.Trim(), StringComparison.OrdinalIgnoreCase);
    }
}
