using System.Net;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Publishing;

/// <summary>/archive/{yyyy-MM}.xml|.atom (RFC 5005 archived feeds) from the real host, over real HTTP.</summary>
public sealed class ArchiveEndpointTests(ArchiveEndpointTests.ArchivedHost archived) : IClassFixture<ArchiveEndpointTests.ArchivedHost>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace History = "http://purl.org/syndication/history/1.0";

    private HttpClient Http => archived.Host.Http;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_past_month_lists_exactly_its_stories_newest_first_with_archive_links()
    {
        XDocument rss = await LoadStrictAsync("archive/2024-05.xml");

        XElement channel = rss.Root!.Element("channel")!;
        Assert.Equal(["May last second", "May early"], channel.Elements("item").Select(i => (string?)i.Element("title")));
        Assert.NotNull(channel.Element(History + "archive"));
        Assert.Equal(Url("archive/2024-05.xml"), Link(channel, "self"));
        Assert.Equal(Url("feed.xml"), Link(channel, "current"));
        Assert.Equal(Url("archive/2024-03.xml"), Link(channel, "prev-archive"));
        Assert.Equal(Url("archive/2024-07.xml"), Link(channel, "next-archive"));
        Assert.Null(Link(channel, "next"));
    }

    [Fact]
    public async Task The_atom_archive_shares_the_subscription_feed_identity_and_chains_to_its_ends()
    {
        XElement oldest = (await LoadStrictAsync("archive/2024-03.atom")).Root!;
        Assert.Equal(Url("feed.atom"), (string?)oldest.Element(Atom + "id"));
        Assert.NotNull(oldest.Element(History + "archive"));
        Assert.Equal(["March"], oldest.Elements(Atom + "entry").Select(e => (string?)e.Element(Atom + "title")));
        Assert.Null(Link(oldest, "prev-archive"));
        Assert.Equal(Url("archive/2024-05.atom"), Link(oldest, "next-archive"));

        XElement newest = (await LoadStrictAsync("archive/2024-07.atom")).Root!;
        Assert.Equal(["July first second"], newest.Elements(Atom + "entry").Select(e => (string?)e.Element(Atom + "title")));
        Assert.Equal(Url("archive/2024-05.atom"), Link(newest, "prev-archive"));
        // The next month with stories is the current one, which is not an archive.
        Assert.Null(Link(newest, "next-archive"));
        Assert.Equal(Url("feed.atom"), Link(newest, "current"));
    }

    [Theory]
    [InlineData("feed.xml", "archive/2024-07.xml")]
    [InlineData("feed.atom", "archive/2024-07.atom")]
    public async Task The_subscription_feed_points_at_the_newest_completed_month(string feed, string archive)
    {
        XElement root = (await LoadStrictAsync(feed)).Root!;
        XElement head = root.Element("channel") ?? root;
        Assert.Equal(Url(archive), Link(head, "prev-archive"));
        Assert.Null(head.Element(History + "archive"));
    }

    [Fact]
    public async Task Filtered_feeds_and_json_carry_no_archive_links()
    {
        XElement filtered = (await LoadStrictAsync("feed.xml?q=March")).Root!.Element("channel")!;
        Assert.Null(Link(filtered, "prev-archive"));

        string json = await Http.GetStringAsync("feed.json", Ct);
        Assert.DoesNotContain("archive", json, StringComparison.Ordinal);
        using HttpResponseMessage archive = await Http.GetAsync("archive/2024-05.json", Ct);
        Assert.Equal(HttpStatusCode.NotFound, archive.StatusCode);
        Assert.Equal("application/problem+json", archive.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("archive/2024-13.xml")]
    [InlineData("archive/2024-00.atom")]
    [InlineData("archive/24-05.xml")]
    [InlineData("archive/2024-5.xml")]
    [InlineData("archive/1989-12.xml")]
    [InlineData("archive/2024-05x.xml")]
    [InlineData("archive/2024-05.xml?limit=5")]
    public async Task A_malformed_month_or_a_query_is_a_400_problem(string path)
    {
        using HttpResponseMessage response = await Http.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_current_and_future_months_and_empty_months_are_404_problems()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string current = now.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        string future = now.AddMonths(2).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        foreach (string path in (string[])[$"archive/{current}.xml", $"archive/{future}.atom", "archive/2024-04.xml", "archive/2024-06.atom"])
        {
            using HttpResponseMessage response = await Http.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, path);
            using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal("No such archive", problem.RootElement.GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task An_archive_answers_its_etag_with_304()
    {
        using HttpResponseMessage first = await Http.GetAsync("archive/2024-05.atom", Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var again = new HttpRequestMessage(HttpMethod.Get, "archive/2024-05.atom");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using HttpResponseMessage second = await Http.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    private string Url(string path) => new Uri(archived.Host.BaseUri, path).AbsoluteUri;

    private static string? Link(XElement parent, string rel) =>
        (string?)parent.Elements(Atom + "link").SingleOrDefault(l => (string?)l.Attribute("rel") == rel)?.Attribute("href");

    private async Task<XDocument> LoadStrictAsync(string path)
    {
        using HttpResponseMessage response = await Http.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using Stream body = await response.Content.ReadAsStreamAsync(Ct);
        using var reader = XmlReader.Create(body, new XmlReaderSettings { CheckCharacters = true, DtdProcessing = DtdProcessing.Prohibit, Async = true });
        return await XDocument.LoadAsync(reader, LoadOptions.None, Ct);
    }

    /// <summary>The real worker after polling one loopback source whose stories fall in March,
    /// May (twice, one on its last second), July (its first second) and the current month.</summary>
    public sealed class ArchivedHost : IAsyncLifetime
    {
        public FixtureServer Server { get; private set; } = null!;
        public WorkerHost Host { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            DateTimeOffset monthStart = new(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
            FeedXml.Item[] items =
            [
                FeedXml.Numbered(1, "mc.example", new DateTimeOffset(2024, 3, 10, 8, 0, 0, TimeSpan.Zero)) with { Title = "March" },
                FeedXml.Numbered(2, "mc.example", new DateTimeOffset(2024, 5, 7, 3, 0, 0, TimeSpan.Zero)) with { Title = "May early" },
                FeedXml.Numbered(3, "mc.example", new DateTimeOffset(2024, 5, 31, 23, 59, 59, TimeSpan.Zero)) with { Title = "May last second" },
                FeedXml.Numbered(4, "mc.example", new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero)) with { Title = "July first second" },
                FeedXml.Numbered(5, "mc.example", monthStart + (now - monthStart) / 2) with { Title = "This month" },
            ];
            Server = await FixtureServer.StartAsync();
            Server.MapContent("origin.xml", FeedXml.Rss("MC Kalsel", items));
            Host = await WorkerHost.StartAsync(new Dictionary<string, string>
            {
                ["FeedHub:Sources:0:Url"] = Server.Url("origin.xml").AbsoluteUri,
                ["FeedHub:Sources:0:Title"] = "MC Kalsel",
            });
            await WorkerHost.EventuallyAsync(async () => await PublishedHost.CountItemsAsync(Host.Http, "feed.xml") == items.Length, TimeSpan.FromSeconds(20), "the source is stored");
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await Server.DisposeAsync();
        }
    }
}
