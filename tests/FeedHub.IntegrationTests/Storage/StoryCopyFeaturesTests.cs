using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Stories;
using FeedHub.Storage;
using FeedHub.Storage.Database;
using FeedHub.Storage.Stories;
using FeedHub.Tests.Stories;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>Stored copies' features are remembered by item id and content hash: a candidate's
/// copies and a source's recent items are featurized from their stored text once, and again
/// only when the content changes (a revision, here or on another node). The tests change a
/// stored text behind the cache's back, as nothing in FeedHub does, to see which text was used.</summary>
public abstract class StoryCopyFeaturesTests(StorageProvider provider)
{
    private static readonly DateTimeOffset Morning = StorageTestDatabase.Start.AddHours(-6);

    private const string Unrelated = "rapat koordinasi pengendalian inflasi daerah digelar di aula kantor bupati";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_candidate_copys_text_is_read_once_per_content_and_again_after_a_revision()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        StorageDatabase database = db.Services.GetRequiredService<StorageBackend>().Database;
        FeedSource source = await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://mc.kalselprov.go.id/feed", Title = "MC Kalsel" }, Ct);
        await db.Items.CommitRefreshAsync(source.Id, [Release("mc-1")], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        var cache = new StoryFeatureCache();
        StoryFeatures release = StoryFeatures.From(StoryText.From(Releases.BridgeTitle, Releases.Html(Releases.Bridge)).MatchText);

        Assert.Equal(release.Shingles, await CopyShinglesAsync(database, cache));

        await ExecuteAsync(database, "UPDATE items SET match_text = @Text", new { Text = Unrelated });
        Assert.Equal(release.Shingles, await CopyShinglesAsync(database, cache));
        Assert.Equal(StoryFeatures.From(Unrelated).Shingles, await CopyShinglesAsync(database, new StoryFeatureCache()));

        await ExecuteAsync(database, "UPDATE items SET content_hash = 'revised'", new { });
        Assert.Equal(StoryFeatures.From(Unrelated).Shingles, await CopyShinglesAsync(database, cache));
    }

    [Fact]
    public async Task An_item_placed_by_this_process_is_a_candidate_without_its_text_being_read_back()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        StorageDatabase database = db.Services.GetRequiredService<StorageBackend>().Database;
        FeedSource mediaCenter = await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://mc.kalselprov.go.id/feed", Title = "MC Kalsel" }, Ct);
        FeedSource portal = await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://portal.example/feed", Title = "Portal" }, Ct);
        await db.Items.CommitRefreshAsync(mediaCenter.Id, [Release("mc-1")], TestItems.Ok(db.Clock.GetUtcNow()), Ct);

        // Its stored text replaced behind the store's back: the copy still joins it, on the text it was placed with.
        await ExecuteAsync(database, "UPDATE items SET match_text = @Text", new { Text = Unrelated });
        await db.Items.CommitRefreshAsync(portal.Id, [Release("p-1")], TestItems.Ok(db.Clock.GetUtcNow()), Ct);

        await using StorageSession session = await StorageSession.BeginReadAsync(database, Ct);
        Assert.Equal(1, await session.ExecuteScalarAsync<long>("SELECT count(DISTINCT story_id) FROM items", new { }));
    }

    [Fact]
    public async Task A_copy_stored_without_matching_text_is_cleaned_from_its_html_on_every_read()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        StorageDatabase database = db.Services.GetRequiredService<StorageBackend>().Database;
        FeedSource source = await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://mc.kalselprov.go.id/feed", Title = "MC Kalsel" }, Ct);
        await db.Items.CommitRefreshAsync(source.Id, [Release("mc-1")], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        var cache = new StoryFeatureCache();
        await ExecuteAsync(database, "UPDATE items SET match_text = NULL", new { });
        StoryFeatures release = StoryFeatures.From(StoryText.From(Releases.BridgeTitle, Releases.Html(Releases.Bridge)).MatchText);
        Assert.Equal(release.Shingles, await CopyShinglesAsync(database, cache));

        // The backfill gives it a text under the same content hash: that text is what counts now.
        await ExecuteAsync(database, "UPDATE items SET match_text = @Text", new { Text = Unrelated });
        Assert.Equal(StoryFeatures.From(Unrelated).Shingles, await CopyShinglesAsync(database, cache));
    }

    [Fact]
    public async Task Boilerplate_is_learned_from_distinct_texts_of_the_stored_items_and_the_batch_and_their_texts_are_read_once()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        StorageDatabase database = db.Services.GetRequiredService<StorageBackend>().Database;
        FeedSource source = await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://portal.example/feed", Title = "Portal" }, Ct);
        const string Footer = "ikuti kami di google news untuk berita terbaru setiap hari";
        string[] paragraphs = ["pembangunan jembatan sungai tabuk rampung", "puskesmas rawat inap aluh aluh diresmikan"];
        FeedItem[] stored = [.. paragraphs.Select((text, i) => Item($"p-{i}", $"Berita {i}", [text, Footer], Morning.AddHours(i)))];
        await db.Items.CommitRefreshAsync(source.Id, stored, TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        var assigner = new StoryAssigner(new StoryOptions());
        StoryText twin0 = StoryText.From("Berita 0", Releases.Html([paragraphs[0], Footer]));
        StoryText twin1 = StoryText.From("Berita 1", Releases.Html([paragraphs[1], Footer]));
        StoryText fresh = StoryText.From("Berita 9", Releases.Html(["banjir di hulu sungai", "ikuti kami di google news untuk berita terbaru"]));
        ulong footer = StoryFeatures.From("ikuti kami di").Shingles.Single();

        // The footer's first shingle needs 3 distinct texts (BoilerplateMinItems): two stored, one new.
        Assert.True((await LearnAsync(database, assigner, source.Id, [twin0, fresh])).Contains(footer));

        // A new text identical to a stored one counts once, as does a text twice in the batch.
        await ExecuteAsync(database, "UPDATE items SET match_text = NULL WHERE item_key = 'p-1'", new { });
        Assert.False((await LearnAsync(database, assigner, source.Id, [twin0, fresh, twin0])).Contains(footer));

        // A stored text changed behind the cache, content unchanged: the features remembered are used.
        await ExecuteAsync(database, "UPDATE items SET match_text = @Text WHERE item_key = 'p-0'", new { Text = Unrelated });
        Assert.True((await LearnAsync(database, assigner, source.Id, [fresh, twin1])).Contains(footer));
        Assert.False((await LearnAsync(database, new StoryAssigner(new StoryOptions()), source.Id, [fresh, twin1])).Contains(footer));
    }

    private static async Task<SourceBoilerplate> LearnAsync(StorageDatabase database, StoryAssigner assigner, long sourceId, List<StoryText> batch)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(database, Ct);
        return await assigner.LearnBoilerplateAsync(session, sourceId, batch);
    }

    /// <summary>The features of the one stored copy, as the candidate read of a new item sharing its keys gives them.</summary>
    private static async Task<HashSet<ulong>> CopyShinglesAsync(StorageDatabase database, StoryFeatureCache cache)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(database, Ct);
        List<long> keys = await session.QueryAsync<long>("SELECT \"key\" FROM story_keys", new { });
        FeedItem probe = TestItems.Item("probe", "https://portal.example/probe", Morning.AddHours(1));
        StoryCandidateIndex index = await StoryCandidateIndex.LoadAsync(session, [probe], [keys], new StoryOptions(), cache, new CommonKeyWitnesses(), Morning);
        CandidateStory story = Assert.Single(await index.CandidatesAsync(session, probe, keys));
        return Assert.Single(story.Members).Features.Shingles;
    }

    private static async Task ExecuteAsync(StorageDatabase database, string sql, object parameters)
    {
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, Ct);
        await session.ExecuteAsync(sql, parameters);
        await session.CommitAsync();
    }

    private static FeedItem Release(string key) =>
        Item(key, Releases.BridgeTitle, Releases.Bridge, Morning);

    private static FeedItem Item(string key, string title, IEnumerable<string> paragraphs, DateTimeOffset publishedAt) =>
        TestItems.Item(key, $"https://portal.example/{key}", publishedAt, title: title) with { ContentHtml = Releases.Html(paragraphs), Summary = null };
}

public sealed class StoryCopyFeaturesTestsOnSqlite() : StoryCopyFeaturesTests(StorageProvider.Sqlite);

public sealed class StoryCopyFeaturesTestsOnPostgres() : StoryCopyFeaturesTests(StorageProvider.Postgres);
