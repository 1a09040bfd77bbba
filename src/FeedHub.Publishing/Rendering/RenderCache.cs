using System.Collections.Concurrent;
using FeedHub.Publishing;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Requests;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace FeedHub.Publishing.Rendering;

/// <summary>Rendered documents keyed by (request key, change version). An entry is only ever
/// found under the version it was made for, so a change can never be answered with an old body;
/// when a newer version is seen, every older entry is evicted at once. Concurrent misses for one
/// key share a single render.</summary>
public sealed class RenderCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly ConcurrentDictionary<string, Lazy<Task<RenderedDocument>>> _rendering = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _newestVersion = -1;
    private CancellationTokenSource _generation = new();

    private readonly PublishingMetrics _metrics;

    public RenderCache(IOptions<PublishingOptions> options, PublishingMetrics metrics)
    {
        _metrics = metrics;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.RenderCacheMegabytes * 1024L * 1024L });
    }

    public async ValueTask<RenderedDocument> GetAsync(string key, long version, Func<Task<RenderedDocument>> render)
    {
        CancellationToken generation = Observe(version);
        string versionedKey = string.Concat(version.ToString(System.Globalization.CultureInfo.InvariantCulture), "|", key);
        if (_cache.TryGetValue(versionedKey, out RenderedDocument? cached) && cached is not null)
        {
            _metrics.CacheHit();
            return cached;
        }

        var lazy = _rendering.GetOrAdd(versionedKey, _ => new Lazy<Task<RenderedDocument>>(() => RenderAndStoreAsync(versionedKey, generation, render)));
        try
        {
            return await lazy.Value;
        }
        finally
        {
            _rendering.TryRemove(new KeyValuePair<string, Lazy<Task<RenderedDocument>>>(versionedKey, lazy));
        }
    }

    public int Count => _cache.Count;

    public void Dispose()
    {
        _cache.Dispose();
        _generation.Dispose();
    }

    private async Task<RenderedDocument> RenderAndStoreAsync(string versionedKey, CancellationToken generation, Func<Task<RenderedDocument>> render)
    {
        RenderedDocument document = await render();
        _metrics.Rendered();
        if (!generation.IsCancellationRequested)
        {
            using ICacheEntry entry = _cache.CreateEntry(versionedKey);
            entry.Value = document;
            entry.Size = document.Size;
            entry.AddExpirationToken(new CancellationChangeToken(generation));
        }

        return document;
    }

    private CancellationToken Observe(long version)
    {
        lock (_lock)
        {
            if (version > _newestVersion)
            {
                _newestVersion = version;
                CancellationTokenSource old = _generation;
                _generation = new CancellationTokenSource();
                // Not disposed: entries and in-flight renders still hold its (now cancelled) token.
                old.Cancel();
            }

            // A request that read an older version than another already saw renders for itself
            // but stores nothing: the older entry would only be evicted again.
            return version == _newestVersion ? _generation.Token : new CancellationToken(canceled: true);
        }
    }
}
