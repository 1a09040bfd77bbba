using FeedHub.Core.Scheduling;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>The posting history, the document's hints and the decided interval survive a round
/// trip through the poll state, on every engine; a 304 or a failure keeps them.</summary>
public abstract class PollCadenceStorageTests(StorageProvider provider)
{
    private static readonly DateTimeOffset T0 = StorageTestDatabase.Start;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_poll_stores_history_hints_and_interval_and_later_304s_and_failures_keep_them()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource source = await db.AddSourceAsync("https://mc.example.go.id/feed");
        DateTimeOffset[] history = [T0.AddHours(-1), T0.AddHours(-9)];
        var hints = new PublisherHints { Ttl = TimeSpan.FromMinutes(60), UpdatePeriod = TimeSpan.FromHours(6), SkipHours = [0, 1, 2], SkipDays = [DayOfWeek.Sunday] };
        var decided = new EffectiveInterval(TimeSpan.FromHours(6), "sy:updatePeriod 6 h; skipHours 0-2; skipDays Sunday");

        await db.Items.CommitRefreshAsync(source.Id, [TestItems.Item("a")], TestItems.Ok(T0) with { EntryTimes = history, DocumentHints = hints, Effective = decided }, Ct);
        await db.Sources.RecordPollAsync(source.Id, new PollOutcome { CheckedAt = T0.AddHours(6), HttpStatus = 304, NextDueAt = T0.AddHours(12) }, Ct);
        await db.Sources.RecordPollAsync(source.Id, new PollOutcome { CheckedAt = T0.AddHours(12), HttpStatus = 500, Error = "HTTP 500", NextDueAt = T0.AddHours(24) }, Ct);

        FeedSource stored = (await db.Sources.GetAsync(source.Id, Ct))!;
        Assert.Equal(history, stored.EntryTimes);
        Assert.Equal(hints.Ttl, stored.DocumentHints.Ttl);
        Assert.Equal(hints.UpdatePeriod, stored.DocumentHints.UpdatePeriod);
        Assert.Equal(hints.SkipHours, stored.DocumentHints.SkipHours);
        Assert.Equal(hints.SkipDays, stored.DocumentHints.SkipDays);
        Assert.Equal(decided, stored.Effective);

        SourceStatus status = (await db.Services.GetRequiredService<ISourceStatusReader>().GetStatusAsync(source.Id, Ct))!;
        Assert.Equal(decided, status.Effective);
        Assert.Null(status.Interval);
    }
}

public sealed class PollCadenceStorageTestsOnSqlite() : PollCadenceStorageTests(StorageProvider.Sqlite);

public sealed class PollCadenceStorageTestsOnPostgres() : PollCadenceStorageTests(StorageProvider.Postgres);
