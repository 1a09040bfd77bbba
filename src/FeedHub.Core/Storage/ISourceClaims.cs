namespace FeedHub.Core.Storage;

/// <summary>Due sources handed out to the workers of a cluster, straight from the <c>sources</c>
/// table: a worker claims a few due sources at a time, each claim moving the source's next due time
/// forward by a lease and naming the worker, so no other worker finds it due; the poll's own record
/// of its outcome (the real next due time) ends the claim. Workers claiming at once get disjoint
/// sources and never wait for each other.</summary>
public interface ISourceClaims
{
    /// <summary>Claims up to <paramref name="limit"/> enabled sources due by <paramref name="now"/>
    /// (the longest overdue first; a source with no due time yet waits for
    /// <see cref="ScheduleFirstPollsAsync"/>) for
    /// <paramref name="node"/>, until <paramref name="leaseUntil"/>.</summary>
    Task<IReadOnlyList<SourceClaim>> ClaimDueAsync(string node, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Enabled sources that have no due time yet (added, or never polled), at most
    /// <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<long>> ListUnscheduledAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Gives sources with no due time their first one; a source that got one meanwhile
    /// (from another worker, or a poll) keeps it.</summary>
    Task ScheduleFirstPollsAsync(IReadOnlyList<FirstPoll> polls, CancellationToken cancellationToken);

    /// <summary>Ends <paramref name="node"/>'s claim of a source whose poll recorded nothing (it was
    /// cut short, or the source went away): it is due again at <paramref name="nextDueAt"/> (null:
    /// at once). Nothing happens when the claim is no longer that node's.</summary>
    Task ReleaseAsync(long sourceId, string node, DateTimeOffset? nextDueAt, CancellationToken cancellationToken);

    /// <summary>Workers holding claims that are not among the live ones, listed by the cluster
    /// itself in <paramref name="liveNodesTable"/> (Quartz's scheduler state table, one row per live
    /// scheduler instance: <c>sched_name</c>, <c>instance_name</c>) for the scheduler named
    /// <paramref name="schedulerName"/>, each with the lease of its latest claim. A plain read: it
    /// waits for no row lock.</summary>
    Task<IReadOnlyList<AbsentClaimant>> ListAbsentClaimantsAsync(string liveNodesTable, string schedulerName, CancellationToken cancellationToken);

    /// <summary>Hands back the claims of <paramref name="nodes"/>, those sources due at
    /// <paramref name="now"/>; a node listed in <paramref name="liveNodesTable"/> again by now keeps
    /// its claims.</summary>
    /// <returns>How many claims were handed back.</returns>
    Task<int> ReleaseClaimsOfAsync(IReadOnlyList<string> nodes, string liveNodesTable, string schedulerName, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Makes an enabled source due at <paramref name="now"/>, unless it is being polled.</summary>
    /// <returns>False when the source is unknown, paused or removed.</returns>
    Task<bool> MakeDueAsync(long sourceId, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <param name="SourceId">The claimed source.</param>
/// <param name="DueAt">When it was due (null: never polled), for the scheduler's lag.</param>
public sealed record SourceClaim(long SourceId, DateTimeOffset? DueAt);

/// <param name="Node">A worker holding claims while missing from the cluster's live list.</param>
/// <param name="LatestLease">The latest lease among its claims: it moves on only when that worker
/// claims again, which a dead worker never does.</param>
public sealed record AbsentClaimant(string Node, DateTimeOffset LatestLease);

/// <param name="SourceId">A source with no due time yet.</param>
/// <param name="DueAt">When its first poll is due.</param>
public sealed record FirstPoll(long SourceId, DateTimeOffset DueAt);
