using System.Xml;
using System.Xml.Linq;

namespace FeedHub.Ingestion.Parsing;

/// <summary>The only way FeedHub turns feed text into XML: no DTD, no resolver, no entity expansion.</summary>
public static class SafeXml
{
    public static XmlReaderSettings ReaderSettings(long maxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = maxCharacters,
        CheckCharacters = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    /// <summary>Parses <paramref name="text"/>; after an <see cref="XmlException"/>, tries once more
    /// on the <see cref="FeedRepair"/> output. Throws <see cref="FeedParseException"/> naming the
    /// position of the error that remained.</summary>
    public static (XDocument Document, string Text, bool Repaired) LoadWithRepair(string text, long maxCharacters)
    {
        try
        {
            return (Load(text, maxCharacters), text, false);
        }
        catch (XmlException)
        {
            string repaired = FeedRepair.Repair(text);
            try
            {
                return (Load(repaired, maxCharacters), repaired, true);
            }
            catch (XmlException second)
            {
                throw new FeedParseException(
                    $"document is not well-formed XML, even after repair: {second.Message} (line {second.LineNumber}, position {second.LinePosition})",
                    second);
            }
        }
    }

    /// <summary>Elements nested deeper than this are dropped with their content. XDocument.Load
    /// slows down quadratically with depth (100,000 nested &lt;div&gt;s take most of a minute), so
    /// the tree is built here, without recursion, from a reader that is linear.</summary>
    public const int MaxElementDepth = 256;

    public static XDocument Load(string text, long maxCharacters)
    {
        using var reader = XmlReader.Create(new StringReader(text), ReaderSettings(maxCharacters));
        var document = new XDocument();
        XContainer current = document;
        bool read = reader.Read();
        while (read)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when reader.Depth >= MaxElementDepth:
                    reader.Skip();
                    read = !reader.EOF;
                    continue;
                case XmlNodeType.Element:
                    var element = new XElement(XName.Get(reader.LocalName, reader.NamespaceURI));
                    bool empty = reader.IsEmptyElement;
                    if (reader.MoveToFirstAttribute())
                    {
                        do
                        {
                            element.Add(ReadAttribute(reader));
                        }
                        while (reader.MoveToNextAttribute());
                        reader.MoveToElement();
                    }

                    current.Add(element);
                    if (!empty)
                    {
                        current = element;
                    }

                    break;
                case XmlNodeType.EndElement:
                    current = current.Parent ?? (XContainer)document;
                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace:
                    current.Add(new XText(reader.Value));
                    break;
                case XmlNodeType.Whitespace when current is XElement:
                    current.Add(new XText(reader.Value));
                    break;
                case XmlNodeType.CDATA:
                    current.Add(new XCData(reader.Value));
                    break;
            }

            read = reader.Read();
        }

        return document;
    }

    private static XAttribute ReadAttribute(XmlReader reader)
    {
        if (reader.NamespaceURI == XNamespace.Xmlns.NamespaceName)
        {
            return reader.Prefix.Length == 0
                ? new XAttribute("xmlns", reader.Value)
                : new XAttribute(XNamespace.Xmlns + reader.LocalName, reader.Value);
        }

        return new XAttribute(XName.Get(reader.LocalName, reader.NamespaceURI), reader.Value);
    }
}
