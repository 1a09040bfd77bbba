using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace FeedHub.Tests.Publishing;

/// <summary>The checks a feed validator makes, as assertions: well-formed (strict reader),
/// required elements, date formats, unique ids, absolute URLs, exactly one self link.</summary>
internal static class FeedRules
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public static XDocument StrictXml(byte[] body)
    {
        Assert.False(body.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), "no byte order mark");
        using var reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { CheckCharacters = true, DtdProcessing = DtdProcessing.Prohibit });
        return XDocument.Load(reader);
    }

    public static void Rss(byte[] body)
    {
        XDocument document = StrictXml(body);
        XElement rss = document.Root!;
        Assert.Equal("rss", rss.Name.LocalName);
        Assert.Equal("2.0", (string?)rss.Attribute("version"));
        XElement channel = Assert.Single(rss.Elements("channel"));
        foreach (string required in new[] { "title", "link", "description" })
        {
            Assert.NotNull(channel.Element(required));
        }

        AssertAbsolute((string?)channel.Element("link"));
        XElement self = Assert.Single(channel.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");
        AssertAbsolute((string?)self.Attribute("href"));
        AssertRfc822((string?)channel.Element("lastBuildDate"));
        List<string> guids = [];
        foreach (XElement item in channel.Elements("item"))
        {
            Assert.True(item.Element("title") is not null || item.Element("description") is not null, "an item has a title or a description");
            AssertRfc822((string?)item.Element("pubDate"));
            guids.Add(Assert.IsType<string>((string?)item.Element("guid")));
            AssertAbsolute((string?)item.Element("link"));
            Assert.True(item.Elements("enclosure").Count() <= 1, "at most one enclosure");
            foreach (XElement enclosure in item.Elements("enclosure"))
            {
                AssertAbsolute((string?)enclosure.Attribute("url"));
                Assert.Matches("^[0-9]+$", (string?)enclosure.Attribute("length"));
                Assert.NotNull(enclosure.Attribute("type"));
            }

            XElement source = Assert.Single(item.Elements("source"));
            AssertAbsolute((string?)source.Attribute("url"));
            foreach (XElement link in item.Elements(Atom + "link"))
            {
                AssertAbsolute((string?)link.Attribute("href"));
            }
        }

        Assert.Equal(guids.Count, guids.Distinct(StringComparer.Ordinal).Count());
    }

    public static void Atom10(byte[] body)
    {
        XDocument document = StrictXml(body);
        XElement feed = document.Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.Single(feed.Elements(Atom + "id"));
        Assert.Single(feed.Elements(Atom + "title"));
        AssertRfc3339((string?)Assert.Single(feed.Elements(Atom + "updated")));
        XElement self = Assert.Single(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");
        AssertAbsolute((string?)self.Attribute("href"));
        bool feedHasAuthor = feed.Elements(Atom + "author").Any();
        List<string> ids = [];
        foreach (XElement entry in feed.Elements(Atom + "entry"))
        {
            ids.Add((string)Assert.Single(entry.Elements(Atom + "id")));
            Assert.Single(entry.Elements(Atom + "title"));
            AssertRfc3339((string?)Assert.Single(entry.Elements(Atom + "updated")));
            Assert.True(feedHasAuthor || entry.Elements(Atom + "author").Any(), "every entry has an author, or the feed does");
            Assert.True(entry.Elements(Atom + "content").Any() || entry.Elements(Atom + "link").Any(l => (string?)l.Attribute("rel") is null or "alternate"), "content or an alternate link");
            Assert.True(entry.Elements(Atom + "link").Count(l => (string?)l.Attribute("rel") is "alternate" or null) <= 1, "at most one alternate link of a type");
            foreach (XElement link in entry.Descendants(Atom + "link"))
            {
                AssertAbsolute((string?)link.Attribute("href"));
            }

            foreach (XElement name in entry.Descendants(Atom + "name"))
            {
                Assert.Null(name.Attribute("type"));
            }
        }

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(Uri.IsWellFormedUriString(id, UriKind.Absolute), $"id '{id}' is an absolute IRI"));
    }

    public static JsonDocument JsonFeed(byte[] body)
    {
        JsonDocument document = JsonDocument.Parse(body);
        JsonElement root = document.RootElement;
        Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("title").GetString()));
        AssertAbsolute(root.GetProperty("feed_url").GetString());
        AssertAbsolute(root.GetProperty("home_page_url").GetString());
        List<string> ids = [];
        foreach (JsonElement item in root.GetProperty("items").EnumerateArray())
        {
            ids.Add(item.GetProperty("id").GetString()!);
            Assert.True(item.TryGetProperty("content_html", out _) || item.TryGetProperty("content_text", out _), "content_html or content_text");
            AssertRfc3339(item.GetProperty("date_published").GetString());
            if (item.TryGetProperty("url", out JsonElement url))
            {
                AssertAbsolute(url.GetString());
            }

            foreach (JsonProperty property in item.EnumerateObject().Where(p => p.Name.StartsWith('_')))
            {
                Assert.Equal(JsonValueKind.Object, property.Value.ValueKind);
                AssertAbsolute(property.Value.GetProperty("about").GetString());
            }
        }

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        return document;
    }

    public static void AssertAbsolute(string? url)
    {
        Assert.NotNull(url);
        Assert.True(Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && (uri.Scheme == "http" || uri.Scheme == "https"), $"'{url}' is an absolute http(s) URL");
    }

    private static void AssertRfc822(string? value) =>
        Assert.True(DateTimeOffset.TryParseExact(value, "ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), $"'{value}' is an RFC 822 date");

    private static void AssertRfc3339(string? value) =>
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", value ?? "");
}
