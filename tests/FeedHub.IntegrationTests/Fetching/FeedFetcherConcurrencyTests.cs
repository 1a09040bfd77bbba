using FeedHub.Ingestion.Fetching;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Http;

namespace FeedHub.IntegrationTests.Fetching;

public sealed class FeedFetcherConcurrencyTests
{
    /// <summary>Counts requests in flight across every server it is mapped on.</summary>
    private sealed class InFlight
    {
        private int _current;
        private int _max;

        public int Max => Volatile.Read(ref _max);

        public RequestDelegate Handler => async context =>
        {
            int now = Interlocked.Increment(ref _current);
            int seen;
            while ((seen = Volatile.Read(ref _max)) < now && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }

            try
            {
                await Task.Delay(150, context.RequestAborted);
                await context.Response.WriteAsync("<rss/>", context.RequestAborted);
            }
            finally
            {
                Interlocked.Decrement(ref _current);
            }
        };
    }

    [Fact]
    public async Task Many_fetches_to_one_host_never_exceed_the_per_host_limit()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        var inFlight = new InFlight();
        for (int i = 0; i < 12; i++)
        {
            server.Map($"feed{i}", inFlight.Handler);
        }

        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o =>
        {
            o.MaxConcurrency = 8;
            o.MaxConcurrencyPerHost = 2;
        });

        FetchResult[] results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => harness.FetchAsync(server.Url($"feed{i}"))));

        Assert.All(results, r => Assert.Equal(FetchStatus.Ok, r.Status));
        Assert.Equal(2, inFlight.Max);
        Assert.Equal(12, server.Requests.Count);
    }

    [Fact]
    public async Task Fetches_across_hosts_never_exceed_the_global_limit()
    {
        var inFlight = new InFlight();
        var servers = new List<FixtureServer>();
        try
        {
            foreach (string host in new[] { "127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4" })
            {
                FixtureServer server = await FixtureServer.StartAsync(host);
                servers.Add(server);
                for (int i = 0; i < 3; i++)
                {
                    server.Map($"feed{i}", inFlight.Handler);
                }
            }

            using FetcherHarness harness = FetcherHarness.AllowingLoopback(o =>
            {
                o.MaxConcurrency = 3;
                o.MaxConcurrencyPerHost = 2;
            });

            FetchResult[] results = await Task.WhenAll(
                servers.SelectMany(s => Enumerable.Range(0, 3).Select(i => harness.FetchAsync(s.Url($"feed{i}")))));

            Assert.All(results, r => Assert.Equal(FetchStatus.Ok, r.Status));
            Assert.Equal(3, inFlight.Max);
        }
        finally
        {
            foreach (FixtureServer server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }
}
