using FeedHub.Core.Retention;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.Retention;

/// <summary>How one engine measures its database and gives freed space back: the only part of
/// retention that is not plain SQL.</summary>
internal interface IDatabaseSpace
{
    Task<DatabaseSize> MeasureAsync(StorageDatabase database, CancellationToken cancellationToken);

    /// <summary>Frees up to <paramref name="maxPages"/> pages in one short transaction; the bytes freed.</summary>
    Task<long> ReclaimAsync(StorageDatabase database, int maxPages, CancellationToken cancellationToken);

    /// <summary>Rewrites the whole database; the bytes freed.</summary>
    Task<long> RebuildAsync(StorageDatabase database, CancellationToken cancellationToken);
}
