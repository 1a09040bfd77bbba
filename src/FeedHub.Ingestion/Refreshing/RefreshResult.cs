namespace FeedHub.Ingestion.Refreshing;

public enum RefreshStatus
{
    /// <summary>The feed was fetched, parsed and stored (perhaps with no new items).</summary>
    Updated,

    /// <summary>The server answered 304; only the check time was written.</summary>
    NotModified,

    /// <summary>Fetching, parsing or storing failed; the error is on the source row.</summary>
    Failed,

    /// <summary>No such source, or it is paused: nothing was fetched.</summary>
    Skipped,
}

/// <param name="NextDueAt">When this source should be polled next; null when it should not be (gone or paused).</param>
public sealed record RefreshResult(
    long SourceId,
    RefreshStatus Status,
    int NewItems = 0,
    int UpdatedItems = 0,
    string? Error = null,
    DateTimeOffset? NextDueAt = null);
