using FeedHub.Core.Items;
using FeedHub.Core.Storage;
using FeedHub.Core.Stories;
using FeedHub.Storage;
using FeedHub.Storage.Database;
using FeedHub.Storage.Stories;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>The candidate index's postings, read with a bound per key: a key carried by more
/// stories (or items) than the options allow is common and finds nothing, whatever its share of
/// the item's keys; a release copied by many portals is one story and stays findable; the batch's
/// own items count too. Small bounds stand for the defaults (64 stories, 1,024 items).</summary>
public abstract class StoryKeyPostingsTests(StorageProvider provider)
{
    private static readonly DateTimeOffset Noon = StorageTestDatabase.Start;

    private static readonly StoryOptions Options = new() { MaxStoriesPerKey = 4, MaxItemsPerKey = 10 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_of_more_stories_or_items_than_allowed_is_common_and_the_others_keep_every_posting()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        StorageDatabase database = db.Services.GetRequiredService<StorageBackend>().Database;
        long itemId = 0;
        List<long[]> rows = [];
        void Post(long key, long story, int copies)
        {
            for (int i = 0; i < copies; i++)
            {
                rows.Add([key, ++itemId, story]);
            }
        }

        Post(1, 101, 1); Post(1, 102, 1); Post(1, 103, 1); Post(1, 104, 1);       // four stories: the limit
        Post(2, 201, 1); Post(2, 202, 1); Post(2, 203, 1); Post(2, 204, 1); Post(2, 205, 1); // five: common
        Post(3, 301, 10);                                                         // one story in ten copies: the item limit
        Post(4, 401, 11);                                                         // one story in eleven: common
        Post(5, 501, 2); Post(5, 502, 3);
        await InsertAsync(database, rows, Noon);
        // Outside the window: neither counted nor read.
        await InsertAsync(database, [[1, ++itemId, 105], [1, ++itemId, 106]], Noon.AddDays(30));

        await using StorageSession session = await StorageSession.BeginReadAsync(database, Ct);
        (Dictionary<long, List<StoryPosting>> postings, HashSet<long> common) = await StoryKeyPostings.ReadAsync(
            session, [1, 2, 3, 4, 5, 6, 2], Noon.AddDays(-7), Noon.AddDays(7), Options, new CommonKeyWitnesses(), Noon);

        Assert.Equal([2L, 4L], common.Order());
        Assert.Equal([1L, 3L, 5L], postings.Keys.Order());
        Assert.Equal([101L, 102L, 103L, 104L], postings[1].Select(posting => posting.StoryId).Order());
        Assert.Equal(10, postings[3].Count);
        Assert.All(postings[3], posting => Assert.Equal(new StoryPosting(301, Noon), posting));
        Assert.Equal([501L, 501L, 502L, 502L, 502L], postings[5].Select(posting => posting.StoryId).Order());
    }

    [Fact]
    public async Task An_item_whose_keys_are_all_common_has_no_key_candidates_and_one_rare_key_finds_its_story()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        StorageDatabase database = db.Services.GetRequiredService<StorageBackend>().Database;
        // Key 7 is formula text of five stories; key 8 is carried by story 900 alone, in ten copies.
        await InsertAsync(database, [.. Enumerable.Range(0, 5).Select(i => new long[] { 7, 1 + i, 700 + i }), .. Enumerable.Range(0, 10).Select(i => new long[] { 8, 10 + i, 900 })], Noon);

        FeedItem formula = TestItems.Item("formula", "https://portal.example/a", Noon.AddHours(1));
        FeedItem copy = TestItems.Item("copy", "https://portal.example/b", Noon.AddHours(1));
        await using StorageSession session = await StorageSession.BeginReadAsync(database, Ct);
        StoryCandidateIndex index = await StoryCandidateIndex.LoadAsync(session, [formula, copy], [[7], [7, 8]], Options, new StoryFeatureCache(), new CommonKeyWitnesses(), Noon);

        Assert.Empty(await index.CandidatesAsync(session, formula, [7]));
        Assert.Equal([900L], (await index.CandidatesAsync(session, copy, [7, 8])).Select(candidate => candidate.StoryId));
    }

    [Fact]
    public async Task Items_placed_earlier_in_the_batch_count_toward_making_a_key_common()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        StorageDatabase database = db.Services.GetRequiredService<StorageBackend>().Database;
        // Key 9 is carried by four stored stories: still usable.
        await InsertAsync(database, [.. Enumerable.Range(0, 4).Select(i => new long[] { 9, 1 + i, 800 + i })], Noon);

        FeedItem first = TestItems.Item("first", "https://portal.example/1", Noon);
        FeedItem second = TestItems.Item("second", "https://portal.example/2", Noon);
        await using StorageSession session = await StorageSession.BeginReadAsync(database, Ct);
        StoryCandidateIndex index = await StoryCandidateIndex.LoadAsync(session, [first, second], [[9], [9]], Options, new StoryFeatureCache(), new CommonKeyWitnesses(), Noon);
        Assert.Equal(4, (await index.CandidatesAsync(session, first, [9])).Count);

        // The first item starts a fifth story carrying the key: for the second, the key is common.
        index.Add(first, new StoryMember(50, 1, null, Noon, new StoryFeatureCache().Get("first")), 805, [9], startedStory: true);

        Assert.Empty(await index.CandidatesAsync(session, second, [9]));
    }

    [Fact]
    public async Task A_key_found_common_is_known_common_by_the_next_batches_whose_window_holds_its_witnesses()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        StorageDatabase database = db.Services.GetRequiredService<StorageBackend>().Database;
        // Key 1: five stories, one a day before noon (Noon - 4 days ... Noon); key 2: five stories in 11 items (common by items, no witness).
        await InsertAsync(database, [.. Enumerable.Range(0, 5).Select(i => new long[] { 1, 1 + i, 100 + i })], Noon, spreadDays: 1);
        await InsertAsync(database, [.. Enumerable.Range(0, 11).Select(i => new long[] { 2, 20 + i, 200 + (i % 2) })], Noon);
        var witnesses = new CommonKeyWitnesses();
        var options = new StoryOptions { MaxStoriesPerKey = 4, MaxItemsPerKey = 10 };

        Assert.Equal([1L, 2L], (await ReadAsync(database, witnesses, options, Noon.AddDays(-7), Noon.AddDays(7), Noon)).Common.Order());

        // The postings go (as a purge would take them): a batch whose window holds the five
        // witnesses still knows key 1 common, without reading it; key 2 is read again and is gone.
        await using (StorageSession session = await StorageSession.BeginWriteAsync(database, Ct))
        {
            await session.ExecuteAsync("DELETE FROM story_keys");
            await session.CommitAsync();
        }

        (Dictionary<long, List<StoryPosting>> postings, HashSet<long> common) = await ReadAsync(database, witnesses, options, Noon.AddDays(-6), Noon.AddDays(8), Noon.AddMinutes(5));
        Assert.Equal([1L], common);
        Assert.Empty(postings);

        // A window that leaves a witness out reads the key again.
        Assert.Empty((await ReadAsync(database, witnesses, options, Noon.AddDays(-3.5), Noon.AddDays(8), Noon.AddMinutes(10))).Common);
    }

    [Fact]
    public async Task Witnesses_expire_after_their_lifetime()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        StorageDatabase database = db.Services.GetRequiredService<StorageBackend>().Database;
        await InsertAsync(database, [.. Enumerable.Range(0, 5).Select(i => new long[] { 1, 1 + i, 100 + i })], Noon);
        var witnesses = new CommonKeyWitnesses();
        var options = new StoryOptions { MaxStoriesPerKey = 4, MaxItemsPerKey = 10 };
        Assert.Equal([1L], (await ReadAsync(database, witnesses, options, Noon.AddDays(-7), Noon.AddDays(7), Noon)).Common);
        await using (StorageSession session = await StorageSession.BeginWriteAsync(database, Ct))
        {
            await session.ExecuteAsync("DELETE FROM story_keys");
            await session.CommitAsync();
        }

        Assert.Equal([1L], (await ReadAsync(database, witnesses, options, Noon.AddDays(-7), Noon.AddDays(7), Noon + CommonKeyWitnesses.Lifetime)).Common);
        Assert.Empty((await ReadAsync(database, witnesses, options, Noon.AddDays(-7), Noon.AddDays(7), Noon + CommonKeyWitnesses.Lifetime + TimeSpan.FromSeconds(1))).Common);
    }

    private static async Task<(Dictionary<long, List<StoryPosting>> Postings, HashSet<long> Common)> ReadAsync(
        StorageDatabase database, CommonKeyWitnesses witnesses, StoryOptions options, DateTimeOffset from, DateTimeOffset until, DateTimeOffset now)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(database, Ct);
        return await StoryKeyPostings.ReadAsync(session, [1, 2], from, until, options, witnesses, now);
    }

    private static async Task InsertAsync(StorageDatabase database, List<long[]> postings, DateTimeOffset publishedAt, double spreadDays = 0)
    {
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, Ct);
        for (int i = 0; i < postings.Count; i++)
        {
            long[] posting = postings[i];
            await session.ExecuteAsync(
                "INSERT INTO story_keys (\"key\", published_at, item_id, story_id) VALUES (@Key, @PublishedAt, @ItemId, @StoryId)",
                new { Key = posting[0], PublishedAt = publishedAt.AddDays(-spreadDays * i), ItemId = posting[1], StoryId = posting[2] });
        }

        await session.CommitAsync();
    }
}

public sealed class StoryKeyPostingsTestsOnSqlite() : StoryKeyPostingsTests(StorageProvider.Sqlite);

public sealed class StoryKeyPostingsTestsOnPostgres() : StoryKeyPostingsTests(StorageProvider.Postgres);
