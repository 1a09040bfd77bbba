using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Scheduling;

/// <summary>Many loopback feeds for a cluster to poll. Each feed gains one item per request (so a
/// poll that was lost or stored twice shows in the item count) until <see cref="Freeze"/>, and
/// every request is recorded with its time.</summary>
internal sealed class ClusterFeeds
{
    private readonly ConcurrentQueue<(int Feed, TimeSpan At)> _requests = new();
    private readonly int[] _served;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile bool _frozen;
    private long _delayTicks;

    public ClusterFeeds(FixtureServer server, int count)
    {
        _served = new int[count];
        for (int feed = 0; feed < count; feed++)
        {
            int index = feed;
            server.Map(Path(index), async context =>
            {
                _requests.Enqueue((index, _clock.Elapsed));
                int items = _frozen ? Volatile.Read(ref _served[index]) : Interlocked.Increment(ref _served[index]);
                if (Interlocked.Read(ref _delayTicks) is > 0 and long delay)
                {
                    await Task.Delay(TimeSpan.FromTicks(delay), context.RequestAborted);
                }

                context.Response.ContentType = "application/rss+xml; charset=utf-8";
                await context.Response.WriteAsync(FeedXml.Rss($"Feed {index}", Enumerable.Range(1, items).Select(n => Item(index, n))));
            });
        }
    }

    public int Count => _served.Length;

    public TimeSpan Now => _clock.Elapsed;

    public static string Path(int feed) => string.Create(CultureInfo.InvariantCulture, $"feeds/{feed}.xml");

    /// <summary>How long each response waits before it is written (from the request's arrival):
    /// polls then hold their claims for at least that long.</summary>
    public TimeSpan ResponseDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    /// <summary>From now on every feed serves what it served last: the items stored by the end
    /// must be exactly the items served.</summary>
    public void Freeze() => _frozen = true;

    /// <summary>Items served so far by each feed.</summary>
    public int Served(int feed) => Volatile.Read(ref _served[feed]);

    public IReadOnlyList<TimeSpan> RequestsOf(int feed) => [.. _requests.Where(r => r.Feed == feed).Select(r => r.At).Order()];

    public ILookup<int, TimeSpan> Requests() => _requests.ToArray().OrderBy(r => r.At).ToLookup(r => r.Feed, r => r.At);

    private static FeedXml.Item Item(int feed, int n) => new(
        string.Create(CultureInfo.InvariantCulture, $"feed-{feed}-item-{n}"),
        string.Create(CultureInfo.InvariantCulture, $"Feed {feed} reports item {n}"),
        string.Create(CultureInfo.InvariantCulture, $"https://feed{feed}.example/item/{n}"),
        string.Create(CultureInfo.InvariantCulture, $"<p>Feed {feed} item {n}: a release of its own, unlike any other.</p>"),
        new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(n));
}
