using System.Data.Common;
using Dapper;
using FeedHub.Core.Retention;
using FeedHub.Storage.Database;
using FeedHub.Storage.Retention;

namespace FeedHub.Storage.Sqlite;

/// <summary>SQLite keeps deleted pages in the file as free pages. With <c>auto_vacuum=INCREMENTAL</c>
/// (set on new databases when they are created, see <see cref="SqliteConnectionFactory"/>)
/// <c>PRAGMA incremental_vacuum(N)</c> hands N of them back in a short write transaction; a database
/// created without it needs one full VACUUM first (<see cref="RebuildAsync"/>).</summary>
internal sealed class SqliteDatabaseSpace : IDatabaseSpace
{
    private const long IncrementalVacuum = 2;

    private const string PageBytes = "SELECT c.page_count * s.page_size FROM pragma_page_count() c, pragma_page_size() s";

    public async Task<DatabaseSize> MeasureAsync(StorageDatabase database, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(database, cancellationToken);
        (long bytes, long free, long mode) = await session.QuerySingleOrDefaultAsync<(long, long, long)>(
            """
            SELECT c.page_count * s.page_size, f.freelist_count * s.page_size, a.auto_vacuum
            FROM pragma_page_count() c, pragma_page_size() s, pragma_freelist_count() f, pragma_auto_vacuum() a
            """);
        return new DatabaseSize(bytes, free, mode == IncrementalVacuum);
    }

    public async Task<long> ReclaimAsync(StorageDatabase database, int maxPages, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        if (await session.ExecuteScalarAsync<long>("PRAGMA auto_vacuum") != IncrementalVacuum)
        {
            return 0;
        }

        long before = await session.ExecuteScalarAsync<long>(PageBytes);
        await session.ExecuteAsync($"PRAGMA incremental_vacuum({maxPages})");
        long after = await session.ExecuteScalarAsync<long>(PageBytes);
        await session.CommitAsync();
        return Math.Max(0, before - after);
    }

    public async Task<long> RebuildAsync(StorageDatabase database, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await database.Connections.OpenAsync(cancellationToken);
        int timeout = database.Connections.CommandTimeoutSeconds;
        long before = await connection.ExecuteScalarAsync<long>(new CommandDefinition(PageBytes, commandTimeout: timeout, cancellationToken: cancellationToken));
        // VACUUM cannot run inside a transaction; it takes the write lock itself, for its whole
        // run, which on a large file outlasts any command timeout.
        await connection.ExecuteAsync(new CommandDefinition(
            "PRAGMA auto_vacuum = INCREMENTAL; VACUUM;", commandTimeout: 0, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA wal_checkpoint(TRUNCATE)", commandTimeout: timeout, cancellationToken: cancellationToken));
        long after = await connection.ExecuteScalarAsync<long>(new CommandDefinition(PageBytes, commandTimeout: timeout, cancellationToken: cancellationToken));
        return Math.Max(0, before - after);
    }
}
