using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Xml.Linq;
using CodeHollow.FeedReader.Feeds;
using FeedHub.Core.Items;
using FeedHub.Core.Scheduling;
using FeedHub.Ingestion.Parsing;
using FeedHub.Tests.Corpus;

namespace FeedHub.Tests.Parsing;

/// <summary>FeedHub reads the fields it took from CodeHollow's <see cref="Rss20FeedItem"/> itself
/// (<see cref="RssItemFields.ReadRss20"/>); on every corpus document they must be the library's, and
/// the parsed documents what they were with the library's items.</summary>
public sealed class RssItemFieldsTests
{
    private static readonly FeedParser WithLibraryItems = new(new FeedParserOptions(), XmlFeedReader.ParallelFrom, libraryRss20Items: true);
    private static readonly FeedParser WithOwnFields = new(new FeedParserOptions(), XmlFeedReader.ParallelFrom, libraryRss20Items: false);

    // PublisherHints.DocumentPart is a new record each time it is read: JSON would never end.
    private static readonly JsonSerializerOptions Json = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Type == typeof(PublisherHints) && info.Properties.FirstOrDefault(p => p.Name == nameof(PublisherHints.DocumentPart)) is { } part)
                    {
                        info.Properties.Remove(part);
                    }
                },
            },
        },
    };

    private static IEnumerable<string> CorpusFiles() =>
        Directory.EnumerateFiles(CorpusLocator.PathOf("feedparser"), "*.xml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(CorpusLocator.PathOf("real-id"), "*.xml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void Every_corpus_document_parses_as_it_did_with_the_library_s_items()
    {
        int compared = 0;
        int rss20WithItems = 0;
        foreach (string file in CorpusFiles())
        {
            byte[] body = File.ReadAllBytes(file);
            (string expected, bool rss20) = Outcome(WithLibraryItems, body);
            Assert.True(expected == Outcome(WithOwnFields, body).Json, $"{Path.GetRelativePath(CorpusLocator.Root, file)} parses differently without the library's RSS 2.0 items");
            compared++;
            rss20WithItems += rss20 ? 1 : 0;
        }

        Assert.True(compared > 2_000, $"only {compared} corpus documents");
        Assert.True(rss20WithItems >= 300, $"only {rss20WithItems} RSS 2.0 documents with items");
    }

    [Fact]
    public void Every_corpus_rss_item_s_fields_are_the_library_s()
    {
        int items = 0;
        foreach ((string file, XElement entry) in CorpusItems.RawRssItems())
        {
            Rss20FeedItem library;
            try
            {
                library = new Rss20FeedItem(entry);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The library's item is then missing and FeedHub's reading alone covers the entry:
                // no such entry in the corpus, or the two readings could differ there.
                Assert.Fail($"{Path.GetRelativePath(CorpusLocator.Root, file)}: the library throws on an item: {exception.Message}");
                throw;
            }

            Assert.Equal(JsonSerializer.Serialize(RssItemFields.From(library)), JsonSerializer.Serialize(RssItemFields.ReadRss20(entry)));
            items++;
        }

        Assert.True(items > 500, $"only {items} corpus items");
    }

    [Theory]
    [InlineData("""<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><item><title> T </title><link>L</link><guid>G</guid><author>a@b.c (A)</author><pubDate>Tue, 07 May 2024 10:00:00 +0700</pubDate><category>x</category><category> y </category><description>&lt;p&gt;d&lt;/p&gt;</description><dc:creator>C</dc:creator><dc:title>DT</dc:title><dc:date>2024-05-07</dc:date></item></channel></rss>""")]
    [InlineData("""<rss version="2.0" xmlns="http://example.org/default/"><channel><item><title>T</title><link>L</link></item></channel></rss>""")]
    [InlineData("""<rss version="2.0"><channel><item xmlns:dc="http://example.org/not-dc/"><dc:creator>C</dc:creator><title><b>T</b></title></item></channel></rss>""")]
    [InlineData("""<rss version="2.0"><channel><item><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">inner</dc:creator></item></channel></rss>""")]
    [InlineData("""<rss version="2.0"><channel><item/></channel></rss>""")]
    public void Fields_follow_the_library_s_lookup(string xml)
    {
        XElement entry = SafeXml.Load(xml, 1 << 20).Descendants().First(e => e.Name.LocalName == "item");

        Assert.Equal(JsonSerializer.Serialize(RssItemFields.From(new Rss20FeedItem(entry))), JsonSerializer.Serialize(RssItemFields.ReadRss20(entry)));
    }

    [Fact]
    public void Reading_the_fields_itself_allocates_far_less_than_the_library_s_items()
    {
        // A WordPress-shaped 20-entry document, as most polled feeds: the library's items
        // (HTML-decoded content, sixteen Dublin Core lookups) were about 40 % of what parsing allocated.
        string items = string.Concat(Enumerable.Range(0, 20).Select(i => $"""
            <item><title>Berita {i}</title><link>https://mc.example.go.id/{i}</link><guid isPermaLink="false">https://mc.example.go.id/?p={i}</guid>
            <dc:creator><![CDATA[Humas]]></dc:creator><pubDate>Tue, 07 May 2024 10:{i:00}:00 +0700</pubDate><category><![CDATA[Daerah]]></category>
            <description><![CDATA[<p>Ringkas {i} &#8211; [&#8230;]</p>]]></description>
            <content:encoded><![CDATA[{string.Concat(Enumerable.Repeat($"<p>Isi berita {i} &#8211; &#8220;kutipan&#8221; dan paragraf yang cukup panjang.</p>", 20))}]]></content:encoded></item>
            """));
        byte[] body = System.Text.Encoding.UTF8.GetBytes(
            $"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Humas</title><link>https://mc.example.go.id/</link>{items}</channel></rss>""");

        long library = AllocatedByParse(WithLibraryItems, body);
        long own = AllocatedByParse(WithOwnFields, body);

        Assert.True(own < library * 0.8, $"parsing allocated {own} bytes, {library} with the library's items");
    }

    private static long AllocatedByParse(FeedParser parser, byte[] body)
    {
        var document = new FeedDocument(body, "application/rss+xml; charset=utf-8", ParseHelper.FeedUrl);
        parser.Parse(document);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(20, parser.Parse(document).Items.Count);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>The parsed document as JSON, or the exception it was refused with.</summary>
    private static (string Json, bool Rss20WithItems) Outcome(FeedParser parser, byte[] body)
    {
        try
        {
            ParsedFeed feed = parser.Parse(new FeedDocument(body, "application/xml", ParseHelper.FeedUrl));
            return (JsonSerializer.Serialize(feed, Json), feed.Items.Count > 0 && TypedFeed.ReadsItemsAsRss20(feed.Format));
        }
        catch (FeedParseException exception)
        {
            return ("refused: " + exception.Message, false);
        }
    }
}
