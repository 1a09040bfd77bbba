namespace FeedHub.Core.Items;

/// <summary>One entry of a feed as the parser read it. Strings are as the document had them,
/// after XML decoding only (HTML inside content is still HTML, never decoded twice).</summary>
public sealed record ParsedItem
{
    /// <summary>guid / atom:id / JSON id.</summary>
    public string? Id { get; init; }
    public string? Link { get; init; }
    public string? Title { get; init; }

    /// <summary>description / atom:summary / JSON summary: HTML or text.</summary>
    public string? Summary { get; init; }

    /// <summary>content:encoded / atom:content / JSON content_html: HTML.</summary>
    public string? Content { get; init; }

    /// <summary>author / dc:creator / atom:author/name.</summary>
    public string? Author { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Raw date strings; the normalizer parses them culture-independently.</summary>
    public string? Published { get; init; }
    public string? Updated { get; init; }

    /// <summary>xml:base in scope for this item, if any; relative links resolve against it.</summary>
    public string? BaseUri { get; init; }

    /// <summary>The absolute base of the content when its element declares xml:base itself; the links
    /// inside the content resolve against it rather than <see cref="BaseUri"/>.</summary>
    public string? ContentBaseUri { get; init; }

    /// <summary>As <see cref="ContentBaseUri"/>, for the summary/description element.</summary>
    public string? SummaryBaseUri { get; init; }

    public IReadOnlyList<ParsedEnclosure> Enclosures { get; init; } = [];

    /// <summary>The entry's own language where it states one (xml:lang on or above the entry,
    /// dc:language), raw; null means the feed's <see cref="ParsedFeed.Language"/>.</summary>
    public string? Language { get; init; }

    /// <summary>A hash of this entry as read, with what else decides its stored item (the refresh
    /// stamps it; see <c>RawEntryHash</c>); the normalizer carries it to <see cref="FeedItem.RawHash"/>.
    /// Null when nobody stamped it.</summary>
    public string? RawHash { get; init; }
}

public sealed record ParsedEnclosure(string Url, string? MediaType, long? Length);
