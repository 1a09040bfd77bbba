using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Stories;
using FeedHub.Storage;
using FeedHub.Storage.Database;
using FeedHub.Storage.Stories;
using FeedHub.Tests.Stories;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>Stored copies' matching texts come in the same read as their ids while the feature
/// cache holds few of the copies read (a new process: <c>refresh --all</c>), and in a second read
/// of the copies not held once it holds most (a warm worker). Either way a copy gets the features
/// of the text it is stored with, or of the text it was remembered with under the same content hash.</summary>
public abstract class StoryTextReadsTests(StorageProvider provider)
{
    private static readonly DateTimeOffset Morning = StorageTestDatabase.Start.AddHours(-6);
    private const string Unrelated = "rapat koordinasi pengendalian inflasi daerah digelar di aula kantor bupati";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_new_cache_reads_texts_along_until_most_copies_read_are_found_in_it_and_again_once_they_are_not()
    {
        var cache = new StoryFeatureCache();
        Assert.True(cache.ReadTextsAlong);

        for (int i = 0; i < 4; i++)
        {
            cache.RecordStoredReads(found: 60, read: 60);
        }

        Assert.False(cache.ReadTextsAlong);
        cache.RecordStoredReads(found: 0, read: 0);
        Assert.False(cache.ReadTextsAlong);

        for (int i = 0; i < 4; i++)
        {
            cache.RecordStoredReads(found: 1, read: 60);
        }

        Assert.True(cache.ReadTextsAlong);
    }

    [Fact]
    public async Task Copies_not_held_by_a_warm_cache_are_read_by_id_with_their_stored_or_legacy_text()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        StorageDatabase database = db.Services.GetRequiredService<StorageBackend>().Database;
        FeedSource source = await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://mc.kalselprov.go.id/feed", Title = "MC Kalsel" }, Ct);
        await db.Items.CommitRefreshAsync(source.Id, [Release("mc-1")], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        StoryFeatures release = StoryFeatures.From(StoryText.From(Releases.BridgeTitle, Releases.Html(Releases.Bridge)).MatchText);

        StoryFeatureCache warm = Warm();
        await ExecuteAsync(database, "UPDATE items SET match_text = @Text", new { Text = Unrelated });
        Assert.Equal(StoryFeatures.From(Unrelated).SortedShingles.ToArray(), await CopyShinglesAsync(database, warm));

        // Held now under this content hash: its remembered text stands, whatever is stored.
        await ExecuteAsync(database, "UPDATE items SET match_text = NULL", new { });
        Assert.Equal(StoryFeatures.From(Unrelated).SortedShingles.ToArray(), await CopyShinglesAsync(database, warm));

        // Stored before matching texts were kept: cleaned from its HTML, by either read.
        Assert.Equal(release.SortedShingles.ToArray(), await CopyShinglesAsync(database, Warm()));
        Assert.Equal(release.SortedShingles.ToArray(), await CopyShinglesAsync(database, new StoryFeatureCache()));
    }

    [Fact]
    public async Task Boilerplate_learned_through_either_read_is_the_same()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        StorageDatabase database = db.Services.GetRequiredService<StorageBackend>().Database;
        FeedSource source = await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://portal.example/feed", Title = "Portal" }, Ct);
        const string Footer = "ikuti kami di google news untuk berita terbaru setiap hari";
        string[] paragraphs = ["pembangunan jembatan sungai tabuk rampung", "puskesmas rawat inap aluh aluh diresmikan", "banjir di hulu sungai surut"];
        FeedItem[] stored = [.. paragraphs.Select((text, i) => Item($"p-{i}", $"Berita {i}", [text, Footer], Morning.AddHours(i)))];
        await db.Items.CommitRefreshAsync(source.Id, stored, TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        ulong footer = StoryFeatures.From("ikuti kami di").SortedShingles[0];

        var cold = new StoryAssigner(new StoryOptions());
        SourceBoilerplate alongTexts = await LearnAsync(database, cold, source.Id);
        var warm = new StoryAssigner(new StoryOptions());
        for (int i = 0; i < 4; i++)
        {
            warm.Features.RecordStoredReads(found: 1, read: 1);
        }

        Assert.False(warm.Features.ReadTextsAlong);
        SourceBoilerplate byIds = await LearnAsync(database, warm, source.Id);

        Assert.True(alongTexts.Contains(footer));
        Assert.Equal(alongTexts.SortedShingles.ToArray(), byIds.SortedShingles.ToArray());
    }

    private static StoryFeatureCache Warm()
    {
        var cache = new StoryFeatureCache();
        for (int i = 0; i < 4; i++)
        {
            cache.RecordStoredReads(found: 1, read: 1);
        }

        Assert.False(cache.ReadTextsAlong);
        return cache;
    }

    private static async Task<SourceBoilerplate> LearnAsync(StorageDatabase database, StoryAssigner assigner, long sourceId)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(database, Ct);
        return await assigner.LearnBoilerplateAsync(session, sourceId, []);
    }

    private static async Task<ulong[]> CopyShinglesAsync(StorageDatabase database, StoryFeatureCache cache)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(database, Ct);
        List<long> keys = await session.QueryAsync<long>("SELECT \"key\" FROM story_keys", new { });
        FeedItem probe = TestItems.Item("probe", "https://portal.example/probe", Morning.AddHours(1));
        StoryCandidateIndex index = await StoryCandidateIndex.LoadAsync(session, [probe], [keys], new StoryOptions(), cache, new CommonKeyWitnesses(), Morning);
        CandidateStory story = Assert.Single(await index.CandidatesAsync(session, probe, keys));
        return Assert.Single(story.Members).Features.SortedShingles.ToArray();
    }

    private static async Task ExecuteAsync(StorageDatabase database, string sql, object parameters)
    {
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, Ct);
        await session.ExecuteAsync(sql, parameters);
        await session.CommitAsync();
    }

    private static FeedItem Release(string key) =>
        TestItems.Item(key, $"https://portal.example/{key}", Morning, title: Releases.BridgeTitle) with { ContentHtml = Releases.Html(Releases.Bridge), Summary = null };

    private static FeedItem Item(string key, string title, IEnumerable<string> paragraphs, DateTimeOffset publishedAt) =>
        TestItems.Item(key, $"https://portal.example/{key}", publishedAt, title: title) with { ContentHtml = Releases.Html(paragraphs), Summary = null };
}

public sealed class StoryTextReadsTestsOnSqlite() : StoryTextReadsTests(StorageProvider.Sqlite);

public sealed class StoryTextReadsTestsOnPostgres() : StoryTextReadsTests(StorageProvider.Postgres);
