using FeedHub.Administration.Discovery;

namespace FeedHub.Tests.Discovery;

public sealed class FeedLinkReaderTests
{
    private static readonly Uri Page = new("https://portal.example/berita/index.html");

    [Fact]
    public void Reads_rss_atom_and_json_feed_links_in_document_order_with_titles_and_types()
    {
        IReadOnlyList<FeedLink> links = FeedLinkReader.Read("""
            <!doctype html><html><head>
            <meta charset="utf-8"><title>Portal</title>
            <link rel="stylesheet" href="/style.css">
            <link rel="alternate" type="application/rss+xml" title="Berita &amp; Info" href="/feed">
            <LINK REL='Alternate' TYPE='application/atom+xml; charset=utf-8' HREF='https://portal.example/feed/atom'>
            <link href=feed.json type=application/feed+json rel=alternate>
            <link rel="alternate" type="text/html" hreflang="en" href="/en/">
            <link rel="alternate" type="application/json+oembed" href="/oembed">
            </head><body></body></html>
            """, Page);

        Assert.Equal(
            [
                ("https://portal.example/feed", "Berita & Info", "application/rss+xml"),
                ("https://portal.example/feed/atom", null, "application/atom+xml"),
                ("https://portal.example/berita/feed.json", null, "application/feed+json"),
            ],
            links.Select(l => (l.Url.AbsoluteUri, l.Title, l.Type)).ToArray());
    }

    [Fact]
    public void Resolves_relative_hrefs_against_the_base_element_even_one_written_after_them()
    {
        IReadOnlyList<FeedLink> links = FeedLinkReader.Read("""
            <head>
            <link rel="alternate" type="application/rss+xml" href="rss.xml">
            <base href="https://cdn.portal.example/site/">
            <link rel="alternate" type="application/atom+xml" href="/atom.xml">
            </head>
            """, Page);

        Assert.Equal(
            ["https://cdn.portal.example/site/rss.xml", "https://cdn.portal.example/atom.xml"],
            links.Select(l => l.Url.AbsoluteUri).ToArray());
    }

    [Fact]
    public void Ignores_links_in_comments_scripts_and_the_body_and_duplicates_and_non_http_hrefs()
    {
        IReadOnlyList<FeedLink> links = FeedLinkReader.Read("""
            <html><head>
            <!-- <link rel="alternate" type="application/rss+xml" href="/commented"> -->
            <script>document.write('<link rel="alternate" type="application/rss+xml" href="/scripted">');</script>
            <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
            <link rel="alternate" type="application/rss+xml" href="/feed">
            <link rel="alternate" type="application/rss+xml" href="https://portal.example/feed">
            <link rel="alternate" type="application/rss+xml">
            </head><body>
            <link rel="alternate" type="application/rss+xml" href="/in-body">
            </body></html>
            """, Page);

        FeedLink only = Assert.Single(links);
        Assert.Equal("https://portal.example/feed", only.Url.AbsoluteUri);
    }

    [Fact]
    public void A_page_without_feed_links_or_one_that_is_not_html_gives_none()
    {
        Assert.Empty(FeedLinkReader.Read("<html><head><title>Hi</title></head><body><a href=/feed>feed</a></body></html>", Page));
        Assert.Empty(FeedLinkReader.Read("{\"not\": \"html\"}", Page));
        Assert.Empty(FeedLinkReader.Read("", Page));
        Assert.Empty(FeedLinkReader.Read("<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed", Page));
    }

    [Fact]
    public void Stops_after_the_link_limit_and_survives_an_unterminated_tag()
    {
        string many = string.Concat(Enumerable.Range(0, 100).Select(i => $"<link rel=alternate type=application/rss+xml href=/f{i}>"));

        Assert.Equal(FeedLinkReader.MaxLinks, FeedLinkReader.Read(many, Page).Count);
        Assert.Empty(FeedLinkReader.Read("<head><link rel='alternate' type='application/rss+xml' href='/x", Page));
    }
}
