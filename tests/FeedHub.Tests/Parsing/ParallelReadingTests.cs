using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FeedHub.Core.Items;
using FeedHub.Core.Scheduling;
using FeedHub.Ingestion.Parsing;
using FeedHub.Tests.Corpus;

namespace FeedHub.Tests.Parsing;

/// <summary>A large document's entries are modelled and read in parallel; what comes out must be
/// what reading them one after the other gives, field for field, on every corpus document.</summary>
public sealed class ParallelReadingTests
{
    private static readonly FeedParser OneByOne = new(new FeedParserOptions(), parallelFrom: int.MaxValue);
    private static readonly FeedParser SideBySide = new(new FeedParserOptions(), parallelFrom: 1);

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

    [Fact]
    public void Every_corpus_document_reads_the_same_in_parallel_as_one_entry_after_another()
    {
        IEnumerable<string> files = Directory.EnumerateFiles(CorpusLocator.PathOf("feedparser"), "*.xml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(CorpusLocator.PathOf("real-id"), "*.xml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);
        int compared = 0;
        int withSeveralEntries = 0;
        foreach (string file in files)
        {
            byte[] body = File.ReadAllBytes(file);
            (string expected, int entries) = Outcome(OneByOne, body);
            Assert.True(expected == Outcome(SideBySide, body).Json, $"{Path.GetRelativePath(CorpusLocator.Root, file)} reads differently in parallel");
            compared++;
            withSeveralEntries += entries > 1 ? 1 : 0;
        }

        // The corpus is there and holds documents where the two ways can differ.
        Assert.True(compared > 2_000, $"only {compared} corpus documents");
        Assert.True(withSeveralEntries >= 10, $"only {withSeveralEntries} documents with several entries");
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    public void A_large_feed_reads_the_same_with_the_default_parser(string kind)
    {
        // An entry the library throws on (an Atom entry without id or link) sits among the others.
        var xml = new StringBuilder(kind == "rss"
            ? """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Humas</title><link>https://mc.example.go.id/</link><description>Berita</description><language>id</language>"""
            : """<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id"><title>Humas</title><subtitle>Berita</subtitle><link href="https://mc.example.go.id/"/><updated>2024-05-07T10:00:00+07:00</updated>""");
        for (int i = 0; i < 300; i++)
        {
            xml.Append(kind == "rss"
                ? $"""<item><title>Berita {i}</title><link>https://mc.example.go.id/{i}</link><guid isPermaLink="false">p{i}</guid><dc:creator>Humas</dc:creator><pubDate>Tue, 07 May 2024 10:{i % 60:00}:00 +0700</pubDate><category>Daerah</category><description>&lt;p&gt;Ringkas {i}&lt;/p&gt;</description><content:encoded><![CDATA[<p>Isi {i}</p>]]></content:encoded></item>"""
                : i == 150
                    ? "<entry><title>Tanpa id</title><content type=\"html\">&lt;p&gt;Isi&lt;/p&gt;</content></entry>"
                    : $"""<entry><id>tag:mc,2024:{i}</id><title>Berita {i}</title><link href="https://mc.example.go.id/{i}"/><updated>2024-05-07T10:{i % 60:00}:00+07:00</updated><author><name>Humas</name></author><category term="Daerah"/><summary>Ringkas {i}</summary><content type="html">&lt;p&gt;Isi {i}&lt;/p&gt;</content></entry>""");
        }

        xml.Append(kind == "rss" ? "</channel></rss>" : "</feed>");
        byte[] body = Encoding.UTF8.GetBytes(xml.ToString());

        ParsedFeed parallel = new FeedParser().Parse(new FeedDocument(body, "application/xml", ParseHelper.FeedUrl));

        Assert.Equal(Outcome(OneByOne, body).Json, Outcome(new FeedParser(), body).Json);
        Assert.Equal(300, parallel.Items.Count);
        Assert.Equal("Humas", parallel.Title);
        Assert.Equal("Berita 299", parallel.Items[299].Title);
    }

    /// <summary>The parsed document as JSON, or the exception it was refused with.</summary>
    private static (string Json, int Entries) Outcome(FeedParser parser, byte[] body)
    {
        try
        {
            ParsedFeed feed = parser.Parse(new FeedDocument(body, "application/xml", ParseHelper.FeedUrl));
            return (JsonSerializer.Serialize(feed, Json), feed.Items.Count);
        }
        catch (FeedParseException exception)
        {
            return ("refused: " + exception.Message, 0);
        }
    }
}
