using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FeedHub.Ingestion.Parsing;

namespace FeedHub.Tests.Parsing;

public sealed class DocumentGateTests
{
    [Fact]
    public void Xxe_file_entity_is_refused_without_reading_the_file()
    {
        string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>&xxe;</title></channel></rss>
            """;

        var error = Assert.Throws<FeedParseException>(() => ParseHelper.Parse(xml));

        Assert.Contains("external entit", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task External_dtd_and_entities_on_loopback_are_never_fetched()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<TcpClient> accept = listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken).AsTask();

        string withDtd = $"""
            <?xml version="1.0"?>
            <!DOCTYPE rss SYSTEM "http://127.0.0.1:{port}/evil.dtd">
            <rss version="2.0"><channel><title>Judul</title></channel></rss>
            """;
        string withParameterEntity = $"""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.1:{port}/x.ent"> %remote;]>
            <rss version="2.0"><channel><title>Judul</title></channel></rss>
            """;

        Assert.Equal("Judul", ParseHelper.Parse(withDtd).Title);
        Assert.Equal("Judul", ParseHelper.Parse(withParameterEntity).Title);

        Task winner = await Task.WhenAny(accept, Task.Delay(300, TestContext.Current.CancellationToken));
        Assert.NotSame(accept, winner);
        listener.Stop();
    }

    [Fact]
    public void Billion_laughs_is_refused_fast()
    {
        var doctype = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++)
        {
            doctype.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? string.Empty : i - 1)};", 10))}\">");
        }

        string xml = doctype + "]><rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>";
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();

        var error = Assert.Throws<FeedParseException>(() => ParseHelper.Parse(xml));

        stopwatch.Stop();
        Assert.Contains("entity", error.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 10_000_000, "allocated too much");
    }

    [Fact]
    public void Quadratic_blowup_is_refused_fast()
    {
        string big = new('a', 100_000);
        string refs = string.Concat(Enumerable.Repeat("&a;", 10_000));
        string xml = $"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"{big}\">]><rss version=\"2.0\"><channel><title>{refs}</title></channel></rss>";
        var stopwatch = Stopwatch.StartNew();

        Assert.Throws<FeedParseException>(() => ParseHelper.Parse(xml));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void A_harmless_internal_entity_is_substituted()
    {
        string xml = """
            <!DOCTYPE rss [<!ENTITY id "tag:example.com,">]>
            <rss version="2.0"><channel><item><guid isPermaLink="false">&id;2006-05-04:/blog/</guid></item></channel></rss>
            """;

        Assert.Equal("tag:example.com,2006-05-04:/blog/", ParseHelper.Parse(xml).Items[0].Id);
    }

    [Fact]
    public void Oversized_documents_are_refused_before_decoding()
    {
        var parser = new FeedParser(new FeedParserOptions { MaxDocumentBytes = 1024 });
        byte[] body = Encoding.UTF8.GetBytes(ParseHelper.Rss($"<title>{new string('x', 2000)}</title>"));

        var error = Assert.Throws<FeedParseException>(() => parser.Parse(new FeedDocument(body, null, ParseHelper.FeedUrl)));

        Assert.Contains("larger than 1024 bytes", error.Message, StringComparison.Ordinal);
    }
}
