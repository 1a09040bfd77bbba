using FeedHub.Core.Items;
using FeedHub.Core.Links;

namespace FeedHub.Core.Storage;

/// <summary>One story as the merged feed shows it: the origin's copy, and who else carried it.</summary>
public sealed record StoryEntry
{
    public required long StoryId { get; init; }
    public required FeedItem Item { get; init; }
    public required long SourceId { get; init; }
    public required string SourceUrl { get; init; }
    public string? SourceTitle { get; init; }

    /// <summary>The origin feed's icon, logo or image as stored on its source (absolute http(s)); null when it has none.</summary>
    public string? SourceImageUrl { get; init; }
    public DateTimeOffset FirstSeenAt { get; init; }
    public IReadOnlyList<StoryCopy> AlsoPublishedBy { get; init; } = [];
}

/// <summary>A republished copy of a story on another source.</summary>
public sealed record StoryCopy(long SourceId, string? SourceTitle, string SourceUrl, string? Link);
