using System.Diagnostics;
using FeedHub.Ingestion.Fetching;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Http;

namespace FeedHub.IntegrationTests.Fetching;

/// <summary>Feeds that trickle must not hold the slots healthy feeds need (issue 8, point 17):
/// ten trickling servers on ten loopback hosts against one healthy one, over real HTTP.</summary>
public sealed class SlowSourceLaneTests
{
    private const int SlowHosts = 10;

    [Fact]
    public async Task With_ten_trickling_sources_a_healthy_one_still_starts_within_two_seconds()
    {
        await using var servers = new Servers();
        for (int i = 0; i < SlowHosts; i++)
        {
            FixtureServer slow = await FixtureServer.StartAsync($"127.0.0.{i + 2}");
            slow.Map("feed.xml", Trickle);
            servers.Slow.Add(slow);
        }

        servers.Healthy = await FixtureServer.StartAsync("127.0.0.1");
        servers.Healthy.MapContent("feed.xml", FeedXml.Rss("Sehat", [FeedXml.Numbered(1)]));
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o =>
        {
            o.MaxConcurrency = 5;
            o.Timeout = TimeSpan.FromSeconds(3);
        });
        CancellationToken ct = TestContext.Current.CancellationToken;

        // First round: each trickling source times out once, which is how FeedHub learns it is slow.
        FetchResult[] learnt = await Task.WhenAll(servers.Slow.Select(s => harness.Fetcher.FetchAsync(new FetchRequest(s.Url("feed.xml"), null, null), ct)));
        Assert.All(learnt, r => Assert.Contains("timed out", r.Error, StringComparison.Ordinal));

        // Second round: all ten are due again, and then the healthy one.
        using var stopSlow = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task<FetchResult>[] slowPolls = [.. servers.Slow.Select(s => harness.Fetcher.FetchAsync(new FetchRequest(s.Url("feed.xml"), null, null), stopSlow.Token))];
        await WorkerHost.EventuallyAsync(
            () => Task.FromResult(servers.Slow.Sum(s => s.CountRequests("feed.xml")) > SlowHosts),
            TimeSpan.FromSeconds(10),
            "a trickling source is fetched again");
        long due = Stopwatch.GetTimestamp();
        Task<FetchResult> healthyPoll = harness.FetchAsync(servers.Healthy.Url("feed.xml"));
        await WorkerHost.EventuallyAsync(() => Task.FromResult(servers.Healthy.CountRequests("feed.xml") == 1), TimeSpan.FromSeconds(30), "the healthy source is fetched");
        TimeSpan startLag = Stopwatch.GetElapsedTime(due);
        FetchResult healthy = await healthyPoll;
        int slowStillWaiting = slowPolls.Count(p => !p.IsCompleted);

        Assert.Equal(FetchStatus.Ok, healthy.Status);
        Assert.True(startLag < TimeSpan.FromSeconds(2), $"the healthy source started {startLag.TotalSeconds:0.0} s after it was due");
        // Ordering, whatever the machine's speed: the slow ones share a lane of their own and are
        // mostly still queued or trickling when the healthy one is done.
        Assert.True(slowStillWaiting >= SlowHosts / 2, $"only {slowStillWaiting} slow polls were still running");

        // Done with them: cancelled or timed out, either way they must end before the servers go.
        await stopSlow.CancelAsync();
        await Task.WhenAll(slowPolls).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task The_worker_keeps_polling_a_healthy_source_on_time_while_ten_sources_trickle()
    {
        await using var servers = new Servers();
        var settings = new Dictionary<string, string>
        {
            ["FeedHub:Scheduling:DefaultInterval"] = "00:00:01",
            ["FeedHub:Scheduling:MinInterval"] = "00:00:01",
            ["FeedHub:Scheduling:MaxInterval"] = "00:00:01",
            ["FeedHub:Scheduling:Jitter"] = "0",
            ["FeedHub:Scheduling:StartupWindow"] = "00:00:00",
            ["FeedHub:Fetch:Timeout"] = "00:00:03",
            ["FeedHub:Fetch:MaxConcurrency"] = "5",
        };
        for (int i = 0; i < SlowHosts; i++)
        {
            FixtureServer slow = await FixtureServer.StartAsync($"127.0.0.{i + 2}");
            slow.Map("feed.xml", Trickle);
            servers.Slow.Add(slow);
            settings[$"FeedHub:Sources:{i}:Url"] = slow.Url("feed.xml").AbsoluteUri;
        }

        var healthyStarts = new System.Collections.Concurrent.ConcurrentQueue<long>();
        string healthyFeed = FeedXml.Rss("Sehat", [FeedXml.Numbered(1)]);
        servers.Healthy = await FixtureServer.StartAsync("127.0.0.1");
        servers.Healthy.Map("feed.xml", context =>
        {
            healthyStarts.Enqueue(Stopwatch.GetTimestamp());
            context.Response.ContentType = "application/rss+xml";
            return context.Response.WriteAsync(healthyFeed, context.RequestAborted);
        });
        settings[$"FeedHub:Sources:{SlowHosts}:Url"] = servers.Healthy.Url("feed.xml").AbsoluteUri;

        await using WorkerHost host = await WorkerHost.StartAsync(settings);
        // Every trickling source times out once (two waves of the regular slots), and is then known slow.
        await WorkerHost.EventuallyAsync(
            () => Task.FromResult(servers.Slow.All(s => s.CountRequests("feed.xml") >= 1)),
            TimeSpan.FromSeconds(30),
            "every trickling source is polled");
        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
        long watchFrom = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(8), TestContext.Current.CancellationToken);

        long[] starts = [.. healthyStarts.Where(t => t >= watchFrom)];
        TimeSpan[] gaps = [.. starts.Zip(starts.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b))];
        Assert.True(starts.Length >= 4, $"the healthy source (interval 1 s) was polled {starts.Length} times in 8 s");
        // Each gap is the 1 s interval plus the poll itself; 2 s more would mean it waited for a slot.
        Assert.All(gaps, gap => Assert.True(gap < TimeSpan.FromSeconds(3), $"the healthy source waited {gap.TotalSeconds:0.0} s between polls: {string.Join(", ", gaps.Select(g => g.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))}"));
    }

    private static async Task Trickle(HttpContext context)
    {
        context.Response.ContentType = "application/rss+xml";
        await context.Response.StartAsync(context.RequestAborted);
        try
        {
            for (int i = 0; i < 200 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.Body.WriteAsync("<"u8.ToArray(), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(500, context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The fetcher hung up: what a trickling server sees when FeedHub gives up on it.
        }
    }

    private sealed class Servers : IAsyncDisposable
    {
        public List<FixtureServer> Slow { get; } = [];

        public FixtureServer? Healthy { get; set; }

        public async ValueTask DisposeAsync()
        {
            foreach (FixtureServer server in Slow)
            {
                await server.DisposeAsync();
            }

            if (Healthy is not null)
            {
                await Healthy.DisposeAsync();
            }
        }
    }
}
