namespace FeedHub.Tests.Parsing;

public sealed class ContentFidelityTests
{
    [Fact]
    public void Escaped_markup_inside_cdata_stays_text_and_is_not_decoded_twice()
    {
        var item = ParseHelper.Parse(ParseHelper.Rss(
            "<title>x</title><description><![CDATA[&lt;script&gt;alert(1)&lt;/script&gt;]]></description>" +
            "<content:encoded><![CDATA[<p>&lt;script&gt;</p>]]></content:encoded>")).Items[0];

        Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt;", item.Summary);
        Assert.Equal("<p>&lt;script&gt;</p>", item.Content);
    }

    [Fact]
    public void Entity_escaped_html_is_decoded_once()
    {
        var item = ParseHelper.Parse(ParseHelper.Rss("<description>&lt;img src=\"a.jpg\"&gt; Teks &amp;amp; lain</description>")).Items[0];

        Assert.Equal("<img src=\"a.jpg\"> Teks &amp; lain", item.Summary);
    }

    [Fact]
    public void Rss_fields_are_read_by_namespace_not_prefix()
    {
        string xml = """
            <rss version="2.0" xmlns:c="http://purl.org/rss/1.0/modules/content/" xmlns:creator="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
            <channel><title>Humas</title><link>https://mc.example.go.id</link><language>id</language>
            <item>
              <title>Judul</title>
              <guid isPermaLink="false">?p=1159</guid>
              <atom:link rel="alternate" href="https://mc.example.go.id/judul"/>
              <creator:creator>Admin MC</creator:creator>
              <category><![CDATA[Pemerintahan]]></category><category>Banjarmasin</category>
              <pubDate>Sel, 07 Mei 2024 10:00:00 +0700</pubDate>
              <c:encoded><![CDATA[<p>Isi</p>]]></c:encoded>
              <enclosure url="https://mc.example.go.id/a.jpg" type="image/jpeg" length="10240"/>
            </item></channel></rss>
            """;

        var feed = ParseHelper.Parse(xml);
        var item = Assert.Single(feed.Items);

        Assert.Equal("rss2.0", feed.Format);
        Assert.Equal("id", feed.Language);
        Assert.Equal("?p=1159", item.Id);
        Assert.Equal("https://mc.example.go.id/judul", item.Link);
        Assert.Equal("Admin MC", item.Author);
        Assert.Equal(["Pemerintahan", "Banjarmasin"], item.Categories);
        Assert.Equal("Sel, 07 Mei 2024 10:00:00 +0700", item.Published);
        Assert.Equal("<p>Isi</p>", item.Content);
        Assert.Equal(new Core.Items.ParsedEnclosure("https://mc.example.go.id/a.jpg", "image/jpeg", 10240), Assert.Single(item.Enclosures));
    }

    [Fact]
    public void Atom_text_html_and_xhtml_content_and_xml_base_are_kept_apart()
    {
        string xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://mc.example.go.id/">
              <title type="text">Berita &lt;Kalsel&gt;</title>
              <link href="https://mc.example.go.id/"/>
              <author><name>Diskominfo</name></author>
              <entry xml:base="berita/">
                <id>tag:mc.example.go.id,2024:1</id>
                <title type="html">A &amp;amp; B</title>
                <link rel="alternate" href="satu.html"/>
                <link rel="enclosure" href="a.mp3" type="audio/mpeg" length="99"/>
                <category term="Banjar"/>
                <published>2024-05-07T10:00:00+07:00</published>
                <updated>2024-05-08T10:00:00+07:00</updated>
                <summary type="text">1 &lt; 2</summary>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Halo <b>dunia</b> &amp; <a href="x">tautan</a></p></div></content>
              </entry>
              <entry><title>Dua</title><content type="text">&lt;script&gt; is text</content></entry>
            </feed>
            """;

        var feed = ParseHelper.Parse(xml);

        Assert.Equal("atom1.0", feed.Format);
        Assert.Equal("Berita <Kalsel>", feed.Title);
        Assert.Equal("https://mc.example.go.id/", feed.BaseUri);
        var first = feed.Items[0];
        Assert.Equal("A &amp; B", first.Title);
        Assert.Equal("satu.html", first.Link);
        Assert.Equal("https://mc.example.go.id/berita/", first.BaseUri);
        Assert.Equal("Diskominfo", first.Author);
        Assert.Equal(["Banjar"], first.Categories);
        Assert.Equal("2024-05-07T10:00:00+07:00", first.Published);
        Assert.Equal("2024-05-08T10:00:00+07:00", first.Updated);
        Assert.Equal("1 < 2", first.Summary);
        Assert.Equal("<p>Halo <b>dunia</b> &amp; <a href=\"x\">tautan</a></p>", first.Content);
        Assert.Equal(new Core.Items.ParsedEnclosure("a.mp3", "audio/mpeg", 99), Assert.Single(first.Enclosures));
        Assert.Equal("&lt;script&gt; is text", feed.Items[1].Content);
        Assert.Equal("https://mc.example.go.id/", feed.Items[1].BaseUri);
    }

    [Fact]
    public void Xml_base_on_the_content_or_summary_element_itself_resolves_the_links_inside_it()
    {
        string xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://mc.example.go.id/">
              <title>Berita</title>
              <entry xml:base="berita/">
                <id>tag:mc.example.go.id,2024:1</id><title>Satu</title><link href="satu.html"/>
                <summary type="html" xml:base="/ringkas/">&lt;a href="r.html"&gt;r&lt;/a&gt;</summary>
                <content type="html" xml:base="https://cdn.example.org/2024/">&lt;p&gt;&lt;a href="a.html"&gt;a&lt;/a&gt; &lt;img src="b.jpg"&gt;&lt;/p&gt;</content>
              </entry>
              <entry xml:base="berita/">
                <id>tag:mc.example.go.id,2024:2</id><title>Dua</title>
                <content type="html">&lt;a href="c.html"&gt;c&lt;/a&gt;</content>
              </entry>
            </feed>
            """;

        var items = new FeedHub.Ingestion.Normalizing.ItemNormalizer(new FeedHub.Ingestion.Normalizing.HtmlContentSanitizer())
            .Normalize(ParseHelper.Parse(xml), new Uri("https://mc.example.go.id/feed.atom"), DateTimeOffset.UnixEpoch.AddYears(60)).Items;

        Assert.Contains("href=\"https://cdn.example.org/2024/a.html\"", items[0].ContentHtml, StringComparison.Ordinal);
        Assert.Contains("src=\"https://cdn.example.org/2024/b.jpg\"", items[0].ContentHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"https://mc.example.go.id/ringkas/r.html\"", items[0].Summary, StringComparison.Ordinal);
        Assert.Equal("https://mc.example.go.id/berita/satu.html", items[0].Link);
        Assert.Contains("href=\"https://mc.example.go.id/berita/c.html\"", items[1].ContentHtml, StringComparison.Ordinal);
    }
}

public sealed class HostileNestingTests
{
    [Fact]
    public void Hundred_thousand_nested_elements_are_truncated_not_fatal()
    {
        const int depth = 100_000;
        string nested = string.Concat(Enumerable.Repeat("<div>", depth)) + "x" + string.Concat(Enumerable.Repeat("</div>", depth));
        string xml = "<rss version=\"2.0\" xmlns:x=\"http://www.w3.org/1999/xhtml\"><channel><item><title>t</title>"
            + $"<description>{nested}</description></item><item><title>second</title></item></channel></rss>";

        var feed = ParseHelper.Parse(xml);

        Assert.Equal(2, feed.Items.Count);
        Assert.Equal("second", feed.Items[1].Title);
        int opened = System.Text.RegularExpressions.Regex.Count(feed.Items[0].Summary!, "<div>");
        Assert.Equal(128, opened); // MarkupText.MaxDepth
    }
}
