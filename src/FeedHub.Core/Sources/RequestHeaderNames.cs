namespace FeedHub.Core.Sources;

/// <summary>Which request headers a source may add. The ones the HTTP stack or the fetcher owns are
/// refused: framing and connection headers would corrupt or hijack the request, and the conditional
/// GET, content negotiation and user agent headers have their own settings.</summary>
public static class RequestHeaderNames
{
    public const int MaxHeaders = 20;
    public const int MaxNameLength = 100;
    public const int MaxValueLength = 4096;

    private static readonly HashSet<string> Forbidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Connection", "Transfer-Encoding", "Keep-Alive", "Upgrade", "TE", "Trailer",
        "Proxy-Connection", "Proxy-Authorization", "Expect", "Content-Type", "Content-Encoding",
        "Accept-Encoding", "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range",
        "Range", "User-Agent", "Accept", "Cookie2", "Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto",
    };

    /// <summary>Why <paramref name="name"/> with <paramref name="value"/> cannot be sent; null when it can.</summary>
    public static string? Check(string name, string? value)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || !name.All(IsTokenChar))
        {
            return $"'{name}' is not a valid header name.";
        }

        if (Forbidden.Contains(name))
        {
            return string.Equals(name, "User-Agent", StringComparison.OrdinalIgnoreCase)
                ? "The User-Agent header is set with userAgent, not among the headers."
                : $"The header {name} is managed by FeedHub and cannot be set per source.";
        }

        if (value is null)
        {
            return $"The header {name} has no value.";
        }

        if (value.Length > MaxValueLength)
        {
            return $"The value of {name} is longer than {MaxValueLength} characters.";
        }

        // CR/LF would split the request (header injection); other control characters are refused by HTTP itself.
        if (value.Any(c => c < 0x20 && c != '\t' || c == 0x7F))
        {
            return $"The value of {name} contains a line break or a control character.";
        }

        return null;
    }

    /// <summary>A user agent an admin gives: one line of visible characters, like any header value.</summary>
    public static string? CheckUserAgent(string userAgent)
    {
        ArgumentNullException.ThrowIfNull(userAgent);
        if (userAgent.Length is 0 or > 256)
        {
            return "The user agent must be 1 to 256 characters.";
        }

        return userAgent.Any(c => c < 0x20 || c == 0x7F) ? "The user agent contains a line break or a control character." : null;
    }

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
