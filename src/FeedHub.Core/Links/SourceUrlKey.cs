namespace FeedHub.Core.Links;

/// <summary>The identity of a source URL: two spellings of one feed address get one row.</summary>
public static class SourceUrlKey
{
    /// <summary>The canonical form of links (scheme and host lower-cased, default port, user info,
    /// fragment and tracking parameters dropped), or null when the URL is not absolute http(s).</summary>
    public static string? TryFrom(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out Uri? uri))
        {
            return null;
        }

        return UrlCanonicalizer.Canonicalize(uri);
    }

    public static string From(string url) =>
        TryFrom(url) ?? throw new ArgumentException($"Source URL '{url}' is not an absolute http or https URL.", nameof(url));
}
