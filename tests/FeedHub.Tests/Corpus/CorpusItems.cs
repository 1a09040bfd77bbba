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
        IEnumerable<string> files = Directory.EnumerateFiles(CorpusLocator.PathOf("feedparser"), "*.xml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(CorpusLocator.PathOf("real-id"), "*.xml", SearchOption.AllDirectories));
        foreach (string file in files)
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
}
