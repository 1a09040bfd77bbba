using System.Text.RegularExpressions;
using FeedHub.Core.Storage;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.Sources;

/// <summary>Claims of due sources on the <c>sources</c> table (migration 0018): the lease is the
/// row's <c>next_due_at</c>, the claimant its <c>claimed_by</c>; the poll's record of its outcome
/// (<see cref="SourcePolls"/>) writes the real next due time and clears the claim.</summary>
internal sealed partial class SourceClaims(StorageDatabase database) : ISourceClaims
{
    private const string Due = "enabled = 1 AND next_due_at <= @Now";

    public async Task<IReadOnlyList<SourceClaim>> ClaimDueAsync(string node, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        List<ClaimRow> due = await session.QueryAsync<ClaimRow>(
            session.Dialect.SelectSkippingLocked("sources", "id, next_due_at", Due, "next_due_at, id", "@Limit"),
            new { Now = now, Limit = limit });
        if (due.Count == 0)
        {
            return [];
        }

        await session.ExecuteAsync(
            $"UPDATE sources SET next_due_at = @LeaseUntil, claimed_by = @Node WHERE {session.Dialect.InList("id", "@Ids")}",
            new { LeaseUntil = leaseUntil, Node = node, Ids = session.Dialect.ListValue(due.Select(row => row.Id)) });
        await session.CommitAsync();
        return due.ConvertAll(row => new SourceClaim(row.Id, row.NextDueAt));
    }

    public async Task<IReadOnlyList<long>> ListUnscheduledAsync(int limit, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(database, cancellationToken);
        return await session.QueryAsync<long>(
            $"SELECT id FROM sources WHERE enabled = 1 AND next_due_at IS NULL ORDER BY id {session.Dialect.Limit("@Limit")}",
            new { Limit = limit });
    }

    public async Task ScheduleFirstPollsAsync(IReadOnlyList<FirstPoll> polls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(polls);
        if (polls.Count == 0)
        {
            return;
        }

        // One statement per due time: new sources share a few (PollSchedule.FirstPollSlot), and a
        // short transaction does not hold up another worker scheduling the same rows.
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        foreach (IGrouping<DateTimeOffset, FirstPoll> slot in polls.GroupBy(poll => poll.DueAt))
        {
            await session.ExecuteAsync(
                $"UPDATE sources SET next_due_at = @DueAt WHERE {session.Dialect.InList("id", "@Ids")} AND next_due_at IS NULL",
                new { DueAt = slot.Key, Ids = session.Dialect.ListValue(slot.Select(poll => poll.SourceId)) });
        }

        await session.CommitAsync();
    }

    public async Task ReleaseAsync(long sourceId, string node, DateTimeOffset? nextDueAt, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        await session.ExecuteAsync(
            "UPDATE sources SET next_due_at = @NextDueAt, claimed_by = NULL WHERE id = @Id AND claimed_by = @Node",
            new { Id = sourceId, Node = node, NextDueAt = nextDueAt });
        await session.CommitAsync();
    }

    public async Task<IReadOnlyList<AbsentClaimant>> ListAbsentClaimantsAsync(string liveNodesTable, string schedulerName, CancellationToken cancellationToken)
    {
        CheckTableName(liveNodesTable);
        // A plain read: it waits for no row lock (an UPDATE would wait on every claimed row whose
        // poll is committing), and finds none in a healthy cluster. A claimed row's next_due_at is
        // the lease its claimant gave it.
        await using StorageSession session = await StorageSession.BeginReadAsync(database, cancellationToken);
        List<ClaimantRow> rows = await session.QueryAsync<ClaimantRow>(
            $"""
            SELECT claimed_by AS node, MAX(next_due_at) AS lease_ends_at FROM sources
            WHERE claimed_by IS NOT NULL
              AND claimed_by NOT IN (SELECT instance_name FROM {liveNodesTable} WHERE sched_name = @SchedulerName)
            GROUP BY claimed_by
            """,
            new { SchedulerName = schedulerName });
        // A URL edit leaves a claimed row with no due time: no lease, nothing to compare.
        return rows.ConvertAll(row => new AbsentClaimant(row.Node, row.LeaseEndsAt ?? DateTimeOffset.MinValue));
    }

    public async Task<int> ReleaseClaimsOfAsync(IReadOnlyList<string> nodes, string liveNodesTable, string schedulerName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        CheckTableName(liveNodesTable);
        if (nodes.Count == 0)
        {
            return 0;
        }

        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        int released = await session.ExecuteAsync(
            $"""
            UPDATE sources SET next_due_at = @Now, claimed_by = NULL
            WHERE {session.Dialect.InList("claimed_by", "@Nodes")}
              AND claimed_by NOT IN (SELECT instance_name FROM {liveNodesTable} WHERE sched_name = @SchedulerName)
            """,
            new { Now = now, Nodes = session.Dialect.ListValue(nodes), SchedulerName = schedulerName });
        await session.CommitAsync();
        return released;
    }

    /// <summary>A table name cannot travel as a parameter: only a plain identifier is accepted.</summary>
    private static void CheckTableName(string liveNodesTable)
    {
        if (!Identifier().IsMatch(liveNodesTable))
        {
            throw new ArgumentException($"'{liveNodesTable}' is not a table name.", nameof(liveNodesTable));
        }
    }

    public async Task<bool> MakeDueAsync(long sourceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        long enabled = await session.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM sources WHERE id = @Id AND enabled = 1 AND deleted_at IS NULL", new { Id = sourceId });
        if (enabled == 0)
        {
            return false;
        }

        // A claimed source is being polled now: that poll is the one asked for.
        await session.ExecuteAsync(
            "UPDATE sources SET next_due_at = @Now WHERE id = @Id AND claimed_by IS NULL AND (next_due_at IS NULL OR next_due_at > @Now)",
            new { Id = sourceId, Now = now });
        await session.CommitAsync();
        return true;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex Identifier();

    private sealed class ClaimantRow
    {
        public string Node { get; set; } = "";
        public DateTimeOffset? LeaseEndsAt { get; set; }
    }

    private sealed class ClaimRow
    {
        public long Id { get; set; }
        public DateTimeOffset? NextDueAt { get; set; }
    }
}
