using System.Data.Common;
using System.Globalization;
using Dapper;
using FeedHub.Storage.Database;
using Microsoft.Extensions.Logging;

namespace FeedHub.Storage;

/// <summary>Brings the database schema up to date from the embedded, versioned SQL scripts.</summary>
public sealed partial class DatabaseMigrator
{
    private readonly IConnectionFactory _connections;
    private readonly ISqlDialect _dialect;
    private readonly ILogger<DatabaseMigrator> _logger;
    private readonly TimeProvider _timeProvider;

    internal DatabaseMigrator(StorageDatabase database, ILogger<DatabaseMigrator> logger, TimeProvider timeProvider)
    {
        _connections = database.Connections;
        _dialect = database.Dialect;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    /// <summary>Applies every script not yet recorded in <c>schema_migrations</c>, each in its
    /// own transaction. Safe to run again and from two processes at once.</summary>
    /// <returns>How many scripts this call applied.</returns>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<MigrationScript> scripts = MigrationScripts.Load(_dialect.MigrationFolder);
        await using DbConnection connection = await _connections.OpenAsync(cancellationToken);
        // Every start of the worker and of every command lands here, and nearly always finds every
        // script applied: two reads then say so, where the loop below takes the write lock once per
        // script (waiting for a running worker's writes each time). Recorded versions are committed
        // with their script, so all of them present means nothing is left to do, under any lock.
        if ((await MissingVersionsAsync(connection, scripts, cancellationToken)).Count == 0)
        {
            LogUpToDate(scripts[^1].Version);
            return 0;
        }

        await using IAsyncDisposable migrationLock = await _dialect.LockMigrationsAsync(connection, _connections.CommandTimeoutSeconds, cancellationToken);
        int applied = 0;
        foreach (MigrationScript script in scripts)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // The check runs under the migration lock (on SQLite, the write lock of this
            // transaction): a second process starting at the same time waits for the first
            // one's commit and then finds the version already recorded.
            await using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, cancellationToken);
            await connection.ExecuteAsync(Command(_dialect.CreateHistoryTableSql, null, transaction, cancellationToken));
            long present = await connection.ExecuteScalarAsync<long>(
                Command("SELECT count(*) FROM schema_migrations WHERE version = @Version", new { script.Version }, transaction, cancellationToken));
            if (present > 0)
            {
                continue;
            }

            long started = _timeProvider.GetTimestamp();
            foreach (string batch in _dialect.MigrationBatches(script.Sql))
            {
                await connection.ExecuteAsync(Command(batch, null, transaction, cancellationToken));
            }

            await connection.ExecuteAsync(Command(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (@Version, @AppliedAt)",
                new { script.Version, AppliedAt = _timeProvider.GetUtcNow() },
                transaction,
                cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            applied++;
            LogApplied(script.Version, script.Name, _timeProvider.GetElapsedTime(started).TotalMilliseconds);
        }

        if (applied == 0)
        {
            LogUpToDate(scripts[^1].Version);
        }

        return applied;
    }

    /// <summary>Opens a new connection and lists the embedded migrations the database lacks;
    /// writes nothing. Throws the provider's exception when the database cannot be reached or
    /// read (a file that is gone, unreadable or not a database).</summary>
    public async Task<IReadOnlyList<int>> PendingMigrationsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<MigrationScript> scripts = MigrationScripts.Load(_dialect.MigrationFolder);
        await using DbConnection connection = await _connections.OpenProbeAsync(cancellationToken);
        return await MissingVersionsAsync(connection, scripts, cancellationToken);
    }

    // The versions of scripts not recorded; all of them on a database reachable but never migrated.
    // Plain commands, not Dapper: at a start that has nothing to migrate these are the only
    // statements outside the prepared path, and Dapper's first use costs a short command its set-up.
    private async Task<IReadOnlyList<int>> MissingVersionsAsync(DbConnection connection, IReadOnlyList<MigrationScript> scripts, CancellationToken cancellationToken)
    {
        if (!await HistoryTableExistsAsync(connection, cancellationToken))
        {
            return [.. scripts.Select(script => script.Version)];
        }

        await using DbCommand read = PlainCommand(connection, "SELECT version FROM schema_migrations");
        var present = new HashSet<long>();
        await using (DbDataReader reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                present.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
            }
        }

        return [.. scripts.Select(script => script.Version).Where(version => !present.Contains(version))];
    }

    private async Task<bool> HistoryTableExistsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using DbCommand exists = PlainCommand(connection, _dialect.HistoryTableExistsSql);
        return Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    private DbCommand PlainCommand(DbConnection connection, string sql)
    {
        DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = _connections.CommandTimeoutSeconds;
        return command;
    }

    private CommandDefinition Command(string sql, object? parameters, DbTransaction transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, _connections.CommandTimeoutSeconds, cancellationToken: cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied database migration {Version} {MigrationName} in {ElapsedMs:F0} ms.")]
    private partial void LogApplied(int version, string migrationName, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Database schema is up to date at version {Version}.")]
    private partial void LogUpToDate(int version);
}
