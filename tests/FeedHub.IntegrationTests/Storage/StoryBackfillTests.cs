using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Core.Stories;
using FeedHub.Storage;
using FeedHub.Tests.Stories;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>Items stored before migration 0005 have no matching text and no index keys; the
/// backfill gives them both, in small batches, without moving any item between stories.</summary>
public abstract class StoryBackfillTests(StorageProvider provider)
{
    private protected static readonly DateTimeOffset Morning = StorageTestDatabase.Start.AddHours(-6);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_the_backfill_a_new_copy_joins_an_item_stored_before_stories_through_the_index()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource mediaCenter = await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://mc.kalselprov.go.id/feed", Title = "Diskominfo MC Kalsel", Credits = ["MC Kalsel"] }, Ct);
        FeedSource portal = await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://portal.example/feed", Title = "Portal Banua" }, Ct);
        await db.Items.CommitRefreshAsync(mediaCenter.Id, [
            Item("mc-1", Releases.BridgeTitle, Releases.Bridge, "https://mc.kalselprov.go.id/jembatan", Morning),
            Item("mc-2", Releases.ClinicTitle, Releases.Clinic, "https://mc.kalselprov.go.id/puskesmas", Morning.AddHours(1)),
        ], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        ForgetMatching(db);
        string storiesBefore = Stories(db);

        IStoryIndexBackfill backfill = db.Services.GetRequiredService<IStoryIndexBackfill>();
        // One item a batch: the second batch resumes after the first item.
        StoryBackfillBatch first = await backfill.IndexBatchAsync(afterItemId: 0, batchSize: 1, Ct);
        StoryBackfillBatch second = await backfill.IndexBatchAsync(first.LastItemId, batchSize: 1, Ct);
        StoryBackfillBatch done = await backfill.IndexBatchAsync(second.LastItemId, batchSize: 1, Ct);

        Assert.Equal([1, 1, 0], new[] { first.Indexed, second.Indexed, done.Indexed });
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM items WHERE match_text IS NULL"));
        Assert.True(db.Scalar("SELECT count(DISTINCT item_id) FROM story_keys") == 2, "both items have index keys");
        Assert.Equal(storiesBefore, Stories(db));

        // Idempotent: a second run from the start finds nothing to do and changes nothing.
        long keys = db.Scalar("SELECT count(*) FROM story_keys");
        Assert.Equal(0, (await backfill.IndexBatchAsync(0, 100, Ct)).Indexed);
        Assert.Equal(keys, db.Scalar("SELECT count(*) FROM story_keys"));

        // The portal's copy has its own link: only the index can find the old release.
        await db.Items.CommitRefreshAsync(portal.Id, [PortalCopy("p-1", Morning.AddHours(2))], TestItems.Ok(db.Clock.GetUtcNow()), Ct);

        Assert.Equal(2, db.Scalar("SELECT count(*) FROM stories"));
        Assert.Equal(
            db.Scalar("SELECT story_id FROM items WHERE item_key = 'mc-1'"),
            db.Scalar("SELECT story_id FROM items WHERE item_key = 'p-1'"));
        Assert.Equal(1, db.Scalar("SELECT count(*) FROM items WHERE item_key = 'p-1' AND story_rule = 'SimilarText'"));
    }

    [Fact]
    public async Task Without_the_backfill_a_copy_with_its_own_link_does_not_find_an_item_stored_before_stories()
    {
        // The situation the backfill exists for, pinned so the test above means something.
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource mediaCenter = await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://mc.kalselprov.go.id/feed", Title = "Diskominfo MC Kalsel", Credits = ["MC Kalsel"] }, Ct);
        FeedSource portal = await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://portal.example/feed", Title = "Portal Banua" }, Ct);
        await db.Items.CommitRefreshAsync(mediaCenter.Id, [Item("mc-1", Releases.BridgeTitle, Releases.Bridge, "https://mc.kalselprov.go.id/jembatan", Morning)], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        ForgetMatching(db);

        await db.Items.CommitRefreshAsync(portal.Id, [PortalCopy("p-1", Morning.AddHours(2))], TestItems.Ok(db.Clock.GetUtcNow()), Ct);

        Assert.Equal(2, db.Scalar("SELECT count(*) FROM stories"));
    }

    private protected static long Count(string file, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>What an item stored before migration 0005 looks like.</summary>
    private protected static void ForgetMatching(StorageTestDatabase db)
    {
        db.Execute("DELETE FROM story_keys");
        db.Execute("UPDATE items SET match_text = NULL, credits = '[]', story_rule = NULL, story_score = NULL, story_reason = NULL");
    }

    private static string Stories(StorageTestDatabase db) =>
        string.Join(',', db.Query<(long Id, long StoryId)>("SELECT id, story_id FROM items ORDER BY id").Select(row => $"{row.Id}:{row.StoryId}"));

    /// <summary>The seed case: dateline, [Rilis] prefix, one sentence dropped, credit line, own link.</summary>
    private protected static FeedItem PortalCopy(string key, DateTimeOffset publishedAt)
    {
        string[] copy = [.. Releases.Bridge.Where((_, i) => i != 5 && i != Releases.Bridge.Length - 1), "(Sumber : MC Kalsel)"];
        copy[0] = "KALSEL, Portal – " + copy[0][(copy[0].IndexOf('–', StringComparison.Ordinal) + 2)..];
        return Item(key, "[Rilis] " + Releases.BridgeTitle, copy, "https://portal.example/jembatan", publishedAt);
    }

    private protected static FeedItem Item(string key, string title, IEnumerable<string> paragraphs, string link, DateTimeOffset publishedAt) =>
        TestItems.Item(key, link, publishedAt, title: title) with { ContentHtml = Releases.Html(paragraphs), Summary = null, Link = link };
}

/// <summary>The contract on SQLite, and what only SQLite has.</summary>
public sealed class StoryBackfillTestsOnSqlite() : StoryBackfillTests(StorageProvider.Sqlite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_worker_indexes_items_stored_before_stories_in_the_background_at_start()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource mediaCenter = await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://mc.kalselprov.go.id/feed", Title = "Diskominfo MC Kalsel" }, Ct);
        await db.Items.CommitRefreshAsync(mediaCenter.Id, [
            Item("mc-1", Releases.BridgeTitle, Releases.Bridge, "https://mc.kalselprov.go.id/jembatan", Morning),
            Item("mc-2", Releases.ClinicTitle, Releases.Clinic, "https://mc.kalselprov.go.id/puskesmas", Morning.AddHours(1)),
        ], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        ForgetMatching(db);
        var directory = new FeedHub.IntegrationTests.Fixtures.TempDirectory();
        using (var connection = db.OpenRaw())
        using (var copy = connection.CreateCommand())
        {
            copy.CommandText = "VACUUM INTO @Path";
            copy.Parameters.AddWithValue("@Path", directory.File("feedhub.db"));
            copy.ExecuteNonQuery();
        }

        await using FeedHub.IntegrationTests.Fixtures.WorkerHost host = await FeedHub.IntegrationTests.Fixtures.WorkerHost.StartAsync(new Dictionary<string, string>(), directory);

        await FeedHub.IntegrationTests.Fixtures.WorkerHost.EventuallyAsync(
            () => Task.FromResult(Count(host.DatabasePath, "SELECT count(*) FROM items WHERE match_text IS NULL") == 0
                && Count(host.DatabasePath, "SELECT count(DISTINCT item_id) FROM story_keys") == 2),
            TimeSpan.FromSeconds(20),
            "both items have matching text and index keys");
    }
}

public sealed class StoryBackfillTestsOnPostgres() : StoryBackfillTests(StorageProvider.Postgres);
