using Dapper;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

public abstract class MigrationTests(StorageProvider provider)
{
    [Fact]
    public async Task Migrations_apply_on_a_fresh_file_and_rerun_as_a_noop()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider, migrate: false);
        CancellationToken ct = TestContext.Current.CancellationToken;

        int first = await db.Migrator.MigrateAsync(ct);
        int second = await db.Migrator.MigrateAsync(ct);

        Assert.True(first >= 1);
        Assert.Equal(0, second);
        Assert.Equal(first, db.Scalar("SELECT count(*) FROM schema_migrations"));
        // Every engine's first script is the version its schema starts from (1 on SQLite, the
        // baseline 11 on engines added later).
        Assert.Equal(1, db.Scalar("SELECT count(*) FROM schema_migrations WHERE version = @Version", new { Version = provider == StorageProvider.Sqlite ? 1 : 11 }));
        string tables = provider switch
        {
            StorageProvider.Sqlite => "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @table",
            StorageProvider.SqlServer => "SELECT count(*) FROM sys.tables WHERE schema_id = SCHEMA_ID() AND name = @table",
            _ => "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = @table",
        };
        foreach (string table in new[] { "sources", "items", "stories", "feed_version" })
        {
            Assert.Equal(1, db.Scalar(tables, new { table }));
        }

        if (provider == StorageProvider.Sqlite)
        {
            using SqliteConnection raw = db.OpenRaw();
            Assert.Equal("wal", raw.ExecuteScalar<string>("PRAGMA journal_mode"));
        }

        Assert.Equal(0L, await db.Stories.GetChangeVersionAsync(ct));
    }

    [Fact]
    public async Task Two_migrators_starting_together_apply_each_script_once()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider, migrate: false);
        CancellationToken ct = TestContext.Current.CancellationToken;
        DatabaseMigrator other = db.Connect().GetRequiredService<DatabaseMigrator>();

        int[] applied = await Task.WhenAll(
            Task.Run(() => db.Migrator.MigrateAsync(ct), ct),
            Task.Run(() => other.MigrateAsync(ct), ct));

        long recorded = db.Scalar("SELECT count(*) FROM schema_migrations");
        Assert.Equal(recorded, applied.Sum());
        Assert.Equal(1, db.Scalar("SELECT count(*) FROM feed_version"));
    }

    [Fact]
    public async Task A_database_at_a_later_version_gets_a_missing_earlier_script_on_the_next_start()
    {
        // Branches merge scripts out of order: 0012 (search) reached main after 0013 and 0014. The
        // migrator applies every version it has no record of, not only those above the highest.
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        CancellationToken ct = TestContext.Current.CancellationToken;
        db.Execute(provider switch
        {
            StorageProvider.Sqlite =>
                """
                DROP TRIGGER items_search_after_insert; DROP TRIGGER items_search_after_delete; DROP TRIGGER items_search_after_update;
                DROP TABLE items_search; DROP TABLE item_tags; ALTER TABLE items DROP COLUMN search_text;
                """,
            StorageProvider.SqlServer =>
                """
                DROP TRIGGER tr_items_search_terms; DROP TABLE item_search_terms; DROP TABLE item_tags; ALTER TABLE items DROP COLUMN search_text;
                """,
            _ =>
                """
                DROP TABLE item_tags; ALTER TABLE items DROP COLUMN search_vector; ALTER TABLE items DROP COLUMN search_text; DROP FUNCTION feedhub_search_vector(text);
                """,
        });
        db.Execute("DELETE FROM schema_migrations WHERE version = 12");
        Assert.Equal([12], await db.Migrator.PendingMigrationsAsync(ct));
        Assert.Equal(1, db.Scalar("SELECT count(*) FROM schema_migrations WHERE version = 14"));

        int applied = await db.Migrator.MigrateAsync(ct);

        Assert.Equal(1, applied);
        Assert.Empty(await db.Migrator.PendingMigrationsAsync(ct));
        FeedSource source = await db.AddSourceAsync("https://mc.example/feed");
        await db.Items.CommitRefreshAsync(source.Id, [TestItems.Item("a", title: "Banjir rendam Martapura")], TestItems.Ok(db.Clock.GetUtcNow()), ct);
        StoryPage page = await db.Stories.QueryStoriesAsync(new StoryQuery { Limit = 10, Words = ["MARTAPURA"] }, ct);
        Assert.Equal("a", Assert.Single(page.Stories).Item.ItemKey);
    }
}

public sealed class MigrationTestsOnSqlite() : MigrationTests(StorageProvider.Sqlite)
{
    [Fact]
    public async Task An_up_to_date_database_is_checked_without_waiting_for_the_write_lock()
    {
        // Every command's start migrates: with a worker writing, a start that has nothing to apply
        // must not queue for the write lock once per script.
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(StorageProvider.Sqlite);
        CancellationToken ct = TestContext.Current.CancellationToken;
        using SqliteConnection writer = db.OpenRaw();
        writer.Execute("BEGIN IMMEDIATE");

        int applied = await db.Migrator.MigrateAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct);

        writer.Execute("ROLLBACK");
        Assert.Equal(0, applied);
    }
}

public sealed class MigrationTestsOnPostgres() : MigrationTests(StorageProvider.Postgres);
