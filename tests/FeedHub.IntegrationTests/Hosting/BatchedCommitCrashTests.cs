using System.Text.RegularExpressions;
using Dapper;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Data.Sqlite;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary>Security case 21 with the commits batched: a worker killed (SIGKILL) while many polls
/// are being committed together loses no poll it reported as stored, and after a restart every
/// item is stored exactly once.</summary>
public sealed partial class BatchedCommitCrashTests
{
    private const int SourceCount = 40;
    private const int ItemsPerFeed = 15;

    [Fact]
    public async Task Killed_mid_batch_loses_no_acknowledged_poll_and_duplicates_nothing_after_restart()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        for (int s = 0; s < SourceCount; s++)
        {
            // Each portal republishes the same numbered stories under its own links: shared stories.
            string body = FeedXml.Rss($"Portal {s}", Enumerable.Range(1, ItemsPerFeed).Select(n => FeedXml.Numbered(n, $"portal-{s}.example")));
            string etag = $"\"p{s}\"";
            server.MapConditional($"p{s}.xml", () => body, () => etag);
        }

        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("appsettings.json"), "{}");
        var environment = new Dictionary<string, string>
        {
            ["FeedHub__Storage__ConnectionString"] = $"Data Source={directory.File("feedhub.db")}",
            ["FeedHub__Fetch__AllowPrivateNetworks"] = "true",
            ["FeedHub__Fetch__MaxConcurrency"] = "16",
            ["FeedHub__Fetch__MaxConcurrencyPerHost"] = "16",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__FeedHub.Ingestion.Refreshing.FeedRefresher"] = "Information",
        };
        for (int s = 0; s < SourceCount; s++)
        {
            environment[$"FeedHub__Sources__{s}__Url"] = server.Url($"p{s}.xml").AbsoluteUri;
        }

        Dictionary<long, int> acknowledged;
        using (WorkerProcess first = WorkerProcess.Start(directory.Path, environment, "refresh", "--all"))
        {
            await first.WaitForOutputAsync("new, 0 updated", TimeSpan.FromSeconds(60));
            first.KillHard();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
            acknowledged = StoredPolls().Matches(first.StandardOutput + first.StandardError)
                .ToDictionary(m => long.Parse(m.Groups["source"].Value, System.Globalization.CultureInfo.InvariantCulture), m => int.Parse(m.Groups["new"].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.NotEmpty(acknowledged);
        await using (var connection = new SqliteConnection($"Data Source={directory.File("feedhub.db")};Pooling=False"))
        {
            foreach ((long sourceId, int added) in acknowledged)
            {
                Assert.Equal(ItemsPerFeed, added);
                Assert.Equal(ItemsPerFeed, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM items WHERE source_id = @Id", new { Id = sourceId }));
                Assert.NotNull(await connection.ExecuteScalarAsync<string?>("SELECT etag FROM sources WHERE id = @Id", new { Id = sourceId }));
            }
        }

        using WorkerProcess restarted = await WorkerProcess.RunAsync(directory.Path, environment, "refresh", "--all");
        using WorkerProcess again = await WorkerProcess.RunAsync(directory.Path, environment, "refresh", "--all");

        Assert.Equal(0, restarted.ExitCode);
        Assert.Contains($"{SourceCount} sources polled, 0 new items, 0 updated, {SourceCount} not modified, 0 failed", again.StandardOutput, StringComparison.Ordinal);
        await using (var connection = new SqliteConnection($"Data Source={directory.File("feedhub.db")};Pooling=False"))
        {
            Assert.Equal(SourceCount * ItemsPerFeed, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM items"));
            Assert.Equal(SourceCount, await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM (SELECT source_id FROM items GROUP BY source_id HAVING count(*) = @Items AND count(DISTINCT item_key) = @Items) AS whole",
                new { Items = ItemsPerFeed }));
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id)"));
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = i.story_id)"));
        }
    }

    [GeneratedRegex(@"Polled (?<source>\d+) \S+: \d+ items, (?<new>\d+) new, 0 updated")]
    private static partial Regex StoredPolls();
}
