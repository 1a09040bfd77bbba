using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FeedHub.Core.Links;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Core.Text;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Ingestion.Refreshing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedHub.IntegrationTests.Security;

/// <summary>Hostile and broken documents served over loopback, end to end through the refresh
/// (cases 1, 2, 3, 7, 8, 9, 10, 11, 13 and 25 of docs/security.md of the product docs).</summary>
public sealed class HostileDocumentTests
{
    [Fact]
    public async Task Xxe_system_entity_is_not_expanded_and_no_file_is_read()
    {
        const string xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description>
            <item><title>&xxe;</title><link>https://x.example/1</link><description>&xxe;</description></item></channel></rss>
            """;
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", xxe);
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));

        await harness.RefreshAsync(source.Id);

        Assert.Equal(0, await harness.CountAsync("SELECT count(*) FROM items WHERE title LIKE '%root:%' OR content LIKE '%root:%' OR summary LIKE '%root:%'"));
    }

    [Fact]
    public async Task Billion_laughs_is_rejected_fast_and_other_sources_are_unaffected()
    {
        var bomb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++)
        {
            bomb.Append(System.Globalization.CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))};", 10))}\">\n");
        }

        bomb.Append("]>\n<rss version=\"2.0\"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>");
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("bomb.xml", bomb.ToString());
        server.MapContent("good.xml", FeedXml.Rss("Good", [FeedXml.Numbered(1)]));
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource bad = await harness.AddSourceAsync(server.Url("bomb.xml"));
        FeedSource good = await harness.AddSourceAsync(server.Url("good.xml"));

        var watch = Stopwatch.StartNew();
        RefreshResult[] results = await Task.WhenAll(harness.RefreshAsync(bad.Id), harness.RefreshAsync(good.Id));
        watch.Stop();

        Assert.Equal(RefreshStatus.Failed, results[0].Status);
        Assert.Equal(RefreshStatus.Updated, results[1].Status);
        // Expanded, the two titles would be 3 GB each: minutes, if memory lasted. Well under that
        // is fast, and leaves room for two cold refreshes on a loaded machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(1, (await harness.SourceAsync(bad.Id)).ConsecutiveFailures);
        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM items"));
    }

    [Fact]
    public async Task External_dtd_is_never_fetched()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<TcpClient> connection = listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken).AsTask();
        string document = $"""
            <?xml version="1.0"?>
            <!DOCTYPE rss SYSTEM "http://127.0.0.1:{port}/evil.dtd">
            <rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description>
            <item><title>One</title><link>https://x.example/1</link></item></channel></rss>
            """;
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", document);
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));

        await harness.RefreshAsync(source.Id);
        await Task.Delay(200, TestContext.Current.CancellationToken);

        Assert.False(connection.IsCompleted, "the parser connected to the external DTD's address");
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><head><title>Portal</title></head><body><p>Welcome</p></body></html>", "text/html; charset=utf-8")]
    [InlineData("{\"status\":\"ok\",\"data\":[1,2,3]}", "application/json")]
    [InlineData("", "application/rss+xml")]
    [InlineData("\u0000\u0001\u0002PK\u0003\u0004 binary junk \u00ff\u00fe", "application/octet-stream")]
    public async Task A_document_that_is_not_a_feed_records_an_error_and_stores_nothing(string body, string contentType)
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", body, contentType);
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));

        RefreshResult result = await harness.RefreshAsync(source.Id);

        Assert.Equal(RefreshStatus.Failed, result.Status);
        FeedSource after = await harness.SourceAsync(source.Id);
        Assert.False(string.IsNullOrWhiteSpace(after.LastError));
        Assert.DoesNotContain('\n', after.LastError!);
        Assert.Equal(1, after.ConsecutiveFailures);
        Assert.Null(after.ETag);
        Assert.Equal(0, await harness.CountAsync("SELECT count(*) FROM items"));
    }

    [Fact]
    public async Task A_ten_thousand_item_feed_is_stored_once_and_rerunning_adds_no_duplicates()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", FeedXml.Rss("Big", Enumerable.Range(1, 10_000).Select(n => FeedXml.Numbered(n))));
        // Raised from the default 500 so all 10,000 go through normalizing and storing.
        await using PipelineHarness harness = await PipelineHarness.StartAsync(new Dictionary<string, string?> { ["FeedHub:Fetch:MaxItemsPerFeed"] = "10000" });
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));

        RefreshResult first = await harness.RefreshAsync(source.Id);
        RefreshResult second = await harness.RefreshAsync(source.Id);

        Assert.Equal(10_000, first.NewItems);
        Assert.Equal(0, second.NewItems);
        Assert.Equal(0, second.UpdatedItems);
        Assert.Equal(10_000, await harness.CountAsync("SELECT count(*) FROM items"));
    }

    [Fact]
    public async Task Characters_illegal_in_xml_are_removed_and_the_merged_feed_stays_well_formed()
    {
        string document = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>t</title><link>https://x.example/</link><description>d</description>"
            + "<item><title>Bad\u0001 \u000Bchars\uFFFE here</title><link>https://x.example/1</link><description>x\u0001y</description></item></channel></rss>";
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", document);
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));

        RefreshResult result = await harness.RefreshAsync(source.Id);

        Assert.Equal(1, result.NewItems);
        var story = Assert.Single(await harness.Services.GetRequiredService<IStoryReader>().LatestStoriesAsync(5, CancellationToken.None));
        Assert.Equal("Bad chars here", story.Item.Title);
        Assert.DoesNotContain(story.Item.Title, c => c is '\u0001' or '\u000B' or '\uFFFE');
    }

    [Fact]
    public async Task Latin1_served_with_an_http_charset_and_utf16_with_a_bom_decode_correctly()
    {
        const string title = "Pemkab Banjar gelar rapat koordinasi — café, naïve";
        string latinTitle = "Caf\u00e9 d\u00e9j\u00e0 vu";
        string latinDocument = $"<rss version=\"2.0\"><channel><title>t</title><link>https://x.example/</link><description>d</description><item><title>{latinTitle}</title><link>https://x.example/1</link></item></channel></rss>";
        string utf16Document = $"<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"><channel><title>t</title><link>https://x.example/</link><description>d</description><item><title>{title}</title><link>https://x.example/2</link></item></channel></rss>";
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("latin1.xml", context =>
        {
            context.Response.ContentType = "application/rss+xml; charset=iso-8859-1";
            return context.Response.Body.WriteAsync(Encoding.Latin1.GetBytes(latinDocument)).AsTask();
        });
        server.Map("utf16.xml", context =>
        {
            context.Response.ContentType = "application/rss+xml";
            return context.Response.Body.WriteAsync(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(utf16Document)).ToArray()).AsTask();
        });
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource latin = await harness.AddSourceAsync(server.Url("latin1.xml"));
        FeedSource utf16 = await harness.AddSourceAsync(server.Url("utf16.xml"));

        await harness.RefreshAsync(latin.Id);
        await harness.RefreshAsync(utf16.Id);

        var titles = (await harness.Services.GetRequiredService<IStoryReader>().LatestStoriesAsync(5, CancellationToken.None)).Select(s => s.Item.Title).ToList();
        Assert.Contains(latinTitle, titles);
        Assert.Contains(title, titles);
    }

    [Fact]
    public async Task Far_future_and_missing_dates_fall_back_to_first_seen_and_indonesian_dates_parse()
    {
        const string document = """
            <rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description>
            <item><title>Future</title><link>https://x.example/future</link><pubDate>Tue, 07 May 2999 10:00:00 +0000</pubDate></item>
            <item><title>Undated</title><link>https://x.example/undated</link></item>
            <item><title>Selasa</title><link>https://x.example/id</link><pubDate>Sel, 07 Mei 2024 10:00:00 +0700</pubDate></item>
            <item><title>Senin</title><link>https://x.example/wita</link><pubDate>Senin, 6 Mei 2024 14:30 WITA</pubDate></item>
            </channel></rss>
            """;
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", document);
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));
        DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await harness.RefreshAsync(source.Id);

        var stories = (await harness.Services.GetRequiredService<IStoryReader>().LatestStoriesAsync(10, CancellationToken.None)).ToDictionary(s => s.Item.Title);
        Assert.InRange(stories["Future"].Item.PublishedAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.InRange(stories["Undated"].Item.PublishedAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(new DateTimeOffset(2024, 5, 7, 3, 0, 0, TimeSpan.Zero), stories["Selasa"].Item.PublishedAt);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 6, 30, 0, TimeSpan.Zero), stories["Senin"].Item.PublishedAt);
    }

    [Fact]
    public async Task Items_sharing_one_guid_stay_distinct_and_a_refetch_changes_nothing()
    {
        var items = Enumerable.Range(1, 4).Select(n => FeedXml.Numbered(n) with { Guid = "same-guid-for-everything" });
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", FeedXml.Rss("Sloppy CMS", items));
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));

        RefreshResult first = await harness.RefreshAsync(source.Id);
        RefreshResult second = await harness.RefreshAsync(source.Id);

        Assert.Equal(4, first.NewItems);
        Assert.Equal((0, 0), (second.NewItems, second.UpdatedItems));
        Assert.Equal(4, await harness.CountAsync("SELECT count(*) FROM items"));
    }

    [Fact]
    public async Task One_bad_item_is_skipped_and_the_rest_of_the_feed_is_stored()
    {
        // The middle item has nothing to identify or show it by: no title, link, guid or text.
        const string document = """
            <rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description>
            <item><title>First</title><link>https://x.example/1</link></item>
            <item><link>javascript:alert(1)</link></item>
            <item><title>Third</title><link>https://x.example/3</link></item>
            </channel></rss>
            """;
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", document);
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));

        RefreshResult result = await harness.RefreshAsync(source.Id);

        Assert.Equal(RefreshStatus.Updated, result.Status);
        Assert.Equal(2, await harness.CountAsync("SELECT count(*) FROM items"));
        Assert.Equal(2, await harness.CountAsync("SELECT count(*) FROM items WHERE title IN ('First', 'Third')"));
    }

    [Fact]
    public async Task A_three_megabyte_channel_title_and_site_link_are_capped_like_item_fields()
    {
        string hugeTitle = "Judul " + new string('x', 3 * 1024 * 1024);
        string hugeLink = "https://news.example/" + new string('a', 3 * 1024 * 1024);
        string document = FeedXml.Rss(hugeTitle, [FeedXml.Numbered(1)])
            .Replace("<link>https://news.example/</link>", $"<link>{hugeLink}</link>", StringComparison.Ordinal)
            .Replace("<description>fixture</description>", $"<description>{new string('d', 3 * 1024 * 1024)}</description>", StringComparison.Ordinal);
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", document);
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));

        RefreshResult result = await harness.RefreshAsync(source.Id);

        Assert.Equal(RefreshStatus.Updated, result.Status);
        FeedSource after = await harness.SourceAsync(source.Id);
        Assert.NotNull(after.Title);
        Assert.StartsWith("Judul xxx", after.Title, StringComparison.Ordinal);
        Assert.InRange(after.Title.Length, 1, FieldLimits.Title);
        Assert.Null(after.SiteUrl);
        Assert.Equal(0, await harness.CountAsync("SELECT count(*) FROM sources WHERE length(title) > @Max OR length(site_url) > @MaxUrl", new { Max = FieldLimits.Title, MaxUrl = UrlCanonicalizer.MaxUrlLength }));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JaVaScRiPt:alert(1)")]
    [InlineData("data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("ftp://files.example/")]
    [InlineData("file:///etc/passwd")]
    public async Task Only_web_urls_are_stored_from_a_feed_site_item_and_enclosure_links(string hostile)
    {
        string document = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Portal</title><link>{hostile}</link><description>d</description>
            <item><guid>urn:1</guid><title>Satu</title><link>{hostile}</link><enclosure url="{hostile}" type="image/jpeg" length="1"/></item>
            <item><guid>urn:2</guid><title>Dua</title><link>https://news.example/2</link><enclosure url="https://news.example/2.jpg" type="image/jpeg" length="1"/></item>
            </channel></rss>
            """;
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", document);
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));

        RefreshResult result = await harness.RefreshAsync(source.Id);

        Assert.Equal(RefreshStatus.Updated, result.Status);
        Assert.Null((await harness.SourceAsync(source.Id)).SiteUrl);
        Assert.Equal(2, await harness.CountAsync("SELECT count(*) FROM items"));
        Assert.Equal(0, await harness.CountAsync(
            "SELECT count(*) FROM items WHERE (link IS NOT NULL AND link NOT LIKE 'http%') OR (canonical_link IS NOT NULL AND canonical_link NOT LIKE 'http%') OR enclosures LIKE @Hostile",
            new { Hostile = "%" + hostile.Split(':')[0] + ":%" }));
        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM items WHERE enclosures LIKE '%https://news.example/2.jpg%'"));
    }

    [Fact]
    public async Task Double_encoded_markup_in_titles_is_not_stored_as_markup()
    {
        const string document = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>&amp;lt;img src=x onerror=alert(1)&amp;gt;Portal</title><link>https://news.example/</link><description>d</description>
            <item><guid>urn:1</guid><title>&amp;lt;img src=x onerror=alert(2)&amp;gt;Banjir</title><link>https://news.example/1</link></item>
            <item><guid>urn:2</guid><title><![CDATA[&lt;svg onload=alert(3)&gt;Longsor]]></title><link>https://news.example/2</link></item>
            </channel></rss>
            """;
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", document);
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));

        RefreshResult result = await harness.RefreshAsync(source.Id);

        Assert.Equal(RefreshStatus.Updated, result.Status);
        Assert.Equal("Portal", (await harness.SourceAsync(source.Id)).Title);
        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM items WHERE title = 'Banjir'"));
        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM items WHERE title = 'Longsor'"));
    }

    [Fact]
    public async Task A_feed_with_more_items_than_the_limit_keeps_the_newest_and_logs_the_cut_once()
    {
        // Numbered(n) is n minutes older than Numbered(n - 1); the document lists the oldest first.
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", FeedXml.Rss("Many", Enumerable.Range(1, 1_200).Reverse().Select(n => FeedXml.Numbered(n))));
        var logs = new CapturingLoggerProvider();
        await using PipelineHarness harness = await PipelineHarness.StartAsync(configure: builder => builder.Logging.AddProvider(logs));
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));

        RefreshResult result = await harness.RefreshAsync(source.Id);

        Assert.Equal(RefreshStatus.Updated, result.Status);
        Assert.Equal(500, result.NewItems);
        Assert.Equal(500, await harness.CountAsync("SELECT count(*) FROM items"));
        Assert.Equal(500, await harness.CountAsync("SELECT count(*) FROM items WHERE title IN (" + string.Join(',', Enumerable.Range(1, 500).Select(n => $"'Story {n}'")) + ")"));
        string cut = Assert.Single(logs.Messages, message => message.Contains("MaxItemsPerFeed", StringComparison.Ordinal));
        Assert.Contains("500 of 1200", cut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_site_url_stored_before_it_was_checked_is_replaced_at_the_next_poll_when_it_is_not_a_web_url()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", FeedXml.Rss("Portal", [FeedXml.Numbered(1)]));
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={harness.DatabasePath}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
            command.CommandText = "UPDATE sources SET site_url = 'javascript:alert(1)' WHERE id = $id";
            command.Parameters.AddWithValue("$id", source.Id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }

        await harness.RefreshAsync(source.Id);

        Assert.Equal("https://news.example/", (await harness.SourceAsync(source.Id)).SiteUrl);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new Logger(_messages);

        public void Dispose()
        {
        }

        private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
