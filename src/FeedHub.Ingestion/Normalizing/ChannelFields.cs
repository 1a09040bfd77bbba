using FeedHub.Core.Items;
using FeedHub.Core.Links;
using FeedHub.Core.Text;

namespace FeedHub.Ingestion.Normalizing;

/// <summary>What a source learns about itself from its document, held to the same limits as item
/// fields: the title is repeated in every merged entry's source, so an uncapped one multiplies.</summary>
/// <param name="Title">Plain text without tag-like sequences (<see cref="TitleText"/>), at most <see cref="FieldLimits.Title"/> characters; null when empty.</param>
/// <param name="SiteUrl">An absolute http/https URL no longer than <see cref="UrlCanonicalizer.MaxUrlLength"/>; else null.</param>
/// <param name="Description">Plain text, at most <see cref="FieldLimits.Summary"/> characters; null when empty.</param>
public sealed record ChannelFields(string? Title, string? SiteUrl, string? Description)
{
    public static ChannelFields From(ParsedFeed feed, Uri feedUrl)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(feedUrl);
        Uri baseUri = UrlCanonicalizer.ResolveBase(feedUrl, feed.BaseUri);
        return new ChannelFields(
            TitleText.From(feed.Title, FieldLimits.Title),
            // Resolve keeps only http/https: a javascript: site link would be exported as OPML htmlUrl.
            UrlCanonicalizer.Resolve(feed.Link?.Trim(), baseUri)?.AbsoluteUri,
            PlainText.Capped(feed.Description, FieldLimits.Summary));
    }
}
