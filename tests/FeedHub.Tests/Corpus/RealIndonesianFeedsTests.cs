using System.Text.Json;
using FeedHub.Core.Dates;
using FeedHub.Core.Items;
using FeedHub.Ingestion.Parsing;

namespace FeedHub.Tests.Corpus;

/// <summary>Every real Indonesian feed in the corpus parses, and agrees with the raw facts its
/// inventory.json recorded with a plain XML parser.</summary>
public sealed class RealIndonesianFeedsTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (JsonElement entry in Inventory().RootElement.EnumerateArray())
        {
            data.Add(entry.GetProperty("file").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Feed_parses_with_its_items_dates_and_first_item(string file)
    {
        JsonElement facts = Inventory().RootElement.EnumerateArray().Single(e => e.GetProperty("file").GetString() == file);
        byte[] body = File.ReadAllBytes(CorpusLocator.PathOf("real-id", file));

        ParsedFeed feed = new FeedParser().Parse(new FeedDocument(body, "application/rss+xml", new Uri("https://example.id/feed")));

        Assert.False(feed.Repaired);
        Assert.Equal("rss" + facts.GetProperty("rss_version").GetString(), feed.Format);
        Assert.Equal(facts.GetProperty("item_count").GetInt32(), feed.Items.Count);
        Assert.Equal(facts.GetProperty("channel_title").GetString(), feed.Title?.Trim());
        Assert.Equal(facts.GetProperty("channel_link").GetString(), feed.Link);
        Assert.Equal(facts.GetProperty("language").GetString(), feed.Language);

        JsonElement first = facts.GetProperty("first_item");
        Assert.Equal(first.GetProperty("title_trimmed").GetString(), feed.Items[0].Title?.Trim());
        Assert.Equal(first.GetProperty("link").GetString(), feed.Items[0].Link);
        Assert.Equal(first.GetProperty("guid").GetString() ?? first.GetProperty("link").GetString(), feed.Items[0].Id ?? feed.Items[0].Link);
        Assert.Equal(first.GetProperty("pubDate").GetString(), feed.Items[0].Published);

        int dated = facts.GetProperty("items_with_pubDate").GetInt32();
        Assert.Equal(dated, feed.Items.Count(i => i.Published is not null));
        foreach (ParsedItem item in feed.Items.Where(i => i.Published is not null))
        {
            Assert.True(FeedDateParser.TryParse(item.Published, out DateTimeOffset utc), $"unparsed date '{item.Published}'");
            Assert.InRange(utc.Year, 2000, 2030);
            Assert.Equal(TimeSpan.Zero, utc.Offset);
        }

        Assert.All(feed.Items, i => Assert.False(string.IsNullOrWhiteSpace(i.Title)));
        Assert.All(feed.Items, i => Assert.False(string.IsNullOrWhiteSpace(i.Link)));
    }

    [Fact]
    public void Antara_dates_in_plus_seven_become_utc()
    {
        ParsedFeed feed = Parse("site-feeds/antaranews-terkini-2017-04-17.xml");

        Assert.True(FeedDateParser.TryParse(feed.Items[0].Published, out DateTimeOffset utc));
        Assert.Equal(new DateTimeOffset(2017, 4, 17, 2, 45, 21, TimeSpan.Zero), utc);
        Assert.Contains("<img", feed.Items[0].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Wordpress_feed_keeps_dc_creator_authors_and_cdata_categories()
    {
        ParsedFeed feed = Parse("site-feeds/keretaapi-org-wordpress-3.0.3-2011-01-14.xml");

        Assert.All(feed.Items, i => Assert.False(string.IsNullOrWhiteSpace(i.Author)));
        Assert.All(feed.Items, i => Assert.NotEmpty(i.Categories));
        Assert.Equal("http://keretaapi.org/?p=1159", feed.Items[0].Id);
    }

    [Fact]
    public void Tempo_feed_without_declaration_has_content_encoded_figures()
    {
        ParsedFeed feed = Parse("site-feeds/tempo-co-2017-04-06.xml");

        Assert.Equal("utf-8", feed.Encoding);
        Assert.Contains(feed.Items, i => i.Content is not null && i.Content.Contains("<img", StringComparison.Ordinal));
    }

    [Fact]
    public void Detik_feed_keeps_the_real_article_url_in_the_guid()
    {
        ParsedFeed feed = Parse("site-feeds/detik-news-feedsportal-2014-04-29.xml");

        Assert.StartsWith("http://detik.feedsportal.com/", feed.Items[0].Link, StringComparison.Ordinal);
        Assert.StartsWith("http://news.detik.com/read/", feed.Items[0].Id, StringComparison.Ordinal);
        // 19 of the 25 items carry an <enclosure type="image/jpg" length="10240">.
        Assert.Equal(19, feed.Items.Sum(i => i.Enclosures.Count));
        Assert.Equal(10240, feed.Items.First(i => i.Enclosures.Count > 0).Enclosures[0].Length);
    }

    private static ParsedFeed Parse(string file) =>
        new FeedParser().Parse(new FeedDocument(File.ReadAllBytes(CorpusLocator.PathOf("real-id", file)), null, new Uri("https://example.id/feed")));

    private static JsonDocument Inventory() => JsonDocument.Parse(File.ReadAllText(CorpusLocator.PathOf("real-id", "inventory.json")));
}
