using FeedHub.Core.Scheduling;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Storage;
using FeedHub.Storage;
using FeedHub.Worker.Operations.Status;
using FeedHub.Worker.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>The status read model over a real SQLite file: poll counters, failure runs and
/// states, with the clock under the test's control.</summary>
public abstract class SourceStatusReaderTests(StorageProvider provider)
{
    private static readonly DateTimeOffset T0 = StorageTestDatabase.Start;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Counts_polls_304s_items_and_stories_per_source()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource source = await db.AddSourceAsync("https://mc.example.go.id/feed");
        FeedSource other = await db.AddSourceAsync("https://portal.example.com/rss");
        await db.Items.CommitRefreshAsync(source.Id, [TestItems.Item("a"), TestItems.Item("b")], TestItems.Ok(T0), Ct);
        // The portal carries story "a" too (same canonical link): one more item, no new story.
        await db.Items.CommitRefreshAsync(other.Id, [TestItems.Item("p-a", canonicalLink: "https://example.go.id/berita/a")], TestItems.Ok(T0), Ct);
        for (int i = 1; i <= 3; i++)
        {
            await db.Sources.RecordPollAsync(source.Id, new PollOutcome { CheckedAt = T0.AddMinutes(15 * i), HttpStatus = 304, NextDueAt = T0.AddMinutes(15 * (i + 1)) }, Ct);
        }

        await db.Sources.RecordPollAsync(source.Id, new PollOutcome { CheckedAt = T0.AddHours(1), HttpStatus = 503, Error = "HTTP 503 Service Unavailable", NextDueAt = T0.AddHours(2) }, Ct);

        ISourceStatusReader reader = db.Services.GetRequiredService<ISourceStatusReader>();
        SourceStatus status = (await reader.GetStatusAsync(source.Id, Ct))!;
        Assert.Equal(5, status.PollCount);
        Assert.Equal(3, status.NotModifiedCount);
        Assert.Equal(0.6, status.NotModifiedShare);
        Assert.Equal(2, status.ItemCount);
        Assert.Equal(2, status.StoryCount);
        Assert.Equal(1, status.ConsecutiveFailures);
        Assert.Equal(503, status.LastHttpStatus);
        Assert.Equal("HTTP 503 Service Unavailable", status.LastError);
        Assert.Equal(T0.AddHours(1), status.LastCheckedAt);
        Assert.Equal(T0.AddMinutes(45), status.LastSuccessAt);
        Assert.Equal(T0.AddHours(1), status.FailingSince);
        Assert.Equal(T0.AddHours(2), status.NextDueAt);

        IReadOnlyList<SourceStatus> all = await reader.ListStatusAsync(Ct);
        Assert.Equal([source.Id, other.Id], all.Select(s => s.Id));
        SourceStatus portal = all[1];
        Assert.Equal((1, 1, 1, 0), (portal.PollCount, portal.ItemCount, portal.StoryCount, portal.NotModifiedCount));
        Assert.Equal(2, await reader.CountStoriesAsync(Ct));
    }

    [Fact]
    public async Task A_source_never_polled_has_no_share_and_a_deleted_one_is_not_listed()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource fresh = await db.AddSourceAsync("https://fresh.example.go.id/feed");
        FeedSource removed = await db.AddSourceAsync("https://removed.example.go.id/feed");
        await db.Sources.DeleteAsync(removed.Id, purgeItems: false, Ct);
        ISourceStatusReader reader = db.Services.GetRequiredService<ISourceStatusReader>();

        SourceStatus status = Assert.Single(await reader.ListStatusAsync(Ct));

        Assert.Equal(fresh.Id, status.Id);
        Assert.Null(status.NotModifiedShare);
        Assert.Equal(SourceState.Pending, SourceStates.Classify(status, T0, TimeSpan.FromDays(1)));
        Assert.Null(await reader.GetStatusAsync(removed.Id, Ct));
        Assert.Null(await reader.GetStatusAsync(999, Ct));
    }

    [Fact]
    public async Task A_source_failing_longer_than_FailingAfter_is_flagged_and_a_success_clears_it()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource source = await db.AddSourceAsync("https://flaky.example.go.id/feed");
        await db.Items.CommitRefreshAsync(source.Id, [TestItems.Item("a")], TestItems.Ok(T0), Ct);
        SourceStatusReport report = Report(db, TimeSpan.FromDays(1));

        // Every failure of the run keeps the run's start; only the first one sets it.
        await db.Sources.RecordPollAsync(source.Id, Failure(T0.AddHours(1)), Ct);
        await db.Sources.RecordPollAsync(source.Id, Failure(T0.AddHours(9)), Ct);
        db.Clock.SetUtcNow(T0.AddHours(24).AddMinutes(59));
        SourceStatusView almost = (await report.GetAsync(source.Id, Ct))!;
        await db.Sources.RecordPollAsync(source.Id, Failure(T0.AddHours(25)), Ct);
        db.Clock.SetUtcNow(T0.AddHours(25).AddMinutes(1));
        SourceStatusView flagged = (await report.GetAsync(source.Id, Ct))!;
        await db.Items.CommitRefreshAsync(source.Id, [TestItems.Item("a")], TestItems.Ok(T0.AddHours(26)), Ct);
        SourceStatusView recovered = (await report.GetAsync(source.Id, Ct))!;

        Assert.Equal("failing", almost.State);
        Assert.Equal(T0.AddHours(1), almost.FailingSince);
        Assert.Equal("failing_too_long", flagged.State);
        Assert.Equal(3, flagged.ConsecutiveFailures);
        Assert.Equal(T0.AddHours(1), flagged.FailingSince);
        Assert.Equal("ok", recovered.State);
        Assert.Null(recovered.FailingSince);
        Assert.Equal(0, recovered.ConsecutiveFailures);
        Assert.Equal(5, recovered.PollCount);
    }

    [Fact]
    public async Task A_poll_that_pauses_the_source_disables_it_and_its_error_says_why()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource gone = await db.AddSourceAsync("https://gone.example.go.id/feed");
        FeedSource paused = await db.AddSourceAsync("https://paused.example.go.id/feed");
        await db.Sources.SetEnabledAsync(paused.Id, enabled: false, Ct);
        db.Clock.Advance(TimeSpan.FromMinutes(5));

        await db.Sources.RecordPollAsync(gone.Id, new PollOutcome { CheckedAt = T0, HttpStatus = 410, Error = "paused: gone", PauseSource = true }, Ct);

        FeedSource stored = (await db.Sources.GetAsync(gone.Id, Ct))!;
        Assert.False(stored.Enabled);
        Assert.Equal("paused: gone", stored.LastError);
        Assert.Null(stored.NextDueAt);
        Assert.Equal(db.Clock.GetUtcNow(), stored.UpdatedAt);
        SourceStatusReport report = Report(db, TimeSpan.FromDays(1));
        IReadOnlyList<SourceStatusView> views = await report.ListAsync(Ct);
        Assert.Equal(["gone", "paused"], views.Select(v => v.State));
        Assert.All(views, v => Assert.Null(v.NextPollAt));
    }

    [Fact]
    public async Task Totals_count_each_state_as_the_list_classifies_it_without_deleted_sources()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        TimeSpan failingAfter = TimeSpan.FromDays(1);
        _ = await db.AddSourceAsync("https://pending.example.go.id/feed");
        FeedSource ok = await db.AddSourceAsync("https://ok.example.go.id/feed");
        await db.Items.CommitRefreshAsync(ok.Id, [TestItems.Item("a"), TestItems.Item("b")], TestItems.Ok(T0), Ct);
        FeedSource failing = await db.AddSourceAsync("https://failing.example.go.id/feed");
        await db.Items.CommitRefreshAsync(failing.Id, [TestItems.Item("c")], TestItems.Ok(T0), Ct);
        await db.Sources.RecordPollAsync(failing.Id, Failure(T0.AddHours(12)), Ct);
        FeedSource tooLong = await db.AddSourceAsync("https://too-long.example.go.id/feed");
        await db.Sources.RecordPollAsync(tooLong.Id, Failure(T0), Ct);
        await db.Sources.RecordPollAsync(tooLong.Id, Failure(T0.AddHours(6)), Ct);
        FeedSource paused = await db.AddSourceAsync("https://paused.example.go.id/feed");
        await db.Sources.SetEnabledAsync(paused.Id, enabled: false, Ct);
        FeedSource gone = await db.AddSourceAsync("https://gone.example.go.id/feed");
        await db.Sources.RecordPollAsync(gone.Id, new PollOutcome { CheckedAt = T0, HttpStatus = 410, Error = "paused: gone", PauseSource = true }, Ct);
        // A deleted source keeps its items (and their story) but counts nowhere, its streak neither.
        FeedSource removed = await db.AddSourceAsync("https://removed.example.go.id/feed");
        await db.Items.CommitRefreshAsync(removed.Id, [TestItems.Item("d")], TestItems.Ok(T0), Ct);
        for (int i = 1; i <= 3; i++)
        {
            await db.Sources.RecordPollAsync(removed.Id, Failure(T0.AddHours(i)), Ct);
        }

        await db.Sources.DeleteAsync(removed.Id, purgeItems: false, Ct);
        DateTimeOffset now = T0.AddDays(1).AddMinutes(1);
        ISourceStatusReader reader = db.Services.GetRequiredService<ISourceStatusReader>();

        SourceTotals totals = await reader.CountAsync(SourceStates.FailingTooLongSince(now, failingAfter), Ct);
        IReadOnlyList<SourceStatus> listed = await reader.ListStatusAsync(Ct);
        // A run that began exactly at the limit is too long already (Classify: now - start >= FailingAfter).
        SourceTotals atTheLimit = await reader.CountAsync(T0.AddHours(12), Ct);

        Assert.Equal(new SourceTotals(Pending: 1, Ok: 1, Failing: 1, FailingTooLong: 1, Paused: 1, Gone: 1, MaxConsecutiveFailures: 2, Items: 3, Stories: 4), totals);
        Assert.All(Enum.GetValues<SourceState>(), state =>
            Assert.Equal(listed.Count(s => SourceStates.Classify(s, now, failingAfter) == state), totals.Count(state)));
        Assert.Equal(listed.Sum(s => s.ItemCount), totals.Items);
        Assert.Equal(await reader.CountStoriesAsync(Ct), totals.Stories);
        Assert.Equal((0, 2), (atTheLimit.Failing, atTheLimit.FailingTooLong));
    }

    [Fact]
    public async Task Totals_of_no_sources_are_zero()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        ISourceStatusReader reader = db.Services.GetRequiredService<ISourceStatusReader>();

        SourceTotals totals = await reader.CountAsync(T0, Ct);

        Assert.Equal(new SourceTotals(0, 0, 0, 0, 0, 0, 0, 0, 0), totals);
    }

    private static SourceStatusReport Report(StorageTestDatabase db, TimeSpan failingAfter) => new(
        db.Services.GetRequiredService<ISourceStatusReader>(),
        Options.Create(new OperationsOptions { FailingAfter = failingAfter }),
        new CadenceSettings(TimeSpan.FromMinutes(5), TimeSpan.FromHours(24), TimeSpan.FromMinutes(15)),
        db.Clock);

    private static PollOutcome Failure(DateTimeOffset at) => new()
    {
        CheckedAt = at,
        HttpStatus = 502,
        Error = "HTTP 502 Bad Gateway",
        NextDueAt = at.AddHours(1),
    };
}

public sealed class SourceStatusReaderTestsOnSqlite() : SourceStatusReaderTests(StorageProvider.Sqlite);

public sealed class SourceStatusReaderTestsOnPostgres() : SourceStatusReaderTests(StorageProvider.Postgres);
