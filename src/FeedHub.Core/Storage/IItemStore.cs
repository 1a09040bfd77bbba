using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;

namespace FeedHub.Core.Storage;

/// <summary>Items and stories. Every write is idempotent: Quartz delivers at least once.</summary>
public interface IItemStore
{
    /// <summary>In one transaction: inserts new items (each joined to a story), updates changed
    /// ones in place as revisions, leaves unchanged ones alone, and records the successful poll
    /// (validators, check/success time, failures reset) on the source row. Either all of it is
    /// committed or none of it.</summary>
    Task<StoreResult> CommitRefreshAsync(long sourceId, IReadOnlyList<FeedItem> items, PollOutcome outcome, CancellationToken cancellationToken);
}

/// <param name="Added">Items the source did not have.</param>
/// <param name="Updated">Items whose content hash changed (revisions).</param>
/// <param name="Unchanged">Items already stored with the same content hash.</param>
public sealed record StoreResult(int Added, int Updated, int Unchanged);
