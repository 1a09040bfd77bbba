using System.Diagnostics.Metrics;
using FeedHub.Publishing;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Requests;

namespace FeedHub.Publishing.Rendering;

/// <summary>Meter <c>FeedHub.Publishing</c>: how often documents are rendered versus served from the cache.</summary>
public sealed class PublishingMetrics
{
    public const string MeterName = "FeedHub.Publishing";
    public const string RendersName = "feedhub.publishing.renders";
    public const string CacheHitsName = "feedhub.publishing.cache_hits";

    private readonly Counter<long> _renders;
    private readonly Counter<long> _cacheHits;

    public PublishingMetrics(IMeterFactory meters)
    {
        Meter meter = meters.Create(MeterName);
        _renders = meter.CreateCounter<long>(RendersName, description: "Feeds and pages rendered from the database.");
        _cacheHits = meter.CreateCounter<long>(CacheHitsName, description: "Requests answered from an already rendered document.");
    }

    internal void Rendered() => _renders.Add(1);

    internal void CacheHit() => _cacheHits.Add(1);
}
