using FeedHub.Core.Storage;

namespace FeedHub.Core.Sources;

/// <summary>How a poll ended, as the source row records it.</summary>
public sealed record PollOutcome
{
    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>HTTP status of the final response; null when no response arrived.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Null on success; a one-line description on failure.</summary>
    public string? Error { get; init; }

    /// <summary>Validators to send next time; only set by a successful 200.</summary>
    public string? ETag { get; init; }
    public string? LastModified { get; init; }

    /// <summary>Set when the server asked us to wait (Retry-After on 429/503).</summary>
    public DateTimeOffset? RetryAfterUntil { get; init; }

    /// <summary>When the next poll is due, as the scheduler computed it.</summary>
    public DateTimeOffset? NextDueAt { get; init; }

    /// <summary>A permanent redirect, validated, that becomes the source's URL.</summary>
    public string? NewUrl { get; init; }

    /// <summary>Feed-level title and site link learnt from the document.</summary>
    public string? FeedTitle { get; init; }
    public string? SiteUrl { get; init; }

    /// <summary>Entries of the document that could not be used; null when no document was read
    /// (a 304 or a failure), which keeps the last count.</summary>
    public int? SkippedEntries { get; init; }

    /// <summary>What the feed says about itself (language, description, icon, last update),
    /// normalized; null when no document was read, which keeps what was stored.</summary>
    public FeedMetadata? Metadata { get; init; }

    /// <summary>The interval this poll decided, and why; null keeps what was stored (failures).</summary>
    public Scheduling.EffectiveInterval? Effective { get; init; }

    /// <summary>The posting history with this poll's entries merged in; null keeps what was stored.</summary>
    public IReadOnlyList<DateTimeOffset>? EntryTimes { get; init; }

    /// <summary>The document's own scheduling hints; null when no document was read.</summary>
    public Scheduling.PublisherHints? DocumentHints { get; init; }

    /// <summary>The poll pauses the source (the server says the feed is gone); <see cref="Error"/> says why.</summary>
    public bool PauseSource { get; init; }

    /// <summary>The keep and block rules the items were decided with (<see cref="Items.FeedItem.BlockedBy"/>);
    /// when the source's rules changed since, or this is null, the store decides them again under the
    /// rules it holds at the commit, so a rule change during a poll is never lost.</summary>
    public Rules.ItemRules? DecidedWith { get; init; }

    /// <summary>Stored items of the source that this document lists unchanged (known by their raw
    /// hash, so not normalized again): the commit only touches their last-seen time, which keeps
    /// them from retention as if they had been stored again.</summary>
    public IReadOnlyList<long> ListedItemIds { get; init; } = [];

    /// <summary>The source's stored items the poll read before normalizing (by raw hash,
    /// <see cref="Storage.IItemStore.FindKnownAsync"/>), or null when it read none. Before its write
    /// the store works out the matching texts of the items not stored as they are; given these, it
    /// takes every item not among them (by key and content hash) for new or changed instead of
    /// reading the source's items again. Only a hint: the write decides on what it reads itself, so
    /// an item stored as it is but not listed here (a new normalizer build) costs only its texts.</summary>
    public IReadOnlyList<Storage.KnownItem>? StoredAhead { get; init; }

    /// <summary>The hash of the body this poll read (with what else decides what its parse stores),
    /// kept with <see cref="ListedItemIds"/> when a parse of the same bytes would only touch those
    /// items again; null forgets any hash kept. Written by a successful commit only: the next 200 with
    /// the same hash is recorded without a parse (<see cref="Storage.IItemStore.CommitUnchangedDocumentAsync"/>).</summary>
    public string? DocumentHash { get; init; }

    /// <summary>The clustered worker whose claim of the source this poll ran under; null for a poll
    /// that claimed nothing (a single worker's schedule, a refresh from the command line). Such a
    /// poll writes the source row only while the claim is still that worker's: once the cluster has
    /// handed it back (the worker was taken for dead), the row belongs to the newer poll, and this
    /// one's record is left out. Its items are stored all the same (stored once, whoever comes first).</summary>
    public string? ClaimedBy { get; init; }

    public bool Succeeded => Error is null;
}
