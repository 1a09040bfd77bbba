using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Admin;
using FeedHub.IntegrationTests.Deployment;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Worker.Operations.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>Each metric stream has room for the series it can have, not the SDK's 2,000 allocated
/// up front, and none of the worker's series is dropped for want of room.</summary>
[Collection(ProcessWideMetrics.Name)]
public sealed partial class MetricStreamViewsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    // The SDK allocates a stream's points when the instrument is published, on the thread that
    // creates it, so this thread's allocations measure what one stream costs.
    [Fact]
    public void A_stream_allocates_room_for_its_limit_not_the_sdks_default()
    {
        string meterName = $"FeedHub.Tests.Streams.{Guid.NewGuid():N}";
        using MeterProvider provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meterName)
            .AddFeedHubStreamViews()
            .AddReader(new BaseExportingMetricReader(new DiscardingExporter()))
            .Build();
        using var meter = new Meter(meterName);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Counter<long> counter = meter.CreateCounter<long>("feedhub.test.polls");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        counter.Add(1);
        // 2,000 points of ~72 bytes each were ~144 KB; 200 are ~15 KB.
        Assert.InRange(allocated, 1, 40 * 1024);
    }

    [Fact]
    public void Every_instrument_gets_a_limit_and_publishers_hosts_stay_out_of_http_client_series()
    {
        using var http = new Meter("System.Net.Http");
        using var own = new Meter("FeedHub.Refresh");
        using var server = new Meter("Microsoft.AspNetCore.Hosting");

        MetricStreamConfiguration client = MetricStreamViews.View(http.CreateHistogram<double>("http.client.request.duration"));
        MetricStreamConfiguration polls = MetricStreamViews.View(own.CreateCounter<long>("feedhub.polls"));
        MetricStreamConfiguration requests = MetricStreamViews.View(server.CreateHistogram<double>("http.server.request.duration"));

        Assert.Equal(MetricStreamViews.RequestCardinalityLimit, client.CardinalityLimit);
        Assert.DoesNotContain("server.address", client.TagKeys ?? ["server.address"]);
        Assert.Equal(MetricStreamViews.EnumeratedCardinalityLimit, polls.CardinalityLimit);
        Assert.Null(polls.TagKeys);
        Assert.Equal(MetricStreamViews.RequestCardinalityLimit, requests.CardinalityLimit);
    }

    [Fact]
    public async Task Every_series_the_readme_documents_is_scraped_and_none_overflows()
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        feeds.MapContent("feed.xml", FeedXml.Rss("Portal", [FeedXml.Numbered(1), FeedXml.Numbered(2)]));
        feeds.Map("broken.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        });
        await using AdminApi api = await AdminApi.StartAsync(new Dictionary<string, string> { ["FeedHub:Scheduling:DefaultInterval"] = "01:00:00" });
        var sources = api.Host.Services.GetRequiredService<ISourceStore>();
        _ = await sources.UpsertAsync(new SourceDefinition { Url = feeds.Url("feed.xml").AbsoluteUri }, CancellationToken.None);
        _ = await sources.UpsertAsync(new SourceDefinition { Url = feeds.Url("broken.xml").AbsoluteUri }, CancellationToken.None);
        // Requests of several routes and statuses, so the request streams have series of their own.
        foreach (string path in new[] { "api/sources", "status/sources", "health/ready", "feed.xml", "no-such-page" })
        {
            using HttpResponseMessage response = await api.Client.GetAsync(path, TestContext.Current.CancellationToken);
        }

        PrometheusText scraped = PrometheusText.Parse(string.Empty);
        string text = string.Empty;
        await WorkerHost.EventuallyAsync(async () =>
        {
            text = await api.Client.GetStringAsync("metrics", TestContext.Current.CancellationToken);
            scraped = PrometheusText.Parse(text);
            // The checkpointer copies the first commit beside the writer, and counts it after that poll is counted.
            return scraped.Value("feedhub_polls_total", ("outcome", "fetched")) == 1
                && scraped.Value("feedhub_polls_total", ("outcome", "failed")) == 1
                && scraped.Value("feedhub_storage_checkpoint_frames_total") > 0;
        }, Patience, "both polls and the first checkpoint show in the metrics");

        string[] names = [.. scraped.Series.Select(series => series[..series.IndexOf('{', StringComparison.Ordinal)]).Distinct(StringComparer.Ordinal)];
        string[] documented = DocumentedFeedHubSeries();
        Assert.True(documented.Length >= 19, $"the README's /metrics row names {documented.Length} FeedHub series");
        string[] missing = [.. documented.Except(AfterTheirEvent, StringComparer.Ordinal).Where(family => !names.Any(name => name == family || name == family + "_total" || name == family + "_bucket"))];
        Assert.True(missing.Length == 0, $"documented but not scraped: {string.Join(", ", missing)}");
        Assert.Contains(names, name => name.StartsWith("dotnet_gc_", StringComparison.Ordinal));
        Assert.Contains(names, name => name == "http_server_request_duration_seconds_bucket");
        Assert.Contains(names, name => name == "http_client_request_duration_seconds_bucket");
        Assert.DoesNotContain("otel_metric_overflow", text, StringComparison.Ordinal);
        // The views leave the instruments' own bucket advice in place.
        Assert.True(scraped.Value("feedhub_scheduler_lag_seconds_bucket", ("le", "3600")) >= 2);

        // Each stream holds a small share of its room: grouped by name without the histogram
        // suffixes and bucket label, no stream comes near the smaller limit.
        int largest = scraped.Series
            .Select(series => BucketLabel().Replace(HistogramSuffix().Replace(series, "{"), string.Empty))
            .Distinct(StringComparer.Ordinal)
            .GroupBy(series => series[..series.IndexOf('{', StringComparison.Ordinal)], StringComparer.Ordinal)
            .Max(family => family.Count());
        Assert.InRange(largest, 1, MetricStreamViews.EnumeratedCardinalityLimit / 4);
    }

    // Counters and gauges that show only once their event has happened (a poll that threw, a
    // document polled again, a purge, a failed checkpoint, a clustered poll superseded); their own
    // tests scrape them.
    private static readonly string[] AfterTheirEvent =
    [
        "feedhub_polls_thrown_total", "feedhub_entries_known_total", "feedhub_storage_checkpoint_failures_total", "feedhub_polls_superseded_total",
        "feedhub_purge_last_run_seconds", "feedhub_purge_last_removed", "feedhub_purge_last_reclaimed_bytes",
    ];

    private static string[] DocumentedFeedHubSeries()
    {
        string row = File.ReadLines(DeployFiles.Path("README.md")).Single(line => line.StartsWith("| `GET /metrics`", StringComparison.Ordinal));
        return [.. FeedHubSeriesName().Matches(row).Select(match => match.Value).Distinct(StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"\bfeedhub_[a-z_]+[a-z]")]
    private static partial Regex FeedHubSeriesName();

    [GeneratedRegex(@"_(bucket|count|sum)\{")]
    private static partial Regex HistogramSuffix();

    [GeneratedRegex(@",?le=""[^""]*""")]
    private static partial Regex BucketLabel();

    private sealed class DiscardingExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
