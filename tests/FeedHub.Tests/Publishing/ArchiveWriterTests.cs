using System.Xml;
using System.Xml.Linq;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Publishing.Writers;

namespace FeedHub.Tests.Publishing;

/// <summary>RFC 5005 archive elements in the RSS and Atom writers.</summary>
public sealed class ArchiveWriterTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace History = "http://purl.org/syndication/history/1.0";

    [Theory]
    [InlineData(FeedFormat.Rss)]
    [InlineData(FeedFormat.Atom)]
    public void An_archive_has_fh_archive_and_current_prev_and_next_archive_links(FeedFormat format)
    {
        MergedFeed feed = SampleFeeds.Feed(SampleFeeds.Story(1)) with
        {
            SelfUrl = new Uri("https://hub.example/archive/2024-05." + format.Extension()),
            FirstUrl = null,
            NextUrl = null,
            IsArchive = true,
            CurrentUrl = new Uri("https://hub.example/feed." + format.Extension()),
            PrevArchiveUrl = new Uri("https://hub.example/archive/2024-03." + format.Extension()),
            NextArchiveUrl = new Uri("https://hub.example/archive/2024-07." + format.Extension()),
        };

        XElement head = Head(format, feed);

        Assert.Single(head.Elements(History + "archive"));
        Assert.Empty(head.Element(History + "archive")!.Nodes());
        Assert.Equal("https://hub.example/feed." + format.Extension(), Link(head, "current"));
        Assert.Equal("https://hub.example/archive/2024-03." + format.Extension(), Link(head, "prev-archive"));
        Assert.Equal("https://hub.example/archive/2024-07." + format.Extension(), Link(head, "next-archive"));
        Assert.Equal(format.MediaType(), (string?)head.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "current").Attribute("type"));
        if (format == FeedFormat.Atom)
        {
            Assert.Equal("https://hub.example/feed.atom", (string?)head.Element(Atom + "id"));
        }
    }

    [Theory]
    [InlineData(FeedFormat.Rss)]
    [InlineData(FeedFormat.Atom)]
    public void A_subscription_feed_links_its_newest_archive_without_being_one(FeedFormat format)
    {
        MergedFeed feed = SampleFeeds.Feed(SampleFeeds.Story(1)) with { PrevArchiveUrl = new Uri("https://hub.example/archive/2024-07." + format.Extension()) };

        XElement head = Head(format, feed);

        Assert.Empty(head.Elements(History + "archive"));
        Assert.Equal("https://hub.example/archive/2024-07." + format.Extension(), Link(head, "prev-archive"));
        Assert.Null(Link(head, "current"));
        Assert.Null(Link(head, "next-archive"));
    }

    [Theory]
    [InlineData(FeedFormat.Rss)]
    [InlineData(FeedFormat.Atom)]
    public void A_plain_feed_declares_no_history_namespace(FeedFormat format)
    {
        byte[] body = SampleFeeds.Render(format, SampleFeeds.Feed(SampleFeeds.Story(1)));

        Assert.DoesNotContain("purl.org/syndication/history", System.Text.Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    private static XElement Head(FeedFormat format, MergedFeed feed)
    {
        byte[] body = SampleFeeds.Render(format, feed);
        using XmlReader reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { CheckCharacters = true });
        XElement root = XDocument.Load(reader).Root!;
        return format == FeedFormat.Rss ? root.Element("channel")! : root;
    }

    private static string? Link(XElement head, string rel) =>
        (string?)head.Elements(Atom + "link").SingleOrDefault(l => (string?)l.Attribute("rel") == rel)?.Attribute("href");
}
