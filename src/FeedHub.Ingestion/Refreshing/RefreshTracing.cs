using System.Diagnostics;

namespace FeedHub.Ingestion.Refreshing;

/// <summary>The refresh's spans: <c>poll</c> per source (tag <c>feedhub.source.id</c>) with
/// <c>fetch</c>, <c>parse</c> and <c>store</c> children. Any listener can record them; the worker
/// exports them over OTLP when an endpoint is configured.</summary>
public static class RefreshTracing
{
    public const string SourceName = "FeedHub.Refreshing";

    public const string SourceIdTag = "feedhub.source.id";

    internal static ActivitySource Source { get; } = new(SourceName);
}
