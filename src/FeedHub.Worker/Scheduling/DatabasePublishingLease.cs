using System.Data.Common;
using FeedHub.Publishing.Changes;
using FeedHub.Storage;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FeedHub.Worker.Scheduling;

/// <summary>In a cluster, the publishing lease is a session lock on the shared database (PostgreSQL
/// advisory lock, SQL Server application lock) held on a connection of its own: one worker holds
/// it, and when that worker dies its connection closes, the database lets the lock go and another
/// worker takes it within <see cref="Retry"/>. A holder that loses its connection stops publishing
/// at its next check, so two workers may both publish for at most that long.</summary>
internal sealed partial class DatabasePublishingLease(
    IOptions<StorageOptions> storage,
    TimeProvider time,
    ILogger<DatabasePublishingLease> logger) : BackgroundService, IPublishingLease
{
    /// <summary>How often the holder checks its connection and the others try to take the lock.</summary>
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);

    // "FeedHub" in ASCII: one lock key for the whole database.
    private const long AdvisoryKey = 0x46656564487562;
    private const string AppLockResource = "feedhub-publishing";

    private volatile bool _held;

    public bool IsHeld => _held;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using DbConnection connection = Connect();
                await connection.OpenAsync(stoppingToken);
                if (await TryTakeAsync(connection, stoppingToken))
                {
                    _held = true;
                    LogTaken();
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await Task.Delay(Retry, time, stoppingToken);
                        await using DbCommand ping = connection.CreateCommand();
                        ping.CommandText = "SELECT 1";
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (DbException ex)
            {
                if (_held)
                {
                    LogLost(ex);
                }
            }
            finally
            {
                _held = false;
            }

            try
            {
                await Task.Delay(Retry, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private DbConnection Connect() => storage.Value.Provider switch
    {
        // Outside the pool: closing it must end the session, which is what releases the lock.
        StorageProvider.Postgres => new NpgsqlConnection(new NpgsqlConnectionStringBuilder(storage.Value.ConnectionString) { Pooling = false }.ConnectionString),
        StorageProvider.SqlServer => new SqlConnection(new SqlConnectionStringBuilder(storage.Value.ConnectionString) { Pooling = false }.ConnectionString),
        _ => throw new InvalidOperationException($"A publishing lease needs PostgreSQL or SQL Server, not {storage.Value.Provider}."),
    };

    private async Task<bool> TryTakeAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using DbCommand command = connection.CreateCommand();
        if (storage.Value.Provider == StorageProvider.Postgres)
        {
            command.CommandText = $"SELECT pg_try_advisory_lock({AdvisoryKey})";
            return await command.ExecuteScalarAsync(cancellationToken) is true;
        }

        command.CommandText = $"DECLARE @result int; EXEC @result = sp_getapplock @Resource = N'{AppLockResource}', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; SELECT @result;";
        return await command.ExecuteScalarAsync(cancellationToken) is int result && result >= 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This worker now exports feeds and notifies WebSub hubs for the cluster")]
    private partial void LogTaken();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the publishing lease with the database connection; another worker takes over")]
    private partial void LogLost(Exception exception);
}
