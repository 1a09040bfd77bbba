using FeedHub.Core.Storage;

namespace FeedHub.Core.Sources;

/// <summary>What an admin or the configuration says a source is; upserted by URL.</summary>
public sealed record SourceDefinition
{
    public required string Url { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public TimeSpan? Interval { get; init; }
    public bool IsOrigin { get; init; }
    public IReadOnlyList<string> Credits { get; init; } = [];
}
