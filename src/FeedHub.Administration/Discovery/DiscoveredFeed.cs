namespace FeedHub.Administration.Discovery;

/// <summary>A feed found for a URL an admin gave.</summary>
/// <param name="Url">The feed's URL as the site links it (or as given, when it was a feed itself).</param>
/// <param name="Title">The link's title, else the feed's own title.</param>
/// <param name="Type">Media type of the feed as fetched: application/rss+xml, application/atom+xml or application/feed+json.</param>
public sealed record DiscoveredFeed(Uri Url, string? Title, string Type)
{
    /// <summary>The feed's own title, which a source added from it is named by (as when its URL is added).</summary>
    public string? FeedTitle { get; init; }
}

/// <summary>What discovery made of a URL: a feed itself, a page with feeds, or an error saying why
/// no feed came of it.</summary>
public sealed record DiscoveryResult
{
    /// <summary>The feeds found: the URL itself alone when <see cref="IsFeed"/>.</summary>
    public IReadOnlyList<DiscoveredFeed> Feeds { get; init; } = [];

    public bool IsFeed { get; init; }

    /// <summary>One line: why the URL could not be fetched, or that no feed was found on it.</summary>
    public string? Error { get; init; }
}
