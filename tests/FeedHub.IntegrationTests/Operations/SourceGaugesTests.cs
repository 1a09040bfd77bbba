using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.IntegrationTests.Storage;
using FeedHub.Worker.Operations.Status;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>The source gauges of <c>/metrics</c> over a database of 1,400 sources in every state:
/// the aggregate they are read from says what the per-source list of <c>/status/sources</c> says.</summary>
[Collection(ProcessWideMetrics.Name)]
public sealed class SourceGaugesTests
{
    private const int PerState = 200;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gauges_over_many_sources_agree_with_the_status_list()
    {
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Scheduling:DefaultInterval"] = "01:00:00",
        });
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await SeedSourcesAsync(host.DatabasePath, now);
        var items = host.Services.GetRequiredService<IItemStore>();
        long[] withItems = [.. (await host.Services.GetRequiredService<ISourceStatusReader>().ListStatusAsync(Ct)).Where(s => s.LastHttpStatus == 200).Take(3).Select(s => s.Id)];
        foreach (long id in withItems)
        {
            await items.CommitRefreshAsync(id, [TestItems.Item($"a-{id}"), TestItems.Item($"b-{id}")], TestItems.Ok(now), Ct);
        }

        PrometheusText metrics = PrometheusText.Parse(await host.Http.GetStringAsync("metrics", Ct));
        List<SourceStatusView> listed = (await host.Http.GetFromJsonAsync<List<SourceStatusView>>("status/sources", JsonSerializerOptions.Web, Ct))!;

        foreach (string state in new[] { "pending", "ok", "failing", "failing_too_long", "paused", "gone" })
        {
            Assert.Equal(listed.Count(s => s.State == state), metrics.Value("feedhub_sources", ("state", state)));
            Assert.Equal(PerState, metrics.Value("feedhub_sources", ("state", state)));
        }

        Assert.Equal(listed.Max(s => s.ConsecutiveFailures), metrics.Value("feedhub_source_consecutive_failures_max"));
        Assert.Equal(4, metrics.Value("feedhub_source_consecutive_failures_max"));
        Assert.Equal(listed.Sum(s => s.ItemCount), metrics.Value("feedhub_items"));
        Assert.Equal(6, metrics.Value("feedhub_items"));
        Assert.Equal(6, metrics.Value("feedhub_stories"));
    }

    /// <summary>Seven kinds of rows, <see cref="PerState"/> of each, due in an hour (none polled
    /// during the test): never polled, ok, failing for an hour (1-3 failures), failing for three
    /// days (4), paused, gone (410), and deleted (9 failures, counted nowhere).</summary>
    private static async Task SeedSourcesAsync(string databasePath, DateTimeOffset now)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync(Ct);
        await connection.ExecuteAsync(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @Count)
            INSERT INTO sources (url, url_key, enabled, last_checked_at, consecutive_failures, failing_since, last_http_status,
                                 deleted_at, next_due_at, created_at, updated_at)
            SELECT 'http://127.0.0.1:9/feed-' || i || '.xml', 'http://127.0.0.1:9/feed-' || i || '.xml',
                   CASE WHEN i % 7 IN (4, 5, 6) THEN 0 ELSE 1 END,
                   CASE WHEN i % 7 = 0 THEN NULL ELSE @Checked END,
                   CASE i % 7 WHEN 2 THEN 1 + i % 3 WHEN 3 THEN 4 WHEN 6 THEN 9 ELSE 0 END,
                   CASE i % 7 WHEN 2 THEN @Recent WHEN 3 THEN @Old WHEN 6 THEN @Old ELSE NULL END,
                   CASE i % 7 WHEN 1 THEN 200 WHEN 5 THEN 410 ELSE NULL END,
                   CASE WHEN i % 7 = 6 THEN @Checked ELSE NULL END,
                   @Due, @Checked, @Checked
            FROM n
            """,
            new { Count = 7 * PerState, Checked = now.AddMinutes(-5), Recent = now.AddHours(-1), Old = now.AddDays(-3), Due = now.AddHours(1) });
    }
}
