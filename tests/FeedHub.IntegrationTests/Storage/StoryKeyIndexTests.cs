using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Stories;
using FeedHub.Storage;
using FeedHub.Tests.Stories;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>Every posting of a new item's story keys lands in each B-tree of <c>story_keys</c> at
/// its own place, and those pages are what a changed poll's COMMIT writes most of. Only the
/// candidate lookup (the primary key) and the deletes by item (the item index) read them: an admin's
/// merge finds the removed story's keys through its items (migration 0020).</summary>
public abstract class StoryKeyIndexTests(StorageProvider provider)
{
    private static readonly DateTimeOffset Morning = StorageTestDatabase.Start.AddHours(-3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Story_keys_are_indexed_by_the_candidate_lookup_and_by_item_only()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);

        Assert.Equal(["item_id", "key, published_at, item_id"], Indexes(db));
    }

    [Fact]
    public async Task A_database_at_0019_loses_the_story_index_keeps_its_keys_and_merges_as_before()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource mediaCenter = await db.AddSourceAsync("https://mc.example/feed", isOrigin: true);
        FeedSource portal = await db.AddSourceAsync("https://portal.example/feed");
        await CommitAsync(db, mediaCenter, Item("mc-1", Releases.BridgeTitle, Releases.Bridge, "https://mc.example/jembatan", Morning));
        await CommitAsync(db, portal, Item("p-1", "Festival Budaya Banjar Digelar", ["Festival budaya tahunan digelar di Martapura dengan 40 sanggar seni dari 13 kabupaten.", "Panitia menyiapkan panggung utama di halaman kantor bupati."], "https://portal.example/festival", Morning.AddHours(1)));
        // The schema as 0019 left it.
        db.Execute("CREATE INDEX ix_story_keys_story_id ON story_keys (story_id)");
        db.Execute("DELETE FROM schema_migrations WHERE version = 20");
        long keys = db.Scalar("SELECT count(*) FROM story_keys");
        List<long> stories = db.Query<long>("SELECT DISTINCT story_id FROM story_keys ORDER BY story_id");
        Assert.Equal(2, stories.Count);
        Assert.Equal(["item_id", "key, published_at, item_id", "story_id"], Indexes(db));

        Assert.Equal([20], await db.Migrator.PendingMigrationsAsync(Ct));
        Assert.Equal(1, await db.Migrator.MigrateAsync(Ct));

        Assert.Equal(["item_id", "key, published_at, item_id"], Indexes(db));
        Assert.Equal(keys, db.Scalar("SELECT count(*) FROM story_keys"));
        StoryMerge merge = (await db.Services.GetRequiredService<IStoryAdminStore>().MergeAsync(stories[0], stories[1], "cli", Ct))!;
        Assert.Equal(stories[0], merge.KeptStoryId);
        Assert.Equal(keys, db.Scalar("SELECT count(*) FROM story_keys WHERE story_id = @Id", new { Id = stories[0] }));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM story_keys WHERE story_id <> @Id", new { Id = stories[0] }));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM story_keys k JOIN items i ON i.id = k.item_id WHERE i.story_id <> k.story_id"));
    }

    /// <summary>Each index of story_keys (the primary key included) as its columns in order.</summary>
    private List<string> Indexes(StorageTestDatabase db)
    {
        string sql = provider switch
        {
            StorageProvider.Sqlite =>
                """
                SELECT (SELECT group_concat(name, ', ') FROM (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno))
                FROM pragma_index_list('story_keys') l
                """,
            StorageProvider.SqlServer =>
                """
                SELECT STRING_AGG(c.name, ', ') WITHIN GROUP (ORDER BY ic.key_ordinal)
                FROM sys.indexes i
                JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.is_included_column = 0
                JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                WHERE i.object_id = OBJECT_ID('story_keys')
                GROUP BY i.index_id
                """,
            _ =>
                """
                SELECT string_agg(a.attname, ', ' ORDER BY k.n)
                FROM pg_index x
                JOIN pg_class t ON t.oid = x.indrelid AND t.relname = 'story_keys' AND t.relnamespace = current_schema()::regnamespace
                CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k (attnum, n)
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                GROUP BY x.indexrelid
                """,
        };
        return [.. db.Query<string>(sql).Order(StringComparer.Ordinal)];
    }

    private static Task CommitAsync(StorageTestDatabase db, FeedSource source, FeedItem item) =>
        db.Items.CommitRefreshAsync(source.Id, [item], TestItems.Ok(db.Clock.GetUtcNow()), Ct);

    private static FeedItem Item(string key, string title, IEnumerable<string> paragraphs, string link, DateTimeOffset publishedAt) =>
        TestItems.Item(key, link, publishedAt, title: title) with { ContentHtml = Releases.Html(paragraphs), Summary = null, Link = link };
}

public sealed class StoryKeyIndexTestsOnSqlite() : StoryKeyIndexTests(StorageProvider.Sqlite);

public sealed class StoryKeyIndexTestsOnPostgres() : StoryKeyIndexTests(StorageProvider.Postgres);
