using System.Collections.Concurrent;

namespace FeedHub.Ingestion.Fetching;

/// <summary>Bounds fetches running at once, overall and per host, so many sources polled together
/// stay polite to each server and to this machine. Sources that recently timed out or trickled
/// wait for a small lane of their own (<see cref="SlowLaneSlots"/>), on top of the regular slots:
/// ten feeds dripping a byte every few seconds would otherwise hold every slot until their
/// deadline while healthy feeds queue behind them.</summary>
public sealed class FetchThrottle
{
    /// <summary>How long a source stays in the slow lane when nothing new is learnt about it.</summary>
    public static readonly TimeSpan SlowMemory = TimeSpan.FromHours(6);

    private readonly SemaphoreSlim _global;
    private readonly SemaphoreSlim _slowLane;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _perHost = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _slowUntil = new(StringComparer.Ordinal);
    private readonly int _maxPerHost;
    private readonly TimeProvider _time;

    public FetchThrottle(int maxConcurrency, int maxConcurrencyPerHost, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrencyPerHost, 1);
        _global = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        SlowLaneSlots = Math.Max(1, maxConcurrency / 4);
        _slowLane = new SemaphoreSlim(SlowLaneSlots, SlowLaneSlots);
        _maxPerHost = maxConcurrencyPerHost;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Fetches of slow sources running at once: a quarter of the regular slots, at least one.</summary>
    public int SlowLaneSlots { get; }

    /// <summary>Waits for a slot for <paramref name="host"/> and then a regular one; dispose the lease to
    /// release both. The host slot is taken first so a busy host does not sit on global slots.</summary>
    public Task<IDisposable> EnterAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        return EnterAsync(HostGate(host), _global, hostFirst: true, cancellationToken);
    }

    /// <summary>Like <see cref="EnterAsync(string, CancellationToken)"/> for the URL's host, in the slow
    /// lane when the URL was recently <see cref="ReportSlow">reported slow</see>. A slow fetch takes its
    /// lane slot before its host slot, so that while it queues it keeps no healthy feed of the same
    /// host waiting.</summary>
    public Task<IDisposable> EnterAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        bool slow = IsSlow(url);
        return EnterAsync(HostGate(url.IdnHost), slow ? _slowLane : _global, hostFirst: !slow, cancellationToken);
    }

    /// <summary>The fetch of <paramref name="url"/> timed out or trickled: its next fetches use the slow lane.</summary>
    public void ReportSlow(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        _slowUntil[Key(url)] = _time.GetUtcNow() + SlowMemory;
    }

    /// <summary>The fetch of <paramref name="url"/> finished in good time: back to the regular slots.</summary>
    public void ReportTimely(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        _slowUntil.TryRemove(Key(url), out _);
    }

    public bool IsSlow(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        string key = Key(url);
        if (!_slowUntil.TryGetValue(key, out DateTimeOffset until))
        {
            return false;
        }

        if (until > _time.GetUtcNow())
        {
            return true;
        }

        _slowUntil.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, until));
        return false;
    }

    // One source is one feed URL; the query is left out so rotating tokens do not hide a slow feed.
    private static string Key(Uri url) => url.GetLeftPart(UriPartial.Path);

    private SemaphoreSlim HostGate(string host) => _perHost.GetOrAdd(host, _ => new SemaphoreSlim(_maxPerHost, _maxPerHost));

    private static async Task<IDisposable> EnterAsync(SemaphoreSlim hostGate, SemaphoreSlim lane, bool hostFirst, CancellationToken cancellationToken)
    {
        SemaphoreSlim first = hostFirst ? hostGate : lane;
        SemaphoreSlim second = hostFirst ? lane : hostGate;
        await first.WaitAsync(cancellationToken);
        try
        {
            await second.WaitAsync(cancellationToken);
        }
        catch
        {
            first.Release();
            throw;
        }

        return new Lease(lane, hostGate);
    }

    private sealed class Lease(SemaphoreSlim lane, SemaphoreSlim host) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                lane.Release();
                host.Release();
            }
        }
    }
}
