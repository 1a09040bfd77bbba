using FeedHub.Ingestion.Parsing;

namespace FeedHub.Tests.Parsing;

/// <summary>Documents real feeds publish that used to be refused whole.</summary>
public sealed class RefusedClassesTests
{
    [Theory]
    [InlineData("\"1\"", "json1.0")]
    [InlineData("\"1.0\"", "json1.0")]
    [InlineData("\"1.1\"", "json1.1")]
    [InlineData("1", "json1.0")]
    [InlineData("1.1", "json1.1")]
    public void A_json_feed_with_a_bare_version_number_is_read(string version, string format)
    {
        // Static-site generators (Hugo and Jekyll templates) write the number, not the URL.
        var feed = ParseHelper.Parse($$"""{"version": {{version}}, "title": "Blog Humas", "items": [{"id": "1", "url": "https://humas.example.go.id/1", "title": "Satu"}]}""", "application/feed+json");

        Assert.Equal(format, feed.Format);
        Assert.Equal("Blog Humas", feed.Title);
        Assert.Equal("Satu", Assert.Single(feed.Items).Title);
    }

    [Fact]
    public void Json_feed_items_without_id_are_keyed_by_url_else_by_content()
    {
        var feed = ParseHelper.Parse("""
            {"version": "https://jsonfeed.org/version/1.1", "title": "Blog", "items": [
              {"url": "https://humas.example.go.id/a", "title": "A", "content_html": "<p>a</p>"},
              {"title": "B", "content_text": "isi b"},
              {"id": "c", "title": "C", "content_text": "isi c"}
            ]}
            """, "application/feed+json");

        Assert.Equal(3, feed.Items.Count);
        Assert.Equal("https://humas.example.go.id/a", feed.Items[0].Id);
        Assert.StartsWith("content:", feed.Items[1].Id, StringComparison.Ordinal);
        Assert.Equal("c", feed.Items[2].Id);
        Assert.Equal(feed.Items[1].Id, ParseHelper.Parse("""{"version": "1.1", "items": [{"title": "B", "content_text": "isi b"}]}""").Items[0].Id);
    }

    [Fact]
    public void An_atom_entry_document_is_a_feed_of_one_entry()
    {
        var feed = ParseHelper.Parse("""
            <?xml version="1.0" encoding="utf-8"?>
            <entry xmlns="http://www.w3.org/2005/Atom" xml:base="https://mc.example.go.id/berita/" xml:lang="id">
              <id>tag:mc.example.go.id,2024:7</id><title>Rapat koordinasi</title><link href="rapat.html"/>
              <updated>2024-05-07T10:00:00+08:00</updated><author><name>Humas</name></author>
              <content type="html">&lt;p&gt;Isi&lt;/p&gt;</content>
            </entry>
            """, "application/atom+xml;type=entry");

        Assert.Equal("atom1.0", feed.Format);
        Assert.Equal("https://mc.example.go.id/berita/", feed.BaseUri);
        Assert.Equal("id", feed.Language);
        var item = Assert.Single(feed.Items);
        Assert.Equal("tag:mc.example.go.id,2024:7", item.Id);
        Assert.Equal("rapat.html", item.Link);
        Assert.Equal("Humas", item.Author);
        Assert.Equal("<p>Isi</p>", item.Content);
    }

    [Fact]
    public void Rss_using_well_known_prefixes_it_never_declares_is_repaired()
    {
        var feed = ParseHelper.Parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Portal Kabar</title>
              <atom:link href="https://kabar.example.id/feed" rel="self" type="application/rss+xml"/>
              <item><title>Banjir</title><link>https://kabar.example.id/banjir</link>
                <dc:creator>Redaksi</dc:creator><content:encoded><![CDATA[<p>Isi</p>]]></content:encoded>
                <media:content url="https://kabar.example.id/a.jpg" medium="image"/><itunes:author>Redaksi</itunes:author>
              </item></channel></rss>
            """);

        Assert.True(feed.Repaired);
        var item = Assert.Single(feed.Items);
        Assert.Equal("Redaksi", item.Author);
        Assert.Equal("<p>Isi</p>", item.Content);
    }

    [Fact]
    public void An_unknown_undeclared_prefix_is_still_refused()
    {
        Assert.Throws<FeedParseException>(() => ParseHelper.Parse("<rss version=\"2.0\"><channel><title>T</title><item><foo:bar>x</foo:bar></item></channel></rss>"));
    }

    [Theory]
    [InlineData("<item><title>Satu <b>dua</title><link>https://kabar.example.id/1</link></item>")]
    [InlineData("<item><title>Satu dua</title></i><link>https://kabar.example.id/1</link></item>")]
    [InlineData("<item><title>Satu dua</titel></title><link>https://kabar.example.id/1</link></item>")]
    public void A_mismatched_closing_tag_or_two_is_repaired_without_inventing_content(string item)
    {
        var feed = ParseHelper.Parse($"<rss version=\"2.0\"><channel><title>T</title>{item}<item><title>Kedua</title></item></channel></rss>");

        Assert.True(feed.Repaired);
        Assert.Equal(2, feed.Items.Count);
        Assert.StartsWith("Satu", feed.Items[0].Title, StringComparison.Ordinal);
        Assert.Equal("https://kabar.example.id/1", feed.Items[0].Link);
        Assert.Equal("Kedua", feed.Items[1].Title);
    }

    [Fact]
    public void A_document_broken_beyond_a_few_tags_is_still_refused()
    {
        string broken = string.Concat(Enumerable.Range(0, 20).Select(i => $"<item><title>{i}</b></i></u></title></item>"));
        Assert.Throws<FeedParseException>(() => ParseHelper.Parse($"<rss version=\"2.0\"><channel><title>T</title>{broken}</channel></rss>"));
    }
}

public sealed class LostFieldsTests
{
    [Theory]
    [InlineData("humas@kalselprov.go.id (Tim Humas)", "Tim Humas")]
    [InlineData("Tim Humas (humas@kalselprov.go.id)", "Tim Humas")]
    [InlineData("Tim Humas <humas@kalselprov.go.id>", "Tim Humas")]
    [InlineData("humas@kalselprov.go.id", "humas@kalselprov.go.id")]
    [InlineData("Redaksi (Banjarmasin)", "Redaksi (Banjarmasin)")]
    public void Rss_authors_with_an_address_keep_the_name(string author, string expected)
    {
        var item = ParseHelper.Parse(ParseHelper.Rss($"<title>x</title><author>{System.Security.SecurityElement.Escape(author)}</author>")).Items[0];
        Assert.Equal(expected, item.Author);
    }

    [Fact]
    public void An_atom_author_with_only_an_email_is_that_email()
    {
        var item = ParseHelper.Parse("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title><entry><id>1</id><title>x</title><author><email>humas@example.go.id</email></author></entry></feed>").Items[0];
        Assert.Equal("humas@example.go.id", item.Author);
    }

    [Fact]
    public void Atom_elements_inside_rss_items_are_read()
    {
        var item = ParseHelper.Parse("""
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>
              <item><title>Podcast</title>
                <atom:link rel="enclosure" href="https://pod.example.id/1.mp3" type="audio/mpeg" length="5"/>
                <atom:link rel="alternate" href="https://pod.example.id/1"/>
                <atom:category term="Budaya"/>
                <atom:content type="html">&lt;p&gt;Catatan&lt;/p&gt;</atom:content>
              </item></channel></rss>
            """).Items[0];

        Assert.Equal("https://pod.example.id/1", item.Link);
        Assert.Equal(["Budaya"], item.Categories);
        Assert.Equal("<p>Catatan</p>", item.Content);
        Assert.Equal("https://pod.example.id/1.mp3", Assert.Single(item.Enclosures).Url);
    }

    [Fact]
    public void Itunes_and_media_keywords_are_categories()
    {
        var item = ParseHelper.Parse("""
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title>
              <item><title>Episode 3</title><category>Podcast</category>
                <itunes:keywords>budaya, banjar ,sungai</itunes:keywords>
                <media:group><media:keywords>sungai, pasar terapung</media:keywords></media:group>
              </item></channel></rss>
            """).Items[0];

        Assert.Equal(["Podcast", "budaya", "banjar", "sungai", "pasar terapung"], item.Categories);
    }

    [Fact]
    public void The_best_link_is_the_alternate_then_a_permalink_guid()
    {
        var withAlternate = ParseHelper.Parse("""
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>
              <item><title>a</title><guid>https://kabar.example.id/?p=1</guid>
                <atom:link rel="replies" href="https://kabar.example.id/1#comments"/><atom:link rel="alternate" href="https://kabar.example.id/1"/></item>
              <item><title>b</title><guid isPermaLink="true">https://kabar.example.id/2</guid><atom:link rel="replies" href="https://kabar.example.id/2#comments"/></item>
            </channel></rss>
            """);
        var atom = ParseHelper.Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
              <entry><id>1</id><title>a</title><link rel="edit" href="https://kabar.example.id/edit/1"/><link rel="replies" href="https://kabar.example.id/1#c"/><link rel="alternate" type="text/html" href="https://kabar.example.id/1"/></entry>
            </feed>
            """);

        Assert.Equal("https://kabar.example.id/1", withAlternate.Items[0].Link);
        Assert.Equal("https://kabar.example.id/2", withAlternate.Items[1].Link);
        Assert.Equal("https://kabar.example.id/1", atom.Items[0].Link);
    }

    [Fact]
    public void Base64_is_decoded_only_where_the_content_type_calls_for_it()
    {
        var feed = ParseHelper.Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
              <entry><id>1</id><title>teks</title><content type="text">dGVzdA==</content></entry>
              <entry><id>2</id><title>html</title><content type="application/octet-stream">PHA+SXNpPC9wPg==</content></entry>
              <entry><id>3</id><title>gambar</title><content type="image/png">iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==</content></entry>
            </feed>
            """);

        Assert.Equal("dGVzdA==", feed.Items[0].Content);
        Assert.Equal("<p>Isi</p>", feed.Items[1].Content);
        Assert.Null(feed.Items[2].Content);
    }
}
