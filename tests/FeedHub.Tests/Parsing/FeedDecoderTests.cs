using System.Text;
using FeedHub.Ingestion.Parsing;

namespace FeedHub.Tests.Parsing;

public sealed class FeedDecoderTests
{
    private const string Title = "Pameran Kerajinan di Banjarmasin — café déjà vu";

    static FeedDecoderTests()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    private static string Feed(string declaration) =>
        $"{declaration}<rss version=\"2.0\"><channel><title>{Title}</title></channel></rss>";

    [Fact]
    public void Latin1_without_declaration_is_read_by_the_http_charset()
    {
        // The em dash is not in Latin-1: use a Latin-1-only title.
        string xml = "<rss version=\"2.0\"><channel><title>café déjà vu</title></channel></rss>";
        byte[] body = Encoding.Latin1.GetBytes(xml);

        var feed = ParseHelper.Parse(body, "application/rss+xml; charset=ISO-8859-1");

        Assert.Equal("café déjà vu", feed.Title);
        Assert.Equal("iso-8859-1", feed.Encoding);
    }

    [Fact]
    public void Windows1252_declared_in_the_xml_declaration_is_honoured()
    {
        byte[] body = Encoding.GetEncoding(1252).GetBytes(Feed("<?xml version=\"1.0\" encoding=\"windows-1252\"?>"));

        var feed = ParseHelper.Parse(body, "application/xml");

        Assert.Equal(Title, feed.Title);
        Assert.Equal("windows-1252", feed.Encoding);
    }

    [Theory]
    [InlineData(false, "utf-16le")]
    [InlineData(true, "utf-16be")]
    public void Utf16_with_a_bom_is_read(bool bigEndian, string expectedName)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        byte[] body = [.. encoding.GetPreamble(), .. encoding.GetBytes(Feed("<?xml version=\"1.0\" encoding=\"utf-16\"?>"))];

        var feed = ParseHelper.Parse(body, "text/xml; charset=utf-8");

        Assert.Equal(Title, feed.Title);
        Assert.Equal(expectedName, feed.Encoding);
    }

    [Fact]
    public void Utf16_without_a_bom_but_declared_is_read()
    {
        byte[] body = new UnicodeEncoding(false, false).GetBytes(Feed("<?xml version=\"1.0\" encoding=\"UTF-16\"?>"));

        var feed = ParseHelper.Parse(body);

        Assert.Equal(Title, feed.Title);
        Assert.Equal("utf-16le", feed.Encoding);
    }

    [Fact]
    public void Invalid_utf8_becomes_replacement_characters_and_the_rest_survives()
    {
        byte[] prefix = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>Berita ");
        byte[] suffix = Encoding.UTF8.GetBytes(" Kalsel</title></channel></rss>");
        byte[] body = [.. prefix, 0xC3, 0x28, 0xFF, .. suffix];

        var feed = ParseHelper.Parse(body);

        Assert.Equal("Berita \uFFFD(\uFFFD Kalsel", feed.Title);
        Assert.Equal("utf-8", feed.Encoding);
    }

    [Fact]
    public void A_wrong_declared_encoding_is_overridden_by_the_http_charset()
    {
        // Declared ISO-8859-1 but the bytes are UTF-8, and the server says so.
        byte[] body = Encoding.UTF8.GetBytes(Feed("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"));

        var feed = ParseHelper.Parse(body, "application/rss+xml; charset=utf-8");

        Assert.Equal(Title, feed.Title);
        Assert.Equal("utf-8", feed.Encoding);
    }

    [Fact]
    public void An_unknown_declared_encoding_falls_back_to_utf8()
    {
        byte[] body = Encoding.UTF8.GetBytes(Feed("<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?>"));

        var feed = ParseHelper.Parse(body);

        Assert.Equal(Title, feed.Title);
        Assert.Equal("utf-8", feed.Encoding);
    }

    [Fact]
    public void Text_xml_without_charset_reports_us_ascii_only_for_ascii_bodies()
    {
        var ascii = ParseHelper.Parse("<rss version=\"2.0\"><channel><title>Kalsel</title></channel></rss>", "text/xml");
        var utf8 = ParseHelper.Parse(Encoding.UTF8.GetBytes(Feed(string.Empty)), "text/xml");

        Assert.Equal("us-ascii", ascii.Encoding);
        Assert.Equal("utf-8", utf8.Encoding);
        Assert.Equal(Title, utf8.Title);
    }

    [Fact]
    public void Characters_illegal_in_xml_are_removed()
    {
        var feed = ParseHelper.Parse("<rss version=\"2.0\"><channel><title>A\u0001B\u000BC\uFFFED\uFFFFE</title></channel></rss>");

        Assert.Equal("ABCDE", feed.Title);
    }

    [Fact]
    public void Lone_surrogates_are_removed_and_pairs_kept()
    {
        // UTF-8 bytes cannot carry a lone surrogate, but UTF-16 text can.
        Assert.Equal("a\U0001F600b", XmlCharFilter.Strip("a\uD800\U0001F600\uDC00b"));
    }

    [Theory]
    [InlineData("text/xml; charset=\"utf-8\"", "text/xml", "utf-8")]
    [InlineData("application/rss+xml;charset= 'us-ascii'", "application/rss+xml", "us-ascii")]
    [InlineData("text/xml; charset:iso-8859-1", "text/xml", null)]
    [InlineData(null, null, null)]
    public void Content_type_parameters_are_read_leniently(string? header, string? mediaType, string? charset)
    {
        Assert.Equal((mediaType, charset), FeedDecoder.ParseContentType(header));
    }
}
