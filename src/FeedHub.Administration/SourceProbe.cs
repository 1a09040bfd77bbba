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
        FetchResult fetched = await fetcher.FetchAsync(new FetchRequest(url, null, null) { Settings = settings }, cancellationToken);
        if (fetched.Status != FetchStatus.Ok)
        {
            return new ProbeResult(null, $"Fetching {url.OriginalString} failed: {fetched.Error ?? $"HTTP {fetched.HttpStatus}"}.");
        }

        ParsedFeed feed;
        try
        {
            feed = parser.Parse(new FeedDocument(fetched.Body, fetched.ContentType, fetched.FinalUrl));
        }
        catch (FeedParseException ex)
        {
            return new ProbeResult(null, $"{url.OriginalString} is not a feed: {ex.Message}");
        }

        return new ProbeResult(TitleText.From(feed.Title, FieldLimits.Title), null);
    }
}

/// <param name="Title">The feed's own title, as plain text.</param>
/// <param name="Error">Why the URL is not usable as a feed; null when it is one.</param>
public sealed record ProbeResult(string? Title, string? Error);
