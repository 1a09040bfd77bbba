using FeedHub.Core.Items;

namespace FeedHub.Storage.Mapping;

/// <summary>The columns of an <c>items</c> row that make up a <see cref="FeedItem"/>.</summary>
internal class ItemRow
{
    public const string Columns =
        "i.item_key, i.content_hash, i.guid, i.link, i.canonical_link, i.title, i.summary, i.content, i.author, " +
        "i.categories, i.enclosures, i.published_at, i.updated_at, i.fingerprint, i.language";

    public string ItemKey { get; set; } = "";
    public string ContentHash { get; set; } = "";
    public string? Guid { get; set; }
    public string? Link { get; set; }
    public string? CanonicalLink { get; set; }
    public string Title { get; set; } = "";
    public string? Summary { get; set; }
    public string? Content { get; set; }
    public string? Author { get; set; }
    public string? Categories { get; set; }
    public string? Enclosures { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public long Fingerprint { get; set; }
    public string? Language { get; set; }

    public FeedItem ToFeedItem() => new()
    {
        ItemKey = ItemKey,
        ContentHash = ContentHash,
        Guid = Guid,
        Link = Link,
        CanonicalLink = CanonicalLink,
        Title = Title,
        Summary = Summary,
        ContentHtml = Content,
        Author = Author,
        Categories = JsonColumns.ToStrings(Categories),
        Enclosures = JsonColumns.ToEnclosures(Enclosures),
        PublishedAt = PublishedAt,
        UpdatedAt = UpdatedAt,
        Fingerprint = Fingerprint,
        Language = Language,
    };
}
