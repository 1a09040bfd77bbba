using System.Xml;
using System.Xml.Linq;

namespace FeedHub.LoadFarm.Keys;

/// <summary>An entry of a feed as story matching sees it: its source, link, title and HTML body.</summary>
internal sealed record FeedEntry(string Source, string? Link, string? Title, string? BodyHtml);

/// <summary>Reads the entries of RSS (0.9x, 1.0, 2.0) and Atom documents with a plain XML reader:
/// enough to get the title and body the keys are made from, for the farm's feeds and real ones
/// alike (FeedHub's own parse stage would sanitize the HTML first; the keys are made from the
/// text, which sanitizing keeps).</summary>
internal static class FeedDocuments
{
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public static List<FeedEntry> Read(string source, Stream document)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, CheckCharacters = false };
        using var reader = XmlReader.Create(document, settings);
        XElement root = XElement.Load(reader);
        var entries = new List<FeedEntry>();
        foreach (XElement item in root.Descendants().Where(e => e.Name.LocalName == "item"))
        {
            string? body = item.Element(Content + "encoded")?.Value ?? item.Elements().FirstOrDefault(e => e.Name.LocalName == "description")?.Value;
            entries.Add(new FeedEntry(source, Child(item, "link")?.Trim(), Child(item, "title")?.Trim(), body));
        }

        foreach (XElement entry in root.DescendantsAndSelf(Atom + "entry"))
        {
            string? link = entry.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate")?.Attribute("href")?.Value;
            string? body = entry.Element(Atom + "content")?.Value ?? entry.Element(Atom + "summary")?.Value;
            entries.Add(new FeedEntry(source, link, entry.Element(Atom + "title")?.Value, body));
        }

        return entries;
    }

    public static List<FeedEntry> ReadFolder(string folder)
    {
        var entries = new List<FeedEntry>();
        foreach (string file in Directory.EnumerateFiles(folder, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using FileStream stream = File.OpenRead(file);
            entries.AddRange(Read(Path.GetRelativePath(folder, file), stream));
        }

        return entries;
    }

    private static string? Child(XElement item, string name) => item.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
