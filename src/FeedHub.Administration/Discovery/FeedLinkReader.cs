using System.Net;

namespace FeedHub.Administration.Discovery;

/// <summary>A feed a page announces with <c>&lt;link rel="alternate" type="application/rss+xml" href="..."&gt;</c>.</summary>
/// <param name="Url">The href, resolved against the page's base URL.</param>
/// <param name="Title">The link's title attribute, as plain text.</param>
/// <param name="Type">The link's media type, lower case, without parameters.</param>
public sealed record FeedLink(Uri Url, string? Title, string Type);

/// <summary>Reads the feed links of an HTML page's head. A small linear scanner rather than an HTML
/// parser: it needs only <c>link</c> and <c>base</c> tags, stops at the body, and cannot be made to
/// recurse by hostile markup.</summary>
public static class FeedLinkReader
{
    /// <summary>Heads of real pages end well before this; a page that does not is not worth reading further.</summary>
    public const int MaxScannedChars = 512 * 1024;

    public const int MaxLinks = 20;

    private static readonly string[] FeedTypes =
    [
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/rdf+xml",
        // JSON Feed 1.0 told publishers to use this; the probe tells a feed from other JSON.
        "application/json",
    ];

    public static IReadOnlyList<FeedLink> Read(string html, Uri pageUrl)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(pageUrl);
        int end = Math.Min(html.Length, MaxScannedChars);
        string? baseHref = null;
        var raw = new List<(string Href, string? Title, string Type)>();
        int i = 0;
        while (i < end && raw.Count < MaxLinks)
        {
            int open = html.IndexOf('<', i, end - i);
            if (open < 0 || open + 1 >= end)
            {
                break;
            }

            if (string.CompareOrdinal(html, open, "<!--", 0, 4) == 0)
            {
                int close = html.IndexOf("-->", open + 4, end - open - 4, StringComparison.Ordinal);
                i = close < 0 ? end : close + 3;
                continue;
            }

            int j = open + 1;
            bool closing = html[j] == '/';
            if (closing)
            {
                j++;
            }

            int nameStart = j;
            while (j < end && char.IsAsciiLetterOrDigit(html[j]))
            {
                j++;
            }

            string name = html[nameStart..j].ToLowerInvariant();
            if (name == "body" || (closing && name == "head"))
            {
                break;
            }

            if (!closing && name is "script" or "style" or "template")
            {
                // Markup-looking text inside these is not markup.
                int close = html.IndexOf("</" + name, j, end - j, StringComparison.OrdinalIgnoreCase);
                i = close < 0 ? end : close + name.Length + 2;
                continue;
            }

            if (closing || name is not ("link" or "base"))
            {
                i = Math.Max(j, open + 1);
                continue;
            }

            Dictionary<string, string>? attributes = ReadAttributes(html, ref j, end);
            i = j;
            if (attributes is null)
            {
                // A tag cut off by the end of the text (or of what is scanned) is no tag.
                break;
            }

            if (name == "base")
            {
                // The document's base is its first base element with an href, wherever the links are.
                baseHref ??= attributes.GetValueOrDefault("href");
                continue;
            }

            if (TryFeedLink(attributes) is { } link)
            {
                raw.Add(link);
            }
        }

        Uri baseUrl = Resolve(pageUrl, baseHref) ?? pageUrl;
        var links = new List<FeedLink>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string href, string? title, string type) in raw)
        {
            Uri? url = Resolve(baseUrl, href);
            if (url is not null && seen.Add(url.AbsoluteUri))
            {
                links.Add(new FeedLink(url, title, type));
            }
        }

        return links;
    }

    private static (string Href, string? Title, string Type)? TryFeedLink(Dictionary<string, string> attributes)
    {
        string[] rel = attributes.GetValueOrDefault("rel", "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (!rel.Contains("alternate", StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        string type = attributes.GetValueOrDefault("type", "").Split(';')[0].Trim().ToLowerInvariant();
        string? href = attributes.GetValueOrDefault("href")?.Trim();
        if (!FeedTypes.Contains(type) || string.IsNullOrEmpty(href))
        {
            return null;
        }

        string? title = attributes.GetValueOrDefault("title");
        title = title is null ? null : string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return (href, string.IsNullOrEmpty(title) ? null : title, type);
    }

    /// <summary>Attributes of the tag whose name ends at <paramref name="i"/>; leaves <paramref name="i"/>
    /// after its '&gt;'; null when the text ends first. The first of repeated attributes counts, as in HTML.</summary>
    private static Dictionary<string, string>? ReadAttributes(string html, ref int i, int end)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            while (i < end && (char.IsWhiteSpace(html[i]) || html[i] == '/'))
            {
                i++;
            }

            if (i >= end)
            {
                return null;
            }

            if (html[i] == '>')
            {
                i++;
                return attributes;
            }

            int nameStart = i;
            while (i < end && !char.IsWhiteSpace(html[i]) && html[i] is not ('=' or '>' or '/'))
            {
                i++;
            }

            string name = html[nameStart..i].ToLowerInvariant();
            while (i < end && char.IsWhiteSpace(html[i]))
            {
                i++;
            }

            string value = "";
            if (i < end && html[i] == '=')
            {
                i++;
                while (i < end && char.IsWhiteSpace(html[i]))
                {
                    i++;
                }

                if (i < end && html[i] is '"' or '\'')
                {
                    char quote = html[i];
                    int close = html.IndexOf(quote, i + 1, end - i - 1);
                    close = close < 0 ? end : close;
                    value = html[(i + 1)..close];
                    i = Math.Min(close + 1, end);
                }
                else
                {
                    int valueStart = i;
                    while (i < end && !char.IsWhiteSpace(html[i]) && html[i] != '>')
                    {
                        i++;
                    }

                    value = html[valueStart..i];
                }
            }

            if (name.Length > 0)
            {
                attributes.TryAdd(name, WebUtility.HtmlDecode(value));
            }
        }
    }

    private static Uri? Resolve(Uri baseUrl, string? href)
    {
        if (string.IsNullOrWhiteSpace(href) || !Uri.TryCreate(baseUrl, href.Trim(), out Uri? url))
        {
            return null;
        }

        return url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps ? url : null;
    }
}
