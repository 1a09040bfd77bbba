using System.Globalization;
using System.Text;
using System.Xml.Linq;
using CodeHollow.FeedReader.Feeds;
using FeedHub.Core.Items;
using static FeedHub.Ingestion.Parsing.FeedNamespaces;

namespace FeedHub.Ingestion.Parsing;

/// <summary>Reads RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 into the one item model from CodeHollow's
/// typed models (<see cref="TypedFeed"/>), correcting them from the raw element where the library is
/// known to be wrong and adding what it does not read, matching extension namespaces by URI. Values are raw: dates unparsed, links unresolved (the
/// base they resolve against is reported), HTML unsanitized.</summary>
internal static class XmlFeedReader
{
    /// <summary>Entries from which a document's entries are read in parallel, as normalizing does
    /// (<see cref="Normalizing.ItemNormalizer.ParallelFrom"/>): the everyday poll stays on its thread.</summary>
    public const int ParallelFrom = 64;

    private static readonly XName DcSubject = Dc + "subject";
    private static readonly XName Atom10Category = Atom10 + "category";

    /// <param name="parallelFrom">Entries from which they are read in parallel; tests compare the
    /// two ways.</param>
    /// <param name="libraryRss20Items">Whether RSS 2.0 items are read through the library's typed
    /// item as before (tests compare it with FeedHub's own reading of the same fields).</param>
    public static ParsedFeed Read(XDocument document, string text, string format, Uri documentUrl, string encoding, bool repaired, int parallelFrom = ParallelFrom, bool libraryRss20Items = false)
    {
        XElement root = document.Root ?? throw new FeedParseException("document has no root element");
        bool atom = format.StartsWith("atom", StringComparison.Ordinal);
        XElement channel = atom ? root : RssChild(root, "channel") ?? root;

        (Uri baseUri, _) = BaseOf(root, documentUrl);
        List<XElement> entries = (atom
            ? root.Elements().Where(e => e.Name.LocalName == "entry" && IsAtomLike(e))
            : channel.Elements().Concat(channel == root ? [] : root.Elements())
                .Where(e => e.Name.LocalName == "item" && IsRss(e.Name.Namespace))).ToList();

        bool parallel = entries.Count >= parallelFrom && Environment.ProcessorCount > 1;
        // RSS 2.0 items' library fields are read by FeedHub (RssItemFields.ReadRss20): the library
        // models the channel alone, as for a large document read in parallel.
        bool ownRss20 = !libraryRss20Items && TypedFeed.ReadsItemsAsRss20(format);
        TypedFeed typed = ownRss20 ? TypedFeed.CreateChannel(format, text, channel, entries) : TypedFeed.Create(format, text, root, channel, entries, parallel);
        var read = new ParsedItem[entries.Count];
        void ReadOne(int i) => read[i] = atom
            ? ReadAtomEntry(entries[i], typed.ItemFor(entries[i]) as AtomFeedItem, root, documentUrl)
            : ReadRssItem(entries[i], ownRss20 ? RssItemFields.ReadRss20(entries[i]) : RssItemFields.From(typed.ItemFor(entries[i])), documentUrl);
        if (parallel)
        {
            // The tree is only read here, never changed, so its entries can be read side by side.
            TypedFeed.ForEach(entries.Count, ReadOne);
        }
        else
        {
            for (int i = 0; i < read.Length; i++)
            {
                ReadOne(i);
            }
        }

        List<ParsedItem> items = [.. read];

        return atom ? ReadAtomFeed(root, typed.Feed as AtomFeed, format, baseUri, encoding, repaired, items)
            : ReadRssChannel(channel, typed.Feed, format, baseUri, encoding, repaired, items);
    }

    private static ParsedFeed ReadRssChannel(XElement channel, BaseFeed? typed, string format, Uri baseUri, string encoding, bool repaired, List<ParsedItem> items)
    {
        (string? description, string? language, string? image, string? updated) = typed switch
        {
            Rss20Feed rss => (rss.Description, rss.Language, rss.Image?.Url, rss.LastBuildDateString ?? rss.PublishingDateString),
            Rss10Feed rdf => (rdf.Description, rdf.DC?.Language, rdf.Image?.Url, rdf.DC?.DateString),
            Rss091Feed rss => (rss.Description, rss.Language, rss.Image?.Url, rss.LastBuildDateString ?? rss.PublishingDateString),
            _ => (null, null, null, null),
        };

        return new ParsedFeed
        {
            Format = format,
            Title = Text(typed?.Title, RssChild(channel, "title")) ?? Text(channel.Element(Dc + "title")),
            Link = Blank(typed?.Link)?.Trim() ?? Text(RssChild(channel, "link"))?.Trim() ?? AtomLink(channel, "alternate"),
            Description = Text(description, RssChild(channel, "description")) ?? Text(channel.Element(Dc + "description"))
                ?? Text(ItunesChild(channel, "subtitle")) ?? Text(ItunesChild(channel, "summary")),
            Language = (Blank(language) ?? Text(RssChild(channel, "language")) ?? Text(channel.Element(Dc + "language"))
                ?? channel.AncestorsAndSelf().Select(e => e.Attribute(XNamespace.Xml + "lang")?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)))
                ?.Trim().Replace('_', '-'),
            ImageUrl = Blank(image)?.Trim() ?? Blank(ItunesChild(channel, "image")?.Attribute("href")?.Value)?.Trim(),
            Updated = Blank(updated) ?? Text(channel.Element(Dc + "date")) ?? Text(channel.Element(Atom10 + "updated")),
            BaseUri = baseUri.OriginalString,
            Repaired = repaired,
            Encoding = encoding,
            Hints = ScheduleHintReader.Read(channel),
            Items = items,
        };
    }

    private static ParsedFeed ReadAtomFeed(XElement root, AtomFeed? typed, string format, Uri baseUri, string encoding, bool repaired, List<ParsedItem> items) =>
        new()
        {
            Format = format,
            Title = AtomText(typed?.Title, AtomChild(root, "title")),
            Link = AlternateLink(typed?.Links) ?? AtomLink(root, "alternate"),
            // The library reads Atom 0.3's tagline as the subtitle too.
            Description = AtomText(typed?.Subtitle, AtomChild(root, "subtitle") ?? AtomChild(root, "tagline")),
            Language = root.Attribute(XNamespace.Xml + "lang")?.Value.Trim().Replace('_', '-'),
            // A feed's icon is the small square meant for lists; its logo is the wide banner.
            ImageUrl = Blank(typed?.Icon)?.Trim() ?? Blank(typed?.Logo)?.Trim() ?? Text(AtomChild(root, "icon"))?.Trim() ?? Text(AtomChild(root, "logo"))?.Trim(),
            Updated = Blank(typed?.UpdatedDateString) ?? Text(AtomChild(root, "updated")) ?? Text(AtomChild(root, "modified")),
            BaseUri = baseUri.OriginalString,
            Repaired = repaired,
            Encoding = encoding,
            Hints = ScheduleHintReader.Read(root),
            Items = items,
        };

    /// <summary>An RSS 0.9x/1.0/2.0 item: the library's typed item gives title, link, guid,
    /// description, author, categories, pubDate and Dublin Core; FeedHub re-reads the raw element
    /// where the library is wrong (content:encoded is HTML-decoded twice there; markup inside a
    /// field is flattened to text) and adds what it does not model (Atom, iTunes and Media RSS
    /// elements inside items, every enclosure, xml:base).</summary>
    private static ParsedItem ReadRssItem(XElement item, RssItemFields? typed, Uri documentUrl)
    {
        (string? guidValue, string? description, string? author, IEnumerable<string>? categories, string? published) =
            (typed?.Guid, typed?.Description, typed?.Author, typed?.Categories, typed?.Published);

        XElement? guid = RssChild(item, "guid");
        string? id = Blank(typed?.IsRss20 == true ? guidValue : null)?.Trim() ?? Text(guid)?.Trim();
        string? link = BestRssLink(item, typed?.Link, guid, id);

        XElement? body = item.Element(Content + "encoded") ?? item.Element(Xhtml + "body") ?? RssChild(item, "fullitem");
        string? content = body is null ? null
            : body.Name == Xhtml + "body" ? MarkupText.SerializeChildren(body) : MarkupText.Read(body);
        XElement? atomContent = item.Element(Atom10 + "content");
        if (string.IsNullOrWhiteSpace(content) && atomContent is not null)
        {
            (string? value, bool isText) = AtomTextConstruct(atomContent);
            content = isText && value is not null ? MarkupText.EscapeText(value) : value;
            body = atomContent;
        }

        string? rawAuthor = Text(author, RssChild(item, "author")) ?? Blank(typed?.DcCreator) ?? Text(item.Element(Dc + "creator")) ?? Text(item.Element(Dc + "author"))
            ?? Text(ItunesChild(item, "author")) ?? AtomPerson(item.Element(Atom10 + "author"));

        List<string> categoryList = RssCategories(item, categories);

        var enclosures = item.Elements()
            .Where(e => e.Name.LocalName == "enclosure" && IsRss(e.Name.Namespace))
            .Select(e => Enclosure(e.Attribute("url")?.Value, e.Attribute("type")?.Value, e.Attribute("length")?.Value))
            .Concat(AtomEnclosures(item))
            .OfType<ParsedEnclosure>()
            .ToList();

        (_, bool hasBase) = BaseOf(item, documentUrl);
        return new ParsedItem
        {
            Id = id is { Length: > 0 } ? id : Blank(typed?.IsRss10 == true ? guidValue : null) ?? item.Attribute(Rdf + "about")?.Value,
            Link = link,
            Title = Text(typed?.Title, RssChild(item, "title")) ?? Blank(typed?.DcTitle) ?? Text(item.Element(Dc + "title"))
                ?? Text(item.Elements().FirstOrDefault(e => e.Name.LocalName == "title" && IsMedia(e.Name.Namespace)))
                ?? AtomText(null, item.Element(Atom10 + "title")),
            Summary = Text(description, RssChild(item, "description")) ?? Text(item.Element(Dc + "description")) ?? Text(ItunesChild(item, "summary"))
                ?? AtomText(null, item.Element(Atom10 + "summary")),
            Content = content,
            Author = AuthorText.Name(rawAuthor),
            Categories = categoryList,
            Published = Blank(published) ?? Text(RssChild(item, "pubDate")) ?? Text(item.Element(DcTerms + "issued")) ?? Text(item.Element(Atom10 + "published")),
            Updated = Blank(typed?.DcDate) ?? Text(item.Element(Dc + "date")) ?? Text(item.Element(DcTerms + "modified")) ?? Text(item.Element(Atom10 + "updated")),
            BaseUri = hasBase ? BaseOf(item, documentUrl).Base.OriginalString : null,
            ContentBaseUri = OwnBase(body, documentUrl),
            SummaryBaseUri = OwnBase(RssChild(item, "description") ?? item.Element(Atom10 + "summary"), documentUrl),
            Enclosures = enclosures,
            Language = EntryLanguage(item),
        };
    }

    /// <summary>The item's &lt;link&gt;; else an Atom link, rel="alternate" first; else the guid
    /// when it is a permalink (RSS 2.0: unless isPermaLink="false").</summary>
    private static string? BestRssLink(XElement item, string? typedLink, XElement? guid, string? id)
    {
        string? link = Blank(typedLink)?.Trim() ?? Text(RssChild(item, "link"))?.Trim() ?? AtomLink(item, "alternate");
        if (link is null && id is not null && !string.Equals(guid!.Attribute("isPermaLink")?.Value.Trim(), "false", StringComparison.OrdinalIgnoreCase))
        {
            link = id;
        }

        return link;
    }

    /// <summary>An RSS item's categories, trimmed, each once, in this order: RSS categories (the
    /// library's when it read them), dc:subject and media:category, Atom categories (term, else
    /// label, else text), iTunes categories at any depth, then keywords.</summary>
    /// <remarks>Plain loops rather than one LINQ chain: the chain walked the item's children five
    /// times through a dozen iterators, a third of reading an RSS item.</remarks>
    internal static List<string> RssCategories(XElement item, IEnumerable<string>? typed)
    {
        var categories = new Categories();
        if (typed is not null)
        {
            foreach (string category in typed)
            {
                categories.Add(category);
            }
        }
        else
        {
            foreach (XElement element in item.Elements())
            {
                if (element.Name.LocalName == "category" && IsRss(element.Name.Namespace))
                {
                    categories.Add(element.Value);
                }
            }
        }

        // Keywords are iTunes or Media children (or in media:group); iTunes categories are iTunes
        // children or further down. Without such a child and without grandchildren there are none.
        bool walkFurther = false;
        foreach (XElement element in item.Elements())
        {
            XName name = element.Name;
            if (name == DcSubject || (name.LocalName == "category" && IsMedia(name.Namespace)))
            {
                categories.Add(element.Value);
            }

            walkFurther |= element.HasElements || IsItunes(name.Namespace) || IsMedia(name.Namespace);
        }

        foreach (XElement element in item.Elements(Atom10Category))
        {
            categories.Add(element.Attribute("term")?.Value ?? element.Attribute("label")?.Value ?? element.Value);
        }

        if (walkFurther)
        {
            foreach (string category in ItunesCategories(item))
            {
                categories.Add(category);
            }

            foreach (string keyword in Keywords(item))
            {
                categories.Add(keyword);
            }
        }

        return categories.List;
    }

    /// <summary>Categories kept once each, in the order first seen.</summary>
    private readonly struct Categories()
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public List<string> List { get; } = [];

        public void Add(string? value)
        {
            string category = value?.Trim() ?? string.Empty;
            if (category.Length > 0 && _seen.Add(category))
            {
                List.Add(category);
            }
        }
    }

    /// <summary>Comma-separated itunes:keywords and media:keywords are categories too.</summary>
    internal static IEnumerable<string> Keywords(XElement item) =>
        item.Elements()
            .Where(e => e.Name.LocalName == "keywords" && (IsItunes(e.Name.Namespace) || IsMedia(e.Name.Namespace)))
            .Concat(item.Elements().Where(e => e.Name.LocalName == "group" && IsMedia(e.Name.Namespace))
                .Elements().Where(e => e.Name.LocalName == "keywords" && IsMedia(e.Name.Namespace)))
            .SelectMany(e => e.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    /// <summary>An Atom entry: the library's <see cref="AtomFeedItem"/> gives id, title, links,
    /// author, categories and dates; FeedHub reads text constructs itself where their type calls for
    /// it (html/xhtml/base64; the library flattens xhtml and HTML-decodes content a second time),
    /// takes the category term rather than the label, and adds enclosures, sources and xml:base.</summary>
    private static ParsedItem ReadAtomEntry(XElement entry, AtomFeedItem? typed, XElement feed, Uri documentUrl)
    {
        XElement? content = AtomChild(entry, "content");
        string? contentValue = null;
        if (content is not null)
        {
            (string? value, bool isText) = AtomTextConstruct(content);
            contentValue = isText && value is not null ? MarkupText.EscapeText(value) : value;
        }

        XElement? source = AtomChild(entry, "source");
        string? author = Person(typed?.Author, AtomChild(entry, "author"))
            ?? (source is null ? null : AtomPerson(AtomChild(source, "author")))
            ?? AtomPerson(AtomChild(feed, "author"));

        IEnumerable<string> typedCategories = typed?.CategoryDetails?.Select(c => c.Term ?? c.Name ?? string.Empty) ?? [];
        var categories = (typed?.CategoryDetails is { Count: > 0 }
                ? typedCategories
                : entry.Elements().Where(e => e.Name.LocalName == "category" && IsAtomOrNone(e.Name.Namespace))
                    .Select(e => e.Attribute("term")?.Value ?? e.Attribute("label")?.Value ?? e.Value))
            .Concat(entry.Elements(Dc + "subject").Select(e => e.Value))
            .Select(v => v.Trim())
            .Where(v => v.Length > 0)
            .ToList();

        (_, bool hasBase) = BaseOf(entry, documentUrl);
        return new ParsedItem
        {
            Id = Blank(typed?.Id)?.Trim() ?? Text(AtomChild(entry, "id"))?.Trim(),
            Link = AlternateLink(typed?.Links) ?? AtomLink(entry, "alternate"),
            Title = AtomText(typed?.Title, AtomChild(entry, "title")),
            Summary = AtomText(typed?.Summary, AtomChild(entry, "summary")),
            Content = contentValue,
            Author = AuthorText.Name(author ?? Text(entry.Element(Dc + "creator"))),
            Categories = categories,
            Published = Blank(typed?.PublishedDateString) ?? Text(AtomChild(entry, "published")) ?? Text(AtomChild(entry, "issued")) ?? Text(entry.Element(DcTerms + "issued")),
            Updated = Blank(typed?.UpdatedDateString) ?? Text(AtomChild(entry, "updated")) ?? Text(AtomChild(entry, "modified")) ?? Text(entry.Element(Dc + "date")),
            BaseUri = hasBase ? BaseOf(entry, documentUrl).Base.OriginalString : null,
            ContentBaseUri = OwnBase(content, documentUrl),
            SummaryBaseUri = OwnBase(AtomChild(entry, "summary"), documentUrl),
            Enclosures = AtomEnclosures(entry).OfType<ParsedEnclosure>().ToList(),
            Language = EntryLanguage(entry),
        };
    }

    /// <summary>A language stated by the entry itself or an element between it and the root
    /// (merged feeds mix languages: a Banjar or English entry in an Indonesian feed).</summary>
    private static string? EntryLanguage(XElement entry)
    {
        string? language = Text(entry.Element(Dc + "language"))
            ?? entry.AncestorsAndSelf().TakeWhile(e => e.Parent is not null)
                .Select(e => e.Attribute(XNamespace.Xml + "lang")?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        return language?.Trim().Replace('_', '-');
    }

    /// <summary>The first rel="alternate" link (a link without rel is one), else none: the library's
    /// own Link is simply the first link, whatever its rel.</summary>
    private static string? AlternateLink(ICollection<AtomLink>? links) =>
        Blank(links?.FirstOrDefault(l => (Blank(l.Relation)?.Trim() ?? "alternate") == "alternate" && !string.IsNullOrWhiteSpace(l.Href))?.Href)?.Trim();

    /// <summary>An Atom person: its name, else (when only an &lt;email&gt; is given) the address.</summary>
    private static string? Person(CodeHollow.FeedReader.Feeds.AtomPerson? typed, XElement? element) =>
        Blank(typed?.Name)?.Trim() ?? AtomPerson(element) ?? Blank(typed?.EMail)?.Trim();

    private static IEnumerable<ParsedEnclosure?> AtomEnclosures(XElement parent) =>
        parent.Elements()
            .Where(e => e.Name.LocalName == "link" && IsAtomOrNone(e.Name.Namespace) && e.Attribute("rel")?.Value == "enclosure")
            .Select(e => Enclosure(e.Attribute("href")?.Value, e.Attribute("type")?.Value, e.Attribute("length")?.Value));

    private static ParsedEnclosure? Enclosure(string? url, string? type, string? length)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        long? bytes = long.TryParse(length?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long parsed) ? parsed : null;
        return new ParsedEnclosure(url.Trim(), string.IsNullOrWhiteSpace(type) ? null : type.Trim(), bytes);
    }

    /// <summary>The first link with the wanted rel (a missing rel means "alternate"). Its URL is
    /// the href, or for some pre-standard feeds the element's text.</summary>
    private static string? AtomLink(XElement parent, string rel)
    {
        var links = parent.Elements()
            .Where(e => e.Name.LocalName == "link" && (IsAtom(e.Name.Namespace) || IsAtomLike(e)) && LinkTarget(e) is not null)
            .ToList();
        XElement? match = links.FirstOrDefault(e => (e.Attribute("rel")?.Value.Trim() ?? "alternate") == rel);
        return match is null ? null : LinkTarget(match);
    }

    private static string? LinkTarget(XElement link)
    {
        string? href = link.Attribute("href")?.Value.Trim();
        if (string.IsNullOrEmpty(href) && !link.HasElements && link.Parent?.Name.Namespace != XNamespace.None)
        {
            href = link.Value.Trim();
        }

        return string.IsNullOrEmpty(href) ? null : href;
    }

    private static string? AtomPerson(XElement? person)
    {
        if (person is null)
        {
            return null;
        }

        XElement? name = person.Elements().FirstOrDefault(e => e.Name.LocalName == "name");
        XElement? email = person.Elements().FirstOrDefault(e => e.Name.LocalName == "email");
        string? value = name is not null ? name.Value.Trim() : (person.HasElements ? email?.Value.Trim() : person.Value.Trim());
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>An Atom text construct. The library's value is the element's text, right for
    /// text and escaped html; xhtml (child elements) and base64 modes are read from the element.</summary>
    private static string? AtomText(string? typed, XElement? element)
    {
        string? value = element is null ? typed
            : element.HasElements || element.Attribute("mode") is not null || typed is null || IsBinaryType(element) ? AtomTextConstruct(element).Value
            : typed;
        return string.IsNullOrWhiteSpace(value) ? null : MarkupText.Demoronize(value);
    }

    private static bool IsBinaryType(XElement element)
    {
        string type = (element.Attribute("type")?.Value ?? "text").Trim();
        return type.Contains('/', StringComparison.Ordinal) && !type.StartsWith("text/", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An Atom text construct: 1.0 type="text|html|xhtml", 0.3 type=MIME with
    /// mode="xml|escaped|base64". Returns whether the value is plain text rather than markup.</summary>
    private static (string? Value, bool IsText) AtomTextConstruct(XElement element)
    {
        string type = (element.Attribute("type")?.Value ?? "text").Trim().ToLowerInvariant();
        string mode = (element.Attribute("mode")?.Value ?? "xml").Trim().ToLowerInvariant();
        if (mode == "base64")
        {
            return TryBase64(element.Value, out string? text) ? (text, false) : (null, true);
        }

        if (type is "xhtml" || element.HasElements)
        {
            // Atom 1.0's xhtml wraps content in a <div> that is not part of it; Atom 0.3's inline
            // XML has no such convention and keeps its markup whole.
            return (MarkupText.SerializeChildren(element, unwrapDiv: type == "xhtml" || element.Name.Namespace == Atom10), false);
        }

        // RFC 4287 §4.1.3.3: content of any other non-text, non-XML media type is Base64.
        if (element.Attribute("mode") is null && type.Contains('/', StringComparison.Ordinal) && !type.StartsWith("text/", StringComparison.Ordinal)
            && !type.EndsWith("+xml", StringComparison.Ordinal) && !type.EndsWith("/xml", StringComparison.Ordinal)
            && element.Name.Namespace == Atom10)
        {
            return TryBase64(element.Value, out string? decoded) ? (decoded, false) : (null, false);
        }

        bool isText = type is "text" or "text/plain" && mode != "escaped";
        return (element.Value, isText);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static bool TryBase64(string value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? decoded)
    {
        // Only text is content: bytes that are not UTF-8 (an image, a PDF) are not shown as garbage.
        try
        {
            decoded = StrictUtf8.GetString(Convert.FromBase64String(value.Trim()));
            return true;
        }
        catch (Exception exception) when (exception is FormatException or DecoderFallbackException)
        {
            decoded = null;
            return false;
        }
    }

    private static XElement? ItunesChild(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName && IsItunes(e.Name.Namespace));

    /// <summary>itunes:category carries its name in text="..." and nests subcategories.</summary>
    internal static IEnumerable<string> ItunesCategories(XElement parent) =>
        parent.Descendants().Where(e => e.Name.LocalName == "category" && IsItunes(e.Name.Namespace))
            .Select(e => e.Attribute("text")?.Value.Trim() ?? string.Empty);

    private static XElement? RssChild(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName && IsRss(e.Name.Namespace));

    private static XElement? AtomChild(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName && IsAtomLike(e));

    private static bool IsAtomOrNone(XNamespace ns) => IsAtom(ns) || ns == XNamespace.None;

    /// <summary>Atom elements: the Atom namespaces, none, or whatever namespace the &lt;feed&gt;
    /// root itself uses (pre-standard Atom drafts used their own URIs).</summary>
    private static bool IsAtomLike(XElement element) =>
        IsAtomOrNone(element.Name.Namespace) || element.Name.Namespace == element.Document?.Root?.Name.Namespace;

    /// <summary>The library's value for a field, unless the element holds markup (child elements
    /// the library flattens to their text): then that markup, serialized.</summary>
    private static string? Text(string? typed, XElement? element)
    {
        if (element is null || element.HasElements || typed is null)
        {
            return Text(element) ?? Blank(typed);
        }

        return Blank(MarkupText.Demoronize(typed));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string? Text(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        string value = MarkupText.Read(element);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>The base in scope at a content or summary element that declares xml:base itself
    /// (a CMS that moved its media to a CDN says so there); null otherwise.</summary>
    private static string? OwnBase(XElement? element, Uri documentUrl) =>
        element?.Attribute(XNamespace.Xml + "base") is { } declared && !string.IsNullOrWhiteSpace(declared.Value)
            ? BaseOf(element, documentUrl).Base.OriginalString
            : null;

    /// <summary>The base URI in scope at <paramref name="element"/>: every xml:base from the root
    /// down, each resolved against the one above, starting from the document URL.</summary>
    private static (Uri Base, bool Declared) BaseOf(XElement element, Uri documentUrl)
    {
        Uri current = documentUrl;
        bool declared = false;
        foreach (XElement scope in element.AncestorsAndSelf().Reverse())
        {
            string? value = scope.Attribute(XNamespace.Xml + "base")?.Value.Trim();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (Uri.TryCreate(current, value, out Uri? resolved))
            {
                current = resolved;
                declared = true;
            }
        }

        return (current, declared);
    }
}
