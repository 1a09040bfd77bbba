using System.Xml.Linq;
using FeedHub.Core.Items;

namespace FeedHub.Ingestion.Parsing;

/// <summary>Bytes to <see cref="ParsedFeed"/>: <see cref="FeedDecoder"/> → <see cref="DocumentGate"/> →
/// <see cref="XmlCharFilter"/> → safe XML parse (with one <see cref="FeedRepair"/> pass) → format
/// detection → CodeHollow.FeedReader's typed model over that same tree, corrected and completed by
/// <see cref="XmlFeedReader"/>.</summary>
public sealed class FeedParser(FeedParserOptions options) : IFeedParser
{
    private readonly DocumentGate _gate = new(options);
    private readonly int _parallelFrom = XmlFeedReader.ParallelFrom;
    private readonly bool _libraryRss20Items;

    public FeedParser()
        : this(new FeedParserOptions())
    {
    }

    /// <param name="parallelFrom">Entries from which a document's entries are read in parallel
    /// (<see cref="XmlFeedReader.ParallelFrom"/>); tests compare the two ways.</param>
    internal FeedParser(FeedParserOptions options, int parallelFrom)
        : this(options)
    {
        _parallelFrom = parallelFrom;
    }

    /// <param name="libraryRss20Items">RSS 2.0 items read through the library's typed item, as
    /// before <see cref="RssItemFields.ReadRss20"/>; tests compare the two.</param>
    internal FeedParser(FeedParserOptions options, int parallelFrom, bool libraryRss20Items)
        : this(options, parallelFrom)
    {
        _libraryRss20Items = libraryRss20Items;
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

        (XDocument xml, string parsedText, bool repaired) = SafeXml.LoadWithRepair(text, options.MaxDocumentBytes * 2L);
        if (xml.Root is { Name.LocalName: "entry" } entry && FeedNamespaces.IsAtom(entry.Name.Namespace))
        {
            xml = FeedOfOneEntry(entry);
        }

        string format = DetectFormat(xml);
        return XmlFeedReader.Read(xml, parsedText, format, document.Url, decoded.EncodingName, repaired, _parallelFrom, _libraryRss20Items);
    }

    /// <summary>An Atom Entry Document (RFC 4287 §4.1.2, a lone &lt;entry&gt; root) served as a feed
    /// is a feed of that one entry; the entry's xml:base, xml:lang and namespace declarations move
    /// up with it.</summary>
    private static XDocument FeedOfOneEntry(XElement entry) =>
        new(new XElement(entry.Name.Namespace + "feed", entry.Attributes(), new XElement(entry.Name, entry.Nodes())));

    /// <summary>The feed family by CodeHollow's own rule (FeedParser.ParseFeedType: the root's local
    /// name, case-insensitive, and the RSS version attribute), applied to the tree already held so
    /// that the text is not parsed again; the library does not tell Atom 0.3 from 1.0 or RSS 0.90
    /// from 1.0, which the namespaces do.</summary>
    private static string DetectFormat(XDocument xml)
    {
        XElement root = xml.Root!;
        string rootName = root.Name.LocalName;
        if (rootName.Equals("feed", StringComparison.OrdinalIgnoreCase))
        {
            return root.Name.Namespace == FeedNamespaces.Atom10 ? "atom1.0" : "atom0.3";
        }

        if (rootName.Equals("rdf", StringComparison.OrdinalIgnoreCase))
        {
            return root.Elements().Any(e => e.Name.Namespace == FeedNamespaces.Rss090) ? "rss0.90" : "rss1.0";
        }

        if (rootName.Equals("rss", StringComparison.OrdinalIgnoreCase))
        {
            string? version = root.Attribute("version")?.Value.Trim();
            return "rss" + (string.IsNullOrEmpty(version) ? "2.0" : version);
        }

        throw new FeedParseException($"document is XML but not a feed (root element <{root.Name.LocalName}>)");
    }
}
