using System.Xml.Linq;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Publishing;

/// <summary>The real worker after it has polled two loopback sources: an origin media center
/// (tag kalsel) and a portal (tag nasional) that republished one of its stories. Two channels.</summary>
public sealed class PublishedHost : IAsyncLifetime
{
    public const int OriginStories = 6;
    public const int PortalOnlyStories = 3;
    public const int TotalStories = OriginStories + PortalOnlyStories;

    public FixtureServer Server { get; private set; } = null!;
    public WorkerHost Host { get; private set; } = null!;
    public HttpClient Http => Host.Http;

    public static IEnumerable<FeedXml.Item> OriginItems() =>
        Enumerable.Range(1, OriginStories).Select(n => FeedXml.Numbered(n, "mc.example") with { Title = n == 1 ? "Banjir di Martapura" : $"Story {n}" });

    public async ValueTask InitializeAsync()
    {
        Server = await FixtureServer.StartAsync();
        FeedXml.Item shared = OriginItems().First();
        Server.MapContent("origin.xml", FeedXml.Rss("MC Kalsel", OriginItems()));
        Server.MapContent("portal.xml", FeedXml.Rss("Portal", [shared with { Guid = "p-1", Link = shared.Link.Replace("utm_source=rss", "utm_source=portal", StringComparison.Ordinal) }, .. Enumerable.Range(10, PortalOnlyStories).Select(n => FeedXml.Numbered(n, "portal.example"))]));
        Host = await WorkerHost.StartAsync(Settings(Server));
        await WorkerHost.EventuallyAsync(async () => await CountItemsAsync(Host.Http, "feed.xml?limit=100") == TotalStories && await CountCopiesAsync() == 1, TimeSpan.FromSeconds(20), "both sources are stored");
    }

    public static Dictionary<string, string> Settings(FixtureServer server) => new()
    {
        ["FeedHub:Sources:0:Url"] = server.Url("origin.xml").AbsoluteUri,
        ["FeedHub:Sources:0:Title"] = "MC Kalsel",
        ["FeedHub:Sources:0:IsOrigin"] = "true",
        ["FeedHub:Sources:0:Tags:0"] = "kalsel",
        ["FeedHub:Sources:1:Url"] = server.Url("portal.xml").AbsoluteUri,
        ["FeedHub:Sources:1:Title"] = "Portal",
        ["FeedHub:Sources:1:Tags:0"] = "nasional",
        ["FeedHub:Channels:0:Name"] = "kalsel",
        ["FeedHub:Channels:0:Title"] = "Berita Kalsel",
        ["FeedHub:Channels:0:Description"] = "Kalimantan Selatan",
        ["FeedHub:Channels:0:Tags:0"] = "kalsel",
        ["FeedHub:Channels:1:Name"] = "portal-banjir",
        ["FeedHub:Channels:1:Sources:0"] = server.Url("portal.xml").AbsoluteUri,
        ["FeedHub:Channels:1:Query"] = "banjir",
    };

    public static async Task<int> CountItemsAsync(HttpClient http, string url)
    {
        using HttpResponseMessage response = await http.GetAsync(url);
        return response.IsSuccessStatusCode ? XDocument.Parse(await response.Content.ReadAsStringAsync()).Descendants("item").Count() : -1;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Server.DisposeAsync();
    }

    private async Task<int> CountCopiesAsync()
    {
        string xml = await Host.Http.GetStringAsync("feed.xml?limit=100");
        return XDocument.Parse(xml).Descendants(XName.Get("link", "http://www.w3.org/2005/Atom")).Count(l => (string?)l.Attribute("rel") == "related");
    }
}
