using FeedHub.Core.Scheduling;
using System.Diagnostics;
using System.IO.Compression;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Ingestion.Refreshing;
using FeedHub.Worker.Operations;
using FeedHub.Worker.Operations.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedHub.IntegrationTests.Security;

/// <summary>Network and server faults seen through the refresh: what the source row records and
/// when the next poll is due (cases 4, 17 and 18 of the product's security bar).</summary>
public sealed class PollingFaultTests
{
    [Fact]
    public async Task A_compression_bomb_is_aborted_at_the_decoded_limit_and_counts_as_a_failure()
    {
        byte[] bomb = Gzip(new byte[32 * 1024 * 1024]);
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed.xml", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            context.Response.Headers.ContentEncoding = "gzip";
            await context.Response.Body.WriteAsync(bomb);
        });
        await using PipelineHarness harness = await PipelineHarness.StartAsync(new Dictionary<string, string?> { ["FeedHub:Fetch:MaxResponseBytes"] = "1048576" });
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));

        RefreshResult result = await harness.RefreshAsync(source.Id);

        Assert.Equal(RefreshStatus.Failed, result.Status);
        FeedSource after = await harness.SourceAsync(source.Id);
        Assert.Equal(1, after.ConsecutiveFailures);
        Assert.Contains("1048576", after.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_dripping_bytes_is_cut_off_by_the_deadline_while_other_sources_keep_going()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("slow.xml", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            await context.Response.StartAsync();
            for (int i = 0; i < 100 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.Body.WriteAsync("<"u8.ToArray());
                await context.Response.Body.FlushAsync();
                await Task.Delay(500, context.RequestAborted);
            }
        });
        server.MapContent("good.xml", FeedXml.Rss("Good", [FeedXml.Numbered(1)]));
        await using PipelineHarness harness = await PipelineHarness.StartAsync(new Dictionary<string, string?> { ["FeedHub:Fetch:Timeout"] = "00:00:05" });
        FeedSource slow = await harness.AddSourceAsync(server.Url("slow.xml"));
        FeedSource good = await harness.AddSourceAsync(server.Url("good.xml"));

        Task<RefreshResult> slowPoll = harness.RefreshAsync(slow.Id);
        Task<long> slowDone = slowPoll.ContinueWith(_ => Stopwatch.GetTimestamp(), TaskScheduler.Default);
        await WorkerHost.EventuallyAsync(() => Task.FromResult(server.CountRequests("slow.xml") == 1), TimeSpan.FromSeconds(10), "the slow source is being fetched");
        RefreshResult goodResult = await harness.RefreshAsync(good.Id);
        long goodDone = Stopwatch.GetTimestamp();
        RefreshResult slowResult = await slowPoll;

        Assert.Equal(RefreshStatus.Updated, goodResult.Status);
        Assert.True(goodDone < await slowDone, "the good source waited for the slow one");
        Assert.Equal(RefreshStatus.Failed, slowResult.Status);
        Assert.Contains("timed out", (await harness.SourceAsync(slow.Id)).LastError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Consecutive_server_errors_back_off_further_each_time_and_a_success_resets()
    {
        bool failing = true;
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed.xml", context =>
        {
            if (failing)
            {
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
                return Task.CompletedTask;
            }

            context.Response.ContentType = "application/rss+xml";
            return context.Response.WriteAsync(FeedXml.Rss("Back", [FeedXml.Numbered(1)]));
        });
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));

        var delays = new List<TimeSpan>();
        for (int i = 0; i < 5; i++)
        {
            DateTimeOffset before = DateTimeOffset.UtcNow;
            RefreshResult failed = await harness.RefreshAsync(source.Id);
            Assert.Equal(RefreshStatus.Failed, failed.Status);
            delays.Add(failed.NextDueAt!.Value - before);
        }

        FeedSource afterFailures = await harness.SourceAsync(source.Id);
        Assert.Equal(5, afterFailures.ConsecutiveFailures);
        Assert.Equal(502, afterFailures.LastHttpStatus);
        for (int i = 1; i < delays.Count; i++)
        {
            Assert.True(delays[i] > delays[i - 1], $"backoff did not grow: {string.Join(", ", delays)}");
        }

        failing = false;
        RefreshResult success = await harness.RefreshAsync(source.Id);

        FeedSource recovered = await harness.SourceAsync(source.Id);
        Assert.Equal(RefreshStatus.Updated, success.Status);
        Assert.Equal(0, recovered.ConsecutiveFailures);
        Assert.Null(recovered.LastError);
        Assert.True(success.NextDueAt!.Value - DateTimeOffset.UtcNow < delays[1]);
    }

    [Fact]
    public async Task Retry_after_is_honoured_before_the_next_poll()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "3600";
            return Task.CompletedTask;
        });
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));
        DateTimeOffset before = DateTimeOffset.UtcNow;

        RefreshResult result = await harness.RefreshAsync(source.Id);

        Assert.Equal(RefreshStatus.Failed, result.Status);
        Assert.True(result.NextDueAt >= before.AddHours(1), $"next poll {result.NextDueAt} is before the hour the server asked for");
        FeedSource after = await harness.SourceAsync(source.Id);
        Assert.True(after.RetryAfterUntil >= before.AddHours(1));
        Assert.True(after.NextDueAt >= before.AddHours(1));
    }

    [Fact]
    public async Task A_retry_after_in_year_9999_is_honoured_for_seven_days_and_the_status_says_why()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "Fri, 31 Dec 9999 23:59:59 GMT";
            return Task.CompletedTask;
        });
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));
        DateTimeOffset before = DateTimeOffset.UtcNow;

        RefreshResult result = await harness.RefreshAsync(source.Id);
        DateTimeOffset after = DateTimeOffset.UtcNow;

        Assert.Equal(RefreshStatus.Failed, result.Status);
        Assert.InRange(result.NextDueAt!.Value, before.AddDays(7), after.AddDays(7));
        FeedSource stored = await harness.SourceAsync(source.Id);
        Assert.InRange(stored.RetryAfterUntil!.Value, before.AddDays(7), after.AddDays(7));
        Assert.InRange(stored.NextDueAt!.Value, before.AddDays(7), after.AddDays(7));

        var report = new SourceStatusReport(
            harness.Services.GetRequiredService<ISourceStatusReader>(), Options.Create(new OperationsOptions()),
            new CadenceSettings(TimeSpan.FromMinutes(5), TimeSpan.FromHours(24), TimeSpan.FromMinutes(15)), TimeProvider.System);
        SourceStatusView status = (await report.GetAsync(source.Id, TestContext.Current.CancellationToken))!;
        Assert.Equal(stored.RetryAfterUntil, status.RetryAfterUntil);
        Assert.StartsWith("HTTP 503 Service Unavailable; ", status.LastError, StringComparison.Ordinal);
        Assert.Contains("Retry-After", status.LastError, StringComparison.Ordinal);
        Assert.Contains("9999-12-31", status.LastError, StringComparison.Ordinal);
        Assert.Contains("7 days", status.LastError, StringComparison.Ordinal);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
