using System.Net;
using System.Text.Json;
using Dapper;
using FeedHub.Administration;
using FeedHub.Administration.Retention;
using FeedHub.Core.Retention;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.IntegrationTests.Operations;
using FeedHub.IntegrationTests.Publishing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Retention;

/// <summary>What the real worker shows of retention over HTTP: 410 for archives the purge
/// emptied, the last purge and the database size in /status and /metrics.</summary>
[Collection(ProcessWideMetrics.Name)]
public sealed class RetentionEndpointTests
{
    private static readonly DateTimeOffset March2024 = new(2024, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_archive_month_the_purge_emptied_is_gone_and_the_purge_shows_in_status_and_metrics()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("origin.xml", FeedXml.Rss("MC Kalsel", [FeedXml.Numbered(1, "mc.example", March2024) with { Title = "Maret" }]));
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Sources:0:Url"] = server.Url("origin.xml").AbsoluteUri,
        });
        await WorkerHost.EventuallyAsync(async () => await PublishedHost.CountItemsAsync(host.Http, "feed.xml") == 1, TimeSpan.FromSeconds(20), "the source is stored");

        // Published two years ago, but its feed lists it today: the archive stands.
        using (HttpResponseMessage listed = await host.Http.GetAsync("archive/2024-03.xml", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        }

        // The source is removed (its items stay published) and its last document is from long ago.
        SourceAdministration admin = host.Services.GetRequiredService<SourceAdministration>();
        Assert.Equal(AdminStatus.Ok, (await admin.RemoveAsync(1, purge: false, "test", Ct)).Status);
        await using (var connection = new SqliteConnection($"Data Source={host.DatabasePath};Pooling=False"))
        {
            await connection.ExecuteAsync("UPDATE items SET last_seen_at = @Then", new { Then = DateTimeOffset.UtcNow.AddDays(-700) });
        }

        PurgeReport report = await host.Services.GetRequiredService<RetentionPurger>().RunAsync(dryRun: false, Ct);
        Assert.Equal((1, 1), (report.Items, report.Stories));

        using HttpResponseMessage gone = await host.Http.GetAsync("archive/2024-03.xml", Ct);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);

        using JsonDocument status = JsonDocument.Parse(await host.Http.GetStringAsync("status", Ct));
        JsonElement lastPurge = status.RootElement.GetProperty("lastPurge");
        Assert.Equal(1, lastPurge.GetProperty("items").GetInt64());
        Assert.Equal(1, lastPurge.GetProperty("stories").GetInt64());
        Assert.Equal(0, status.RootElement.GetProperty("items").GetInt64());
        Assert.Equal(365, status.RootElement.GetProperty("retention").GetProperty("itemMaxAgeDays").GetDouble());
        Assert.True(status.RootElement.GetProperty("databaseBytes").GetInt64() > 0);

        var metrics = PrometheusText.Parse(await host.Http.GetStringAsync("metrics", Ct));
        Assert.Equal(1, metrics.Value("feedhub_purge_last_removed", ("kind", "items")));
        Assert.Equal(1, metrics.Value("feedhub_purge_last_removed", ("kind", "stories")));
        Assert.True(metrics.Value("feedhub_database_size_bytes") > 0);
        Assert.Equal(report.FinishedAt.ToUnixTimeSeconds(), metrics.Value("feedhub_purge_last_run_seconds"), 1.0);
    }

    [Fact]
    public async Task A_month_that_never_had_stories_is_missing_not_gone_even_past_the_retention()
    {
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>());

        using HttpResponseMessage old = await host.Http.GetAsync("archive/2024-01.atom", Ct);

        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }
}
