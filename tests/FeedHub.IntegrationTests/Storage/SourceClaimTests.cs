using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>The claims clustered workers take on due sources, on every engine: only due, enabled
/// sources are claimed, workers claiming at once never get the same source, the poll's record ends
/// a claim, a hand-back only touches the claimant's own claim, and the claims of workers missing
/// from the live table are handed back unless they are listed again by then.</summary>
public abstract class SourceClaimTests(StorageProvider provider)
{
    private static readonly DateTimeOffset T0 = StorageTestDatabase.Start;
    private static readonly DateTimeOffset Lease = T0.AddHours(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_due_enabled_sources_are_claimed_longest_overdue_first_and_each_once()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        ISourceClaims claims = Claims(db);
        FeedSource never = await db.AddSourceAsync("https://a.example/feed");
        FeedSource overdue = await db.AddSourceAsync("https://b.example/feed");
        FeedSource later = await db.AddSourceAsync("https://c.example/feed");
        FeedSource paused = await db.AddSourceAsync("https://d.example/feed");
        FeedSource justDue = await db.AddSourceAsync("https://e.example/feed");
        await RecordAsync(db, overdue, nextDueAt: T0.AddMinutes(-30));
        await RecordAsync(db, later, nextDueAt: T0.AddMinutes(5));
        await RecordAsync(db, justDue, nextDueAt: T0.AddMinutes(-1));
        await db.Sources.SetEnabledAsync(paused.Id, enabled: false, Ct);

        // A source with no due time yet is not due: it is given a first poll, and due from then.
        Assert.Equal([never.Id], await claims.ListUnscheduledAsync(10, Ct));
        await claims.ScheduleFirstPollsAsync([new FirstPoll(never.Id, T0.AddMinutes(-2))], Ct);
        Assert.Empty(await claims.ListUnscheduledAsync(10, Ct));

        IReadOnlyList<SourceClaim> first = await claims.ClaimDueAsync("node-a", 2, T0, Lease, Ct);
        IReadOnlyList<SourceClaim> rest = await claims.ClaimDueAsync("node-b", 10, T0, Lease, Ct);
        IReadOnlyList<SourceClaim> none = await claims.ClaimDueAsync("node-c", 10, T0, Lease, Ct);

        Assert.Equal(2, first.Count);
        Assert.Equal(
            new[] { never.Id, overdue.Id, justDue.Id }.Order(),
            first.Concat(rest).Select(claim => claim.SourceId).Order());
        // The longest overdue first.
        Assert.Equal([overdue.Id, never.Id], first.Select(claim => claim.SourceId));
        Assert.Equal(T0.AddMinutes(-30), first[0].DueAt);
        Assert.Equal(T0.AddMinutes(-2), first[1].DueAt);
        Assert.Empty(none);
        Assert.Equal(2, db.Scalar("SELECT count(*) FROM sources WHERE claimed_by = 'node-a'"));
        Assert.Equal(1, db.Scalar("SELECT count(*) FROM sources WHERE claimed_by = 'node-b'"));
        Assert.Equal(Lease, (await db.Sources.GetAsync(overdue.Id, Ct))!.NextDueAt);

        // The lease runs out: due again, for anyone.
        IReadOnlyList<SourceClaim> afterLease = await claims.ClaimDueAsync("node-c", 10, Lease, Lease.AddHours(1), Ct);
        Assert.Equal(4, afterLease.Count);
    }

    [Fact]
    public async Task Workers_claiming_at_once_never_get_the_same_source()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        ISourceClaims[] workers = [.. Enumerable.Range(0, 6).Select(_ => db.Connect().GetRequiredService<ISourceClaims>())];
        for (int i = 0; i < 150; i++)
        {
            await db.AddSourceAsync($"https://portal{i}.example/feed");
        }

        await ScheduleAllAsync(workers[0]);
        IReadOnlyList<SourceClaim>[][] rounds = await Task.WhenAll(workers.Select((claims, w) => Task.Run(async () =>
        {
            var taken = new List<IReadOnlyList<SourceClaim>>();
            for (int round = 0; round < 8; round++)
            {
                taken.Add(await claims.ClaimDueAsync($"node-{w}", 3, T0, Lease, Ct));
            }

            return taken.ToArray();
        }, Ct)));

        long[] claimed = [.. rounds.SelectMany(worker => worker).SelectMany(batch => batch).Select(claim => claim.SourceId)];
        Assert.Equal(6 * 8 * 3, claimed.Length);
        Assert.Equal(claimed.Length, claimed.Distinct().Count());
        Assert.Equal(claimed.Length, db.Scalar("SELECT count(*) FROM sources WHERE claimed_by IS NOT NULL"));
    }

    [Fact]
    public async Task The_polls_record_ends_a_claim_and_a_hand_back_touches_only_the_claimants_own()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        ISourceClaims claims = Claims(db);
        FeedSource polled = await db.AddSourceAsync("https://a.example/feed");
        FeedSource cut = await db.AddSourceAsync("https://b.example/feed");
        await ScheduleAllAsync(claims);
        Assert.Equal(2, (await claims.ClaimDueAsync("node-a", 10, T0, Lease, Ct)).Count);

        await RecordAsync(db, polled, nextDueAt: T0.AddMinutes(15));
        await claims.ReleaseAsync(cut.Id, "node-b", T0, Ct);

        Assert.Equal(T0.AddMinutes(15), (await db.Sources.GetAsync(polled.Id, Ct))!.NextDueAt);
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM sources WHERE id = @Id AND claimed_by IS NOT NULL", new { polled.Id }));
        // Not node-b's claim: untouched.
        Assert.Equal(Lease, (await db.Sources.GetAsync(cut.Id, Ct))!.NextDueAt);

        await claims.ReleaseAsync(cut.Id, "node-a", T0.AddMinutes(-5), Ct);
        Assert.Equal(T0.AddMinutes(-5), (await db.Sources.GetAsync(cut.Id, Ct))!.NextDueAt);
        Assert.Equal([cut.Id], (await claims.ClaimDueAsync("node-b", 10, T0, Lease, Ct)).Select(claim => claim.SourceId));
    }

    [Fact]
    public async Task Claims_of_workers_missing_from_the_live_table_are_handed_back_due_now_unless_listed_again()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        db.Execute("CREATE TABLE test_scheduler_state (sched_name varchar(120) NOT NULL, instance_name varchar(200) NOT NULL)");
        db.Execute("INSERT INTO test_scheduler_state (sched_name, instance_name) VALUES ('feedhub', 'alive'), ('other', 'dead'), ('other', 'back')");
        ISourceClaims claims = Claims(db);
        for (int i = 0; i < 7; i++)
        {
            await db.AddSourceAsync($"https://portal{i}.example/feed");
        }

        await ScheduleAllAsync(claims);
        IReadOnlyList<SourceClaim> byAlive = await claims.ClaimDueAsync("alive", 2, T0, Lease, Ct);
        IReadOnlyList<SourceClaim> byDead = await claims.ClaimDueAsync("dead", 2, T0, Lease, Ct);
        IReadOnlyList<SourceClaim> byBack = [.. await claims.ClaimDueAsync("back", 2, T0, Lease, Ct), .. await claims.ClaimDueAsync("back", 1, T0.AddSeconds(5), Lease.AddSeconds(5), Ct)];

        // 'dead' and 'back' are alive only in another scheduler's rows: not in this one. Each comes
        // with the lease of its latest claim.
        Assert.Equal(
            [new AbsentClaimant("back", Lease.AddSeconds(5)), new AbsentClaimant("dead", Lease)],
            (await claims.ListAbsentClaimantsAsync("test_scheduler_state", "feedhub", Ct)).OrderBy(claimant => claimant.Node, StringComparer.Ordinal));

        // A URL edit leaves a claimed row with no due time: a claimant holding only such rows has no lease.
        db.Execute("UPDATE sources SET next_due_at = NULL WHERE claimed_by = 'dead'");
        Assert.Contains(new AbsentClaimant("dead", DateTimeOffset.MinValue), await claims.ListAbsentClaimantsAsync("test_scheduler_state", "feedhub", Ct));

        // 'back' checks in again before its claims are handed back: it keeps them; 'alive' was never
        // absent, and a hand-back naming it leaves its claims alone as well.
        db.Execute("INSERT INTO test_scheduler_state (sched_name, instance_name) VALUES ('feedhub', 'back')");
        int released = await claims.ReleaseClaimsOfAsync(["dead", "back", "alive"], "test_scheduler_state", "feedhub", T0.AddSeconds(20), Ct);

        Assert.Equal(2, released);
        Assert.Equal(2, db.Scalar("SELECT count(*) FROM sources WHERE claimed_by = 'alive'"));
        Assert.Equal(3, db.Scalar("SELECT count(*) FROM sources WHERE claimed_by = 'back'"));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM sources WHERE claimed_by = 'dead'"));
        Assert.Equal(
            byDead.Select(claim => claim.SourceId).Order(),
            (await claims.ClaimDueAsync("alive", 10, T0.AddSeconds(20), Lease, Ct)).Select(claim => claim.SourceId).Order());
        Assert.Empty(await claims.ListAbsentClaimantsAsync("test_scheduler_state", "feedhub", Ct));
        Assert.Equal(0, await claims.ReleaseClaimsOfAsync(["dead"], "test_scheduler_state", "feedhub", T0.AddSeconds(21), Ct));
        Assert.Equal(0, await claims.ReleaseClaimsOfAsync([], "test_scheduler_state", "feedhub", T0.AddSeconds(21), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => claims.ListAbsentClaimantsAsync("sources; DROP TABLE sources", "feedhub", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => claims.ReleaseClaimsOfAsync(["dead"], "sources; DROP TABLE sources", "feedhub", T0, Ct));
        Assert.Equal(2, byAlive.Count);
        Assert.Equal(3, byBack.Count);
    }

    [Fact]
    public async Task A_poll_whose_claim_was_handed_back_stores_its_items_and_leaves_the_source_row_to_the_newer_poll()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        db.Execute("CREATE TABLE test_scheduler_state (sched_name varchar(120) NOT NULL, instance_name varchar(200) NOT NULL)");
        ISourceClaims claims = Claims(db);
        FeedSource source = await db.AddSourceAsync("https://mc.example.go.id/feed");
        await ScheduleAllAsync(claims);
        Assert.Single(await claims.ClaimDueAsync("stalled", 10, T0, Lease, Ct));

        // The cluster takes 'stalled' for dead and hands its claim back; 'newer' claims the source.
        Assert.Equal(1, await claims.ReleaseClaimsOfAsync(["stalled"], "test_scheduler_state", "feedhub", T0.AddMinutes(1), Ct));
        DateTimeOffset newerLease = Lease.AddMinutes(1);
        Assert.Single(await claims.ClaimDueAsync("newer", 10, T0.AddMinutes(1), newerLease, Ct));
        SourceRowState before = RowState(db, source.Id);
        Assert.Equal("newer", before.ClaimedBy);

        // The stalled poll's records come late, of every kind: a 304 and a failure (written without
        // reading the row), a 200 with a permanent redirect (read first), a 410 that would pause it.
        PollOutcome notModified = new() { CheckedAt = T0.AddMinutes(2), HttpStatus = 304, NextDueAt = T0.AddHours(5), ClaimedBy = "stalled" };
        PollOutcome failed = new() { CheckedAt = T0.AddMinutes(2), HttpStatus = 500, Error = "boom", NextDueAt = T0.AddHours(5), ClaimedBy = "stalled" };
        PollOutcome gone = new() { CheckedAt = T0.AddMinutes(2), HttpStatus = 410, Error = "gone", PauseSource = true, ClaimedBy = "stalled" };
        PollOutcome moved = TestItems.Ok(T0.AddMinutes(2), etag: "\"stale\"") with
        {
            NewUrl = "https://mc.example.go.id/pindah.xml",
            FeedTitle = "MC Kalsel",
            ClaimedBy = "stalled",
        };
        Assert.False(await db.Sources.RecordPollAsync(source.Id, notModified, Ct));
        Assert.False(await db.Sources.RecordPollAsync(source.Id, failed, Ct));
        Assert.False(await db.Sources.RecordPollAsync(source.Id, gone, Ct));
        Assert.False(await db.Sources.RecordPollAsync(source.Id, moved, Ct));

        // Its items are stored (once, as the newer poll would store them); the row is untouched.
        StoreResult stored = await db.Items.CommitRefreshAsync(source.Id, TestItems.Many(3, "late"), moved with { NewUrl = null }, Ct);
        Assert.Equal(3, stored.Added);
        Assert.False(stored.Recorded);
        Assert.Equal(3, db.Scalar("SELECT count(*) FROM items WHERE source_id = @Id", new { source.Id }));
        Assert.Equal(before, RowState(db, source.Id));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM source_aliases"));

        // The newer poll records as any poll does, and ends its claim; so does a poll that claimed
        // nothing (the command line), whoever holds a claim.
        Assert.True(await db.Sources.RecordPollAsync(source.Id, notModified with { ClaimedBy = "newer", NextDueAt = T0.AddHours(3) }, Ct));
        FeedSource recorded = (await db.Sources.GetAsync(source.Id, Ct))!;
        Assert.Equal(T0.AddHours(3), recorded.NextDueAt);
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM sources WHERE claimed_by IS NOT NULL"));
        Assert.True(recorded.Enabled);
        Assert.Equal("https://mc.example.go.id/feed", recorded.Url);

        // Handed back and not claimed again: the row is no more the stalled poll's than before.
        Assert.False(await db.Sources.RecordPollAsync(source.Id, failed, Ct));
        Assert.Equal(T0.AddHours(3), (await db.Sources.GetAsync(source.Id, Ct))!.NextDueAt);
        Assert.False((await db.Items.CommitRefreshAsync(source.Id, TestItems.Many(1, "later"), moved with { NewUrl = null }, Ct)).Recorded);

        Assert.Single(await claims.ClaimDueAsync("newer", 10, T0.AddHours(3), Lease.AddHours(3), Ct));
        Assert.True(await db.Sources.RecordPollAsync(source.Id, moved with { ClaimedBy = "newer" }, Ct));
        Assert.Equal("https://mc.example.go.id/pindah.xml", (await db.Sources.GetAsync(source.Id, Ct))!.Url);
        Assert.Equal(1, db.Scalar("SELECT count(*) FROM source_aliases"));
        Assert.True(await db.Sources.RecordPollAsync(source.Id, failed with { ClaimedBy = null }, Ct));

        // A source that is gone is still an error, claim or no claim.
        Assert.True(await db.Sources.DeleteAsync(source.Id, purgeItems: false, Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => db.Sources.RecordPollAsync(source.Id, failed, Ct));
    }

    [Fact]
    public async Task Making_a_source_due_moves_it_to_now_unless_it_is_being_polled_and_refuses_paused_ones()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        ISourceClaims claims = Claims(db);
        FeedSource waiting = await db.AddSourceAsync("https://a.example/feed");
        FeedSource paused = await db.AddSourceAsync("https://b.example/feed");
        await RecordAsync(db, waiting, nextDueAt: T0.AddHours(2));
        await db.Sources.SetEnabledAsync(paused.Id, enabled: false, Ct);

        Assert.True(await claims.MakeDueAsync(waiting.Id, T0, Ct));
        Assert.False(await claims.MakeDueAsync(paused.Id, T0, Ct));
        Assert.False(await claims.MakeDueAsync(9999, T0, Ct));
        Assert.Equal(T0, (await db.Sources.GetAsync(waiting.Id, Ct))!.NextDueAt);

        Assert.Single(await claims.ClaimDueAsync("node-a", 10, T0, Lease, Ct));
        // Being polled: that poll is the one asked for, and its lease stays.
        Assert.True(await claims.MakeDueAsync(waiting.Id, T0.AddSeconds(1), Ct));
        Assert.Equal(Lease, (await db.Sources.GetAsync(waiting.Id, Ct))!.NextDueAt);
    }

    private static async Task ScheduleAllAsync(ISourceClaims claims) =>
        await claims.ScheduleFirstPollsAsync([.. (await claims.ListUnscheduledAsync(1000, Ct)).Select(id => new FirstPoll(id, T0.AddMinutes(-1)))], Ct);

    private static ISourceClaims Claims(StorageTestDatabase db) => db.Services.GetRequiredService<ISourceClaims>();

    /// <summary>The columns a poll's record writes, as each engine renders them in text.</summary>
    private static SourceRowState RowState(StorageTestDatabase db, long id) =>
        db.Query<SourceRowState>(
            """
            SELECT CAST(url AS varchar(500)) AS Url, CAST(claimed_by AS varchar(200)) AS ClaimedBy,
                   CAST(next_due_at AS varchar(100)) AS NextDueAt, CAST(last_checked_at AS varchar(100)) AS LastCheckedAt,
                   CAST(poll_count AS varchar(20)) AS PollCount, CAST(consecutive_failures AS varchar(20)) AS Failures,
                   CAST(enabled AS varchar(20)) AS Enabled, CAST(etag AS varchar(200)) AS ETag,
                   CAST(title AS varchar(200)) AS Title, CAST(last_error AS varchar(500)) AS LastError
            FROM sources WHERE id = @Id
            """,
            new { Id = id }).Single();

    private static Task RecordAsync(StorageTestDatabase db, FeedSource source, DateTimeOffset nextDueAt) =>
        db.Sources.RecordPollAsync(source.Id, new PollOutcome { CheckedAt = T0.AddMinutes(-45), HttpStatus = 304, NextDueAt = nextDueAt }, Ct);
}

internal sealed record SourceRowState
{
    public string? Url { get; init; }

    public string? ClaimedBy { get; init; }

    public string? NextDueAt { get; init; }

    public string? LastCheckedAt { get; init; }

    public string? PollCount { get; init; }

    public string? Failures { get; init; }

    public string? Enabled { get; init; }

    public string? ETag { get; init; }

    public string? Title { get; init; }

    public string? LastError { get; init; }
}

public sealed class SourceClaimTestsOnSqlite() : SourceClaimTests(StorageProvider.Sqlite);

public sealed class SourceClaimTestsOnPostgres() : SourceClaimTests(StorageProvider.Postgres);
