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

    public static XDocument Load(string text, long maxCharacters)
    {
        using var reader = XmlReader.Create(new StringReader(text), ReaderSettings(maxCharacters));
        return XDocument.Load(reader, LoadOptions.PreserveWhitespace);
    }
}
