using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using CodeHollow.FeedReader;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Publishing.Writers;

namespace FeedHub.Tests.Publishing;

/// <summary>Every format, valid by the rules a validator checks, read back by two independent
/// parsers, with hostile stored text coming back out exactly.</summary>
public sealed class FeedValidityTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    [Fact]
    public void Rss_is_valid_and_round_trips_through_both_parsers()
    {
        byte[] body = SampleFeeds.Render(FeedFormat.Rss, SampleFeeds.Feed(SampleFeeds.Story(1, copies: 2), SampleFeeds.Story(2), SampleFeeds.Story(3)));

        FeedRules.Rss(body);
        SyndicationFeed syndication = SyndicationFeed.Load(XmlReader.Create(new MemoryStream(body)));
        Assert.Equal(3, syndication.Items.Count());
        Feed codeHollow = FeedReader.ReadFromByteArray(body);
        Assert.Equal(CodeHollow.FeedReader.FeedType.Rss_2_0, codeHollow.Type);
        Assert.Equal(["Banjir di Martapura", "Banjir di Martapura", "Banjir di Martapura"], codeHollow.Items.Select(i => i.Title));
        Assert.Equal("https://mc.example/berita/1", codeHollow.Items[0].Link);
    }

    [Fact]
    public void Atom_is_valid_and_round_trips_through_both_parsers()
    {
        byte[] body = SampleFeeds.Render(FeedFormat.Atom, SampleFeeds.Feed(SampleFeeds.Story(1, copies: 2), SampleFeeds.Story(2)));

        FeedRules.Atom10(body);
        SyndicationFeed syndication = SyndicationFeed.Load(XmlReader.Create(new MemoryStream(body)));
        Assert.Equal(2, syndication.Items.Count());
        SyndicationItem first = syndication.Items.First();
        Assert.Equal("tag:hub.example,2024-05-07:story:1", first.Id);
        Assert.Equal("MC Kalsel", first.SourceFeed.Title.Text);
        Assert.Equal(2, first.Links.Count(l => l.RelationshipType == "related"));
        Feed codeHollow = FeedReader.ReadFromByteArray(body);
        Assert.Equal(CodeHollow.FeedReader.FeedType.Atom, codeHollow.Type);
        Assert.Equal(2, codeHollow.Items.Count);
    }

    [Fact]
    public void Json_feed_is_valid_and_carries_provenance_in_its_extension()
    {
        byte[] body = SampleFeeds.Render(FeedFormat.Json, SampleFeeds.Feed(SampleFeeds.Story(1, copies: 2), SampleFeeds.Story(2)));

        using JsonDocument document = FeedRules.JsonFeed(body);
        JsonElement root = document.RootElement;
        Assert.Equal("https://hub.example/feed.xml?limit=2&before=638507300000000000-3", root.GetProperty("next_url").GetString());
        Assert.Equal("https://websub.example/hub", root.GetProperty("hubs")[0].GetProperty("url").GetString());
        JsonElement item = root.GetProperty("items")[0];
        JsonElement extension = item.GetProperty("_feedhub");
        Assert.Equal("MC Kalsel", extension.GetProperty("origin").GetProperty("title").GetString());
        Assert.Equal(["https://portal1.example/1", "https://portal2.example/1"], extension.GetProperty("also_published_by").EnumerateArray().Select(c => c.GetProperty("url").GetString()));
        Assert.Equal(["kalsel", "bencana"], item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(1234, item.GetProperty("attachments")[0].GetProperty("size_in_bytes").GetInt64());
    }

    [Fact]
    public void Every_format_links_self_first_next_and_hub_once_each()
    {
        MergedFeed feed = SampleFeeds.Feed(SampleFeeds.Story(1));

        XElement channel = FeedRules.StrictXml(SampleFeeds.Render(FeedFormat.Rss, feed)).Root!.Element("channel")!;
        XElement atom = FeedRules.StrictXml(SampleFeeds.Render(FeedFormat.Atom, feed)).Root!;

        foreach (IEnumerable<XElement> links in new[] { channel.Elements(Atom + "link"), atom.Elements(Atom + "link") })
        {
            Dictionary<string, string> byRel = links.ToDictionary(l => (string)l.Attribute("rel")!, l => (string)l.Attribute("href")!);
            Assert.Equal(feed.SelfUrl.AbsoluteUri, byRel["self"]);
            Assert.Equal(feed.FirstUrl!.AbsoluteUri, byRel["first"]);
            Assert.Equal(feed.NextUrl!.AbsoluteUri, byRel["next"]);
            Assert.Equal("https://websub.example/hub", byRel["hub"]);
        }

        Assert.Equal(feed.FirstUrl!.AbsoluteUri, (string?)atom.Element(Atom + "id"));
    }

    [Fact]
    public void Other_sources_are_listed_in_the_html_footer_and_as_related_links()
    {
        byte[] body = SampleFeeds.Render(FeedFormat.Rss, SampleFeeds.Feed(SampleFeeds.Story(1, copies: 2)));

        XElement item = FeedRules.StrictXml(body).Descendants("item").Single();
        string html = (string)item.Element(Content + "encoded")!;
        Assert.StartsWith("<p>Isi berita</p>", html, StringComparison.Ordinal);
        Assert.EndsWith("<p class=\"feedhub-also\">Also published by: <a href=\"https://portal1.example/1\">Portal 1</a>, <a href=\"https://portal2.example/1\">Portal 2</a>.</p>", html, StringComparison.Ordinal);
        Assert.Equal(["https://portal1.example/1", "https://portal2.example/1"], item.Elements(Atom + "link").Where(l => (string?)l.Attribute("rel") == "related").Select(l => (string?)l.Attribute("href")));
    }

    [Fact]
    public void Relative_or_non_http_stored_links_are_left_out_not_published()
    {
        var story = SampleFeeds.Story(1);
        story = story with { Item = story.Item with { Link = "/relative/path", Enclosures = [new("javascript:alert(1)", "image/png", 1)] } };

        foreach (FeedFormat format in FeedFormats.All)
        {
            string text = System.Text.Encoding.UTF8.GetString(SampleFeeds.Render(format, SampleFeeds.Feed(story)));
            Assert.DoesNotContain("/relative/path", text, StringComparison.Ordinal);
            Assert.DoesNotContain("javascript:", text, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> Hostile() => [.. SampleFeeds.HostileTexts];

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_text_comes_back_out_exactly_in_every_format(string text)
    {
        MergedFeed feed = SampleFeeds.Feed(SampleFeeds.Story(1, title: text, html: $"<p>{text}</p>") with { SourceTitle = text });

        XElement rss = FeedRules.StrictXml(SampleFeeds.Render(FeedFormat.Rss, feed)).Descendants("item").Single();
        Assert.Equal(text, (string?)rss.Element("title"));
        Assert.Equal($"<p>{text}</p>", (string?)rss.Element(Content + "encoded"));
        Assert.Equal(text, (string?)rss.Element("source"));

        XElement atom = FeedRules.StrictXml(SampleFeeds.Render(FeedFormat.Atom, feed)).Descendants(Atom + "entry").Single();
        Assert.Equal(text, (string?)atom.Element(Atom + "title"));
        Assert.Equal($"<p>{text}</p>", (string?)atom.Element(Atom + "content"));
        Assert.Equal(text, (string?)atom.Element(Atom + "source")!.Element(Atom + "title"));

        using JsonDocument json = JsonDocument.Parse(SampleFeeds.Render(FeedFormat.Json, feed));
        JsonElement item = json.RootElement.GetProperty("items")[0];
        Assert.Equal(text, item.GetProperty("title").GetString());
        Assert.Equal($"<p>{text}</p>", item.GetProperty("content_html").GetString());
    }

    [Fact]
    public void Control_characters_never_break_xml_and_survive_escaped_in_json()
    {
        const string title = "bad\u0001\u000B\uFFFEtitle";
        MergedFeed feed = SampleFeeds.Feed(SampleFeeds.Story(1, title: title, html: "x\uD800y"));

        Assert.Equal("badtitle", (string?)FeedRules.StrictXml(SampleFeeds.Render(FeedFormat.Rss, feed)).Descendants("item").Single().Element("title"));
        Assert.Equal("badtitle", (string?)FeedRules.StrictXml(SampleFeeds.Render(FeedFormat.Atom, feed)).Descendants(Atom + "entry").Single().Element(Atom + "title"));
        byte[] json = SampleFeeds.Render(FeedFormat.Json, feed);
        Assert.Contains("\\u0001", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal(title, document.RootElement.GetProperty("items")[0].GetProperty("title").GetString());
        Assert.Equal("xy", document.RootElement.GetProperty("items")[0].GetProperty("content_html").GetString());
    }

    [Fact]
    public void Story_ids_are_tag_uris_the_same_in_every_format()
    {
        MergedFeed feed = SampleFeeds.Feed(SampleFeeds.Story(42));

        Assert.Equal("tag:hub.example,2024-05-07:story:42", (string?)FeedRules.StrictXml(SampleFeeds.Render(FeedFormat.Rss, feed)).Descendants("guid").Single());
        Assert.Equal("tag:hub.example,2024-05-07:story:42", (string?)FeedRules.StrictXml(SampleFeeds.Render(FeedFormat.Atom, feed)).Descendants(Atom + "entry").Single().Element(Atom + "id"));
        using JsonDocument json = JsonDocument.Parse(SampleFeeds.Render(FeedFormat.Json, feed));
        Assert.Equal("tag:hub.example,2024-05-07:story:42", json.RootElement.GetProperty("items")[0].GetProperty("id").GetString());
    }

    [Fact]
    public void Each_story_carries_its_own_language_in_every_format_and_none_when_unknown()
    {
        StoryEntry english = SampleFeeds.Story(1);
        english = english with { Item = english.Item with { Language = "en-US" } };
        StoryEntry indonesian = SampleFeeds.Story(2);
        indonesian = indonesian with { Item = indonesian.Item with { Language = "id" } };
        MergedFeed feed = SampleFeeds.Feed(english, indonesian, SampleFeeds.Story(3));

        byte[] rss = SampleFeeds.Render(FeedFormat.Rss, feed);
        FeedRules.Rss(rss);
        XElement[] items = [.. XDocument.Load(new MemoryStream(rss)).Descendants("item")];
        Assert.Equal(["en-US", "id", null], items.Select(i => (string?)i.Element(Dc + "language")));

        byte[] atom = SampleFeeds.Render(FeedFormat.Atom, feed);
        FeedRules.Atom10(atom);
        XElement[] entries = [.. XDocument.Load(new MemoryStream(atom)).Descendants(Atom + "entry")];
        Assert.Equal(["en-US", "id", null], entries.Select(e => (string?)e.Attribute(XNamespace.Xml + "lang")));

        using JsonDocument json = FeedRules.JsonFeed(SampleFeeds.Render(FeedFormat.Json, feed));
        JsonElement[] jsonItems = [.. json.RootElement.GetProperty("items").EnumerateArray()];
        Assert.Equal(["en-US", "id", null], jsonItems.Select(i => i.TryGetProperty("language", out JsonElement language) ? language.GetString() : null));
    }

    [Fact]
    public void An_empty_feed_is_still_valid_in_every_format()
    {
        MergedFeed feed = SampleFeeds.Feed() with { NextUrl = null };

        FeedRules.Rss(SampleFeeds.Render(FeedFormat.Rss, feed));
        FeedRules.Atom10(SampleFeeds.Render(FeedFormat.Atom, feed));
        using JsonDocument json = FeedRules.JsonFeed(SampleFeeds.Render(FeedFormat.Json, feed));
        Assert.False(json.RootElement.TryGetProperty("next_url", out _));
    }
}
