using System.Text;
using FeedHub.Ingestion.Parsing;

namespace FeedHub.Tests.Parsing;

public sealed class NonFeedDocumentTests
{
    [Theory]
    [InlineData("<!DOCTYPE html><html><head><title>MC Kalsel</title></head><body><p>Berita</p></body></html>")]
    [InlineData("<html lang=\"id\"><body>Maaf, halaman tidak ditemukan</body></html>")]
    [InlineData("\n\n<!doctype HTML>\n<HTML><BODY>404</BODY></HTML>")]
    public void An_html_page_is_refused_as_such(string html)
    {
        var error = Assert.Throws<FeedParseException>(() => ParseHelper.Parse(html, "text/html"));
        Assert.Equal("document is an HTML page, not a feed", error.Message);
    }

    [Theory]
    [InlineData("{\"status\":\"ok\",\"data\":[]}")]
    [InlineData("[1,2,3]")]
    public void Json_that_is_not_a_json_feed_is_refused(string json)
    {
        var error = Assert.Throws<FeedParseException>(() => ParseHelper.Parse(json, "application/json"));
        Assert.StartsWith("document is JSON but not a JSON Feed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_is_refused()
    {
        var error = Assert.Throws<FeedParseException>(() => ParseHelper.Parse("{\"version\": ", "application/json"));
        Assert.StartsWith("document looks like JSON but is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n\t ")]
    public void An_empty_body_is_refused(string body)
    {
        var error = Assert.Throws<FeedParseException>(() => ParseHelper.Parse(body));
        Assert.Equal("document is empty", error.Message);
    }

    [Fact]
    public void Binary_data_is_refused()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Range(0, 2048).Select(i => (byte)(i * 37 % 256))];

        var error = Assert.Throws<FeedParseException>(() => ParseHelper.Parse(png, "image/png"));

        Assert.Equal("document is binary data, not a feed", error.Message);
    }

    [Fact]
    public void Plain_text_is_refused()
    {
        var error = Assert.Throws<FeedParseException>(() => ParseHelper.Parse("Service Unavailable"));
        Assert.Equal("document is neither XML nor JSON, not a feed", error.Message);
    }

    [Fact]
    public void Xml_that_is_not_a_feed_is_refused()
    {
        var error = Assert.Throws<FeedParseException>(() => ParseHelper.Parse("<?xml version=\"1.0\"?><sitemap><url/></sitemap>"));
        Assert.Equal("document is XML but not a feed (root element <sitemap>)", error.Message);
    }

    [Fact]
    public void Unrepairable_xml_names_the_position()
    {
        var error = Assert.Throws<FeedParseException>(() => ParseHelper.Parse("<rss version=\"2.0\"><channel><title>x</title><item><title>y"));
        Assert.StartsWith("document is not well-formed XML, even after repair", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_feed_is_read()
    {
        string json = """
            {"version":"https://jsonfeed.org/version/1.1","title":"Kalsel","home_page_url":"https://mc.example.go.id/",
             "items":[{"id":"1","url":"https://mc.example.go.id/1","title":"Satu","content_html":"<p>&lt;b&gt; A &amp; B</p>",
                       "date_published":"2024-05-07T10:00:00+07:00","authors":[{"name":"Humas"}],"tags":["Banjar"],
                       "attachments":[{"url":"https://mc.example.go.id/a.mp3","mime_type":"audio/mpeg","size_in_bytes":1234}]}]}
            """;

        var feed = ParseHelper.Parse(Encoding.UTF8.GetBytes(json), "application/feed+json");

        Assert.Equal("json1.1", feed.Format);
        Assert.Equal("Kalsel", feed.Title);
        var item = Assert.Single(feed.Items);
        Assert.Equal("1", item.Id);
        Assert.Equal("https://mc.example.go.id/1", item.Link);
        Assert.Equal("<p>&lt;b&gt; A &amp; B</p>", item.Content);
        Assert.Equal("2024-05-07T10:00:00+07:00", item.Published);
        Assert.Equal("Humas", item.Author);
        Assert.Equal(["Banjar"], item.Categories);
        Assert.Equal(new Core.Items.ParsedEnclosure("https://mc.example.go.id/a.mp3", "audio/mpeg", 1234), Assert.Single(item.Enclosures));
    }
}
