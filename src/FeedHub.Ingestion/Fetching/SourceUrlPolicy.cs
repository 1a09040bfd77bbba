using System.Buffers;
using System.Net;

namespace FeedHub.Ingestion.Fetching;

/// <summary>Checks a feed URL before anything is sent: absolute http/https, no user info, and a host
/// that, when it is an IP literal in any spelling (<c>2130706433</c>, <c>0177.0.0.1</c>, <c>127.1</c>,
/// <c>[::ffff:127.0.0.1]</c>), is an address the <see cref="NetworkAddressPolicy"/> accepts.
/// Host names are checked after DNS resolution, at connect time, by <see cref="SsrfGuard"/>.</summary>
public static class SourceUrlPolicy
{
    private const int MaxUrlLength = 2048;

    private static readonly SearchValues<char> AuthorityEnd = SearchValues.Create("/?#");

    /// <summary>Validates admin input. Returns the normalized URL, or an error such as
    /// "refused: 127.0.0.1 is a loopback address" or "unsupported scheme 'ftp'".</summary>
    public static (Uri? Uri, string? Error) Validate(string? url, bool allowPrivate) =>
        Validate(url, allowPrivate ? NetworkAddressPolicy.AllowAll : NetworkAddressPolicy.PublicOnly);

    public static (Uri? Uri, string? Error) Validate(string? url, NetworkAddressPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (string.IsNullOrWhiteSpace(url))
        {
            return (null, "the URL is empty");
        }

        if (url.Length > MaxUrlLength)
        {
            return (null, $"the URL is longer than {MaxUrlLength} characters");
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out Uri? uri))
        {
            return (null, "not an absolute URL");
        }

        return Validate(uri, policy);
    }

    public static (Uri? Uri, string? Error) Validate(Uri url, NetworkAddressPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(policy);
        if (!url.IsAbsoluteUri)
        {
            return (null, "not an absolute URL");
        }

        (string? problem, bool isAddress) = Inspect(url, policy);
        if (problem is null)
        {
            return (url, null);
        }

        return (null, isAddress ? "refused: " + problem : problem);
    }

    /// <summary>Checks a redirect from <paramref name="from"/> to <paramref name="target"/> (already
    /// resolved against <paramref name="from"/>): everything <see cref="Validate(Uri, NetworkAddressPolicy)"/>
    /// checks, plus no downgrade from https to http.</summary>
    public static string? ValidateRedirect(Uri from, Uri target, NetworkAddressPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(policy);
        if (!target.IsAbsoluteUri)
        {
            return "redirect to a relative URL that could not be resolved";
        }

        (string? problem, _) = Inspect(target, policy);
        if (problem is not null)
        {
            return $"redirect to {Shorten(target.AbsoluteUri)} refused: {problem}";
        }

        if (from.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp)
        {
            return "redirect from https to http refused";
        }

        return null;
    }

    private static (string? Problem, bool IsAddress) Inspect(Uri uri, NetworkAddressPolicy policy)
    {
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return ($"unsupported scheme '{uri.Scheme}'", false);
        }

        // Uri keeps "http://@host/" with an empty UserInfo; any '@' in the authority is refused.
        if (uri.UserInfo.Length > 0 || Authority(uri).Contains('@'))
        {
            return ("URLs with user credentials are not accepted", false);
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            return ("the URL has no host", false);
        }

        IPAddress? literal = ParseHostAddress(uri);
        if (literal is null)
        {
            return (null, false);
        }

        string? reason = policy.GetRefusalReason(literal);
        return (reason, reason is not null);
    }

    /// <summary>The address a host denotes by itself, without DNS: Uri has already normalized the odd
    /// IPv4 spellings; a trailing dot ("127.0.0.1.") is a name to Uri but an address to resolvers.</summary>
    internal static IPAddress? ParseHostAddress(Uri uri)
    {
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return IPAddress.Parse(uri.Host.Trim('[', ']'));
        }

        string host = uri.IdnHost.TrimEnd('.');
        return IPAddress.TryParse(host, out IPAddress? address) ? address : null;
    }

    // Read in place: every poll checks its URL, and a copy of the authority (and of this list)
    // per check was most of what the check allocated.
    private static ReadOnlySpan<char> Authority(Uri uri)
    {
        ReadOnlySpan<char> text = uri.OriginalString;
        int start = text.IndexOf("//", StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }

        text = text[(start + 2)..];
        int end = text.IndexOfAny(AuthorityEnd);
        return end < 0 ? text : text[..end];
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
