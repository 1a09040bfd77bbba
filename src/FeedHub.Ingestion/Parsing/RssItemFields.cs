using System.Xml.Linq;
using CodeHollow.FeedReader.Feeds;

namespace FeedHub.Ingestion.Parsing;

/// <summary>The fields of an RSS item that FeedHub takes from CodeHollow.FeedReader's typed item
/// (<see cref="XmlFeedReader"/> corrects and completes them from the raw element).</summary>
internal sealed record RssItemFields(
    bool IsRss20,
    bool IsRss10,
    string? Title,
    string? Link,
    string? Guid,
    string? Description,
    string? Author,
    IEnumerable<string>? Categories,
    string? Published,
    string? DcCreator,
    string? DcTitle,
    string? DcDate)
{
    public static RssItemFields? From(BaseFeedItem? typed) => typed switch
    {
        Rss20FeedItem rss => new(true, false, rss.Title, rss.Link, rss.Guid, rss.Description, rss.Author, rss.Categories, rss.PublishingDateString, rss.DC?.Creator, rss.DC?.Title, rss.DC?.DateString),
        Rss10FeedItem rdf => new(false, true, rdf.Title, rdf.Link, rdf.About, rdf.Description, null, null, null, rdf.DC?.Creator, rdf.DC?.Title, rdf.DC?.DateString),
        Rss092FeedItem rss => new(false, false, rss.Title, rss.Link, null, rss.Description, null, rss.Categories, rss.PublishingDateString, null, null, null),
        Rss091FeedItem rss => new(false, false, rss.Title, rss.Link, null, rss.Description, null, null, rss.PublishingDateString, null, null, null),
        null => null,
        _ => new(false, false, typed.Title, typed.Link, null, null, null, null, null, null, null, null),
    };

    /// <summary>What <see cref="Rss20FeedItem"/>'s constructor reads into these fields, by the
    /// library's own lookup (an unprefixed name in the element's default namespace, <c>dc:</c> by the
    /// prefix in scope; the value as <see cref="XElement.Value"/>, which the library leaves as it is
    /// for a tree without an encoding declaration, as every tree <see cref="SafeXml"/> builds).
    /// Building the library's item for every entry of every document cost more than the rest of
    /// reading it (its Dublin Core block looks up sixteen prefixed names, its content is
    /// HTML-decoded and never used, its dates parsed and never used).</summary>
    /// <remarks><c>ParsedFeedsTests</c> holds it to the library's item on every corpus document.</remarks>
    public static RssItemFields ReadRss20(XElement item)
    {
        XNamespace none = item.GetDefaultNamespace();
        XNamespace? dc = item.GetNamespaceOfPrefix("dc");
        return new RssItemFields(
            IsRss20: true,
            IsRss10: false,
            Title: item.Element(none + "title")?.Value,
            Link: item.Element(none + "link")?.Value,
            Guid: item.Element(none + "guid")?.Value,
            Description: item.Element(none + "description")?.Value,
            Author: item.Element(none + "author")?.Value,
            Categories: [.. item.Elements(none + "category").Select(e => e.Value)],
            Published: item.Element(none + "pubDate")?.Value,
            DcCreator: dc is null ? null : item.Element(dc + "creator")?.Value,
            DcTitle: dc is null ? null : item.Element(dc + "title")?.Value,
            DcDate: dc is null ? null : item.Element(dc + "date")?.Value);
    }
}
