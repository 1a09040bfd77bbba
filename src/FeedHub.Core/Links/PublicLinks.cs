using FeedHub.Core.Storage;

namespace FeedHub.Core.Links;

/// <summary>Feeds carry only absolute http(s) URLs; anything else stored is left out, not guessed at.</summary>
public static class PublicLinks
{
    /// <summary>The item's canonical link (tracking parameters stripped) when it has one, else its link as published.</summary>
    public static string? ItemLink(FeedHub.Core.Items.FeedItem item) => AbsoluteOrNull(item.CanonicalLink) ?? AbsoluteOrNull(item.Link);

    public static string? AbsoluteOrNull(string? url) =>
        url is not null
        && Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed)
        && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps)
            ? parsed.AbsoluteUri
            : null;
}
