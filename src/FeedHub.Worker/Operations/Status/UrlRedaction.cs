using System.Text.RegularExpressions;

namespace FeedHub.Worker.Operations.Status;

/// <summary>Feed URLs as public operations endpoints show them: scheme, host and path, with any
/// query string replaced, since feeds often carry access tokens there.</summary>
public static partial class UrlRedaction
{
    public const string RedactedQuery = "?[redacted]";

    public static string Redact(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && !uri.IsFile)
        {
            // SchemeAndServer leaves user info out as well.
            string bare = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
            return uri.Query.Length > 1 ? bare + RedactedQuery : bare;
        }

        int cut = url.IndexOfAny(['?', '#']);
        return cut < 0 ? url : url[..cut] + RedactedQuery;
    }

    /// <summary>Every http(s) URL inside a text, such as an error message, redacted.</summary>
    public static string? RedactWithin(string? text) =>
        text is null ? null : EmbeddedUrl().Replace(text, match => Redact(match.Value));

    [GeneratedRegex(@"https?://[^\s""'<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex EmbeddedUrl();
}
