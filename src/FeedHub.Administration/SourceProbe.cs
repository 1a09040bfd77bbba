using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Text;
using FeedHub.Ingestion.Fetching;
using FeedHub.Ingestion.Parsing;

namespace FeedHub.Administration;

/// <summary>Fetches a URL an admin is adding, once, through the same guarded fetcher and parser
/// polls use, to refuse what is not a feed before it is ever scheduled.</summary>
public sealed class SourceProbe(IFeedFetcher fetcher, IFeedParser parser)
{
    public Task<ProbeResult> ProbeAsync(Uri url, CancellationToken cancellationToken) =>
        ProbeAsync(url, SourceFetchSettings.Default, cancellationToken);

    /// <param name="settings">The source's own fetch settings, header values in clear: a portal that
    /// wants a token answers the probe with 401 without it.</param>
    public async Task<ProbeResult> ProbeAsync(Uri url, SourceFetchSettings settings, CancellationToken cancellationToken)
    {
        FetchResult fetched = await FetchAsync(url, settings, cancellationToken);
        return fetched.Status != FetchStatus.Ok ? new ProbeResult(null, FetchError(url, fetched)) : Read(url, fetched);
    }

    internal Task<FetchResult> FetchAsync(Uri url, SourceFetchSettings settings, CancellationToken cancellationToken) =>
        fetcher.FetchAsync(new FetchRequest(url, null, null) { Settings = settings }, cancellationToken);

    internal static string FetchError(Uri url, FetchResult fetched) =>
        $"Fetching {url.OriginalString} failed: {fetched.Error ?? $"HTTP {fetched.HttpStatus}"}.";

    /// <summary>Parses what <see cref="FetchAsync"/> brought back.</summary>
    internal ProbeResult Read(Uri url, FetchResult fetched)
    {
        ParsedFeed feed;
        try
        {
            feed = parser.Parse(new FeedDocument(fetched.Body, fetched.ContentType, fetched.FinalUrl));
        }
        catch (FeedParseException ex)
        {
            return new ProbeResult(null, $"{url.OriginalString} is not a feed: {ex.Message}");
        }

        return new ProbeResult(TitleText.From(feed.Title, FieldLimits.Title), null)
        {
            Type = MediaTypeOf(feed.Format),
            FinalUrl = fetched.FinalUrl,
        };
    }

    private static string MediaTypeOf(string format) =>
        format.StartsWith("atom", StringComparison.OrdinalIgnoreCase) ? "application/atom+xml"
        : format.StartsWith("json", StringComparison.OrdinalIgnoreCase) ? "application/feed+json"
        : "application/rss+xml";
}

/// <param name="Title">The feed's own title, as plain text.</param>
/// <param name="Error">Why the URL is not usable as a feed; null when it is one.</param>
public sealed record ProbeResult(string? Title, string? Error)
{
    /// <summary>The feed's media type (application/rss+xml, application/atom+xml, application/feed+json).</summary>
    public string? Type { get; init; }

    /// <summary>Where the feed was after redirects.</summary>
    public Uri? FinalUrl { get; init; }
}
