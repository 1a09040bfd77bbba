using FeedHub.Core.Dates;
using FeedHub.Core.Items;
using FeedHub.Core.Links;
using FeedHub.Core.Sources;
using FeedHub.Core.Text;

namespace FeedHub.Ingestion.Normalizing;

/// <summary>What a feed says about itself, made storable: the description as capped plain text,
/// the language only when it is a language tag, the icon only as an absolute http(s) URL, and the
/// feed's own update time only when it parses and is not in the future.</summary>
public static class FeedMetadataNormalizer
{
    public const int DescriptionLength = 1_000;

    public static FeedMetadata Normalize(ParsedFeed feed, Uri feedUrl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(feedUrl);
        Uri baseUri = UrlCanonicalizer.ResolveBase(feedUrl, feed.BaseUri);
        DateTimeOffset? updated = FeedDateParser.TryParse(feed.Updated, out DateTimeOffset parsed) && parsed <= now ? parsed : null;

        // The title is not here: the source's title comes from ChannelFields, which also makes it safe as HTML.
        return new FeedMetadata
        {
            Language = LanguageTags.Normalize(feed.Language),
            Description = PlainText.Capped(feed.Description, DescriptionLength),
            ImageUrl = UrlCanonicalizer.Resolve(feed.ImageUrl, baseUri)?.AbsoluteUri,
            UpdatedAt = updated,
        };
    }
}
