using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Publishing.Rendering;

namespace FeedHub.IntegrationTests.Publishing;

/// <summary>Entry ids and self links never come from a request's Host header: ids use the tag
/// authority fixed at first start, links the public base URL or a host the operator allowed.</summary>
public sealed class PublicAddressTests
{
    private const string Evil = "evil.example";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("feed.xml")]
    [InlineData("feed.atom")]
    [InlineData("feed.json")]
    [InlineData("channels/kalsel.xml")]
    [InlineData("")]
    public async Task A_host_that_is_not_allowed_gets_a_400_problem_and_never_its_name_in_a_document(string path)
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        await using WorkerHost host = await StartStoredAsync(server, new Dictionary<string, string>
        {
            ["FeedHub:Channels:0:Name"] = "kalsel",
            ["FeedHub:Channels:0:Tags:0"] = "kalsel",
        });

        using HttpResponseMessage response = await GetAsync(host, path, Evil);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(Evil, await response.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task With_a_public_base_url_a_foreign_host_changes_neither_ids_nor_links()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        await using WorkerHost host = await StartStoredAsync(server, new Dictionary<string, string>
        {
            ["FeedHub:Publishing:PublicBaseUrl"] = "https://feeds.example/news/",
        });

        foreach (string path in new[] { "feed.xml", "feed.atom", "feed.json", "" })
        {
            using HttpResponseMessage response = await GetAsync(host, path, Evil);
            string body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(Evil, body, StringComparison.OrdinalIgnoreCase);
        }

        byte[] atom = await host.Http.GetByteArrayAsync("feed.atom", Ct);
        Assert.Equal("https://feeds.example/news/feed.atom", SelfLink(atom));
        Assert.All(EntryIds(atom), id => Assert.StartsWith("tag:feeds.example,", id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_listed_in_allowed_hosts_names_the_links_and_others_are_refused()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        await using WorkerHost host = await StartStoredAsync(server, new Dictionary<string, string>
        {
            ["AllowedHosts"] = "feeds.example;127.0.0.1",
        });

        using HttpResponseMessage listed = await GetAsync(host, "feed.atom", "feeds.example");
        using HttpResponseMessage other = await GetAsync(host, "feed.atom", Evil);

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        byte[] body = await listed.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal("http://feeds.example/feed.atom", SelfLink(body));
        Assert.All(EntryIds(body), id => Assert.DoesNotContain("feeds.example", id, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.DoesNotContain(Evil, await other.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_story_keeps_its_id_whatever_the_host_and_after_the_public_base_url_is_set_later()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        using var data = new TempDirectory();
        var database = new Dictionary<string, string> { ["FeedHub:Storage:ConnectionString"] = $"Data Source={data.File("feedhub.db")}" };

        List<string> byAddress, byName, byJson;
        await using (WorkerHost first = await StartStoredAsync(server, database))
        {
            byAddress = EntryIds(await first.Http.GetByteArrayAsync("feed.atom", Ct));
            using HttpResponseMessage named = await GetAsync(first, "feed.atom", "localhost:" + first.BaseUri.Port);
            byName = EntryIds(await named.Content.ReadAsByteArrayAsync(Ct));
            using JsonDocument json = JsonDocument.Parse(await first.Http.GetByteArrayAsync("feed.json", Ct));
            byJson = [.. json.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];
        }

        // The first start had no public base URL: the machine's name is the authority, for good.
        string authority = TagAuthority.FromMachineName();
        Assert.Equal(3, byAddress.Count);
        Assert.All(byAddress, id => Assert.StartsWith($"tag:{authority},", id, StringComparison.Ordinal));
        Assert.Equal(byAddress, byName);
        Assert.Equal(byAddress, byJson);

        var later = new Dictionary<string, string>(database) { ["FeedHub:Publishing:PublicBaseUrl"] = "https://feeds.example/" };
        await using WorkerHost second = await WorkerHost.StartAsync(later);
        byte[] atom = await second.Http.GetByteArrayAsync("feed.atom", Ct);
        Assert.Equal(byAddress, EntryIds(atom));
        Assert.Equal("https://feeds.example/feed.atom", SelfLink(atom));
    }

    private static async Task<WorkerHost> StartStoredAsync(FixtureServer server, IDictionary<string, string> settings)
    {
        server.MapContent("origin.xml", FeedXml.Rss("MC Kalsel", Enumerable.Range(1, 3).Select(n => FeedXml.Numbered(n, "mc.example"))));
        var all = new Dictionary<string, string>(settings)
        {
            ["FeedHub:Sources:0:Url"] = server.Url("origin.xml").AbsoluteUri,
            ["FeedHub:Sources:0:Tags:0"] = "kalsel",
        };
        WorkerHost host = await WorkerHost.StartAsync(all);
        await WorkerHost.EventuallyAsync(async () => EntryIds(await host.Http.GetByteArrayAsync("feed.atom", Ct)).Count == 3, Patience, "the source is stored");
        return host;
    }

    private static async Task<HttpResponseMessage> GetAsync(WorkerHost host, string path, string hostHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = hostHeader;
        return await host.Http.SendAsync(request, Ct);
    }

    private static List<string> EntryIds(byte[] atom) =>
        [.. XDocument.Load(new MemoryStream(atom)).Root!.Elements(Atom + "entry").Select(e => (string)e.Element(Atom + "id")!)];

    private static string SelfLink(byte[] atom) =>
        (string)XDocument.Load(new MemoryStream(atom)).Root!.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href")!;
}
