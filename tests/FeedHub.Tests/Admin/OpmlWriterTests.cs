using System.Text;
using System.Xml.Linq;
using FeedHub.Administration.Opml;

namespace FeedHub.Tests.Admin;

public sealed class OpmlWriterTests
{
    private static readonly DateTimeOffset Created = new(2024, 5, 7, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Written_feeds_read_back_the_same()
    {
        OpmlFeed[] feeds =
        [
            new() { Url = "https://mc.kalselprov.go.id/feed", Title = "MC Kalsel", SiteUrl = "https://mc.kalselprov.go.id/", Tags = ["kalsel", "pemerintah"], Interval = TimeSpan.FromMinutes(30), IsOrigin = true, Credits = ["MC Kalsel", "Diskominfo, Kalsel"] },
            new() { Url = "https://reportase9.com/feed?a=1&b=2", Title = "Reportase <9> & \"friends\"", IsOrigin = false },
            new() { Url = "https://untitled.example/rss", IsOrigin = false },
        ];

        OpmlDocument read = OpmlReader.Read(new MemoryStream(Write(feeds)));

        Assert.Empty(read.Problems);
        Assert.Equal(
            feeds.Select(f => (f.Url, f.Title, f.SiteUrl, string.Join('|', f.Tags), f.Interval, f.IsOrigin, string.Join('|', f.Credits ?? []))),
            read.Feeds.Select(f => (f.Url, f.Title, f.SiteUrl, string.Join('|', f.Tags), f.Interval, f.IsOrigin, string.Join('|', f.Credits ?? []))));
    }

    [Fact]
    public void Fetch_settings_rules_and_headers_read_back_the_same()
    {
        OpmlFeed[] feeds =
        [
            new()
            {
                Url = "https://portal.example/feed",
                UserAgent = "FeedHub (redaksi@portal.example)",
                Timeout = TimeSpan.FromSeconds(12),
                MaxResponseBytes = 2_000_000,
                Headers = new Dictionary<string, string> { ["X-Api-Token"] = "a:b c", ["Cookie"] = "sesi=1; lang=id" },
                KeepRules = ["words:Kalsel", "title:phrase:Kalimantan Selatan"],
                BlockRules = [@"title,content:regex:^\[ADV\]\s*:", "words:iklan"],
            },
        ];

        OpmlFeed read = Assert.Single(OpmlReader.Read(new MemoryStream(Write(feeds))).Feeds);

        Assert.Equal(feeds[0].UserAgent, read.UserAgent);
        Assert.Equal(feeds[0].Timeout, read.Timeout);
        Assert.Equal(feeds[0].MaxResponseBytes, read.MaxResponseBytes);
        Assert.Equal(feeds[0].Headers, read.Headers);
        Assert.Equal(feeds[0].KeepRules, read.KeepRules);
        Assert.Equal(feeds[0].BlockRules, read.BlockRules);
    }

    [Fact]
    public void The_document_is_opml_2_with_the_required_text_attribute_and_no_illegal_characters()
    {
        byte[] bytes = Write([new OpmlFeed { Url = "https://a.example/feed", Title = "Bad \u0001 char" }]);

        XDocument document = XDocument.Parse(Encoding.UTF8.GetString(bytes));

        Assert.Equal("2.0", document.Root!.Attribute("version")!.Value);
        XElement outline = document.Root.Element("body")!.Element("outline")!;
        Assert.Equal("Bad  char", outline.Attribute("text")!.Value);
        Assert.Equal("rss", outline.Attribute("type")!.Value);
        Assert.Equal("Tue, 07 May 2024 03:00:00 GMT", document.Root.Element("head")!.Element("dateCreated")!.Value);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,x")]
    [InlineData("ftp://files.example/")]
    [InlineData("not a url")]
    public void A_site_url_that_is_not_http_or_https_is_not_exported(string siteUrl)
    {
        byte[] bytes = Write([new OpmlFeed { Url = "https://a.example/feed", Title = "A", SiteUrl = siteUrl }]);

        XElement outline = XDocument.Parse(Encoding.UTF8.GetString(bytes)).Root!.Element("body")!.Element("outline")!;
        Assert.Null(outline.Attribute("htmlUrl"));
        Assert.Equal("https://a.example/feed", outline.Attribute("xmlUrl")!.Value);
    }

    private static byte[] Write(IEnumerable<OpmlFeed> feeds)
    {
        var stream = new MemoryStream();
        OpmlWriter.Write(stream, "Test", Created, feeds);
        return stream.ToArray();
    }
}
