using System.Text;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Operations;

/// <summary><c>/metrics</c> of the real worker, scraped over HTTP before and after real polls.</summary>
[Collection(ProcessWideMetrics.Name)]
public sealed class MetricsEndpointTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Polls_move_the_poll_fetch_item_story_and_source_metrics()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        string body = FeedXml.Rss("Portal", [FeedXml.Numbered(1), FeedXml.Numbered(2)]);
        server.MapContent("feed.xml", body);
        server.Map("broken.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        });
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Scheduling:DefaultInterval"] = "01:00:00",
        });

        HttpResponseMessage first = await host.Http.GetAsync("metrics", TestContext.Current.CancellationToken);
        PrometheusText before = PrometheusText.Parse(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var sources = host.Services.GetRequiredService<ISourceStore>();
        _ = await sources.UpsertAsync(new SourceDefinition { Url = server.Url("feed.xml").AbsoluteUri }, CancellationToken.None);
        _ = await sources.UpsertAsync(new SourceDefinition { Url = server.Url("broken.xml").AbsoluteUri }, CancellationToken.None);
        PrometheusText after = before;
        await WorkerHost.EventuallyAsync(async () =>
        {
            after = await ScrapeAsync(host);
            return after.Value("feedhub_polls_total", ("outcome", "fetched")) == 1
                && after.Value("feedhub_polls_total", ("outcome", "failed")) == 1
                && after.Value("feedhub_sources", ("state", "ok")) == 1
                // The failed poll's counter moves before its record is committed, and the source
                // gauges read the records: wait for both, as for the fetched one.
                && after.Value("feedhub_sources", ("state", "failing")) == 1
                && after.Value("feedhub_storage_checkpoint_frames_total") > 0;
        }, Patience, "both polls, their records and the checkpoint after their commit show in the metrics");

        Assert.Equal("text/plain", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, before.Value("feedhub_polls_total"));
        Assert.Equal(0, before.Value("feedhub_sources"));
        Assert.Equal(0, before.Value("feedhub_stories"));
        Assert.Equal(0, after.Value("feedhub_polls_total", ("outcome", "not_modified")));
        Assert.Equal(Encoding.UTF8.GetByteCount(body), after.Value("feedhub_fetched_bytes_total"));
        Assert.Equal(2, after.Value("feedhub_items_stored_total", ("change", "new")));
        Assert.Equal(0, after.Value("feedhub_items_stored_total", ("change", "updated")));
        Assert.Equal(1, after.Value("feedhub_fetch_duration_seconds_count", ("outcome", "fetched")));
        Assert.Equal(1, after.Value("feedhub_fetch_duration_seconds_count", ("outcome", "failed")));
        Assert.InRange(after.Value("feedhub_fetch_duration_seconds_sum"), 0.000001, Patience.TotalSeconds);
        Assert.Equal(1, after.Value("feedhub_fetch_duration_seconds_bucket", ("outcome", "fetched"), ("le", "+Inf")));
        Assert.True(after.Value("feedhub_scheduler_lag_seconds_count") >= 2);
        Assert.Equal(1, after.Value("feedhub_sources", ("state", "failing")));
        Assert.Equal(0, after.Value("feedhub_sources", ("state", "pending")));
        Assert.Equal(1, after.Value("feedhub_source_consecutive_failures_max"));
        Assert.Equal(2, after.Value("feedhub_items"));
        Assert.Equal(2, after.Value("feedhub_stories"));
        Assert.Equal(0, after.Value("feedhub_storage_checkpoint_failures_total"));
    }

    private static async Task<PrometheusText> ScrapeAsync(WorkerHost host) =>
        PrometheusText.Parse(await host.Http.GetStringAsync("metrics", TestContext.Current.CancellationToken));
}
