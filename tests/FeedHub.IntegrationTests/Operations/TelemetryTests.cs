using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using FeedHub.Core.Sources;
using FeedHub.Ingestion.Refreshing;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>OpenTelemetry: the standard runtime, ASP.NET Core and HttpClient metrics on
/// <c>/metrics</c>, and a trace per poll, exported over OTLP when an endpoint is configured. In the
/// process-wide collection: another host in this process that stops takes the same-named series
/// out of this host's exporter too.</summary>
[Collection(ProcessWideMetrics.Name)]
public sealed class TelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_include_runtime_aspnetcore_and_httpclient_series()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", FeedXml.Rss("Portal", [FeedXml.Numbered(1)]));
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string> { ["FeedHub:Sources:0:Url"] = server.Url("feed.xml").AbsoluteUri });
        await WorkerHost.EventuallyAsync(() => Task.FromResult(server.CountRequests("feed.xml") >= 1), TimeSpan.FromSeconds(20), "the feed is polled");
        using HttpResponseMessage feed = await host.Http.GetAsync("feed.xml", Ct);

        // Series appear when requests end, which may be after the client has its response, and
        // the server sees the feed request before the poll is counted: all are waited for.
        string[] wanted =
        [
            "dotnet_gc_collections", "dotnet_process_memory_working_set",
            "http_server_request_duration_seconds", "http_route=\"/feed.{format}\"",
            "http_client_request_duration_seconds", "feedhub_polls_total",
        ];
        string[] missing = wanted;
        for (DateTime deadline = DateTime.UtcNow.AddSeconds(20); missing.Length > 0 && DateTime.UtcNow < deadline; await Task.Delay(100, Ct))
        {
            string metrics = await host.Http.GetStringAsync("metrics", Ct);
            missing = [.. wanted.Where(series => !metrics.Contains(series, StringComparison.Ordinal))];
        }

        Assert.Empty(missing);
    }

    [Fact]
    public async Task A_poll_is_one_span_with_the_source_id_and_fetch_parse_and_store_children()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", FeedXml.Rss("Portal", [FeedXml.Numbered(1), FeedXml.Numbered(2)]));
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));
        var finished = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "FeedHub.Test" or RefreshTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = finished.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var testSource = new ActivitySource("FeedHub.Test");

        ActivityTraceId trace;
        using (Activity test = testSource.StartActivity("test")!)
        {
            trace = test.TraceId;
            await harness.RefreshAsync(source.Id);
        }

        Activity[] mine = [.. finished.Where(a => a.TraceId == trace && a.Source.Name == RefreshTracing.SourceName)];
        Activity poll = Assert.Single(mine, a => a.OperationName == "poll");
        Assert.Equal(source.Id.ToString(CultureInfo.InvariantCulture), poll.GetTagItem("feedhub.source.id")?.ToString());
        foreach (string stage in new[] { "fetch", "parse", "store" })
        {
            Activity child = Assert.Single(mine, a => a.OperationName == stage);
            Assert.Equal(poll.SpanId, child.ParentSpanId);
        }
    }

    [Fact]
    public async Task With_an_otlp_endpoint_polls_are_exported_as_traces_over_otlp_http()
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        feeds.MapContent("feed.xml", FeedXml.Rss("Portal", [FeedXml.Numbered(1)]));
        await using FixtureServer collector = await FixtureServer.StartAsync();
        var exports = new ConcurrentQueue<byte[]>();
        collector.Map("v1/traces", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            exports.Enqueue(body.ToArray());
            context.Response.ContentType = "application/x-protobuf";
        });
        using ListeningWorker worker = await ListeningWorker.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub__Sources__0__Url"] = feeds.Url("feed.xml").AbsoluteUri,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUri.AbsoluteUri.TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });

        // A batch may close before the poll span does, so the spans are looked for across exports.
        string[] wanted = [RefreshTracing.SourceName, RefreshTracing.SourceIdTag, "poll", "fetch", "parse", "store"];
        await WorkerHost.EventuallyAsync(
            () => Task.FromResult(wanted.All(text => exports.Any(e => Contains(e, text)))),
            TimeSpan.FromSeconds(30),
            "a poll's spans reach the collector");

        Assert.True(exports.Any(e => Contains(e, "poll") && Contains(e, RefreshTracing.SourceIdTag)), "the poll span carries the source id");
        Assert.Equal("POST", collector.Requests.First(r => r.Path == "/v1/traces").Method);
    }

    private static bool Contains(byte[] export, string text) =>
        export.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
