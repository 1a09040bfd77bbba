using Dapper;
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
}

public sealed class MigrationTestsOnSqlite() : MigrationTests(StorageProvider.Sqlite);

public sealed class MigrationTestsOnPostgres() : MigrationTests(StorageProvider.Postgres);
