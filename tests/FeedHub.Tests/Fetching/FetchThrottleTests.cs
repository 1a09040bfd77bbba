using FeedHub.Ingestion.Fetching;

namespace FeedHub.Tests.Fetching;

public sealed class FetchThrottleTests
{
    [Fact]
    public async Task Never_runs_more_than_the_global_or_per_host_limit()
    {
        var throttle = new FetchThrottle(maxConcurrency: 3, maxConcurrencyPerHost: 2);
        var running = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        int total = 0, maxTotal = 0;
        var maxPerHost = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var gate = new Lock();

        async Task Work(string host)
        {
            using IDisposable lease = await throttle.EnterAsync(host, TestContext.Current.CancellationToken);
            lock (gate)
            {
                total++;
                running[host] = running.GetValueOrDefault(host) + 1;
                maxTotal = Math.Max(maxTotal, total);
                maxPerHost[host] = Math.Max(maxPerHost.GetValueOrDefault(host), running[host]);
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
            lock (gate)
            {
                total--;
                running[host]--;
            }
        }

        string[] hosts = ["a.example", "A.EXAMPLE", "b.example", "c.example", "d.example"];
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => Work(hosts[i % hosts.Length]))));

        Assert.Equal(3, maxTotal);
        Assert.Equal(2, maxPerHost["a.example"]);
        Assert.All(maxPerHost.Values, max => Assert.True(max <= 2));
    }

    [Fact]
    public async Task A_cancelled_wait_gives_its_host_slot_back()
    {
        var throttle = new FetchThrottle(maxConcurrency: 1, maxConcurrencyPerHost: 1);
        IDisposable first = await throttle.EnterAsync("a.example", TestContext.Current.CancellationToken);

        // b.example gets its host slot, then waits for the global one and is cancelled.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => throttle.EnterAsync("b.example", cancel.Token));

        first.Dispose();
        first.Dispose();
        using IDisposable second = await throttle.EnterAsync("b.example", TestContext.Current.CancellationToken);
        using var blocked = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => throttle.EnterAsync("a.example", blocked.Token));
    }

    [Fact]
    public async Task Sources_reported_slow_share_a_lane_of_their_own()
    {
        var throttle = new FetchThrottle(maxConcurrency: 4, maxConcurrencyPerHost: 4);
        CancellationToken ct = TestContext.Current.CancellationToken;
        Uri[] slow = [.. Enumerable.Range(1, 6).Select(n => new Uri($"https://slow{n}.example/feed"))];
        foreach (Uri url in slow)
        {
            throttle.ReportSlow(url);
        }

        Assert.Equal(1, throttle.SlowLaneSlots);
        IDisposable first = await throttle.EnterAsync(slow[0], ct);
        Task<IDisposable> second = throttle.EnterAsync(slow[1], ct);

        // Every regular slot is still free for healthy sources.
        IDisposable[] healthy = await Task.WhenAll(Enumerable.Range(1, 4).Select(n => throttle.EnterAsync(new Uri($"https://ok{n}.example/feed"), ct)));
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10), ct)).Dispose();
        Array.ForEach(healthy, lease => lease.Dispose());
    }

    [Fact]
    public async Task A_source_that_answers_in_time_again_leaves_the_slow_lane()
    {
        var throttle = new FetchThrottle(maxConcurrency: 2, maxConcurrencyPerHost: 2);
        var url = new Uri("https://slow.example/feed");

        throttle.ReportSlow(url);
        Assert.True(throttle.IsSlow(url));
        Assert.False(throttle.IsSlow(new Uri("https://slow.example/other")));

        throttle.ReportTimely(url);
        Assert.False(throttle.IsSlow(url));
        using IDisposable lease = await throttle.EnterAsync(url, TestContext.Current.CancellationToken);
    }

    [Fact]
    public void A_slow_mark_is_forgotten_after_a_while()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2024, 5, 7, 3, 0, 0, TimeSpan.Zero));
        var throttle = new FetchThrottle(maxConcurrency: 2, maxConcurrencyPerHost: 2, clock);
        var url = new Uri("https://slow.example/feed");

        throttle.ReportSlow(url);
        clock.Advance(FetchThrottle.SlowMemory - TimeSpan.FromMinutes(1));
        Assert.True(throttle.IsSlow(url));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.False(throttle.IsSlow(url));
    }
}
