using System.Data.Common;
using Dapper;
using FeedHub.IntegrationTests.Admin;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Storage;

namespace FeedHub.IntegrationTests.Storage;

/// <summary><c>migrate --script</c> on PostgreSQL: what a DBA runs builds the schema the migrator
/// builds, Quartz's tables for the clustered scheduler included (a worker validating them finds
/// what it needs whichever way the database was made). Skipped, with the reason, without
/// <c>FEEDHUB_TEST_POSTGRES</c>.</summary>
public sealed class PostgresMigrationScriptTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_printed_script_builds_the_migrated_schema_with_Quartzs_tables()
    {
        await using StorageTestDatabase migrated = await StorageTestDatabase.CreateAsync(StorageProvider.Postgres);
        await using StorageTestDatabase scripted = await StorageTestDatabase.CreateAsync(StorageProvider.Postgres, migrate: false);
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);
        cli.Environment["FeedHub__Storage__Provider"] = "Postgres";
        cli.Environment["FeedHub__Storage__ConnectionString"] = scripted.ConnectionString;

        using WorkerProcess script = await cli.RunAsync("migrate", "--script");
        Assert.True(script.ExitCode == 0, script.StandardError);
        Assert.Empty(Columns(scripted));
        scripted.Execute(script.StandardOutput);

        Assert.Contains("-- 0015_quartz", script.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE IF NOT EXISTS qrtz_triggers", script.StandardOutput, StringComparison.Ordinal);
        List<string> columns = Columns(migrated);
        Assert.Contains(columns, column => column.StartsWith("qrtz_locks.lock_name ", StringComparison.Ordinal));
        Assert.Contains(columns, column => column.StartsWith("qrtz_scheduler_state.last_checkin_time ", StringComparison.Ordinal));
        Assert.Equal(columns, Columns(scripted));
        Assert.Empty(await scripted.Migrator.PendingMigrationsAsync(Ct));
    }

    /// <summary>Every column of the public schema with its type and nullability.</summary>
    private static List<string> Columns(StorageTestDatabase db)
    {
        using DbConnection connection = db.OpenConnection();
        return [.. connection.Query<string>(
            """
            SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
            FROM information_schema.columns WHERE table_schema = 'public'
            ORDER BY table_name, column_name
            """)];
    }
}
