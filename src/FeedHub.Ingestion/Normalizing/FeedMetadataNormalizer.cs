using FeedHub.Core.Dates;
using FeedHub.Core.Items;
using FeedHub.Core.Links;
using FeedHub.Core.Sources;
using FeedHub.Core.Text;

namespace FeedHub.Ingestion.Normalizing;

/// <summary>What a feed says about itself, made storable: title and description as capped plain text,
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
        string? description = feed.Description is null ? null
            : XmlChars.RemoveIllegal(PlainText.FromHtml(Truncation.Cut(feed.Description, DescriptionLength * 8)));
        DateTimeOffset? updated = FeedDateParser.TryParse(feed.Updated, out DateTimeOffset parsed) && parsed <= now ? parsed : null;
        string? title = feed.Title is null ? null
            : XmlChars.RemoveIllegal(PlainText.FromHtml(Truncation.Cut(feed.Title, FieldLimits.Title * 8)));
        return new FeedMetadata
        {
            Title = string.IsNullOrEmpty(title) ? null : Truncation.Shorten(title, FieldLimits.Title),
            Language = LanguageTags.Normalize(feed.Language),
            Description = string.IsNullOrEmpty(description) ? null : Truncation.Shorten(description, DescriptionLength),
            ImageUrl = UrlCanonicalizer.Resolve(feed.ImageUrl, baseUri)?.AbsoluteUri,
            UpdatedAt = updated,
        };
    }
}
