namespace FeedHub.Publishing.Changes;

/// <summary>Whether this process is the one that exports feeds and notifies WebSub hubs after a
/// change. Alone, it always is; in a cluster of workers on one database exactly one holds the
/// lease at a time, so a change is announced once and not once per worker.</summary>
public interface IPublishingLease
{
    bool IsHeld { get; }
}

/// <summary>The lease of a worker that is alone: always held.</summary>
internal sealed class SoleWorkerLease : IPublishingLease
{
    public bool IsHeld => true;
}
