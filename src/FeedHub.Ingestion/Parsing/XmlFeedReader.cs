using System.Globalization;
using System.Text;
using System.Xml.Linq;
using FeedHub.Core.Items;
using static FeedHub.Ingestion.Parsing.FeedNamespaces;

namespace FeedHub.Ingestion.Parsing;

/// <summary>Reads RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 from the XML tree into the one item model,
/// matching extension namespaces by URI. Values are raw: dates unparsed, links unresolved (the
/// base they resolve against is reported), HTML unsanitized.</summary>
internal static class XmlFeedReader
{
    public static ParsedFeed Read(XDocument document, string format, Uri documentUrl, string encoding, bool repaired)
    {
        XElement root = document.Root ?? throw new FeedParseException("document has no root element");
        bool atom = format.StartsWith("atom", StringComparison.Ordinal);
        XElement channel = atom ? root : RssChild(root, "channel") ?? root;

        (Uri baseUri, _) = BaseOf(root, documentUrl);
        IEnumerable<XElement> itemElements = atom
            ? root.Elements().Where(e => e.Name.LocalName == "entry" && IsAtomLike(e))
            : channel.Elements().Concat(channel == root ? [] : root.Elements())
                .Where(e => e.Name.LocalName == "item" && IsRss(e.Name.Namespace));

        var items = itemElements.Select(e => atom ? ReadAtomEntry(e, root, documentUrl) : ReadRssItem(e, documentUrl)).ToList();

        return new ParsedFeed
        {
            Format = format,
            Title = atom ? AtomText(AtomChild(root, "title")) : Text(RssChild(channel, "title")) ?? Text(channel.Element(Dc + "title")),
            Link = atom ? AtomLink(root, "alternate") : Text(RssChild(channel, "link"))?.Trim() ?? AtomLink(channel, "alternate"),
            Description = atom
                ? AtomText(AtomChild(root, "subtitle") ?? AtomChild(root, "tagline"))
                : Text(RssChild(channel, "description")) ?? Text(channel.Element(Dc + "description"))
                    ?? Text(ItunesChild(channel, "subtitle")) ?? Text(ItunesChild(channel, "summary")),
            Language = (atom
                ? root.Attribute(XNamespace.Xml + "lang")?.Value
                : Text(RssChild(channel, "language")) ?? Text(channel.Element(Dc + "language")))?.Trim().Replace('_', '-'),
            BaseUri = baseUri.OriginalString,
            Repaired = repaired,
            Encoding = encoding,
            Items = items,
        };
    }

    private static ParsedItem ReadRssItem(XElement item, Uri documentUrl)
    {
        XElement? guid = RssChild(item, "guid");
        string? id = Text(guid)?.Trim();
        string? link = Text(RssChild(item, "link"))?.Trim() ?? AtomLink(item, "alternate");
        if (link is null && id is not null && !string.Equals(guid!.Attribute("isPermaLink")?.Value.Trim(), "false", StringComparison.OrdinalIgnoreCase))
        {
            // RSS 2.0: a guid is the item's permalink unless isPermaLink="false".
            link = id;
        }

        XElement? body = item.Element(Content + "encoded") ?? item.Element(Xhtml + "body") ?? RssChild(item, "fullitem");
        string? content = body is null ? null
            : body.Name == Xhtml + "body" ? MarkupText.SerializeChildren(body) : MarkupText.Read(body);

        string? author = Text(RssChild(item, "author")) ?? Text(item.Element(Dc + "creator")) ?? Text(item.Element(Dc + "author"))
            ?? Text(ItunesChild(item, "author")) ?? AtomPerson(item.Element(Atom10 + "author"));

        var categories = item.Elements()
            .Where(e => (e.Name.LocalName == "category" && IsRss(e.Name.Namespace)) || e.Name == Dc + "subject" || (e.Name.LocalName == "category" && IsMedia(e.Name.Namespace)))
            .Select(e => e.Value.Trim())
            .Concat(ItunesCategories(item))
            .Where(v => v.Length > 0)
            .ToList();

        var enclosures = item.Elements()
            .Where(e => e.Name.LocalName == "enclosure" && IsRss(e.Name.Namespace))
            .Select(e => Enclosure(e.Attribute("url")?.Value, e.Attribute("type")?.Value, e.Attribute("length")?.Value))
            .Concat(AtomEnclosures(item))
            .OfType<ParsedEnclosure>()
            .ToList();

        (_, bool hasBase) = BaseOf(item, documentUrl);
        return new ParsedItem
        {
            Id = id is { Length: > 0 } ? id : item.Attribute(Rdf + "about")?.Value,
            Link = link,
            Title = Text(RssChild(item, "title")) ?? Text(item.Element(Dc + "title"))
                ?? Text(item.Elements().FirstOrDefault(e => e.Name.LocalName == "title" && IsMedia(e.Name.Namespace))),
            Summary = Text(RssChild(item, "description")) ?? Text(item.Element(Dc + "description")) ?? Text(ItunesChild(item, "summary")),
            Content = content,
            Author = author,
            Categories = categories,
            Published = Text(RssChild(item, "pubDate")) ?? Text(item.Element(DcTerms + "issued")) ?? Text(item.Element(Atom10 + "published")),
            Updated = Text(item.Element(Dc + "date")) ?? Text(item.Element(DcTerms + "modified")) ?? Text(item.Element(Atom10 + "updated")),
            BaseUri = hasBase ? BaseOf(item, documentUrl).Base.OriginalString : null,
            Enclosures = enclosures,
        };
    }

    private static ParsedItem ReadAtomEntry(XElement entry, XElement feed, Uri documentUrl)
    {
        XElement? content = AtomChild(entry, "content");
        string? contentValue = null;
        if (content is not null)
        {
            (string? value, bool isText) = AtomTextConstruct(content);
            contentValue = isText && value is not null ? MarkupText.EscapeText(value) : value;
        }

        XElement? source = AtomChild(entry, "source");
        string? author = AtomPerson(AtomChild(entry, "author"))
            ?? (source is null ? null : AtomPerson(AtomChild(source, "author")))
            ?? AtomPerson(AtomChild(feed, "author"));

        var categories = entry.Elements()
            .Where(e => e.Name.LocalName == "category" && IsAtomOrNone(e.Name.Namespace))
            .Select(e => (e.Attribute("term")?.Value ?? e.Attribute("label")?.Value ?? e.Value).Trim())
            .Concat(entry.Elements(Dc + "subject").Select(e => e.Value.Trim()))
            .Where(v => v.Length > 0)
            .ToList();

        (_, bool hasBase) = BaseOf(entry, documentUrl);
        return new ParsedItem
        {
            Id = Text(AtomChild(entry, "id"))?.Trim(),
            Link = AtomLink(entry, "alternate"),
            Title = AtomText(AtomChild(entry, "title")),
            Summary = AtomText(AtomChild(entry, "summary")),
            Content = contentValue,
            Author = author ?? Text(entry.Element(Dc + "creator")),
            Categories = categories,
            Published = Text(AtomChild(entry, "published")) ?? Text(AtomChild(entry, "issued")) ?? Text(entry.Element(DcTerms + "issued")),
            Updated = Text(AtomChild(entry, "updated")) ?? Text(AtomChild(entry, "modified")) ?? Text(entry.Element(Dc + "date")),
            BaseUri = hasBase ? BaseOf(entry, documentUrl).Base.OriginalString : null,
            Enclosures = AtomEnclosures(entry).OfType<ParsedEnclosure>().ToList(),
        };
    }

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
        string? value = name is not null ? name.Value.Trim() : (person.HasElements ? null : person.Value.Trim());
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static string? AtomText(XElement? element)
    {
        string? value = element is null ? null : AtomTextConstruct(element).Value;
        return string.IsNullOrWhiteSpace(value) ? null : MarkupText.Demoronize(value);
    }

    /// <summary>An Atom text construct: 1.0 type="text|html|xhtml", 0.3 type=MIME with
    /// mode="xml|escaped|base64". Returns whether the value is plain text rather than markup.</summary>
    private static (string? Value, bool IsText) AtomTextConstruct(XElement element)
    {
        string type = (element.Attribute("type")?.Value ?? "text").Trim().ToLowerInvariant();
        string mode = (element.Attribute("mode")?.Value ?? "xml").Trim().ToLowerInvariant();
        if (mode == "base64")
        {
            try
            {
                return (Encoding.UTF8.GetString(Convert.FromBase64String(element.Value.Trim())), false);
            }
            catch (FormatException)
            {
                return (element.Value, true);
            }
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
            && element.Name.Namespace == Atom10 && TryBase64(element.Value, out string? decoded))
        {
            return (decoded, false);
        }

        bool isText = type is "text" or "text/plain" && mode != "escaped";
        return (element.Value, isText);
    }

    private static bool TryBase64(string value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? decoded)
    {
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Trim()));
            return true;
        }
        catch (FormatException)
        {
            decoded = null;
            return false;
        }
    }

    private static XElement? ItunesChild(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName && IsItunes(e.Name.Namespace));

    /// <summary>itunes:category carries its name in text="..." and nests subcategories.</summary>
    private static IEnumerable<string> ItunesCategories(XElement parent) =>
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

    private static string? Text(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        string value = MarkupText.Read(element);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

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
