using System.Text;
using FeedHub.Core.Links;
using FeedHub.Core.Sources;
using FeedHub.Ingestion.Fetching;

namespace FeedHub.Administration.Discovery;

/// <summary>Finds the feeds behind a URL an admin gives: the URL itself when it is a feed; else the
/// feeds its HTML head links; else the first of the <see cref="CommonFeedPaths"/> that answers with
/// a feed. Every fetch goes through the guarded fetcher (address policy, limits, redirect rules),
/// and every candidate is fetched and parsed before it counts.</summary>
public sealed class FeedDiscovery(SourceProbe probe)
{
    public Task<DiscoveryResult> DiscoverAsync(Uri url, CancellationToken cancellationToken) =>
        DiscoverAsync(url, SourceFetchSettings.Default, cancellationToken);

    /// <param name="settings">The source's own fetch settings. Its headers (a token, a cookie) go
    /// only to candidates on the origin the admin named, never to a feed another site hosts.</param>
    public async Task<DiscoveryResult> DiscoverAsync(Uri url, SourceFetchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(settings);
        FetchResult page = await probe.FetchAsync(url, settings, cancellationToken);
        if (page.Status != FetchStatus.Ok)
        {
            return new DiscoveryResult { Error = SourceProbe.FetchError(url, page) };
        }

        ProbeResult itself = probe.Read(url, page);
        if (itself.Error is null)
        {
            return new DiscoveryResult { IsFeed = true, Feeds = [new DiscoveredFeed(url, itself.Title, itself.Type!)] };
        }

        // Two links to one feed (http and https, a trailing slash, one redirecting to the other) are one feed.
        var seen = new HashSet<string>(StringComparer.Ordinal) { Key(url), Key(page.FinalUrl) };
        var found = new List<DiscoveredFeed>();
        if (LooksLikeHtml(page))
        {
            // The linked feeds are all probed, so at once (the fetcher's per-host limit keeps a site
            // from getting them all together); their answers are taken in the page's order, so the
            // list and which of two names for one feed is kept are as a probe one by one would have it.
            List<FeedLink> links = [.. FeedLinkReader.Read(Decode(page.Body), page.FinalUrl).Where(link => seen.Add(Key(link.Url)))];
            ProbeResult[] probed = await Task.WhenAll(links.Select(link => probe.ProbeAsync(link.Url, For(link.Url, url, settings), cancellationToken)));
            for (int i = 0; i < links.Count; i++)
            {
                if (Accept(links[i].Url, links[i].Title, probed[i], seen) is { } feed)
                {
                    found.Add(feed);
                }
            }
        }

        if (found.Count == 0)
        {
            foreach (Uri candidate in CommonFeedPaths.On(page.FinalUrl))
            {
                if (seen.Add(Key(candidate)) && await TryAsync(candidate, null, For(candidate, url, settings), seen, cancellationToken) is { } feed)
                {
                    found.Add(feed);
                    break;
                }
            }
        }

        return found.Count > 0
            ? new DiscoveryResult { Feeds = found }
            : new DiscoveryResult
            {
                Error = $"{url.OriginalString} is not a feed ({itself.Error}), and no feed was found on it: " +
                    $"it links none, and {CommonFeedPaths.Listed} give none.",
            };
    }

    private async Task<DiscoveredFeed?> TryAsync(Uri url, string? linkTitle, SourceFetchSettings settings, HashSet<string> seen, CancellationToken cancellationToken) =>
        Accept(url, linkTitle, await probe.ProbeAsync(url, settings, cancellationToken), seen);

    private static DiscoveredFeed? Accept(Uri url, string? linkTitle, ProbeResult probed, HashSet<string> seen)
    {
        if (probed.Error is not null)
        {
            return null;
        }

        // Seen under another name: a link that redirects to a feed already found.
        if (probed.FinalUrl is not null && probed.FinalUrl != url && !seen.Add(Key(probed.FinalUrl)))
        {
            return null;
        }

        return new DiscoveredFeed(url, linkTitle ?? probed.Title, probed.Type!) { FeedTitle = probed.Title };
    }

    private static SourceFetchSettings For(Uri candidate, Uri given, SourceFetchSettings settings) =>
        settings.Headers.Count == 0 || SameOrigin(candidate, given) ? settings : settings with { Headers = new Dictionary<string, string>() };

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private static string Key(Uri url)
    {
        // http and https of one feed are one feed to the admin too.
        string canonical = UrlCanonicalizer.Canonicalize(url) ?? url.AbsoluteUri;
        return canonical.StartsWith("http://", StringComparison.Ordinal) ? "https://" + canonical[7..] : canonical;
    }

    private static bool LooksLikeHtml(FetchResult page)
    {
        string type = page.ContentType ?? "";
        if (type.Contains("html", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Servers that say text/plain or nothing for their home page.
        ReadOnlySpan<byte> head = page.Body.Span[..Math.Min(page.Body.Length, 1024)];
        return head.IndexOf("<html"u8) >= 0 || head.IndexOf("<HTML"u8) >= 0 || head.IndexOf("<!DOCTYPE"u8) >= 0 || head.IndexOf("<!doctype"u8) >= 0;
    }

    private static string Decode(ReadOnlyMemory<byte> body)
    {
        // Hrefs of feed links are ASCII in practice; a legacy charset only garbles titles.
        ReadOnlySpan<byte> bytes = body.Span[..Math.Min(body.Length, FeedLinkReader.MaxScannedChars)];
        return Encoding.UTF8.GetString(bytes);
    }
}
