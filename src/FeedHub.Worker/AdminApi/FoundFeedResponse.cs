using FeedHub.Administration.Discovery;

namespace FeedHub.Worker.AdminApi;

/// <summary>One feed found on a site, in the <c>300 Multiple Choices</c> answer to <c>POST /api/sources</c>.</summary>
public sealed record FoundFeedResponse(string Url, string? Title, string Type)
{
    public static FoundFeedResponse From(DiscoveredFeed feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return new FoundFeedResponse(feed.Url.AbsoluteUri, feed.Title, feed.Type);
    }
}
