using FeedHub.Administration.Retention;
using FeedHub.Core.Items;
using FeedHub.Core.Retention;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Storage;
using FeedHub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FeedHub.IntegrationTests.Retention;

/// <summary>The purge on a real database of each provider, with the clock moved a year and more ahead.</summary>
public abstract class RetentionPurgeTests(StorageProvider provider)
{
    private static readonly RetentionOptions Year = new() { ItemMaxAge = TimeSpan.FromDays(365), AuditMaxAge = TimeSpan.FromDays(90), BatchSize = 10 };

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private protected Task<StorageTestDatabase> CreateAsync() => StorageTestDatabase.CreateAsync(provider);

    [Fact]
    public async Task Items_a_feed_still_lists_survive_however_old_and_are_not_ingested_again()
    {
        await using StorageTestDatabase db = await CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://mc.example.go.id/feed");
        List<FeedItem> items = TestItems.Many(3);
        await db.Items.CommitRefreshAsync(source.Id, items, TestItems.Ok(db.Clock.GetUtcNow()), Ct);

        // A feed that does not change answers 304 for 400 days: no last-seen time moves.
        db.Clock.Advance(TimeSpan.FromDays(400));
        await db.Sources.RecordPollAsync(source.Id, NotModified(db.Clock.GetUtcNow()), Ct);
        PurgeReport report = await Purger(db).RunAsync(dryRun: false, Ct);

        Assert.Equal(0, report.Items);
        Assert.Equal(3, db.Scalar("SELECT count(*) FROM items"));
        // The next full fetch (say the ETag changed) lists the same entries: none is new.
        StoreResult again = await db.Items.CommitRefreshAsync(source.Id, items, TestItems.Ok(db.Clock.GetUtcNow(), "\"v2\""), Ct);
        Assert.Equal(new StoreResult(0, 0, 3), again);
        Assert.Equal(3, db.Scalar("SELECT count(*) FROM stories"));
    }

    [Fact]
    public async Task Items_listed_with_a_new_entry_inside_the_precision_of_last_seen_times_survive_a_year_of_304s()
    {
        await using StorageTestDatabase db = await CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://mc.example.go.id/feed");
        List<FeedItem> items = TestItems.Many(3);
        await db.Items.CommitRefreshAsync(source.Id, items, TestItems.Ok(db.Clock.GetUtcNow()), Ct);

        // Half an hour later the feed lists the three with one new entry: the three keep their time
        // (moved less than LastSeen.Precision ago), the new one has the document's. Then 304s.
        db.Clock.Advance(TimeSpan.FromMinutes(30));
        FeedItem added = TestItems.Item("new");
        Assert.Equal(new StoreResult(1, 0, 3), await db.Items.CommitRefreshAsync(source.Id, [.. items, added], TestItems.Ok(db.Clock.GetUtcNow(), "\"v2\""), Ct));
        Assert.Equal(3, db.Scalar("SELECT count(*) FROM items WHERE last_seen_at = first_seen_at AND item_key <> @Key", new { Key = added.ItemKey }));
        db.Clock.Advance(TimeSpan.FromDays(400));
        await db.Sources.RecordPollAsync(source.Id, NotModified(db.Clock.GetUtcNow()), Ct);

        // Behind the newest last-seen time, but not by more than the precision: still listed.
        Assert.Equal(0, (await Purger(db).RunAsync(dryRun: false, Ct)).Items);
        Assert.Equal(4, db.Scalar("SELECT count(*) FROM items"));
        Assert.Equal(new StoreResult(0, 0, 4), await db.Items.CommitRefreshAsync(source.Id, [.. items, added], TestItems.Ok(db.Clock.GetUtcNow(), "\"v3\""), Ct));
        Assert.Equal(4, db.Scalar("SELECT count(*) FROM stories"));

        // A document more than the precision later without the first entry: that one goes a year on.
        db.Clock.Advance(LastSeen.Precision + TimeSpan.FromMinutes(1));
        await db.Items.CommitRefreshAsync(source.Id, [.. items.Skip(1), added], TestItems.Ok(db.Clock.GetUtcNow(), "\"v4\""), Ct);
        db.Clock.Advance(TimeSpan.FromDays(366));
        PurgeReport report = await Purger(db).RunAsync(dryRun: false, Ct);
        Assert.Equal(1, report.Items);
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM items WHERE item_key = @Key", new { Key = items[0].ItemKey }));
    }

    [Fact]
    public async Task Items_a_later_document_dropped_go_after_the_max_age_with_the_stories_they_leave_empty()
    {
        await using StorageTestDatabase db = await CreateAsync();
        FeedSource origin = await db.AddSourceAsync("https://mc.example.go.id/feed", isOrigin: true);
        FeedSource portal = await db.AddSourceAsync("https://portal.example.com/rss");
        FeedItem shared = TestItems.Item("a1", canonicalLink: "https://mc.example.go.id/berita/banjir");
        FeedItem dropped = TestItems.Item("a2");
        FeedItem kept = TestItems.Item("a3");
        FeedItem copy = TestItems.Item("b1", canonicalLink: "https://mc.example.go.id/berita/banjir");
        await db.Items.CommitRefreshAsync(origin.Id, [shared, dropped, kept], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        await db.Items.CommitRefreshAsync(portal.Id, [copy], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        Assert.Equal(3, db.Scalar("SELECT count(*) FROM stories"));

        // 200 days on the origin's feed lists only a3; the portal still lists its copy.
        db.Clock.Advance(TimeSpan.FromDays(200));
        await db.Items.CommitRefreshAsync(origin.Id, [kept], TestItems.Ok(db.Clock.GetUtcNow(), "\"v2\""), Ct);
        await db.Items.CommitRefreshAsync(portal.Id, [copy], TestItems.Ok(db.Clock.GetUtcNow(), "\"v2\""), Ct);
        long sharedStory = db.Scalar("SELECT story_id FROM items WHERE item_key = 'a1'");
        long copyId = db.Scalar("SELECT id FROM items WHERE item_key = 'b1'");
        long droppedId = db.Scalar("SELECT id FROM items WHERE item_key = 'a2'");
        long sharedId = db.Scalar("SELECT id FROM items WHERE item_key = 'a1'");
        Assert.True(db.Scalar("SELECT count(*) FROM story_keys WHERE item_id IN (@A, @B)", new { A = sharedId, B = droppedId }) > 0);

        db.Clock.Advance(TimeSpan.FromDays(200));
        PurgeReport report = await Purger(db).RunAsync(dryRun: false, Ct);

        Assert.Equal(2, report.Items);
        Assert.Equal(1, report.Stories);
        Assert.Equal(["a3", "b1"], Keys(db));
        Assert.Equal(2, db.Scalar("SELECT count(*) FROM stories"));
        // The story a1 shared with the portal's copy stays, now with the copy as its origin.
        Assert.Equal(copyId, db.Scalar("SELECT origin_item_id FROM stories WHERE id = @Id", new { Id = sharedStory }));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM story_keys WHERE item_id IN (@A, @B)", new { A = sharedId, B = droppedId }));
        IReadOnlyList<StoryEntry> published = await db.Stories.LatestStoriesAsync(10, Ct);
        Assert.Equal(2, published.Count);
    }

    [Fact]
    public async Task A_removed_sources_items_go_by_age_alone()
    {
        await using StorageTestDatabase db = await CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://mc.example.go.id/feed");
        await db.Items.CommitRefreshAsync(source.Id, TestItems.Many(25), TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        await db.Sources.DeleteAsync(source.Id, purgeItems: false, Ct);

        db.Clock.Advance(TimeSpan.FromDays(364));
        Assert.Equal(0, (await Purger(db).RunAsync(dryRun: false, Ct)).Items);
        db.Clock.Advance(TimeSpan.FromDays(2));
        PurgeReport report = await Purger(db).RunAsync(dryRun: false, Ct);

        Assert.Equal(25, report.Items);
        Assert.Equal(25, report.Stories);
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM items"));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM stories"));
    }

    [Fact]
    public async Task Audit_entries_past_their_max_age_are_pruned()
    {
        await using StorageTestDatabase db = await CreateAsync();
        DateTimeOffset now = db.Clock.GetUtcNow();
        foreach (int daysAgo in new[] { 400, 91, 89, 1 })
        {
            db.Execute(
                "INSERT INTO audit_log (at, actor, action, source_id, details) VALUES (@At, 'cli', 'add', 1, @Details)",
                new { At = now.AddDays(-daysAgo), Details = $"{daysAgo} days ago" });
        }

        PurgeReport report = await Purger(db).RunAsync(dryRun: false, Ct);

        Assert.Equal(2, report.AuditEntries);
        Assert.Equal(["89 days ago", "1 days ago"], db.Query<string>("SELECT details FROM audit_log ORDER BY id"));
    }

    [Fact]
    public async Task Zero_max_ages_keep_everything()
    {
        await using StorageTestDatabase db = await CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://mc.example.go.id/feed");
        await db.Items.CommitRefreshAsync(source.Id, TestItems.Many(5), TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        await db.Sources.DeleteAsync(source.Id, purgeItems: false, Ct);
        db.Execute("INSERT INTO audit_log (at, actor, action, details) VALUES (@At, 'cli', 'add', 'old')", new { At = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) });

        db.Clock.Advance(TimeSpan.FromDays(3650));
        PurgeReport report = await Purger(db, new RetentionOptions { ItemMaxAge = TimeSpan.Zero, AuditMaxAge = TimeSpan.Zero }).RunAsync(dryRun: false, Ct);

        Assert.Equal((0, 0, 0), (report.Items, report.Stories, report.AuditEntries));
        Assert.Equal(5, db.Scalar("SELECT count(*) FROM items"));
        Assert.Equal(1, db.Scalar("SELECT count(*) FROM audit_log"));
    }

    [Fact]
    public async Task A_dry_run_counts_what_the_purge_then_removes_and_changes_nothing()
    {
        await using StorageTestDatabase db = await CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://mc.example.go.id/feed");
        List<FeedItem> items = TestItems.Many(30);
        await db.Items.CommitRefreshAsync(source.Id, items, TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        // A later document, further on than last-seen times are kept to, lists ten of the thirty.
        db.Clock.Advance(LastSeen.Precision + TimeSpan.FromDays(1));
        await db.Items.CommitRefreshAsync(source.Id, items[..10], TestItems.Ok(db.Clock.GetUtcNow(), "\"v2\""), Ct);
        db.Clock.Advance(TimeSpan.FromDays(400));

        PurgeReport preview = await Purger(db).RunAsync(dryRun: true, Ct);
        Assert.True(preview.DryRun);
        Assert.Equal((20, 20), (preview.Items, preview.Stories));
        Assert.Equal(30, db.Scalar("SELECT count(*) FROM items"));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM purge_runs"));

        PurgeReport report = await Purger(db).RunAsync(dryRun: false, Ct);
        Assert.Equal((preview.Items, preview.Stories), (report.Items, report.Stories));
        Assert.Equal(10, db.Scalar("SELECT count(*) FROM items"));
        Assert.Equal(report, await Store(db).LastPurgeAsync(Ct));
    }

    [Fact]
    public async Task A_source_purge_cut_short_is_finished_by_the_next_purge()
    {
        await using StorageTestDatabase db = await CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://mc.example.go.id/feed");
        FeedSource other = await db.AddSourceAsync("https://portal.example.com/rss");
        await db.Items.CommitRefreshAsync(source.Id, TestItems.Many(35), TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        await db.Items.CommitRefreshAsync(other.Id, TestItems.Many(5, "other"), TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        IRetentionStore store = Store(db);

        // What `sources remove --purge` does first, then one batch, then the process dies.
        Assert.True(await store.MarkSourceForPurgeAsync(source.Id, Ct));
        Assert.Null(await db.Sources.GetAsync(source.Id, Ct));
        Assert.Equal(new PurgeBatch(10, 10), await store.PurgeSourceItemsAsync(source.Id, 10, Ct));
        Assert.False(await store.FinishSourcePurgeAsync(source.Id, Ct));

        PurgeReport report = await Purger(db).RunAsync(dryRun: false, Ct);

        Assert.Equal((1, 25, 25), (report.Sources, report.Items, report.Stories));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM sources WHERE id = @Id", new { Id = source.Id }));
        Assert.Equal(5, db.Scalar("SELECT count(*) FROM items"));
    }

    [Fact]
    public async Task The_database_size_and_the_last_purge_are_recorded()
    {
        await using StorageTestDatabase db = await CreateAsync();
        Assert.Null(await Store(db).LastPurgeAsync(Ct));

        PurgeReport report = await Purger(db).RunAsync(dryRun: false, Ct);

        Assert.True((await Store(db).MeasureAsync(Ct)).Bytes > 0);
        Assert.True(report.DatabaseBytes > 0);
        Assert.Equal(report, await Store(db).LastPurgeAsync(Ct));
    }

    private protected static IRetentionStore Store(StorageTestDatabase db) => db.Services.GetRequiredService<IRetentionStore>();

    private protected static RetentionPurger Purger(StorageTestDatabase db, RetentionOptions? options = null) =>
        new(Store(db), Options.Create(options ?? Year), db.Clock, NullLogger<RetentionPurger>.Instance);

    private static List<string> Keys(StorageTestDatabase db) => db.Query<string>("SELECT item_key FROM items ORDER BY item_key");

    private static PollOutcome NotModified(DateTimeOffset checkedAt) => new()
    {
        CheckedAt = checkedAt,
        HttpStatus = 304,
        NextDueAt = checkedAt.AddMinutes(15),
    };
}

public sealed class RetentionPurgeTestsOnSqlite() : RetentionPurgeTests(StorageProvider.Sqlite)
{
    [Fact]
    public async Task A_new_database_hands_freed_pages_back_to_the_file_system()
    {
        await using StorageTestDatabase db = await CreateAsync();
        Assert.Equal(2, db.Scalar("PRAGMA auto_vacuum"));
        FeedSource source = await db.AddSourceAsync("https://mc.example.go.id/feed");
        List<FeedItem> items = [.. TestItems.Many(400).Select(item => item with { ContentHtml = "<p>" + new string('x', 4000) + "</p>" })];
        await db.Items.CommitRefreshAsync(source.Id, items, TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        await db.Sources.DeleteAsync(source.Id, purgeItems: false, Ct);
        DatabaseSize before = await Store(db).MeasureAsync(Ct);
        db.Clock.Advance(TimeSpan.FromDays(400));

        PurgeReport report = await Purger(db).RunAsync(dryRun: false, Ct);

        DatabaseSize after = await Store(db).MeasureAsync(Ct);
        Assert.True(after.ReclaimsIncrementally);
        Assert.True(report.BytesReclaimed > 1_000_000, $"reclaimed {report.BytesReclaimed} bytes");
        Assert.Equal(before.Bytes - report.BytesReclaimed, after.Bytes);
        Assert.Equal(0, after.FreeBytes);
        Assert.Equal(after.Bytes, report.DatabaseBytes);
    }
}

public sealed class RetentionPurgeTestsOnPostgres() : RetentionPurgeTests(StorageProvider.Postgres);
