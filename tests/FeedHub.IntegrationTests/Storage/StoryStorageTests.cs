using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Core.Stories;
using FeedHub.Storage;
using FeedHub.Tests.Stories;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>Stories on a real SQLite file: near-duplicate copies join through the key index,
/// the origin follows the rules, ids stay put, and an admin's corrections hold.</summary>
public abstract class StoryStorageTests(StorageProvider provider)
{
    private static readonly DateTimeOffset Morning = StorageTestDatabase.Start.AddHours(-6);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_seed_case_a_portal_copy_of_a_release_is_one_story_credited_to_the_media_center()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource mediaCenter = await AddAsync(db, "https://mc.kalselprov.go.id/feed", "Diskominfo MC Kalsel", ["MC Kalsel"]);
        FeedSource portal = await AddAsync(db, "https://portal.example/feed", "Portal Banua");

        await CommitAsync(db, mediaCenter, Release("mc-1", "https://mc.kalselprov.go.id/jembatan", Morning));
        await CommitAsync(db, portal, PortalCopy("p-1", Morning.AddHours(2)));

        StoryEntry story = Assert.Single(await db.Stories.LatestStoriesAsync(10, Ct));
        Assert.Equal(mediaCenter.Id, story.SourceId);
        Assert.Equal(Releases.BridgeTitle, story.Item.Title);
        Assert.Equal("https://mc.kalselprov.go.id/jembatan", story.Item.CanonicalLink);
        Assert.Equal(portal.Id, Assert.Single(story.AlsoPublishedBy).SourceId);

        StoryExplanation explanation = (await Admin(db).ExplainAsync(story.StoryId, Ct))!;
        StoryMemberExplanation copy = explanation.Members.Single(member => member.SourceId == portal.Id);
        Assert.Equal(StoryJoinRule.SimilarText, copy.Rule);
        Assert.True(copy.Score >= new StoryOptions().JoinThreshold, copy.Reason);
        Assert.Contains("containment", copy.Reason, StringComparison.Ordinal);
        Assert.Equal(["MC Kalsel"], copy.Credits);
        Assert.Equal(OriginRule.CreditLine, explanation.OriginRule);
    }

    [Fact]
    public async Task When_the_origin_arrives_last_the_story_keeps_its_id_and_moves_to_it()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource mediaCenter = await AddAsync(db, "https://mc.kalselprov.go.id/feed", "Diskominfo MC Kalsel", ["MC Kalsel"]);
        FeedSource portal = await AddAsync(db, "https://portal.example/feed", "Portal Banua");
        FeedSource other = await AddAsync(db, "https://kalselterkini.example/feed", "Kalsel Terkini");

        await CommitAsync(db, portal, PortalCopy("p-1", Morning.AddHours(2)));
        await CommitAsync(db, other, PortalCopy("o-1", Morning.AddHours(3)) with { Link = "https://kalselterkini.example/jembatan", CanonicalLink = "https://kalselterkini.example/jembatan" });
        StoryEntry before = Assert.Single(await db.Stories.LatestStoriesAsync(10, Ct));
        Assert.Equal(portal.Id, before.SourceId);

        await CommitAsync(db, mediaCenter, Release("mc-1", "https://mc.kalselprov.go.id/jembatan", Morning));

        StoryEntry after = Assert.Single(await db.Stories.LatestStoriesAsync(10, Ct));
        Assert.Equal(before.StoryId, after.StoryId);
        Assert.Equal(mediaCenter.Id, after.SourceId);
        Assert.Equal("https://mc.kalselprov.go.id/jembatan", after.Item.Link);
        Assert.Equal([portal.Id, other.Id], after.AlsoPublishedBy.Select(copy => copy.SourceId));
    }

    [Fact]
    public async Task Two_releases_of_one_office_on_one_day_stay_two_stories_with_their_copies()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource mediaCenter = await AddAsync(db, "https://mc.kalselprov.go.id/feed", "Diskominfo MC Kalsel", ["MC Kalsel"]);
        FeedSource portal = await AddAsync(db, "https://portal.example/feed", "Portal Banua");

        await CommitAsync(db, mediaCenter,
            Release("mc-1", "https://mc.kalselprov.go.id/jembatan", Morning),
            Item("mc-2", Releases.ClinicTitle, Releases.Clinic, "https://mc.kalselprov.go.id/puskesmas", Morning.AddHours(1)));
        await CommitAsync(db, portal,
            PortalCopy("p-1", Morning.AddHours(2)),
            Item("p-2", "[Rilis] " + Releases.ClinicTitle, [.. Releases.Clinic.Take(5), "(Sumber : MC Kalsel)"], "https://portal.example/puskesmas", Morning.AddHours(3)));

        IReadOnlyList<StoryEntry> stories = await db.Stories.LatestStoriesAsync(10, Ct);
        Assert.Equal(2, stories.Count);
        Assert.All(stories, story => Assert.Equal(mediaCenter.Id, story.SourceId));
        Assert.All(stories, story => Assert.Equal(portal.Id, Assert.Single(story.AlsoPublishedBy).SourceId));
        Assert.Equal([Releases.ClinicTitle, Releases.BridgeTitle], stories.Select(story => story.Item.Title));
    }

    [Fact]
    public async Task A_revision_of_a_copy_stays_in_its_story()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource mediaCenter = await AddAsync(db, "https://mc.kalselprov.go.id/feed", "Diskominfo MC Kalsel", ["MC Kalsel"]);
        FeedSource portal = await AddAsync(db, "https://portal.example/feed", "Portal Banua");
        await CommitAsync(db, mediaCenter, Release("mc-1", "https://mc.kalselprov.go.id/jembatan", Morning));
        await CommitAsync(db, portal, PortalCopy("p-1", Morning.AddHours(2)));
        long storyId = Assert.Single(await db.Stories.LatestStoriesAsync(10, Ct)).StoryId;

        // The portal rewrites its copy into something no longer similar: still the same entry.
        await CommitAsync(db, portal, Item("p-1", "Koreksi", ["Berita ini telah diperbarui oleh redaksi."], "https://portal.example/jembatan", Morning.AddHours(2)) with { ContentHash = "revised" });

        Assert.Equal(storyId, db.Scalar("SELECT story_id FROM items WHERE item_key = 'p-1'"));
        Assert.Equal(1, db.Scalar("SELECT count(*) FROM stories"));
    }

    [Fact]
    public async Task A_revision_that_keeps_its_matching_text_keeps_its_keys_at_its_new_publish_time_and_a_new_text_is_keyed_again()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource mediaCenter = await AddAsync(db, "https://mc.kalselprov.go.id/feed", "Diskominfo MC Kalsel", ["MC Kalsel"]);
        FeedSource portal = await AddAsync(db, "https://portal.example/feed", "Portal Banua");
        FeedItem release = Release("mc-1", "https://mc.kalselprov.go.id/jembatan", Morning) with { Categories = ["Infrastruktur"] };
        await CommitAsync(db, mediaCenter, release);
        List<string> keys = KeysOf(db, "mc-1");
        Assert.NotEmpty(keys);

        // Re-dated under a new link, the same text: a revision whose keys move to its new publish time.
        FeedItem redated = release with { ContentHash = "v2", Link = "https://mc.kalselprov.go.id/jembatan?utm_source=rss", PublishedAt = Morning.AddHours(1) };
        Assert.Equal(new StoreResult(0, 1, 0), await db.Items.CommitRefreshAsync(mediaCenter.Id, [redated], TestItems.Ok(db.Clock.GetUtcNow()), Ct));
        Assert.Equal(keys, KeysOf(db, "mc-1"));
        AssertKeysCarryTheItemsPublishTime(db, "mc-1", keys.Count);
        Assert.Equal(["infrastruktur"], TagsOf(db, "mc-1"));

        // New categories, the same text: the tags follow, the keys stay.
        await CommitAsync(db, mediaCenter, redated with { ContentHash = "v3", Categories = ["Jalan", "Kalsel"] });
        Assert.Equal(["jalan", "kalsel"], TagsOf(db, "mc-1"));
        Assert.Equal(keys, KeysOf(db, "mc-1"));

        // Its copy still finds it through the moved keys.
        await CommitAsync(db, portal, PortalCopy("p-1", Morning.AddHours(2)));
        Assert.Equal(db.Scalar("SELECT story_id FROM items WHERE item_key = 'mc-1'"), db.Scalar("SELECT story_id FROM items WHERE item_key = 'p-1'"));

        // A new text is keyed again, at the item's publish time.
        await CommitAsync(db, mediaCenter, Item("mc-1", Releases.ClinicTitle, Releases.Clinic, "https://mc.kalselprov.go.id/jembatan", Morning.AddHours(1)) with { ContentHash = "v4" });
        List<string> rekeyed = KeysOf(db, "mc-1");
        Assert.NotEmpty(rekeyed);
        Assert.NotEqual(keys, rekeyed);
        AssertKeysCarryTheItemsPublishTime(db, "mc-1", rekeyed.Count);
        Assert.Contains("puskesmas rawat inap", db.Query<string>("SELECT match_text FROM items WHERE item_key = 'mc-1'").Single(), StringComparison.Ordinal);
    }

    private static List<string> KeysOf(StorageTestDatabase db, string itemKey) =>
        db.Query<(long Key, long StoryId)>("SELECT k.key, k.story_id FROM story_keys k JOIN items i ON i.id = k.item_id WHERE i.item_key = @ItemKey ORDER BY k.key", new { ItemKey = itemKey })
            .ConvertAll(row => $"{row.Key} {row.StoryId}");

    private static List<string> TagsOf(StorageTestDatabase db, string itemKey) =>
        db.Query<string>("SELECT t.tag FROM item_tags t JOIN items i ON i.id = t.item_id WHERE i.item_key = @ItemKey ORDER BY t.tag", new { ItemKey = itemKey });

    private static void AssertKeysCarryTheItemsPublishTime(StorageTestDatabase db, string itemKey, int count)
    {
        const string Joined = "FROM story_keys k JOIN items i ON i.id = k.item_id WHERE i.item_key = @ItemKey";
        Assert.Equal(count, db.Scalar($"SELECT count(*) {Joined} AND k.published_at = i.published_at", new { ItemKey = itemKey }));
        Assert.Equal(0, db.Scalar($"SELECT count(*) {Joined} AND k.published_at <> i.published_at", new { ItemKey = itemKey }));
    }

    [Fact]
    public async Task Copies_committed_at_the_same_moment_by_two_refreshes_end_in_one_story()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource mediaCenter = await AddAsync(db, "https://mc.kalselprov.go.id/feed", "Diskominfo MC Kalsel", ["MC Kalsel"]);
        FeedSource portal = await AddAsync(db, "https://portal.example/feed", "Portal Banua");
        // A second service provider on the same file: another process as far as SQLite knows.
        IServiceProvider second = db.Connect();

        for (int round = 0; round < 5; round++)
        {
            // Rounds further apart than the candidate window: each round is its own story.
            DateTimeOffset at = Morning.AddDays(10 * round);
            Task first = db.Items.CommitRefreshAsync(mediaCenter.Id, [Release($"mc-{round}", $"https://mc.kalselprov.go.id/jembatan-{round}", at)], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
            Task other = second.GetRequiredService<FeedHub.Core.Storage.IItemStore>().CommitRefreshAsync(
                portal.Id, [PortalCopy($"p-{round}", at.AddMinutes(5)) with { Link = $"https://portal.example/jembatan-{round}", CanonicalLink = $"https://portal.example/jembatan-{round}" }], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
            await Task.WhenAll(first, other);
        }

        Assert.Equal(10, db.Scalar("SELECT count(*) FROM items"));
        Assert.Equal(5, db.Scalar("SELECT count(DISTINCT story_id) FROM items"));
        Assert.Equal(5, db.Scalar("SELECT count(*) FROM stories"));
    }

    [Fact]
    public async Task Split_gives_the_item_its_own_story_merge_folds_the_newer_story_into_the_older_and_both_are_audited()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource mediaCenter = await AddAsync(db, "https://mc.kalselprov.go.id/feed", "Diskominfo MC Kalsel", ["MC Kalsel"]);
        FeedSource portal = await AddAsync(db, "https://portal.example/feed", "Portal Banua");
        await CommitAsync(db, mediaCenter, Release("mc-1", "https://mc.kalselprov.go.id/jembatan", Morning));
        await CommitAsync(db, portal, PortalCopy("p-1", Morning.AddHours(2)));
        long storyId = Assert.Single(await db.Stories.LatestStoriesAsync(10, Ct)).StoryId;
        long copyId = db.Scalar("SELECT id FROM items WHERE item_key = 'p-1'");
        long version = await db.Stories.GetChangeVersionAsync(Ct);

        StorySplit split = (await Admin(db).SplitAsync(copyId, "cli", Ct))!;

        Assert.True(split.Changed);
        Assert.Equal(storyId, split.FromStoryId);
        Assert.NotEqual(storyId, split.StoryId);
        IReadOnlyList<StoryEntry> apart = await db.Stories.LatestStoriesAsync(10, Ct);
        Assert.Equal(2, apart.Count);
        Assert.All(apart, story => Assert.Empty(story.AlsoPublishedBy));
        Assert.True(await db.Stories.GetChangeVersionAsync(Ct) > version);
        Assert.Equal(StoryJoinRule.SplitByAdmin, (await Admin(db).ExplainAsync(split.StoryId, Ct))!.Members.Single().Rule);

        // A later poll of an unchanged feed leaves the split alone.
        await CommitAsync(db, portal, PortalCopy("p-1", Morning.AddHours(2)));
        Assert.Equal(split.StoryId, db.Scalar("SELECT story_id FROM items WHERE id = @Id", new { Id = copyId }));

        StoryMerge merge = (await Admin(db).MergeAsync(split.StoryId, storyId, "cli", Ct))!;

        Assert.Equal(storyId, merge.KeptStoryId);
        Assert.Equal(split.StoryId, merge.RemovedStoryId);
        StoryEntry merged = Assert.Single(await db.Stories.LatestStoriesAsync(10, Ct));
        Assert.Equal(storyId, merged.StoryId);
        Assert.Equal(mediaCenter.Id, merged.SourceId);
        Assert.Null(await Admin(db).ExplainAsync(split.StoryId, Ct));
        StoryExplanation explanation = (await Admin(db).ExplainAsync(storyId, Ct))!;
        Assert.Equal(["split", "merge"], explanation.Corrections.Select(correction => correction.Action));
        Assert.Equal(2, db.Scalar("SELECT count(*) FROM audit_log WHERE action LIKE 'story-%'"));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM story_keys WHERE story_id = @Id", new { Id = split.StoryId }));

        // A new story never takes the merged-away id (or its feed GUID).
        await CommitAsync(db, portal, Item("p-9", "Festival Budaya Banjar Digelar", ["Festival budaya tahunan digelar di Martapura dengan 40 sanggar seni dari 13 kabupaten."], "https://portal.example/festival", Morning.AddHours(4)));
        Assert.True(db.Scalar("SELECT max(id) FROM stories") > split.StoryId);
    }

    [Fact]
    public async Task Corrections_of_unknown_items_and_stories_answer_null()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        Assert.Null(await Admin(db).SplitAsync(404, "cli", Ct));
        Assert.Null(await Admin(db).MergeAsync(1, 2, "cli", Ct));
        Assert.Null(await Admin(db).ExplainAsync(1, Ct));
    }

    private static IStoryAdminStore Admin(StorageTestDatabase db) => db.Services.GetRequiredService<IStoryAdminStore>();

    private static Task<FeedSource> AddAsync(StorageTestDatabase db, string url, string title, IReadOnlyList<string>? credits = null) =>
        db.Sources.UpsertAsync(new SourceDefinition { Url = url, Title = title, Credits = credits ?? [] }, Ct);

    private static Task CommitAsync(StorageTestDatabase db, FeedSource source, params FeedItem[] items) =>
        db.Items.CommitRefreshAsync(source.Id, items, TestItems.Ok(db.Clock.GetUtcNow()), Ct);

    private static FeedItem Release(string key, string link, DateTimeOffset publishedAt) =>
        Item(key, Releases.BridgeTitle, Releases.Bridge, link, publishedAt);

    /// <summary>The seed case: dateline, [Rilis] prefix, one sentence dropped, credit line, own link.</summary>
    private static FeedItem PortalCopy(string key, DateTimeOffset publishedAt)
    {
        string[] copy = [.. Releases.Bridge.Where((_, i) => i != 5 && i != Releases.Bridge.Length - 1), "(Sumber : MC Kalsel)"];
        copy[0] = "KALSEL, Portal – " + copy[0][(copy[0].IndexOf('–', StringComparison.Ordinal) + 2)..];
        return Item(key, "[Rilis] " + Releases.BridgeTitle, copy, "https://portal.example/jembatan", publishedAt);
    }

    private static FeedItem Item(string key, string title, IEnumerable<string> paragraphs, string link, DateTimeOffset publishedAt) =>
        TestItems.Item(key, link, publishedAt, title: title) with { ContentHtml = Releases.Html(paragraphs), Summary = null, Link = link };
}

/// <summary>The contract on SQLite, and what only SQLite has.</summary>
public sealed class StoryStorageTestsOnSqlite() : StoryStorageTests(StorageProvider.Sqlite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Learning_a_sources_boilerplate_reads_its_latest_items_through_an_index_not_its_whole_history()
    {
        // The query of StoryAssigner.LearnBoilerplateAsync: it runs on every commit, so a sort of the
        // source's whole history made the cost per item grow with the store (stories-cost benchmark).
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        using Microsoft.Data.Sqlite.SqliteConnection connection = db.OpenRaw();
        using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN SELECT match_text FROM items WHERE source_id = 1 AND match_text IS NOT NULL ORDER BY id DESC LIMIT 60";
        var plan = new List<string>();
        using (Microsoft.Data.Sqlite.SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(plan, step => step.Contains("USING INDEX ix_items_source_id_id", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Choosing_an_origin_reads_the_sources_it_needs_through_indexes_not_the_whole_catalogue()
    {
        // StoryOrigins' sources query runs on every poll that places an item; a scan of the sources
        // table made each changed poll's cost grow with the catalogue (10,000 sources in issue 12).
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        using Microsoft.Data.Sqlite.SqliteConnection connection = db.OpenRaw();
        using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + FeedHub.Storage.Stories.StoryOrigins.SourcesSql(new FeedHub.Storage.Sqlite.SqliteDialect());
        command.Parameters.AddWithValue("@StoryIds", "[1,2]");
        var plan = new List<string>();
        using (Microsoft.Data.Sqlite.SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        // A scan of a partial index reads only the few rows it holds; a scan of the table reads all.
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN sources", StringComparison.Ordinal) && !step.Contains("USING INDEX", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("USING INDEX ix_sources_origin", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("USING INDEX ix_sources_credited", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_revision_deletes_keys_only_for_a_new_matching_text_and_tags_only_for_new_categories()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource mediaCenter = await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://mc.kalselprov.go.id/feed", Title = "Diskominfo MC Kalsel" }, Ct);
        // Every row the writes delete from either table, in order (an UPDATE fires no DELETE trigger).
        db.Execute(
            """
            CREATE TABLE test_deleted (source_table TEXT NOT NULL);
            CREATE TRIGGER test_story_keys_deleted AFTER DELETE ON story_keys BEGIN INSERT INTO test_deleted VALUES ('story_keys'); END;
            CREATE TRIGGER test_item_tags_deleted AFTER DELETE ON item_tags BEGIN INSERT INTO test_deleted VALUES ('item_tags'); END;
            """);
        FeedItem release = TestItems.Item("mc-1", "https://mc.kalselprov.go.id/jembatan", StorageTestDatabase.Start.AddHours(-6), title: Releases.BridgeTitle)
            with { ContentHtml = Releases.Html(Releases.Bridge), Summary = null, Categories = ["Infrastruktur"] };
        await Commit(release);

        await Commit(release with { ContentHash = "v2", Link = release.Link + "?utm_source=rss", PublishedAt = release.PublishedAt.AddHours(1) });
        Assert.Empty(Deleted());

        await Commit(release with { ContentHash = "v3", Categories = ["Jalan"] });
        Assert.Equal(["item_tags"], Deleted().Distinct());

        db.Execute("DELETE FROM test_deleted");
        await Commit(release with { ContentHash = "v4", ContentHtml = Releases.Html(Releases.Clinic), Categories = ["Jalan"] });
        Assert.Equal(["story_keys"], Deleted().Distinct());

        Task Commit(FeedItem item) => db.Items.CommitRefreshAsync(mediaCenter.Id, [item], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        List<string> Deleted() => db.Query<string>("SELECT source_table FROM test_deleted ORDER BY rowid");
    }
}

public sealed class StoryStorageTestsOnPostgres() : StoryStorageTests(StorageProvider.Postgres);
