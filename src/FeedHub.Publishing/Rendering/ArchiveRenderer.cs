using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Publishing;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Requests;
using FeedHub.Publishing.Writers;
using Microsoft.Extensions.Options;

namespace FeedHub.Publishing.Rendering;

/// <summary>Archived feeds (RFC 5005 4): one document per completed UTC month of the all-stories
/// feed, chained to its neighbours with stories by prev-archive and next-archive links.</summary>
public sealed class ArchiveRenderer(IStoryReader stories, IOptions<PublishingOptions> options, TagAuthority authority)
{
    private readonly PublishingOptions _options = options.Value;

    /// <summary>Only RSS and Atom have RFC 5005; JSON Feed has no archive convention.</summary>
    public static bool Archives(FeedFormat format) => format is FeedFormat.Rss or FeedFormat.Atom;

    /// <summary>Whether a subscription feed is the one the archives belong to: all stories, unfiltered, first page.</summary>
    public static bool IsArchived(FeedRequest request) =>
        Archives(request.Format) && request.Channel is null && request.Tags.Count == 0 && request.SourceIds.Count == 0
        && request.Words.Count == 0 && request.Since is null && request.Before is null;

    /// <summary>The newest completed month with stories, for the subscription feed's prev-archive link.</summary>
    public async Task<ArchiveMonth?> NewestArchiveAsync(ArchiveMonth current, CancellationToken cancellationToken)
    {
        PublishedNeighbours around = await stories.PublishedAroundAsync(current.Start, current.Start, cancellationToken);
        return around.NewestBefore is { } newest ? ArchiveMonth.Of(newest) : null;
    }

    /// <summary>The month's stories, newest first, at most <see cref="PublishingOptions.ArchiveMaxStories"/>.
    /// <paramref name="month"/> must be before <paramref name="current"/>; a month without stories
    /// renders with a story count of zero, which is answered 404.</summary>
    public async Task<RenderedDocument> RenderAsync(ArchiveMonth month, ArchiveMonth current, FeedFormat format, Uri baseUrl, string key, CancellationToken cancellationToken)
    {
        StoryPage page = await stories.QueryStoriesAsync(new StoryQuery { Since = month.Start, Until = month.End, Limit = _options.ArchiveMaxStories }, cancellationToken);

        // Read after the page: a neighbour newer than the page's version only makes the links fresher.
        PublishedNeighbours around = await stories.PublishedAroundAsync(month.Start, month.End, cancellationToken);
        ArchiveMonth? previous = around.NewestBefore is { } before ? ArchiveMonth.Of(before) : null;
        ArchiveMonth? next = around.OldestAfter is { } after && ArchiveMonth.Of(after) < current ? ArchiveMonth.Of(after) : null;

        var feed = new MergedFeed
        {
            TagAuthority = await authority.GetAsync(cancellationToken),
            Title = $"{_options.Title}: {month}",
            Description = _options.Description,
            SiteUrl = baseUrl,
            SelfUrl = new Uri(baseUrl, month.Path(format)),
            IsArchive = true,
            CurrentUrl = new Uri(baseUrl, new FeedRequest { Format = format }.Path),
            PrevArchiveUrl = previous is { } p ? new Uri(baseUrl, p.Path(format)) : null,
            NextArchiveUrl = next is { } n ? new Uri(baseUrl, n.Path(format)) : null,
            Updated = page.Stories.Count > 0 ? page.Stories.Max(s => s.Item.UpdatedAt is { } u && u > s.Item.PublishedAt ? u : s.Item.PublishedAt) : page.ChangedAt,
            Stories = page.Stories,
        };

        using var body = new MemoryStream(16 * 1024 + page.Stories.Count * 4096);
        format.Write(body, feed);
        return new RenderedDocument(body.ToArray(), format.MediaType() + "; charset=utf-8", key, page.Version, page.ChangedAt, page.Stories.Count, linkHeader: null);
    }
}
