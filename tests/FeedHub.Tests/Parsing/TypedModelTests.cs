using System.Xml.Linq;
using CodeHollow.FeedReader.Feeds;
using FeedHub.Ingestion.Parsing;

namespace FeedHub.Tests.Parsing;

/// <summary>CodeHollow.FeedReader's typed models are the base of RSS and Atom reading; FeedHub
/// corrects what the library gets wrong and adds what it does not read.</summary>
public sealed class TypedModelTests
{
    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><title>T</title><item><title>a</title></item></channel></rss>", "rss2.0", typeof(Rss20Feed))]
    [InlineData("<rss version=\"0.91\"><channel><title>T</title><item><title>a</title></item></channel></rss>", "rss0.91", typeof(Rss091Feed))]
    [InlineData("<rss version=\"0.92\"><channel><title>T</title><item><title>a</title></item></channel></rss>", "rss0.92", typeof(Rss092Feed))]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><channel><title>T</title></channel><item><title>a</title></item></rdf:RDF>", "rss1.0", typeof(Rss10Feed))]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title><entry><id>1</id><title>a</title></entry></feed>", "atom1.0", typeof(AtomFeed))]
    public void The_typed_model_is_built_over_the_same_tree_without_a_second_parse(string xml, string format, Type expected)
    {
        XDocument document = SafeXml.Load(xml, 1 << 20);
        XElement root = document.Root!;
        XElement channel = root.Elements().FirstOrDefault(e => e.Name.LocalName == "channel") ?? root;
        var entries = root.Descendants().Where(e => e.Name.LocalName is "item" or "entry").ToList();

        TypedFeed typed = TypedFeed.Create(format, xml, root, channel, entries);

        Assert.IsType(expected, typed.Feed);
        Assert.Equal("T", typed.Feed!.Title);
        BaseFeedItem item = Assert.IsAssignableFrom<BaseFeedItem>(typed.ItemFor(entries[0]));
        Assert.Same(entries[0], item.Element);
        Assert.Equal("a", item.Title);
    }

    [Fact]
    public void An_atom_entry_the_library_throws_on_keeps_the_feed_and_is_read_by_FeedHub()
    {
        // CodeHollow's AtomFeedItem dereferences a missing <id> when there is no link either.
        var feed = ParseHelper.Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id"><title>Humas</title><subtitle>Berita daerah</subtitle>
              <link rel="self" href="https://mc.example.go.id/atom"/><link href="https://mc.example.go.id/"/>
              <entry><title>Tanpa id</title><content type="html">&lt;p&gt;Isi&lt;/p&gt;</content></entry>
              <entry><id>tag:mc,2024:2</id><title>Dua</title><link href="https://mc.example.go.id/2"/></entry>
            </feed>
            """);

        Assert.Equal("Humas", feed.Title);
        Assert.Equal("Berita daerah", feed.Description);
        Assert.Equal("https://mc.example.go.id/", feed.Link); // the alternate, not the library's first link
        Assert.Equal(2, feed.Items.Count);
        Assert.Equal("Tanpa id", feed.Items[0].Title);
        Assert.Equal("<p>Isi</p>", feed.Items[0].Content);
        Assert.Equal("https://mc.example.go.id/2", feed.Items[1].Link);
    }

    [Fact]
    public void Library_faults_are_corrected_content_is_not_decoded_twice_and_atom_categories_are_terms()
    {
        var rss = ParseHelper.Parse(ParseHelper.Rss("<title>x</title><content:encoded>&lt;p&gt;&amp;lt;script&amp;gt;&lt;/p&gt;</content:encoded>")).Items[0];
        var atom = ParseHelper.Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
              <entry><id>1</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A <b>B</b></div></title>
                <category term="kalsel" label="Kalimantan Selatan"/>
                <content type="html">&lt;p&gt;&amp;lt;b&amp;gt;&lt;/p&gt;</content></entry>
            </feed>
            """).Items[0];

        Assert.Equal("<p>&lt;script&gt;</p>", rss.Content);
        Assert.Equal("<p>&lt;b&gt;</p>", atom.Content);
        Assert.Equal("A <b>B</b>", atom.Title);
        Assert.Equal(["kalsel"], atom.Categories);
    }

    [Fact]
    public void Feed_image_and_updated_are_read()
    {
        var rss = ParseHelper.Parse(ParseHelper.Rss("<title>x</title>",
            "<lastBuildDate>Tue, 07 May 2024 10:00:00 +0700</lastBuildDate><image><url>https://mc.example.go.id/logo.png</url><title>T</title><link>https://mc.example.go.id/</link></image>"));
        var atom = ParseHelper.Parse("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title><icon>/favicon.ico</icon><logo>/logo.png</logo><updated>2024-05-07T10:00:00Z</updated></feed>");

        Assert.Equal("https://mc.example.go.id/logo.png", rss.ImageUrl);
        Assert.Equal("Tue, 07 May 2024 10:00:00 +0700", rss.Updated);
        Assert.Equal("/favicon.ico", atom.ImageUrl);
        Assert.Equal("2024-05-07T10:00:00Z", atom.Updated);
    }

    [Fact]
    public void A_json_feed_image_is_its_favicon_else_its_icon()
    {
        var both = ParseHelper.Parse("""{"version": "https://jsonfeed.org/version/1.1", "title": "T", "icon": "https://blog.example/icon-512.png", "favicon": "https://blog.example/favicon-64.png", "items": []}""", "application/feed+json");
        var iconOnly = ParseHelper.Parse("""{"version": "https://jsonfeed.org/version/1.1", "title": "T", "icon": "https://blog.example/icon-512.png", "items": []}""", "application/feed+json");

        Assert.Equal("https://blog.example/favicon-64.png", both.ImageUrl);
        Assert.Equal("https://blog.example/icon-512.png", iconOnly.ImageUrl);
    }
}

public sealed class EntryLanguageTests
{
    [Fact]
    public void An_entry_keeps_the_language_it_states_and_otherwise_has_none_of_its_own()
    {
        var atom = ParseHelper.Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id"><title>T</title>
              <entry xml:lang="en"><id>1</id><title>English</title></entry>
              <entry><id>2</id><title>Indonesia</title></entry>
            </feed>
            """);
        var rss = ParseHelper.Parse(ParseHelper.Rss("<title>Banjar</title><dc:language>bjn</dc:language>", "<language>id</language>"));

        Assert.Equal("id", atom.Language);
        Assert.Equal("en", atom.Items[0].Language);
        Assert.Null(atom.Items[1].Language);
        Assert.Equal("bjn", rss.Items[0].Language);
    }
}
