namespace FeedHub.Core.Publishing;

/// <summary>Feeds carry only absolute http(s) URLs; anything else stored is left out, not guessed at.</summary>
public static class PublicLinks
{
    public static string? AbsoluteOrNull(string? url) =>
        url is not null
        && Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed)
        && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps)
            ? parsed.AbsoluteUri
            : null;
}
