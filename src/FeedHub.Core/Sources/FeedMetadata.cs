namespace FeedHub.Core.Sources;

/// <summary>What a feed says about itself, as stored on its source: plain text, capped, absolute
/// http(s) URLs only, dates in UTC.</summary>
public sealed record FeedMetadata
{
    /// <summary>BCP 47-ish tag as the feed wrote it ("id", "id-ID", "en-us").</summary>
    public string? Language { get; init; }
    public string? Description { get; init; }
    public string? ImageUrl { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}
