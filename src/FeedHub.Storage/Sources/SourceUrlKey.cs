namespace FeedHub.Storage.Sources;

/// <summary>The identity of a source URL: two spellings of one feed address get one row.</summary>
internal static class SourceUrlKey
{
    /// <summary>Scheme and host lower-cased, default port, user info and fragment dropped;
    /// path and query kept as written, since servers may treat them case-sensitively.</summary>
    public static string? TryFrom(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out Uri? uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        return uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped);
    }

    public static string From(string url) =>
        TryFrom(url) ?? throw new ArgumentException($"Source URL '{url}' is not an absolute http or https URL.", nameof(url));
}
