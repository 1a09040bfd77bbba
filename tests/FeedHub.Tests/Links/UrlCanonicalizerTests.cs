using FeedHub.Core.Links;

namespace FeedHub.Tests.Links;

public sealed class UrlCanonicalizerTests
{
    private static readonly Uri FeedUrl = new("https://mc.kalselprov.go.id/feed/rss.xml");

    [Theory]
    [InlineData("HTTPS://MC.Example.GO.ID/Berita/1", "https://mc.example.go.id/Berita/1")]
    [InlineData("http://example.com", "http://example.com/")]
    [InlineData("http://example.com:80/a", "http://example.com/a")]
    [InlineData("https://example.com:443/a", "https://example.com/a")]
    [InlineData("https://example.com:8443/a", "https://example.com:8443/a")]
    [InlineData("https://example.com/a#komentar", "https://example.com/a")]
    [InlineData("https://user:secret@example.com/a", "https://example.com/a")]
    [InlineData("https://bücher.example/a", "https://xn--bcher-kva.example/a")]
    [InlineData("https://[2001:DB8::1]:8080/a", "https://[2001:db8::1]:8080/a")]
    [InlineData("https://example.com/a/./b/../c", "https://example.com/a/c")]
    [InlineData("https://example.com/a?utm_source=fb&id=7&utm_medium=social", "https://example.com/a?id=7")]
    [InlineData("https://example.com/a?UTM_Campaign=x", "https://example.com/a")]
    [InlineData("https://example.com/a?fbclid=1&gclid=2&dclid=3&gbraid=4&wbraid=5&msclkid=6", "https://example.com/a")]
    [InlineData("https://example.com/a?mc_cid=1&mc_eid=2&yclid=3&_ga=4&_gl=5&igshid=6&ref_src=7&spm=8", "https://example.com/a")]
    [InlineData("https://example.com/a?b=2&a=1&fbclid=x&c=3", "https://example.com/a?b=2&a=1&c=3")]
    [InlineData("https://example.com/a?&&id=1&", "https://example.com/a?id=1")]
    [InlineData("https://example.com/a?", "https://example.com/a")]
    [InlineData("https://example.com/%7euser/%41%2f%2Fx", "https://example.com/~user/A%2F%2Fx")]
    [InlineData("https://example.com/a?q=%7e%2a%e2%82%ac", "https://example.com/a?q=~%2A%E2%82%AC")]
    [InlineData("https://example.com/berita/Kalimantan Selatan", "https://example.com/berita/Kalimantan%20Selatan")]
    [InlineData("https://example.com/berita/€", "https://example.com/berita/%E2%82%AC")]
    [InlineData("  https://example.com/a  ", "https://example.com/a")]
    public void Canonicalizes_absolute_links(string link, string expected)
    {
        Assert.Equal(expected, UrlCanonicalizer.Canonicalize(link, FeedUrl));
    }

    [Theory]
    [InlineData("/berita/1", "https://mc.kalselprov.go.id/berita/1")]
    [InlineData("berita/1", "https://mc.kalselprov.go.id/feed/berita/1")]
    [InlineData("../berita/1", "https://mc.kalselprov.go.id/berita/1")]
    [InlineData("//cdn.example.com/x.jpg", "https://cdn.example.com/x.jpg")]
    [InlineData("?p=12", "https://mc.kalselprov.go.id/feed/rss.xml?p=12")]
    public void Resolves_relative_links_against_the_feed_url(string link, string expected)
    {
        Assert.Equal(expected, UrlCanonicalizer.Canonicalize(link, FeedUrl));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("javascript:alert(1)")]
    [InlineData(" JaVaScRiPt:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("mailto:redaksi@example.com")]
    [InlineData("ftp://example.com/file")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://")]
    public void Rejects_links_that_are_not_http(string? link)
    {
        Assert.Null(UrlCanonicalizer.Resolve(link, FeedUrl));
        Assert.Null(UrlCanonicalizer.Canonicalize(link, FeedUrl));
    }

    [Fact]
    public void Rejects_links_longer_than_the_limit()
    {
        string link = "https://example.com/" + new string('a', UrlCanonicalizer.MaxUrlLength);
        Assert.Null(UrlCanonicalizer.Resolve(link, FeedUrl));
    }

    [Theory]
    [InlineData(null, null, "https://mc.kalselprov.go.id/feed/rss.xml")]
    [InlineData("https://portal.example.id/", null, "https://portal.example.id/")]
    [InlineData("https://portal.example.id/", "news/", "https://portal.example.id/news/")]
    [InlineData("/site/", "2024/", "https://mc.kalselprov.go.id/site/2024/")]
    [InlineData(null, "https://other.example.id/x/", "https://other.example.id/x/")]
    [InlineData("javascript:alert(1)", "news/", "https://mc.kalselprov.go.id/feed/news/")]
    public void Nests_xml_base_item_inside_feed_inside_url(string? feedBase, string? itemBase, string expected)
    {
        Assert.Equal(new Uri(expected), UrlCanonicalizer.ResolveBase(FeedUrl, feedBase, itemBase));
    }

    [Fact]
    public void Item_base_takes_precedence_over_feed_base_when_resolving_links()
    {
        Uri itemBase = UrlCanonicalizer.ResolveBase(FeedUrl, "https://portal.example.id/", "https://item.example.id/dir/");
        Assert.Equal("https://item.example.id/dir/a", UrlCanonicalizer.Resolve("a", itemBase)?.AbsoluteUri);
    }

    [Theory]
    [InlineData("?utm_source=x&id=1", "id=1")]
    [InlineData("id=1&ref_src=twsrc&x", "id=1&x")]
    [InlineData("%75tm_source=x&id=1", "id=1")]
    [InlineData("reference=1&spmx=2", "reference=1&spmx=2")]
    public void Strips_tracking_parameters_by_name(string query, string expected)
    {
        Assert.Equal(expected, TrackingParameters.Strip(query));
    }
}
