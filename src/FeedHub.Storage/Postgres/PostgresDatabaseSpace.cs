using FeedHub.Core.Retention;
using FeedHub.Storage.Database;
using FeedHub.Storage.Retention;

namespace FeedHub.Storage.Postgres;

/// <summary>PostgreSQL's autovacuum makes deleted rows' space reusable by later rows; the files
/// do not shrink in place, and the VACUUM FULL that would shrink them locks each table for its
/// whole rewrite, so the purge leaves that to the server's own maintenance.</summary>
internal sealed class PostgresDatabaseSpace : IDatabaseSpace
{
    public async Task<DatabaseSize> MeasureAsync(StorageDatabase database, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(database, cancellationToken);
        long bytes = await session.ExecuteScalarAsync<long>("SELECT pg_database_size(current_database())");
        return new DatabaseSize(bytes, FreeBytes: 0, ReclaimsIncrementally: true);
    }

    public Task<long> ReclaimAsync(StorageDatabase database, int maxPages, CancellationToken cancellationToken) => Task.FromResult(0L);

    public Task<long> RebuildAsync(StorageDatabase database, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("purge --rebuild is for SQLite; PostgreSQL reuses freed space through autovacuum (VACUUM FULL is the database administrator's call).");
}
