using System.Xml;
using System.Xml.Linq;
using CodeHollow.FeedReader;
using CodeHollow.FeedReader.Parser;
using FeedHub.Core.Items;

namespace FeedHub.Ingestion.Parsing;

/// <summary>Bytes to <see cref="ParsedFeed"/>: <see cref="FeedDecoder"/> → <see cref="DocumentGate"/> →
/// <see cref="XmlCharFilter"/> → safe XML parse (with one <see cref="FeedRepair"/> pass) → format
/// detection by CodeHollow.FeedReader → field extraction from the XML tree.</summary>
public sealed class FeedParser(FeedParserOptions options) : IFeedParser
{
    private readonly DocumentGate _gate = new(options);

    public FeedParser()
        : this(new FeedParserOptions())
    {
    }

    public ParsedFeed Parse(FeedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Body.Length > options.MaxDocumentBytes)
        {
            throw new FeedParseException($"document is larger than {options.MaxDocumentBytes} bytes");
        }

        DecodedDocument decoded = FeedDecoder.Decode(document.Body.Span, document.ContentType);
        GatedDocument gated = _gate.Pass(decoded.Text);
        string text = XmlCharFilter.Strip(gated.Text);

        if (gated.Kind == DocumentKind.Json)
        {
            return JsonFeedReader.Read(text, document.Url, decoded.EncodingName);
        }

        (XDocument xml, _, bool repaired) = SafeXml.LoadWithRepair(text, options.MaxDocumentBytes * 2L);
        string format = DetectFormat(xml);
        return XmlFeedReader.Read(xml, format, document.Url, decoded.EncodingName, repaired);
    }

    /// <summary>CodeHollow decides whether this is a feed and which family; the version is read
    /// from the root, which CodeHollow does not report for Atom.</summary>
    private static string DetectFormat(XDocument xml)
    {
        XElement root = xml.Root!;
        FeedType type;
        try
        {
            // CodeHollow sees only the document's skeleton: its own XDocument.Parse slows down
            // quadratically on deep nesting, and detection needs nothing but names and attributes.
            // (There is no DOCTYPE to expand or fetch either: the gate removed it.)
            type = FeedReader.ReadFromString(Skeleton(root).ToString(SaveOptions.DisableFormatting)).Type;
        }
        catch (FeedTypeNotSupportedException)
        {
            type = FeedType.Unknown;
        }
        catch (Exception exception) when (exception is XmlException or NullReferenceException or InvalidOperationException or FormatException or ArgumentException)
        {
            // CodeHollow re-parses the text and trips over shapes our tree already holds (an <rss>
            // without <channel>, prefixes it looks up by name...); the root element still tells.
            type = FeedType.Unknown;
        }

        string rootName = root.Name.LocalName;
        if (type == FeedType.Unknown)
        {
            type = rootName switch
            {
                "rss" => FeedType.Rss,
                "RDF" when root.Name.Namespace == FeedNamespaces.Rdf => FeedType.Rss_1_0,
                // Pre-standard Atom drafts put <feed> in namespaces of their own.
                "feed" => FeedType.Atom,
                _ => FeedType.Unknown,
            };
        }

        string? version = root.Attribute("version")?.Value.Trim();
        return type switch
        {
            FeedType.Atom => root.Name.Namespace == FeedNamespaces.Atom10 ? "atom1.0" : "atom0.3",
            FeedType.Rss_1_0 => root.Elements().Any(e => e.Name.Namespace == FeedNamespaces.Rss090) ? "rss0.90" : "rss1.0",
            FeedType.Rss_0_91 => "rss0.91",
            FeedType.Rss_0_92 => "rss0.92",
            FeedType.Rss_2_0 or FeedType.MediaRss or FeedType.Rss => "rss" + (string.IsNullOrEmpty(version) ? "2.0" : version),
            _ => throw new FeedParseException($"document is XML but not a feed (root element <{root.Name.LocalName}>)"),
        };
    }

    /// <summary>The root and two levels below it (at most 20 children each), names and attributes only.</summary>
    private static XElement Skeleton(XElement element, int levels = 3)
    {
        var copy = new XElement(element.Name, element.Attributes());
        if (levels > 1)
        {
            foreach (XElement child in element.Elements().Take(20))
            {
                copy.Add(Skeleton(child, levels - 1));
            }
        }

        return copy;
    }
}
