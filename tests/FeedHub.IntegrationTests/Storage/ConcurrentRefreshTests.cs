using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage;
using FeedHub.Tests.Stories.Syndication;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>Many sources committing copies of the same releases at the same moment, as a busy
/// morning of republication does: on a server engine the commits run side by side, and story
/// assignment must still put every copy of a release in one story, lose or double no item, and
/// never deadlock (PostgreSQL would abort a deadlocked commit with an error).</summary>
public abstract class ConcurrentRefreshTests(StorageProvider provider)
{
    private const int SourceCount = 16;
    private const int ReleaseCount = 12;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sixteen_concurrent_refreshes_sharing_stories_lose_duplicate_split_and_deadlock_nothing()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        List<SimItem> releases = SyndicationWorld.Generate(seed: 5, days: 3).Items
            .Where(item => item.Source == item.TrueOriginSource)
            .DistinctBy(item => item.TrueStory)
            .Take(ReleaseCount)
            .ToList();
        Assert.Equal(ReleaseCount, releases.Count);

        // Half the writers go through a second service provider: a second worker process.
        IItemStore[] stores = [db.Items, db.Connect().GetRequiredService<IItemStore>()];
        var sources = new List<FeedSource>();
        for (int s = 0; s < SourceCount; s++)
        {
            sources.Add(await db.AddSourceAsync($"https://portal-{s}.example.go.id/feed", title: $"Portal {s}"));
        }

        // Each source carries every release under its own key and link, in its own order.
        List<FeedItem>[] batches = [.. Enumerable.Range(0, SourceCount).Select(s => Enumerable.Range(0, ReleaseCount)
            .Select(r => releases[(r + s) % ReleaseCount])
            .Select(release => SyndicationReplay.ToFeedItem(release) with
            {
                ItemKey = $"s{s}-{release.Key}",
                ContentHash = $"h-s{s}-{release.Key}",
                Guid = $"s{s}-{release.Key}",
                Link = $"https://portal-{s}.example.go.id/{release.Key}",
                CanonicalLink = $"https://portal-{s}.example.go.id/{release.Key}",
                PublishedAt = release.PublishedAt.AddMinutes(s),
            })
            .ToList())];

        StoreResult[] first = await CommitAllAsync(db, stores, sources, batches);
        StoreResult[] again = await CommitAllAsync(db, stores, sources, batches);

        Assert.All(first, result => Assert.Equal(new StoreResult(ReleaseCount, 0, 0), result));
        Assert.All(again, result => Assert.Equal(new StoreResult(0, 0, ReleaseCount), result));
        Assert.Equal(SourceCount * ReleaseCount, db.Scalar("SELECT count(*) FROM items"));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM (SELECT source_id, item_key FROM items GROUP BY source_id, item_key HAVING count(*) > 1) AS duplicates"));
        // One story per release, each with one copy from every source and an origin.
        Assert.Equal(ReleaseCount, db.Scalar("SELECT count(*) FROM stories"));
        Assert.Equal(ReleaseCount, db.Scalar(
            "SELECT count(*) FROM (SELECT story_id FROM items GROUP BY story_id HAVING count(*) = @Copies AND count(DISTINCT source_id) = @Copies) AS whole",
            new { Copies = SourceCount }));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM stories WHERE origin_item_id IS NULL"));
        List<(string ItemKey, long StoryId)> placed = db.Query<(string, long)>("SELECT item_key, story_id FROM items");
        Assert.All(
            placed.GroupBy(row => row.ItemKey[(row.ItemKey.IndexOf('-', StringComparison.Ordinal) + 1)..]),
            release => Assert.Single(release.Select(row => row.StoryId).Distinct()));
        Assert.Equal(ReleaseCount, (await db.Stories.LatestStoriesAsync(50, Ct)).Count);
    }

    /// <summary>Starts every source's commit at once and waits for all of them.</summary>
    private static async Task<StoreResult[]> CommitAllAsync(StorageTestDatabase db, IItemStore[] stores, List<FeedSource> sources, List<FeedItem>[] batches)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DateTimeOffset at = db.Clock.GetUtcNow();
        Task<StoreResult>[] commits = [.. Enumerable.Range(0, SourceCount).Select(s => Task.Run(async () =>
        {
            await start.Task;
            return await stores[s % stores.Length].CommitRefreshAsync(sources[s].Id, batches[s], TestItems.Ok(at), Ct);
        }, Ct))];
        start.SetResult();
        return await Task.WhenAll(commits);
    }
}

public sealed class ConcurrentRefreshTestsOnSqlite() : ConcurrentRefreshTests(StorageProvider.Sqlite);

public sealed class ConcurrentRefreshTestsOnPostgres() : ConcurrentRefreshTests(StorageProvider.Postgres);
