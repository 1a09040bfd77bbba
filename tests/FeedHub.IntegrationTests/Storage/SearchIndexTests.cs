using System.Data.Common;
using Dapper;
using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Core.Stories;
using FeedHub.Storage;
using FeedHub.Storage.Postgres;
using FeedHub.Storage.Sqlite;
using FeedHub.Storage.Stories;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>The search index: kept in step with every write, filled for items stored before it,
/// and used by the story query instead of a scan (each engine's own query plan).</summary>
public abstract class SearchIndexTests(StorageProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_revision_or_a_purge_updates_the_index_and_the_tags()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource source = await db.AddSourceAsync("https://mc.example/feed");
        await db.Items.CommitRefreshAsync(source.Id, [Item("a", "Banjir rendam Martapura", ["Bencana"])], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        Assert.Equal(["a"], await KeysAsync(db, new StoryQuery { Limit = 10, Words = ["martapura"] }));
        Assert.Equal(["a"], await KeysAsync(db, new StoryQuery { Limit = 10, Selections = [new StorySelection { Tags = ["bencana"] }] }));

        db.Clock.Advance(TimeSpan.FromMinutes(1));
        await db.Items.CommitRefreshAsync(source.Id, [Item("a", "Banjir surut di Barabai", ["Cuaca"]) with { ContentHash = "v2" }], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        Assert.Empty(await KeysAsync(db, new StoryQuery { Limit = 10, Words = ["martapura"] }));
        Assert.Equal(["a"], await KeysAsync(db, new StoryQuery { Limit = 10, Words = ["barabai"] }));
        Assert.Empty(await KeysAsync(db, new StoryQuery { Limit = 10, Selections = [new StorySelection { Tags = ["bencana"] }] }));
        Assert.Equal(["a"], await KeysAsync(db, new StoryQuery { Limit = 10, Selections = [new StorySelection { Tags = ["cuaca"] }] }));

        await db.Sources.DeleteAsync(source.Id, purgeItems: true, Ct);
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM item_tags"));
        CheckIndex(db);
    }

    [Fact]
    public async Task A_revision_that_keeps_the_folded_text_is_found_as_before_and_one_that_changes_it_is_indexed_again()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource source = await db.AddSourceAsync("https://mc.example/feed");
        FeedItem first = Item("a", "Banjir rendam Martapura", ["Bencana"]);
        await db.Items.CommitRefreshAsync(source.Id, [first, Item("b", "Pasar Terapung", ["Ekonomi"])], TestItems.Ok(db.Clock.GetUtcNow()), Ct);

        // Re-dated, with a new link: a revision (a new content hash) of the same title and text.
        db.Clock.Advance(TimeSpan.FromMinutes(1));
        FeedItem redated = first with { ContentHash = "v2", Link = "https://news.example/a?edited", PublishedAt = first.PublishedAt.AddHours(1) };
        Assert.Equal(new StoreResult(0, 1, 0), await db.Items.CommitRefreshAsync(source.Id, [redated], TestItems.Ok(db.Clock.GetUtcNow()), Ct));
        Assert.Equal(["a"], await KeysAsync(db, new StoryQuery { Limit = 10, Words = ["martapura"] }));
        CheckIndex(db);

        db.Clock.Advance(TimeSpan.FromMinutes(1));
        await db.Items.CommitRefreshAsync(source.Id, [Item("a", "Banjir surut di Barabai", ["Bencana"]) with { ContentHash = "v3" }], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        Assert.Empty(await KeysAsync(db, new StoryQuery { Limit = 10, Words = ["martapura"] }));
        Assert.Equal(["a"], await KeysAsync(db, new StoryQuery { Limit = 10, Words = ["barabai"] }));
        Assert.Equal(["b"], await KeysAsync(db, new StoryQuery { Limit = 10, Words = ["terapung"] }));
        CheckIndex(db);
    }

    [Fact]
    public async Task Items_stored_before_the_search_index_are_found_after_the_backfill()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource source = await db.AddSourceAsync("https://mc.example/feed");
        await db.Items.CommitRefreshAsync(source.Id, [Item("a", "Festival İstanbul", ["Budaya"]), Item("b", "Pasar Terapung", ["Ekonomi"])], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        // As migration 0012 leaves items stored before it: no folded text, no tags.
        db.Execute("UPDATE items SET search_text = NULL");
        db.Execute("DELETE FROM item_tags");
        Assert.Empty(await KeysAsync(db, new StoryQuery { Limit = 10, Words = ["istanbul"] }));

        ISearchIndexBackfill backfill = db.Services.GetRequiredService<ISearchIndexBackfill>();
        StoryBackfillBatch first = await backfill.IndexBatchAsync(0, batchSize: 1, Ct);
        StoryBackfillBatch second = await backfill.IndexBatchAsync(first.LastItemId, batchSize: 1, Ct);
        StoryBackfillBatch done = await backfill.IndexBatchAsync(second.LastItemId, batchSize: 1, Ct);

        Assert.Equal([1, 1, 0], new[] { first.Indexed, second.Indexed, done.Indexed });
        Assert.Equal(0, (await backfill.IndexBatchAsync(0, 100, Ct)).Indexed);
        Assert.Equal(["a"], await KeysAsync(db, new StoryQuery { Limit = 10, Words = ["ISTANBUL"] }));
        Assert.Equal(["b"], await KeysAsync(db, new StoryQuery { Limit = 10, Selections = [new StorySelection { Tags = ["ekonomi"] }] }));
        CheckIndex(db);
    }

    [Fact]
    public async Task A_revision_of_an_item_stored_before_the_search_index_gets_its_tags_even_with_the_same_categories()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource source = await db.AddSourceAsync("https://mc.example/feed");
        FeedItem first = Item("a", "Banjir rendam Martapura", ["Bencana"]);
        await db.Items.CommitRefreshAsync(source.Id, [first], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        // As migration 0012 leaves items stored before it: no folded text, no tags. The backfill
        // skips an item once it has a folded text, so the revision must write its tags.
        db.Execute("UPDATE items SET search_text = NULL");
        db.Execute("DELETE FROM item_tags");

        db.Clock.Advance(TimeSpan.FromMinutes(1));
        await db.Items.CommitRefreshAsync(source.Id, [first with { ContentHash = "v2", Link = "https://news.example/a?edited" }], TestItems.Ok(db.Clock.GetUtcNow()), Ct);

        Assert.Equal(["a"], await KeysAsync(db, new StoryQuery { Limit = 10, Selections = [new StorySelection { Tags = ["bencana"] }] }));
        Assert.Equal(["a"], await KeysAsync(db, new StoryQuery { Limit = 10, Words = ["martapura"] }));
        Assert.Equal(0, (await db.Services.GetRequiredService<ISearchIndexBackfill>().IndexBatchAsync(0, 100, Ct)).Indexed);
        CheckIndex(db);
    }

    private static void CheckIndex(StorageTestDatabase db)
    {
        if (db.Provider == StorageProvider.Sqlite)
        {
            // FTS5's own consistency check of the external-content index against the items.
            db.Execute("INSERT INTO items_search (items_search, rank) VALUES ('integrity-check', 1)");
        }
        else if (db.Provider == StorageProvider.SqlServer)
        {
            // The trigger's terms are exactly each item's distinct folded tokens.
            const string Tokens = "SELECT DISTINCT LEFT(t.value, 400) COLLATE Latin1_General_100_BIN2 AS term, i.id AS item_id FROM items AS i CROSS APPLY STRING_SPLIT(i.search_text, N' ') AS t WHERE t.value <> N''";
            Assert.Equal(0, db.Scalar($"SELECT count(*) FROM (({Tokens}) EXCEPT (SELECT term, item_id FROM item_search_terms)) AS missing"));
            Assert.Equal(0, db.Scalar($"SELECT count(*) FROM ((SELECT term, item_id FROM item_search_terms) EXCEPT ({Tokens})) AS extra"));
        }
        else
        {
            Assert.Equal(0, db.Scalar("SELECT count(*) FROM items WHERE search_vector IS DISTINCT FROM feedhub_search_vector(search_text)"));
        }
    }

    private static FeedItem Item(string key, string title, IReadOnlyList<string> categories) =>
        TestItems.Item(key, canonicalLink: $"https://news.example/{key}", title: title) with { Categories = categories, Summary = null, ContentHtml = null };

    private static async Task<List<string>> KeysAsync(StorageTestDatabase db, StoryQuery query) =>
        [.. (await db.Stories.QueryStoriesAsync(query, Ct)).Stories.Select(s => s.Item.ItemKey)];
}

public sealed class SearchIndexTestsOnPostgres() : SearchIndexTests(StorageProvider.Postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Searches_and_tag_filters_use_the_gin_and_tag_indexes()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(StorageProvider.Postgres);
        FeedSource source = await db.AddSourceAsync("https://mc.example/feed");
        await db.Items.CommitRefreshAsync(source.Id, [TestItems.Item("a", canonicalLink: "https://news.example/a", title: "Banjir rendam Martapura") with { Categories = ["Bencana"] }], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        ILookup<string, long> sourcesByTag = Array.Empty<(string, long)>().ToLookup(p => p.Item1, p => p.Item2);

        // A table this small is read whole when that is cheaper; with sequential scans priced out,
        // the plan shows that the indexes can answer each shape (as the planner picks them on a big table).
        string search = Plan(db, new StoryQuery { Limit = 50, Words = ["banjir", "martapura"] }, sourcesByTag, [true]);
        string searchProbe = Plan(db, new StoryQuery { Limit = 50, Words = ["banjir"] }, sourcesByTag, [false]);
        string tag = Plan(db, new StoryQuery { Limit = 50, Selections = [new StorySelection { Tags = ["bencana"] }] }, sourcesByTag, [false, true]);
        string tagProbe = Plan(db, new StoryQuery { Limit = 50, Selections = [new StorySelection { Tags = ["bencana"] }] }, sourcesByTag, [false, false]);

        Assert.Contains("ix_items_search_vector", search, StringComparison.Ordinal);
        Assert.Contains("item_tags_pkey", tag, StringComparison.Ordinal);
        // A probe is a predicate on each story's origin; which index answers it is the planner's choice.
        Assert.Matches("ix_stories_published_at|ix_items_search_vector", searchProbe);
        Assert.Matches("ix_stories_published_at|item_tags_pkey|ix_item_tags_item_id", tagProbe);
        foreach (string plan in new[] { search, searchProbe, tag, tagProbe })
        {
            Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        }
    }

    private static string Plan(StorageTestDatabase db, StoryQuery query, ILookup<string, long> sourcesByTag, bool[] seek)
    {
        (string sql, DynamicParameters parameters) = StoryQuerySql.Build(query, new PostgresDialect(), sourcesByTag, seek);
        using DbConnection connection = db.OpenConnection();
        connection.Execute("SET enable_seqscan = off");
        string plan = string.Join('\n', connection.Query<string>("EXPLAIN " + sql, parameters));
        TestContext.Current.TestOutputHelper?.WriteLine(plan + "\n");
        return plan;
    }
}

public sealed class SearchIndexTestsOnSqlite() : SearchIndexTests(StorageProvider.Sqlite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_revision_that_keeps_the_folded_text_leaves_the_search_index_as_it_was()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://mc.example/feed");
        FeedItem first = Item("a", "Banjir rendam Martapura", ["Bencana"]);
        await db.Items.CommitRefreshAsync(source.Id, [first], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        List<string> index = IndexRows(db);

        db.Clock.Advance(TimeSpan.FromMinutes(1));
        FeedItem redated = first with { ContentHash = "v2", Link = "https://news.example/a?edited", PublishedAt = first.PublishedAt.AddHours(1) };
        Assert.Equal(new StoreResult(0, 1, 0), await db.Items.CommitRefreshAsync(source.Id, [redated], TestItems.Ok(db.Clock.GetUtcNow()), Ct));

        // FTS5 wrote nothing: not one block or size row changed (the trigger fires on a changed text only).
        Assert.Equal(index, IndexRows(db));
        Assert.Equal(1, db.Scalar("SELECT revision_count FROM items WHERE item_key = 'a'"));

        db.Clock.Advance(TimeSpan.FromMinutes(1));
        await db.Items.CommitRefreshAsync(source.Id, [Item("a", "Banjir surut di Barabai", ["Bencana"]) with { ContentHash = "v3" }], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        Assert.NotEqual(index, IndexRows(db));
    }

    /// <summary>Every row of the FTS5 index's own tables, as text.</summary>
    private static List<string> IndexRows(StorageTestDatabase db)
    {
        using SqliteConnection raw = db.OpenRaw();
        return [.. raw.Query<string>(
            """
            SELECT 'data ' || id || ' ' || hex(block) FROM items_search_data
            UNION ALL SELECT 'docsize ' || id || ' ' || hex(sz) FROM items_search_docsize
            ORDER BY 1
            """)];
    }

    [Fact]
    public async Task Searches_and_tag_filters_seek_the_indexes_instead_of_scanning_items_or_stories()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://mc.example/feed");
        await db.Items.CommitRefreshAsync(source.Id, [Item("a", "Banjir rendam Martapura", ["Bencana"])], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        ILookup<string, long> sourcesByTag = new[] { ("pemerintahan", source.Id) }.ToLookup(p => p.Item1, p => p.Item2);

        StoryQuery searchQuery = new() { Limit = 50, Words = ["banjir", "martapura"] };
        StoryQuery tagQuery = new() { Limit = 50, Selections = [new StorySelection { Tags = ["bencana"] }] };
        StoryQuery deepQuery = new() { Limit = 50, Words = ["banjir"], Selections = [new StorySelection { Tags = ["bencana", "pemerintahan"] }], Before = new StoryCursor(StorageTestDatabase.Start, 10) };

        // A rare filter is sought: its index gives the few stories.
        string search = Plan(db, searchQuery, sourcesByTag, [true]);
        string tag = Plan(db, tagQuery, sourcesByTag, [false, true]);
        string deep = Plan(db, deepQuery, sourcesByTag, [true, true]);
        Assert.Contains("SCAN items_search VIRTUAL TABLE INDEX", search, StringComparison.Ordinal);
        Assert.Contains("USING PRIMARY KEY (tag=?)", tag, StringComparison.Ordinal);
        // Any index leading with source_id seeks the source (0014 added one with last_seen_at; the planner may pick either).
        Assert.Matches(@"SEARCH c USING INDEX ix_items_source_id_\w+ \(source_id=\?\)", deep);
        Assert.Contains("SCAN items_search VIRTUAL TABLE INDEX", deep, StringComparison.Ordinal);

        // A common one is probed: stories newest first on their index, each checked through the filter's index.
        string searchProbe = Plan(db, searchQuery, sourcesByTag, [false]);
        string tagProbe = Plan(db, tagQuery, sourcesByTag, [false, false]);
        foreach (string probe in new[] { searchProbe, tagProbe })
        {
            Assert.Contains("SCAN st USING INDEX ix_stories_published_at", probe, StringComparison.Ordinal);
            // The page's stories come in index order: no sort of the matches (only of the page itself, after).
            string walk = probe.Split("SCAN st USING INDEX ix_stories_published_at")[1].Split("SCAN page")[0];
            Assert.DoesNotContain("TEMP B-TREE FOR ORDER BY", walk, StringComparison.Ordinal);
        }

        // The matches are read once from FTS5 into a list each walked story is checked against.
        Assert.Matches(@"LIST SUBQUERY \d+\n.*SCAN items_search VIRTUAL TABLE INDEX \d+:M", searchProbe);
        Assert.Matches(@"item_tags.*\((tag=\? AND item_id=\?|item_id=\? AND tag=\?)\)|t USING .*\((tag=\? AND item_id=\?|item_id=\? AND tag=\?)\)", tagProbe);
        foreach (string plan in new[] { search, tag, deep, searchProbe, tagProbe })
        {
            // Items, stories and sources are only ever read by key or through an index.
            Assert.DoesNotMatch(@"(?m)SCAN (st|i|c|s|cs|t|stories|items|sources|item_tags)\b(?! USING INDEX ix_stories_published_at)", plan);
        }
    }

    private static string Plan(StorageTestDatabase db, StoryQuery query, ILookup<string, long> sourcesByTag, bool[] seek)
    {
        (string sql, DynamicParameters parameters) = StoryQuerySql.Build(query, new SqliteDialect(), sourcesByTag, seek);
        using SqliteConnection connection = db.OpenRaw();
        IEnumerable<PlanRow> rows = connection.Query<PlanRow>("EXPLAIN QUERY PLAN " + sql, parameters);
        string plan = string.Join('\n', rows.Select(r => r.Detail));
        TestContext.Current.TestOutputHelper?.WriteLine(plan + "\n");
        return plan;
    }

    private static FeedItem Item(string key, string title, IReadOnlyList<string> categories) =>
        TestItems.Item(key, canonicalLink: $"https://news.example/{key}", title: title) with { Categories = categories, Summary = null, ContentHtml = null };

    private sealed class PlanRow
    {
        public string Detail { get; set; } = "";
    }
}
