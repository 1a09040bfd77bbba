namespace FeedHub.Core.Publishing;

/// <summary>What a merged feed document says about itself, and its stories.</summary>
public sealed record MergedFeed
{
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required Uri SelfUrl { get; init; }
    public required Uri SiteUrl { get; init; }
    public required DateTimeOffset Updated { get; init; }
    public required IReadOnlyList<StoryEntry> Stories { get; init; }
}
