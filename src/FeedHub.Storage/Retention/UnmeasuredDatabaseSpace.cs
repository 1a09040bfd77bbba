using FeedHub.Core.Retention;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.Retention;

/// <summary>For an engine whose space handling is not written yet: the purge deletes as everywhere,
/// reports a size of 0 and gives nothing back.</summary>
internal sealed class UnmeasuredDatabaseSpace : IDatabaseSpace
{
    public Task<DatabaseSize> MeasureAsync(StorageDatabase database, CancellationToken cancellationToken) =>
        Task.FromResult(new DatabaseSize(0, 0, ReclaimsIncrementally: true));

    public Task<long> ReclaimAsync(StorageDatabase database, int maxPages, CancellationToken cancellationToken) => Task.FromResult(0L);

    public Task<long> RebuildAsync(StorageDatabase database, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"purge --rebuild is not available for {database.Dialect.Provider}.");
}
