using System.Text.RegularExpressions;
using Dapper;
using FeedHub.IntegrationTests.Admin;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Data.Sqlite;

namespace FeedHub.IntegrationTests.Retention;

/// <summary><c>FeedHub.Worker purge</c> as an operator or cron runs it.</summary>
public sealed partial class PurgeCommandTests
{
    [Fact]
    public async Task Purge_prints_what_it_removed_and_a_dry_run_what_it_would()
    {
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);
        using (WorkerProcess migrated = await cli.RunAsync("migrate"))
        {
            Assert.Equal(0, migrated.ExitCode);
        }

        string database = directory.File("feedhub.db");
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            DateTimeOffset then = DateTimeOffset.UtcNow.AddDays(-500);
            await connection.ExecuteAsync(
                "INSERT INTO sources (id, url, url_key, created_at, updated_at, deleted_at) VALUES (100, 'https://old.example/feed', 'https://old.example/feed', @Then, @Then, @Then)",
                new { Then = then.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture) });
            await connection.ExecuteAsync(
                "INSERT INTO audit_log (at, actor, action, details) VALUES ('2024-01-01T00:00:00.0000000Z', 'cli', 'add', 'long ago')");
        }

        await BulkItems.InsertAsync(database, 100, 50, DateTimeOffset.UtcNow.AddDays(-500));

        using WorkerProcess preview = await cli.RunAsync("purge", "--dry-run");
        using WorkerProcess purged = await cli.RunAsync("purge");
        using WorkerProcess again = await cli.RunAsync("purge");

        Assert.Equal(0, preview.ExitCode);
        Assert.Matches(WouldRemove(), preview.StandardOutput.Trim());
        Assert.StartsWith("Would remove 50 items, 50 stories, 1 audit entries and 0 purged sources;", preview.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, purged.ExitCode);
        Assert.Matches(Removed(), purged.StandardOutput.Trim());
        Assert.StartsWith("Removed 50 items, 50 stories, 1 audit entries and 0 purged sources;", purged.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("; 0 bytes reclaimed", purged.StandardOutput, StringComparison.Ordinal);
        Assert.StartsWith("Removed 0 items, 0 stories, 0 audit entries and 0 purged sources; 0 bytes reclaimed;", again.StandardOutput, StringComparison.Ordinal);
        await using var check = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM items"));
        Assert.Equal(2, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM purge_runs"));
    }

    [Fact]
    public async Task Purge_has_help_naming_its_options()
    {
        using var directory = new TempDirectory();
        using WorkerProcess help = await new AdminCli(directory).RunAsync("purge", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--dry-run", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--rebuild", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("FeedHub:Retention:ItemMaxAge", help.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FeedHub__Retention__ItemMaxAge", "00:30:00", "FeedHub:Retention:ItemMaxAge")]
    [InlineData("FeedHub__Retention__AuditMaxAge", "-1.00:00:00", "FeedHub:Retention:AuditMaxAge")]
    [InlineData("FeedHub__Retention__Interval", "00:00:00", "FeedHub:Retention:Interval")]
    [InlineData("FeedHub__Retention__BatchSize", "0", "FeedHub:Retention:BatchSize")]
    public async Task A_retention_setting_out_of_range_stops_the_command_with_one_line(string variable, string value, string key)
    {
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);
        cli.Environment[variable] = value;

        using WorkerProcess purge = await cli.RunAsync("purge");

        Assert.Equal(1, purge.ExitCode);
        string line = Assert.Single(AdminCliTests.Lines(purge.StandardError));
        Assert.Contains(key, line, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^Would remove \d+ items, \d+ stories, \d+ audit entries and \d+ purged sources; database \d+ bytes\.$")]
    private static partial Regex WouldRemove();

    [GeneratedRegex(@"^Removed \d+ items, \d+ stories, \d+ audit entries and \d+ purged sources; \d+ bytes reclaimed; database \d+ bytes\.$")]
    private static partial Regex Removed();
}
