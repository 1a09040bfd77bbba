using System.Xml.Linq;
using FeedHub.Core.Items;
using FeedHub.Ingestion.Parsing;

namespace FeedHub.Tests.Corpus;

/// <summary>Every item of every corpus document FeedHub can parse (the feedparser conformance
/// fixtures and the real Indonesian feeds): the texts the tests that pin a rewritten text function
/// against its first implementation compare on.</summary>
internal static class CorpusItems
{
    public static IEnumerable<ParsedItem> All()
    {
        var parser = new FeedParser();
        foreach (string file in Files())
        {
            ParsedFeed feed;
            try
            {
                feed = parser.Parse(new FeedDocument(File.ReadAllBytes(file), "application/xml", new Uri("http://example.com/feed")));
            }
            catch (FeedParseException)
            {
                // A fixture that is meant to be refused has no items to compare.
                continue;
            }

            foreach (ParsedItem item in feed.Items)
            {
                yield return item;
            }
        }
    }

    /// <summary>The raw &lt;item&gt; elements (any namespace) of every corpus document the safe XML
    /// load takes, with the file each is in, in file order.</summary>
    public static IEnumerable<(string File, XElement Item)> RawRssItems()
    {
        foreach (string file in Files().Order(StringComparer.Ordinal))
        {
            XDocument document;
            try
            {
                document = SafeXml.LoadWithRepair(File.ReadAllText(file), 1 << 26).Document;
            }
            catch (FeedParseException)
            {
                continue;
            }

            foreach (XElement item in document.Descendants().Where(e => e.Name.LocalName == "item"))
            {
                yield return (file, item);
            }
        }
    }

    private static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(CorpusLocator.PathOf("feedparser"), "*.xml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(CorpusLocator.PathOf("real-id"), "*.xml", SearchOption.AllDirectories));
}
