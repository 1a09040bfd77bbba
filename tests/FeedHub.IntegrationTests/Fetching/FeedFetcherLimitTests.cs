using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FeedHub.Ingestion.Fetching;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Http;

namespace FeedHub.IntegrationTests.Fetching;

public sealed class FeedFetcherLimitTests
{
    private const int OneMiB = 1024 * 1024;

    // 50 MB of zeros shrinks to tens of kilobytes: the decoded size is what must be capped.
    private static readonly ConcurrentDictionary<string, byte[]> Bombs = new();

    private static byte[] Bomb(string coding) => Bombs.GetOrAdd(coding, c => Compression.Encode(c, new byte[50 * 1000 * 1000]));

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task A_compression_bomb_is_aborted_at_the_decoded_limit(string coding)
    {
        byte[] bomb = Bomb(coding);
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed", context =>
        {
            context.Response.Headers.ContentEncoding = coding;
            // The declared length is honest about the compressed bytes and far under the limit.
            context.Response.ContentLength = bomb.Length;
            return context.Response.Body.WriteAsync(bomb, context.RequestAborted).AsTask();
        });
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o => o.MaxResponseBytes = OneMiB);

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.True(bomb.Length < OneMiB);
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal("response exceeded 1048576 bytes", result.Error);
        Assert.True(result.Body.IsEmpty);
    }

    [Fact]
    public async Task A_body_just_under_the_limit_is_accepted_and_one_byte_more_is_not()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("exact", context => context.Response.Body.WriteAsync(new byte[1000]).AsTask());
        server.Map("over", context => context.Response.Body.WriteAsync(new byte[1001]).AsTask());
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o => o.MaxResponseBytes = 1000);

        FetchResult exact = await harness.FetchAsync(server.Url("exact"));
        FetchResult over = await harness.FetchAsync(server.Url("over"));

        Assert.Equal(FetchStatus.Ok, exact.Status);
        Assert.Equal(1000, exact.Body.Length);
        Assert.Equal(FetchStatus.Failed, over.Status);
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_before_reading()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed", async context =>
        {
            context.Response.ContentLength = 4 * OneMiB;
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            // Headers only; the body would take far longer than the test is willing to wait.
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        });
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o => o.MaxResponseBytes = OneMiB);
        var watch = Stopwatch.StartNew();

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal("response of 4194304 bytes exceeds the limit of 1048576 bytes", result.Error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task An_endless_chunked_body_is_aborted_at_the_limit()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        long sent = 0;
        server.Map("feed", async context =>
        {
            byte[] chunk = new byte[16 * 1024];
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                Interlocked.Add(ref sent, chunk.Length);
            }
        });
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o => o.MaxResponseBytes = OneMiB);

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal("response exceeded 1048576 bytes", result.Error);
        Assert.True(Interlocked.Read(ref sent) >= OneMiB);
    }

    [Fact]
    public async Task A_trickling_body_is_aborted_by_the_deadline()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            await context.Response.StartAsync(context.RequestAborted);
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync("<"u8.ToArray(), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(TimeSpan.FromMilliseconds(400), context.RequestAborted);
            }
        });
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o => o.Timeout = TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal("timed out after 1 s", result.Error);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Slow_headers_are_aborted_by_the_deadline()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed", context => Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o => o.Timeout = TimeSpan.FromMilliseconds(500));
        var watch = Stopwatch.StartNew();

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal("timed out after 0.5 s", result.Error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task The_deadline_covers_every_redirect_hop_together()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        // Each hop alone is well inside the deadline; together they are not.
        for (int i = 0; i < 4; i++)
        {
            string next = $"/hop{i + 1}";
            server.Map($"hop{i}", async context =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(350), context.RequestAborted);
                context.Response.Redirect(next);
            });
        }

        server.MapContent("hop4", "<rss/>");
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o => o.Timeout = TimeSpan.FromSeconds(1));

        FetchResult result = await harness.FetchAsync(server.Url("hop0"));

        Assert.Equal("timed out after 1 s", result.Error);
        Assert.Equal(0, server.CountRequests("hop4"));
    }

    [Fact]
    public async Task Cancellation_by_the_caller_throws_instead_of_reporting_a_failure()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        var started = new TaskCompletionSource();
        server.Map("feed", async context =>
        {
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.WriteAsync("<"u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            started.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        });
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o => o.Timeout = TimeSpan.FromSeconds(10));
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        Task<FetchResult> fetch = harness.Fetcher.FetchAsync(new FetchRequest(server.Url("feed"), null, null), caller.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch);
    }

    [Fact]
    public async Task A_slow_source_does_not_hold_up_another_host()
    {
        await using FixtureServer slow = await FixtureServer.StartAsync("127.0.0.1");
        await using FixtureServer fast = await FixtureServer.StartAsync("127.0.0.2");
        slow.Map("feed", context => Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
        fast.MapContent("feed", "<rss/>");
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o =>
        {
            o.Timeout = TimeSpan.FromSeconds(5);
            o.MaxConcurrency = 2;
        });

        Task<FetchResult> stuck = harness.FetchAsync(slow.Url("feed"));
        var watch = Stopwatch.StartNew();
        FetchResult quick = await harness.FetchAsync(fast.Url("feed"));
        TimeSpan quickTook = watch.Elapsed;

        Assert.Equal(FetchStatus.Ok, quick.Status);
        // Held up, it would have waited for the slow one's 5 s deadline; a first fetch on a loaded
        // machine can take a second or more on its own.
        Assert.True(quickTook < TimeSpan.FromSeconds(4), $"took {quickTook}");
        Assert.Equal("timed out after 5 s", (await stuck).Error);
    }

    [Fact]
    public async Task A_connection_that_never_completes_is_cut_by_the_connect_timeout()
    {
        // A listener that never accepts, with its tiny backlog full: further SYNs go unanswered.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = new List<Socket>();
        try
        {
            bool full = false;
            for (int i = 0; i < 16 && !full; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
                try
                {
                    await filler.ConnectAsync(endpoint, attempt.Token);
                }
                catch (OperationCanceledException)
                {
                    full = true;
                }
            }

            Assert.True(full, "the backlog never filled up");
            using FetcherHarness harness = FetcherHarness.AllowingLoopback(o =>
            {
                o.ConnectTimeout = TimeSpan.FromMilliseconds(500);
                o.Timeout = TimeSpan.FromSeconds(5);
            });
            var watch = Stopwatch.StartNew();

            FetchResult result = await harness.FetchAsync($"http://127.0.0.1:{endpoint.Port}/feed");

            Assert.Equal("connection timed out after 0.5 s", result.Error);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }
}
