using System.Text;

namespace FeedHub.Core.Links;

/// <summary>Resolves feed links to absolute http(s) URLs and reduces them to one canonical
/// spelling, so the same story reached through different links compares equal.</summary>
public static class UrlCanonicalizer
{
    /// <summary>Longest URL kept; a longer one is dropped rather than cut, since a cut URL points elsewhere.</summary>
    public const int MaxUrlLength = 4096;

    /// <summary>The base relative links resolve against: the innermost xml:base, each resolved
    /// against the one enclosing it, the outermost against the feed URL.</summary>
    /// <param name="feedUrl">Where the document was fetched from.</param>
    /// <param name="xmlBases">xml:base values from the outermost (feed) to the innermost (item); nulls are skipped.</param>
    public static Uri ResolveBase(Uri feedUrl, params ReadOnlySpan<string?> xmlBases)
    {
        ArgumentNullException.ThrowIfNull(feedUrl);
        Uri current = feedUrl;
        foreach (string? xmlBase in xmlBases)
        {
            if (TryResolve(xmlBase, current, out Uri? resolved))
            {
                current = resolved;
            }
        }

        return current;
    }

    /// <summary>The absolute form of <paramref name="link"/> against <paramref name="baseUri"/>,
    /// or null when it is empty, unparseable, too long, or not http/https (javascript:, data:, ...).</summary>
    public static Uri? Resolve(string? link, Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        return TryResolve(link, baseUri, out Uri? resolved) ? resolved : null;
    }

    /// <summary>Resolves then canonicalizes; null when the link is not a usable http(s) URL.</summary>
    public static string? Canonicalize(string? link, Uri baseUri)
    {
        Uri? resolved = Resolve(link, baseUri);
        return resolved is null ? null : Canonicalize(resolved);
    }

    /// <summary>The canonical spelling of an absolute http(s) URL: lower-case scheme and host,
    /// punycode host, no default port, no userinfo, no fragment, "/" for an empty path, tracking
    /// parameters removed (other parameters keep their order), percent-encoding normalized.</summary>
    public static string? Canonicalize(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || !IsHttp(url) || string.IsNullOrEmpty(url.Host))
        {
            return null;
        }

        var builder = new StringBuilder(url.OriginalString.Length + 8);
        builder.Append(url.Scheme.ToLowerInvariant()).Append("://");
        builder.Append(HostOf(url));
        if (!url.IsDefaultPort)
        {
            builder.Append(':').Append(url.Port);
        }

        string path = url.AbsolutePath;
        if (path.Length == 0)
        {
            path = "/";
        }

        PercentEncoding.AppendNormalized(builder, path, PercentEncoding.Component.Path);

        string query = TrackingParameters.Strip(url.Query);
        if (query.Length > 0)
        {
            builder.Append('?');
            PercentEncoding.AppendNormalized(builder, query, PercentEncoding.Component.Query);
        }

        return builder.ToString();
    }

    private static bool TryResolve(string? link, Uri baseUri, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? resolved)
    {
        resolved = null;
        if (string.IsNullOrWhiteSpace(link))
        {
            return false;
        }

        string trimmed = link.Trim();
        if (trimmed.Length > MaxUrlLength)
        {
            return false;
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out Uri? candidate)
            || (candidate.IsFile && !trimmed.Contains(':', StringComparison.Ordinal)))
        {
            // A rooted path such as "/news/1" parses as an absolute file URI on Unix; it is relative here.
            if (!Uri.TryCreate(baseUri, trimmed, out candidate))
            {
                return false;
            }
        }

        if (!IsHttp(candidate) || string.IsNullOrEmpty(candidate.Host))
        {
            return false;
        }

        resolved = candidate;
        return true;
    }

    private static bool IsHttp(Uri url) =>
        url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps;

    private static string HostOf(Uri url)
    {
        // IdnHost is punycode for names; IPv6 literals keep their brackets through Authority.
        if (url.HostNameType == UriHostNameType.IPv6)
        {
            return url.Host.ToLowerInvariant();
        }

        return url.IdnHost.ToLowerInvariant();
    }
}
