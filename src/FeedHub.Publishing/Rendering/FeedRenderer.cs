using System.Text;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Publishing;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Requests;
using FeedHub.Publishing.Writers;
using Microsoft.Extensions.Options;

namespace FeedHub.Publishing.Rendering;

/// <summary>Turns a feed request into a rendered document: reads the page of stories, builds the
/// merged feed with its self, first, next and hub links, and writes it in the asked format.</summary>
public sealed partial class FeedRenderer(
    IStoryReader stories,
    IOptions<PublishingOptions> options,
    IOptions<ChannelOptions> channels,
    ArchiveRenderer archives,
    TagAuthority authority,
    TimeProvider time,
    ILogger<FeedRenderer> logger)
{
    private readonly PublishingOptions _options = options.Value;

    /// <summary>The render cache key of a feed request. The all-stories feed's key names the
    /// current month too: its prev-archive link moves when a month ends, with no story changing.</summary>
    public string FeedKey(Uri baseUrl, FeedRequest request)
    {
        string key = string.Concat(baseUrl.AbsoluteUri, request.PathAndQuery(request.Before));
        return ArchiveRenderer.IsArchived(request) ? string.Concat(key, "|month:", CurrentMonth().ToString()) : key;
    }

    public ArchiveMonth CurrentMonth() => ArchiveMonth.Of(time.GetUtcNow());

    public async Task<RenderedDocument> RenderFeedAsync(FeedRequest request, Uri baseUrl, string key, CancellationToken cancellationToken)
    {
        StoryQuery query = request.ToStoryQuery(_options.DefaultLimit);
        StoryPage page = await stories.QueryStoriesAsync(query, cancellationToken);
        ArchiveMonth? archive = ArchiveRenderer.IsArchived(request) ? await archives.NewestArchiveAsync(CurrentMonth(), cancellationToken) : null;
        string tagAuthority = await authority.GetAsync(cancellationToken);
        Uri self = new(baseUrl, request.PathAndQuery(request.Before));
        MergedFeed Build(StoryPage shown, bool cut) => new()
        {
            TagAuthority = tagAuthority,
            Title = request.Channel?.Title ?? (request.Channel is null ? _options.Title : $"{_options.Title}: {request.Channel.Name}"),
            Description = request.Channel?.Description ?? _options.Description,
            SiteUrl = baseUrl,
            SelfUrl = self,
            FirstUrl = new Uri(baseUrl, request.PathAndQuery(null)),
            NextUrl = shown.Next is { } next ? new Uri(baseUrl, request.PathAndQuery(next)) : null,
            PrevArchiveUrl = archive is { } month ? new Uri(baseUrl, month.Path(request.Format)) : null,
            HubUrls = _options.WebSubHubs,
            // From the stories themselves, so a change elsewhere leaves this feed byte-identical.
            Updated = shown.Stories.Count > 0 ? shown.Stories.Max(s => Newest(s.Item.PublishedAt, s.Item.UpdatedAt)) : shown.ChangedAt,
            Stories = shown.Stories,
        };

        (byte[] body, page, bool cut) = await BoundedBody.WriteAsync(
            request.Format, _options.MaxResponseBytes, page, Build, limit => stories.QueryStoriesAsync(query with { Limit = limit }, cancellationToken));
        if (cut)
        {
            LogCut(request.PathAndQuery(request.Before), page.Stories.Count, _options.MaxResponseBytes);
        }

        return new RenderedDocument(body, request.Format.MediaType() + "; charset=utf-8", key, page.Version, page.ChangedAt, page.Stories.Count, LinkHeader(self));
    }

    public async Task<RenderedDocument> RenderHomeAsync(Uri baseUrl, string key, CancellationToken cancellationToken)
    {
        StoryPage page = await stories.QueryStoriesAsync(new StoryQuery { Limit = _options.HomeStories }, cancellationToken);
        List<FeedLinks> feeds = [Links(baseUrl, null)];
        feeds.AddRange(channels.Value.Channels.Select(channel => Links(baseUrl, channel)));
        var home = new HomePage
        {
            Title = _options.Title,
            Description = _options.Description,
            SiteUrl = baseUrl,
            Feeds = feeds,
            Stories = page.Stories,
        };
        using var body = new MemoryStream(32 * 1024);
        HomePageWriter.Write(body, home);
        return new RenderedDocument(body.ToArray(), "text/html; charset=utf-8", key, page.Version, page.ChangedAt, page.Stories.Count, linkHeader: null);
    }

    private FeedLinks Links(Uri baseUrl, ChannelDefinition? channel)
    {
        Uri Url(FeedFormat format) => new(baseUrl, new FeedRequest { Format = format, Channel = channel }.Path);
        string title = channel is null ? $"{_options.Title}: all stories" : channel.Title ?? channel.Name;
        return new FeedLinks(title, channel is null ? _options.Description : channel.Description, Url(FeedFormat.Rss), Url(FeedFormat.Atom), Url(FeedFormat.Json));
    }

    // WebSub discovery (W3C WebSub 4): Link headers name the hubs and the topic URL.
    private string? LinkHeader(Uri self)
    {
        if (_options.WebSubHubs.Count == 0)
        {
            return null;
        }

        var header = new StringBuilder();
        foreach (Uri hub in _options.WebSubHubs)
        {
            header.Append('<').Append(hub.AbsoluteUri).Append(">; rel=\"hub\", ");
        }

        return header.Append('<').Append(self.AbsoluteUri).Append(">; rel=\"self\"").ToString();
    }

    private static DateTimeOffset Newest(DateTimeOffset published, DateTimeOffset? updated) =>
        updated is { } value && value > published ? value : published;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cut {Feed} at {Stories} stories to stay within MaxResponseBytes ({MaxBytes} bytes); its next link continues")]
    private partial void LogCut(string feed, int stories, int maxBytes);
}
