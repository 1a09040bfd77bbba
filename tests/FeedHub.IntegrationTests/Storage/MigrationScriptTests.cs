using Dapper;
using FeedHub.IntegrationTests.Admin;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Data.Sqlite;

namespace FeedHub.IntegrationTests.Storage;

/// <summary><c>migrate --script</c>: the SQL a DBA runs instead of the migrator, from the version the
/// database is at, which must build exactly the schema the migrator builds.</summary>
public sealed class MigrationScriptTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_script_for_an_absent_database_builds_the_schema_the_migrator_builds_and_creates_nothing()
    {
        await using StorageTestDatabase migrated = await StorageTestDatabase.CreateAsync();
        await using StorageTestDatabase scripted = await StorageTestDatabase.CreateAsync(migrate: false);

        string script = await scripted.Migrator.ScriptAsync(Ct);
        bool created = Directory.Exists(scripted.Folder);
        Directory.CreateDirectory(scripted.Folder);
        Run(scripted, script);

        Assert.False(created, "printing the script must not create the database nor its folder");
        Assert.Contains("from an empty database", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE IF NOT EXISTS schema_migrations", script, StringComparison.Ordinal);
        Assert.Contains("-- 0001_initial", script, StringComparison.Ordinal);
        Assert.Equal(Schema(migrated), Schema(scripted));
        Assert.Equal(
            migrated.OpenRaw().Query<long>("SELECT version FROM schema_migrations ORDER BY version"),
            scripted.OpenRaw().Query<long>("SELECT version FROM schema_migrations ORDER BY version"));
        Assert.Empty(await scripted.Migrator.PendingMigrationsAsync(Ct));
        Assert.Equal(0, await scripted.Migrator.MigrateAsync(Ct));
    }

    [Fact]
    public async Task The_script_for_a_database_at_an_older_version_holds_only_the_scripts_it_lacks()
    {
        await using StorageTestDatabase current = await StorageTestDatabase.CreateAsync();
        await using StorageTestDatabase older = await StorageTestDatabase.CreateAsync();
        using (SqliteConnection raw = older.OpenRaw())
        {
            // The database as it was before 0022 (the search index's trigger on a changed text only),
            // the latest script.
            raw.Execute(
                """
                DROP TRIGGER items_search_after_update;
                CREATE TRIGGER items_search_after_update AFTER UPDATE OF search_text ON items
                BEGIN
                    INSERT INTO items_search (items_search, rowid, search_text)
                    SELECT 'delete', old.id, old.search_text WHERE old.search_text IS NOT NULL;
                    INSERT INTO items_search (rowid, search_text)
                    SELECT new.id, new.search_text WHERE new.search_text IS NOT NULL;
                END;
                DELETE FROM schema_migrations WHERE version = 22;
                """);
        }

        string script = await older.Migrator.ScriptAsync(Ct);
        long recordedBefore = older.Scalar("SELECT count(*) FROM schema_migrations");
        long latestBefore = older.Scalar("SELECT max(version) FROM schema_migrations");
        Run(older, script);

        Assert.Contains($"from version {latestBefore}", script, StringComparison.Ordinal);
        Assert.Contains("-- 0022_search_index_on_changed_text", script, StringComparison.Ordinal);
        Assert.DoesNotContain("0021_", script, StringComparison.Ordinal);
        Assert.DoesNotContain("CREATE TABLE sources", script, StringComparison.Ordinal);
        Assert.Equal(21, latestBefore);
        Assert.Equal(older.Scalar("SELECT count(*) FROM schema_migrations") - 1, recordedBefore);
        Assert.Equal(Schema(current), Schema(older));
        Assert.Empty(await older.Migrator.PendingMigrationsAsync(Ct));
    }

    [Fact]
    public async Task An_up_to_date_database_gets_a_script_that_says_so_and_runs_nothing()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();

        string script = await db.Migrator.ScriptAsync(Ct);

        Assert.Contains("up to date", script, StringComparison.Ordinal);
        Assert.All(script.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("--", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_command_prints_the_script_exits_0_and_leaves_no_database_behind()
    {
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);

        using WorkerProcess script = await cli.RunAsync("migrate", "--script");
        using WorkerProcess help = await cli.RunAsync("migrate", "--help");

        Assert.True(script.ExitCode == 0, script.StandardError);
        Assert.StartsWith("-- FeedHub schema migrations (Sqlite) from an empty database", script.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE sources", script.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(directory.File("feedhub.db")), "migrate --script writes nothing");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--script", help.StandardOutput, StringComparison.Ordinal);
    }

    private static void Run(StorageTestDatabase db, string script)
    {
        using SqliteConnection raw = db.OpenRaw();
        raw.Execute(script);
    }

    /// <summary>Every table, index and trigger as the engine stores its definition.</summary>
    private static List<string> Schema(StorageTestDatabase db)
    {
        using SqliteConnection raw = db.OpenRaw();
        return [.. raw.Query<string>("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")];
    }
}
