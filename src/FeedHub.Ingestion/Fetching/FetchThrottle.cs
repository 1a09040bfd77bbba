using System.Collections.Concurrent;

namespace FeedHub.Ingestion.Fetching;

/// <summary>Bounds fetches running at once, overall and per host, so many sources polled together
/// stay polite to each server and to this machine.</summary>
public sealed class FetchThrottle
{
    private readonly SemaphoreSlim _global;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _perHost = new(StringComparer.OrdinalIgnoreCase);
    private readonly int _maxPerHost;

    public FetchThrottle(int maxConcurrency, int maxConcurrencyPerHost)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrencyPerHost, 1);
        _global = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        _maxPerHost = maxConcurrencyPerHost;
    }

    /// <summary>Waits for a slot for <paramref name="host"/> and then a global one; dispose the lease to
    /// release both. The host slot is taken first so a busy host does not sit on global slots.</summary>
    public async Task<IDisposable> EnterAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        SemaphoreSlim hostGate = _perHost.GetOrAdd(host, _ => new SemaphoreSlim(_maxPerHost, _maxPerHost));
        await hostGate.WaitAsync(cancellationToken);
        try
        {
            await _global.WaitAsync(cancellationToken);
        }
        catch
        {
            hostGate.Release();
            throw;
        }

        return new Lease(_global, hostGate);
    }

    private sealed class Lease(SemaphoreSlim global, SemaphoreSlim host) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                global.Release();
                host.Release();
            }
        }
    }
}
