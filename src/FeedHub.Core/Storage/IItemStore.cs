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

    /// <summary>In one transaction, what <see cref="CommitRefreshAsync"/> of a document whose
    /// <see cref="PollOutcome.DocumentHash"/> the source keeps would do, without the document: touches
    /// the items its last parse listed and records the poll. Returns null when the source no longer
    /// keeps that hash (a settings change, a failure or a deletion cleared it; nothing is written) or
    /// an item that parse listed is gone (the hash is forgotten, the poll not recorded): the document
    /// must then be parsed, and that commit touches the listed items again.</summary>
    Task<StoreResult?> CommitUnchangedDocumentAsync(long sourceId, PollOutcome outcome, CancellationToken cancellationToken);

    /// <summary>The source's stored items whose raw hash is among <paramref name="rawHashes"/>
    /// (<see cref="FeedItem.RawHash"/>): entries a new document still lists as they were. Read
    /// outside the commit; an item listed here that is gone by then is simply not touched. Passed
    /// back in <see cref="PollOutcome.StoredAhead"/>, they also spare the commit reading the source's
    /// items a second time before it.</summary>
    Task<IReadOnlyList<KnownItem>> FindKnownAsync(long sourceId, IReadOnlyList<string> rawHashes, CancellationToken cancellationToken);
}

/// <summary>A stored item found by its raw hash, with what its identity was decided from and the
/// content hash it is stored with.</summary>
public sealed record KnownItem(long Id, string RawHash, string ItemKey, string? Guid, string? CanonicalLink, string ContentHash);

/// <param name="Added">Items the source did not have.</param>
/// <param name="Updated">Items whose content hash changed (revisions).</param>
/// <param name="Unchanged">Items already stored with the same content hash.</param>
public sealed record StoreResult(int Added, int Updated, int Unchanged)
{
    /// <summary>False when the poll ran under a claim the cluster has handed back since
    /// (<see cref="PollOutcome.ClaimedBy"/>): its items were stored, the source row was left
    /// to the newer poll.</summary>
    public bool Recorded { get; init; } = true;
}
