using FeedHub.Core.Links;
using FeedHub.Core.Storage;

namespace FeedHub.Publishing.Writers;

/// <summary>What the human page at <c>/</c> shows: the feeds to subscribe to, and the latest stories.</summary>
public sealed record HomePage
{
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required Uri SiteUrl { get; init; }
    public required IReadOnlyList<FeedLinks> Feeds { get; init; }
    public required IReadOnlyList<StoryEntry> Stories { get; init; }
}

/// <summary>One subscribable feed in its three formats.</summary>
public sealed record FeedLinks(string Title, string? Description, Uri Rss, Uri Atom, Uri Json);
