using Dapper;
using FeedHub.Core.Links;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Publishing.Writers;
using FeedHub.Storage;
using Microsoft.Data.Sqlite;

namespace FeedHub.IntegrationTests.Storage;

public abstract class StoryReaderTests(StorageProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Latest_stories_come_newest_first_with_ties_to_the_newer_story_and_respect_the_limit()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource source = await db.AddSourceAsync("https://example.go.id/feed");
        DateTimeOffset noon = new(2025, 5, 7, 12, 0, 0, TimeSpan.Zero);
        await db.Items.CommitRefreshAsync(source.Id,
        [
            TestItems.Item("old", publishedAt: noon.AddDays(-1)),
            TestItems.Item("tie-first", publishedAt: noon),
            TestItems.Item("tie-second", publishedAt: noon),
            TestItems.Item("newest", publishedAt: noon.AddHours(1)),
            TestItems.Item("middle", publishedAt: noon.AddMinutes(-1)),
        ], TestItems.Ok(db.Clock.GetUtcNow()), Ct);

        IReadOnlyList<StoryEntry> top = await db.Stories.LatestStoriesAsync(4, Ct);
        IReadOnlyList<StoryEntry> all = await db.Stories.LatestStoriesAsync(100, Ct);

        Assert.Equal(["newest", "tie-second", "tie-first", "middle"], top.Select(story => story.Item.ItemKey));
        Assert.Equal(5, all.Count);
        Assert.Equal("old", all[^1].Item.ItemKey);
        Assert.Empty(await db.Stories.LatestStoriesAsync(0, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => db.Stories.LatestStoriesAsync(-1, Ct));
    }

    [Fact]
    public async Task Also_published_by_lists_each_other_source_once_and_only_for_stories_within_the_limit()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource origin = await db.AddSourceAsync("https://mc.example.go.id/feed", isOrigin: true, title: "MC");
        FeedSource portal = await db.AddSourceAsync("https://portal.example.go.id/feed", title: "Portal");
        FeedSource regency = await db.AddSourceAsync("https://kab.example.go.id/feed");
        DateTimeOffset t = StorageTestDatabase.Start.AddHours(-5);
        const string Fresh = "https://mc.example.go.id/berita/fresh";
        const string Older = "https://mc.example.go.id/berita/older";
        await db.Items.CommitRefreshAsync(origin.Id, [TestItems.Item("o1", Fresh, t.AddHours(2)), TestItems.Item("o2", Older, t)], TestItems.Ok(t), Ct);
        await db.Items.CommitRefreshAsync(portal.Id,
        [
            TestItems.Item("p1", Fresh, t.AddHours(2)) with { Link = "https://portal.example.go.id/a" },
            TestItems.Item("p1-again", Fresh, t.AddHours(3)) with { Link = "https://portal.example.go.id/b" },
            TestItems.Item("p2", Older, t),
        ], TestItems.Ok(t), Ct);
        await db.Items.CommitRefreshAsync(regency.Id, [TestItems.Item("k1", Fresh, t.AddHours(4)) with { Link = null }], TestItems.Ok(t), Ct);

        StoryEntry story = Assert.Single(await db.Stories.LatestStoriesAsync(1, Ct));

        Assert.Equal("o1", story.Item.ItemKey);
        Assert.Equal(
            [
                new StoryCopy(portal.Id, "Portal", "https://portal.example.go.id/feed", "https://portal.example.go.id/a"),
                new StoryCopy(regency.Id, null, "https://kab.example.go.id/feed", null),
            ],
            story.AlsoPublishedBy);
        Assert.Equal(2, db.Scalar("SELECT count(*) FROM stories"));
    }

    [Fact]
    public async Task Timestamps_read_back_as_the_same_instant_in_utc_and_sort_correctly_across_offsets()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource source = await db.AddSourceAsync("https://example.go.id/feed");
        // As local text these sort the other way round: "2025-05-07 08:00 +07:00" is 01:00 UTC,
        // earlier than "2025-05-07 03:00 -05:00" (08:00 UTC) and "2025-05-07 05:30:00.1234567 Z".
        DateTimeOffset wib = new(2025, 5, 7, 8, 0, 0, TimeSpan.FromHours(7));
        DateTimeOffset newYork = new(2025, 5, 7, 3, 0, 0, TimeSpan.FromHours(-5));
        DateTimeOffset utc = new DateTimeOffset(2025, 5, 7, 5, 30, 0, TimeSpan.Zero).AddTicks(1234567);
        DateTimeOffset checkedAt = new(2025, 5, 7, 10, 0, 0, TimeSpan.FromHours(8));
        await db.Items.CommitRefreshAsync(source.Id,
        [
            TestItems.Item("wib", publishedAt: wib) with { UpdatedAt = wib.AddMinutes(5) },
            TestItems.Item("new-york", publishedAt: newYork),
            TestItems.Item("utc", publishedAt: utc),
        ], TestItems.Ok(checkedAt) with { NextDueAt = null }, Ct);

        IReadOnlyList<StoryEntry> stories = await db.Stories.LatestStoriesAsync(10, Ct);
        FeedSource stored = (await db.Sources.GetAsync(source.Id, Ct))!;
        // SQLite's text and SQL Server's datetimeoffset(7) keep every 100 ns tick; PostgreSQL's timestamptz keeps microseconds.
        DateTimeOffset utcStored = provider == StorageProvider.Postgres ? utc.AddTicks(-(utc.Ticks % 10)) : utc;

        Assert.Equal(["new-york", "utc", "wib"], stories.Select(story => story.Item.ItemKey));
        Assert.Equal([newYork, utcStored, wib], stories.Select(story => story.Item.PublishedAt));
        Assert.All(stories, story => Assert.Equal(TimeSpan.Zero, story.Item.PublishedAt.Offset));
        Assert.Equal(utcStored.Ticks, stories[1].Item.PublishedAt.UtcTicks);
        Assert.Equal(wib.AddMinutes(5), stories[2].Item.UpdatedAt);
        Assert.Equal(TimeSpan.Zero, stories[2].Item.UpdatedAt!.Value.Offset);
        Assert.Null(stories[0].Item.UpdatedAt);
        Assert.Equal(checkedAt, stored.LastCheckedAt);
        Assert.Equal(TimeSpan.Zero, stored.LastCheckedAt!.Value.Offset);
        Assert.Null(stored.NextDueAt);

        if (provider == StorageProvider.Sqlite)
        {
            using SqliteConnection raw = db.OpenRaw();
            Assert.Equal(
                ["2025-05-07T01:00:00.0000000Z", "2025-05-07T05:30:00.1234567Z", "2025-05-07T08:00:00.0000000Z"],
                raw.Query<string>("SELECT published_at FROM items ORDER BY published_at"));
        }
        else
        {
            Assert.Equal(
                ["2025-05-07T01:00:00.000000Z", "2025-05-07T05:30:00.123456Z", "2025-05-07T08:00:00.000000Z"],
                db.Query<string>("SELECT to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM items ORDER BY published_at"));
        }
    }

    [Fact]
    public async Task The_change_version_grows_only_when_the_feeds_would_change()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource source = await db.AddSourceAsync("https://example.go.id/feed");
        long start = await db.Stories.GetChangeVersionAsync(Ct);

        await db.Items.CommitRefreshAsync(source.Id, [], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        long afterEmpty = await db.Stories.GetChangeVersionAsync(Ct);
        await db.Items.CommitRefreshAsync(source.Id, [TestItems.Item("a")], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        long afterItem = await db.Stories.GetChangeVersionAsync(Ct);
        await db.Sources.RecordPollAsync(source.Id, new PollOutcome { CheckedAt = db.Clock.GetUtcNow(), HttpStatus = 304 }, Ct);
        long after304 = await db.Stories.GetChangeVersionAsync(Ct);
        await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://example.go.id/feed", Title = "Renamed" }, Ct);
        long afterRename = await db.Stories.GetChangeVersionAsync(Ct);

        Assert.Equal(start, afterEmpty);
        Assert.Equal(afterEmpty + 1, afterItem);
        Assert.Equal(afterItem, after304);
        Assert.Equal(after304 + 1, afterRename);
    }
}

public sealed class StoryReaderTestsOnSqlite() : StoryReaderTests(StorageProvider.Sqlite);

public sealed class StoryReaderTestsOnPostgres() : StoryReaderTests(StorageProvider.Postgres);
