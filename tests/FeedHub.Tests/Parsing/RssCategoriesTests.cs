using System.Xml.Linq;
using FeedHub.Ingestion.Parsing;
using FeedHub.Tests.Corpus;
using static FeedHub.Ingestion.Parsing.FeedNamespaces;

namespace FeedHub.Tests.Parsing;

/// <summary>An RSS item's categories are read in plain loops (<see cref="XmlFeedReader.RssCategories"/>);
/// on every item of the corpus they must be what the one LINQ chain they replaced gave.</summary>
public sealed class RssCategoriesTests
{
    private static readonly string[] Typed = ["  Pemerintahan ", "", "Daerah", "Pemerintahan"];

    [Fact]
    public void Every_corpus_rss_item_has_the_categories_the_chain_gave()
    {
        int items = 0;
        int withCategories = 0;
        int withItunesOrKeywords = 0;
        foreach ((string file, XElement item) in CorpusItems.RawRssItems())
        {
            List<string> expected = Chained(item, null);
            Assert.True(expected.SequenceEqual(XmlFeedReader.RssCategories(item, null)), $"{Path.GetRelativePath(CorpusLocator.Root, file)}: [{string.Join("|", expected)}]");
            Assert.Equal(Chained(item, Typed), XmlFeedReader.RssCategories(item, Typed));
            items++;
            withCategories += expected.Count > 0 ? 1 : 0;
            withItunesOrKeywords += XmlFeedReader.ItunesCategories(item).Concat(XmlFeedReader.Keywords(item)).Any() ? 1 : 0;
        }

        // The corpus as it is (547 items, 28 with categories, 3 with iTunes categories or keywords):
        // a smaller count means files were not found, not that they agree.
        Assert.True(items >= 500, $"only {items} items");
        Assert.True(withCategories >= 25, $"only {withCategories} items with categories");
        Assert.True(withItunesOrKeywords >= 3, $"only {withItunesOrKeywords} items with iTunes categories or keywords");
    }

    [Fact]
    public void Every_kind_of_category_is_read_once_in_order()
    {
        XElement item = XElement.Parse(
            """
            <item xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"
                  xmlns:atom="http://www.w3.org/2005/Atom" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
              <category> Daerah </category>
              <dc:subject>Kalsel</dc:subject>
              <media:category>Daerah</media:category>
              <atom:category term="Banjir" label="Bencana" />
              <atom:category label="Bantuan" />
              <wrapper><itunes:category text="News"><itunes:category text="Politics" /></itunes:category></wrapper>
              <media:group><media:keywords>warga, , Banjir ,jalan</media:keywords></media:group>
              <itunes:keywords>kota</itunes:keywords>
              <category></category>
            </item>
            """);

        string[] expected = ["Daerah", "Kalsel", "Banjir", "Bantuan", "News", "Politics", "kota", "warga", "jalan"];
        Assert.Equal(expected, Chained(item, null));
        Assert.Equal(expected, XmlFeedReader.RssCategories(item, null));
        Assert.Equal(["Pemerintahan", "Daerah", .. expected[1..]], XmlFeedReader.RssCategories(item, Typed));

        // No child in the iTunes or Media namespaces, yet an iTunes category further down.
        XElement nested = XElement.Parse("""<item xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><title>t</title><wrapper><itunes:category text=" News " /></wrapper></item>""");
        Assert.Equal(["News"], XmlFeedReader.RssCategories(nested, null));
        Assert.Empty(XmlFeedReader.RssCategories(XElement.Parse("<item><title>t</title><category> </category></item>"), null));
    }

    /// <summary>The categories as the LINQ chain read them (over the reader's unchanged helpers for
    /// iTunes categories and keywords).</summary>
    private static List<string> Chained(XElement item, IEnumerable<string>? categories) =>
        (categories ?? item.Elements().Where(e => e.Name.LocalName == "category" && IsRss(e.Name.Namespace)).Select(e => e.Value))
            .Concat(item.Elements().Where(e => e.Name == Dc + "subject" || (e.Name.LocalName == "category" && IsMedia(e.Name.Namespace))).Select(e => e.Value))
            .Concat(item.Elements(Atom10 + "category").Select(e => e.Attribute("term")?.Value ?? e.Attribute("label")?.Value ?? e.Value))
            .Concat(XmlFeedReader.ItunesCategories(item))
            .Concat(XmlFeedReader.Keywords(item))
            .Select(v => v?.Trim() ?? string.Empty)
            .Where(v => v.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
