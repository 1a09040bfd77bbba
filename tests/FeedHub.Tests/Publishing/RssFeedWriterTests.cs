using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using FeedHub.Core.Items;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Publishing.Writers;

namespace FeedHub.Tests.Publishing;

public sealed class RssFeedWriterTests
{
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Theory]
    [InlineData("</title><script>alert(1)</script>")]
    [InlineData("a ]]> b")]
    [InlineData("&amp;lt; stays &amp;lt;")]
    [InlineData("Tom & Jerry <3")]
    public void Hostile_text_comes_back_out_exactly(string title)
    {
        XDocument document = Render(Story(1, title, html: $"<p>{title}</p>"));

        XElement item = document.Descendants("item").Single();
        Assert.Equal(title, (string?)item.Element("title"));
        Assert.Equal($"<p>{title}</p>", (string?)item.Element(Content + "encoded"));
    }

    [Fact]
    public void Characters_illegal_in_xml_never_break_the_document()
    {
        byte[] bytes = RenderBytes(Story(1, "bad\u0001\u000B\uFFFEtitle", html: "x\uD800y"));

        using var strict = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { CheckCharacters = true });
        XDocument document = XDocument.Load(strict);
        Assert.Equal("badtitle", (string?)document.Descendants("item").Single().Element("title"));
    }

    [Fact]
    public void Items_carry_rfc822_dates_creator_categories_enclosures_and_their_origin()
    {
        StoryEntry story = Story(7, "Banjir di Martapura", html: "<p>Isi</p>") with
        {
            SourceTitle = "MC Kalsel",
            SourceUrl = "https://mc.example/feed",
        };
        story = story with
        {
            Item = story.Item with
            {
                Author = "Humas",
                Categories = ["kalsel", "bencana"],
                Enclosures = [new ParsedEnclosure("https://mc.example/a.jpg", "image/jpeg", 1234)],
            },
        };

        XElement item = Render(story).Descendants("item").Single();

        Assert.Equal("Tue, 07 May 2024 03:00:00 GMT", (string?)item.Element("pubDate"));
        Assert.Equal("Humas", (string?)item.Element(Dc + "creator"));
        Assert.Equal(["kalsel", "bencana"], item.Elements("category").Select(c => c.Value));
        Assert.Equal("https://mc.example/a.jpg", (string?)item.Element("enclosure")?.Attribute("url"));
        Assert.Equal("1234", (string?)item.Element("enclosure")?.Attribute("length"));
        Assert.Equal("MC Kalsel", (string?)item.Element("source"));
        Assert.Equal("https://mc.example/feed", (string?)item.Element("source")?.Attribute("url"));
        Assert.Equal("false", (string?)item.Element("guid")?.Attribute("isPermaLink"));
    }

    [Fact]
    public void The_channel_has_a_self_link_and_round_trips_through_syndication_feed()
    {
        byte[] bytes = RenderBytes(Story(1, "One", "<p>1</p>"), Story(2, "Two", "<p>2</p>"));

        XDocument document = XDocument.Load(new MemoryStream(bytes));
        XElement self = document.Descendants(Atom + "link").Single();
        Assert.Equal("self", (string?)self.Attribute("rel"));
        Assert.Equal("https://hub.example/feed.xml?limit=2", (string?)self.Attribute("href"));
        SyndicationFeed feed = SyndicationFeed.Load(XmlReader.Create(new MemoryStream(bytes)));
        Assert.Equal(["One", "Two"], feed.Items.Select(i => i.Title.Text));
    }

    private static XDocument Render(params StoryEntry[] stories) => XDocument.Load(new MemoryStream(RenderBytes(stories)));

    private static byte[] RenderBytes(params StoryEntry[] stories)
    {
        using var output = new MemoryStream();
        RssFeedWriter.Write(output, new MergedFeed
        {
            Title = "FeedHub",
            Description = "Merged",
            SiteUrl = new Uri("https://hub.example/"),
            TagAuthority = "hub.example",
            SelfUrl = new Uri("https://hub.example/feed.xml?limit=2"),
            Updated = new DateTimeOffset(2024, 5, 7, 3, 0, 0, TimeSpan.Zero),
            Stories = stories,
        });
        return output.ToArray();
    }

    private static StoryEntry Story(long id, string title, string html) => new()
    {
        StoryId = id,
        SourceId = 1,
        SourceUrl = "https://portal.example/feed",
        Item = new FeedItem
        {
            ItemKey = $"k{id}",
            ContentHash = "h",
            Title = title,
            Link = $"https://portal.example/{id}",
            ContentHtml = html,
            PublishedAt = new DateTimeOffset(2024, 5, 7, 3, 0, 0, TimeSpan.Zero),
        },
    };
}
