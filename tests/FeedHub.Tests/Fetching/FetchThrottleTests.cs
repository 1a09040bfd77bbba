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
}
