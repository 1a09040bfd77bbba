using FeedHub.Ingestion.Fetching;

namespace FeedHub.Tests.Fetching;

public sealed class SourceUrlPolicyTests
{
    [Fact]
    public void Checking_a_polled_url_allocates_nothing()
    {
        // Every poll checks its source's URL before fetching; the check is pure reading.
        var uri = new Uri("https://mc.kalselprov.go.id/feed/?paged=2");
        Assert.Same(uri, SourceUrlPolicy.Validate(uri, NetworkAddressPolicy.PublicOnly).Uri);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            SourceUrlPolicy.Validate(uri, NetworkAddressPolicy.PublicOnly);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData("http://127.0.0.1/feed", "refused: 127.0.0.1 is a loopback address")]
    [InlineData("http://[::1]/feed", "refused: ::1 is a loopback address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a link-local address")]
    [InlineData("http://10.0.0.1/", "refused: 10.0.0.1 is a private address")]
    [InlineData("http://100.64.0.1/", "refused: 100.64.0.1 is a shared (CGNAT) address")]
    [InlineData("http://[::ffff:127.0.0.1]/", "refused: ::ffff:127.0.0.1 maps to 127.0.0.1, a loopback address")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/", "refused: 64:ff9b::a9fe:a9fe embeds 169.254.169.254, a link-local address")]
    [InlineData("http://[fd00::1]/", "refused: fd00::1 is a unique-local (private) address")]
    [InlineData("http://0.0.0.0/", "refused: 0.0.0.0 is an unspecified address")]
    [InlineData("http://2130706433/", "refused: 127.0.0.1 is a loopback address")]
    [InlineData("http://0177.0.0.1/", "refused: 127.0.0.1 is a loopback address")]
    [InlineData("http://127.1/", "refused: 127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f.1/", "refused: 127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f000001/", "refused: 127.0.0.1 is a loopback address")]
    [InlineData("http://127.0.0.1./", "refused: 127.0.0.1 is a loopback address")]
    [InlineData("https://0xa9.0xfe.0xa9.0xfe/", "refused: 169.254.169.254 is a link-local address")]
    [InlineData("http://[fe80::1%25eth0]/", "refused: fe80::1 is a link-local address")]
    public void Refuses_internal_addresses_in_any_spelling(string url, string error)
    {
        (Uri? uri, string? actual) = SourceUrlPolicy.Validate(url, allowPrivate: false);

        Assert.Null(uri);
        Assert.Equal(error, actual);
    }

    [Theory]
    [InlineData("file:///etc/passwd", "unsupported scheme 'file'")]
    [InlineData("ftp://example.com/feed.xml", "unsupported scheme 'ftp'")]
    [InlineData("gopher://example.com/", "unsupported scheme 'gopher'")]
    [InlineData("data:text/xml,<rss/>", "unsupported scheme 'data'")]
    [InlineData("javascript:alert(1)", "unsupported scheme 'javascript'")]
    [InlineData("http://user:secret@example.com/feed", "URLs with user credentials are not accepted")]
    [InlineData("http://user@example.com/feed", "URLs with user credentials are not accepted")]
    [InlineData("http://@example.com/feed", "URLs with user credentials are not accepted")]
    [InlineData("example.com/feed", "not an absolute URL")]
    [InlineData("", "the URL is empty")]
    [InlineData("   ", "the URL is empty")]
    public void Refuses_other_schemes_credentials_and_relative_urls(string url, string error)
    {
        (Uri? uri, string? actual) = SourceUrlPolicy.Validate(url, allowPrivate: true);

        Assert.Null(uri);
        Assert.Equal(error, actual);
    }

    [Theory]
    [InlineData("https://mediacenter.kalselprov.go.id/feed", "https://mediacenter.kalselprov.go.id/feed")]
    [InlineData("http://8.8.8.8/rss", "http://8.8.8.8/rss")]
    [InlineData("  https://example.com/feed?x=1  ", "https://example.com/feed?x=1")]
    [InlineData("http://[2606:4700:4700::1111]/", "http://[2606:4700:4700::1111]/")]
    [InlineData("https://localhost/feed", "https://localhost/feed")]
    public void Accepts_public_http_urls(string url, string normalized)
    {
        // Host names are judged after DNS, at connect time; "localhost" is refused there.
        (Uri? uri, string? error) = SourceUrlPolicy.Validate(url, allowPrivate: false);

        Assert.Null(error);
        Assert.Equal(normalized, uri!.AbsoluteUri);
    }

    [Fact]
    public void Allowing_private_networks_normalizes_odd_ip_spellings()
    {
        (Uri? uri, string? error) = SourceUrlPolicy.Validate("http://2130706433:8080/feed", allowPrivate: true);

        Assert.Null(error);
        Assert.Equal("http://127.0.0.1:8080/feed", uri!.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://a.example/feed", "http://b.example/feed", "redirect from https to http refused")]
    [InlineData("http://a.example/feed", "http://169.254.169.254/latest", "redirect to http://169.254.169.254/latest refused: 169.254.169.254 is a link-local address")]
    [InlineData("https://a.example/feed", "https://[::ffff:10.0.0.1]/", "redirect to https://[::ffff:10.0.0.1]/ refused: ::ffff:10.0.0.1 maps to 10.0.0.1, a private address")]
    [InlineData("http://a.example/feed", "ftp://a.example/feed", "redirect to ftp://a.example/feed refused: unsupported scheme 'ftp'")]
    [InlineData("http://a.example/feed", "file:///etc/passwd", "redirect to file:///etc/passwd refused: unsupported scheme 'file'")]
    [InlineData("http://a.example/feed", "http://admin:pw@a.example/feed", "redirect to http://admin:pw@a.example/feed refused: URLs with user credentials are not accepted")]
    public void Refuses_unsafe_redirects(string from, string to, string error)
    {
        Assert.Equal(error, SourceUrlPolicy.ValidateRedirect(new Uri(from), new Uri(to), NetworkAddressPolicy.PublicOnly));
    }

    [Theory]
    [InlineData("http://a.example/feed", "https://a.example/feed")]
    [InlineData("https://a.example/feed", "https://b.example/rss")]
    [InlineData("http://a.example/feed", "http://b.example/rss")]
    public void Allows_safe_redirects_including_upgrades(string from, string to)
    {
        Assert.Null(SourceUrlPolicy.ValidateRedirect(new Uri(from), new Uri(to), NetworkAddressPolicy.PublicOnly));
    }
}
