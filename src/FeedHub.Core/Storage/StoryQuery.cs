using FeedHub.Core.Links;

namespace FeedHub.Core.Storage;

/// <summary>Which stories a merged feed shows: every filter must match, newest first, one page.</summary>
public sealed record StoryQuery
{
    /// <summary>Each selection must match (AND); within one selection any tag or source will do (OR).</summary>
    public IReadOnlyList<StorySelection> Selections { get; init; } = [];

    /// <summary>Words that must all appear (case-insensitively) in the origin copy's title, summary or content.</summary>
    public IReadOnlyList<string> Words { get; init; } = [];

    /// <summary>Only stories published at or after this instant.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only stories published before this instant (exclusive): the end of an archive month.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Only stories that sort after this key (older, or as old with a smaller id): the next page.</summary>
    public StoryCursor? Before { get; init; }

    public required int Limit { get; init; }
}

/// <summary>A story matches when any of its copies comes from one of <see cref="SourceIds"/> or
/// <see cref="SourceUrls"/>, or carries one of <see cref="Tags"/> as a tag of its source or a
/// category of its own (tags compare case-insensitively).</summary>
public sealed record StorySelection
{
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<long> SourceIds { get; init; } = [];
    public IReadOnlyList<string> SourceUrls { get; init; } = [];

    public bool IsEmpty => Tags.Count == 0 && SourceIds.Count == 0 && SourceUrls.Count == 0;
}
