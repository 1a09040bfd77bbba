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
public sealed partial class ArchiveRenderer(IStoryReader stories, IOptions<PublishingOptions> options, TagAuthority authority, ILogger<ArchiveRenderer> logger)
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
        var query = new StoryQuery { Since = month.Start, Until = month.End, Limit = _options.ArchiveMaxStories };
        StoryPage page = await stories.QueryStoriesAsync(query, cancellationToken);

        // Read after the page: a neighbour newer than the page's version only makes the links fresher.
        PublishedNeighbours around = await stories.PublishedAroundAsync(month.Start, month.End, cancellationToken);
        ArchiveMonth? previous = around.NewestBefore is { } before ? ArchiveMonth.Of(before) : null;
        ArchiveMonth? next = around.OldestAfter is { } after && ArchiveMonth.Of(after) < current ? ArchiveMonth.Of(after) : null;

        string tagAuthority = await authority.GetAsync(cancellationToken);
        MergedFeed Build(StoryPage shown, bool cut) => new()
        {
            TagAuthority = tagAuthority,
            Title = $"{_options.Title}: {month}",
            // An archive is meant to be whole: when it is not, it says so, and its next link
            // continues the all-stories feed right after its last entry.
            Description = cut
                ? $"{_options.Description} (Truncated: the newest {shown.Stories.Count} stories of {month} that fit within the response size limit; the next link continues with older ones.)"
                : _options.Description,
            SiteUrl = baseUrl,
            SelfUrl = new Uri(baseUrl, month.Path(format)),
            IsArchive = true,
            CurrentUrl = new Uri(baseUrl, new FeedRequest { Format = format }.Path),
            NextUrl = cut && shown.Next is { } cursor ? new Uri(baseUrl, new FeedRequest { Format = format }.PathAndQuery(cursor)) : null,
            PrevArchiveUrl = previous is { } p ? new Uri(baseUrl, p.Path(format)) : null,
            NextArchiveUrl = next is { } n ? new Uri(baseUrl, n.Path(format)) : null,
            Updated = shown.Stories.Count > 0 ? shown.Stories.Max(s => s.Item.UpdatedAt is { } u && u > s.Item.PublishedAt ? u : s.Item.PublishedAt) : shown.ChangedAt,
            Stories = shown.Stories,
        };

        (byte[] body, page, bool cut) = await BoundedBody.WriteAsync(
            format, _options.MaxResponseBytes, page, Build, limit => stories.QueryStoriesAsync(query with { Limit = limit }, cancellationToken));
        if (cut)
        {
            LogCut(month.Path(format), page.Stories.Count, _options.MaxResponseBytes);
        }

        return new RenderedDocument(body, format.MediaType() + "; charset=utf-8", key, page.Version, page.ChangedAt, page.Stories.Count, linkHeader: null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cut archive {Archive} at {Stories} stories to stay within MaxResponseBytes ({MaxBytes} bytes); it says so and links to the rest")]
    private partial void LogCut(string archive, int stories, int maxBytes);
}
