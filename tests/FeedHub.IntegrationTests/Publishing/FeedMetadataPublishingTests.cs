using System.Text.Json;
using System.Xml.Linq;
using FeedHub.Ingestion.Refreshing;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Publishing;

/// <summary>What a feed says about itself and its entries, from a real poll through the SQLite file
/// to the merged feeds and the home page: each entry's language (its own, else its feed's) and the
/// feed's image.</summary>
public sealed class FeedMetadataPublishingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    private const string Feed = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id-ID">
          <id>urn:kabar</id><title>Portal Kabar</title><updated>2024-05-07T03:00:00Z</updated>
          <entry><id>urn:kabar:1</id><title>Banjir di Martapura</title><link href="https://kabar.example/1"/>
            <updated>2024-05-07T02:00:00Z</updated><content type="html">&lt;p&gt;Isi&lt;/p&gt;</content></entry>
          <entry xml:lang="en"><id>urn:kabar:2</id><title>Flood in Martapura</title><link href="https://kabar.example/2"/>
            <updated>2024-05-07T01:00:00Z</updated><content type="html">&lt;p&gt;Text&lt;/p&gt;</content></entry>
        </feed>
        """;

    [Fact]
    public async Task Each_merged_feed_item_states_the_language_of_its_entry_or_of_its_feed()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.atom", Feed, "application/atom+xml");
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Sources:0:Url"] = server.Url("feed.atom").AbsoluteUri,
            ["FeedHub:Sources:0:IsOrigin"] = "true",
        });
        await WorkerHost.EventuallyAsync(async () => (await host.Http.GetStringAsync("feed.xml", Ct)).Contains("Flood in Martapura", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), "the feed is polled and published");

        XDocument atom = XDocument.Parse(await host.Http.GetStringAsync("feed.atom", Ct));
        Assert.Equal(["id-ID", "en"], atom.Descendants(Atom + "entry").Select(e => (string?)e.Attribute(XNamespace.Xml + "lang")));
        XDocument rss = XDocument.Parse(await host.Http.GetStringAsync("feed.xml", Ct));
        Assert.Equal(["id-ID", "en"], rss.Descendants("item").Select(i => (string?)i.Element(Dc + "language")));
        using JsonDocument json = JsonDocument.Parse(await host.Http.GetStringAsync("feed.json", Ct));
        Assert.Equal(["id-ID", "en"], json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("language").GetString()));
    }

    [Fact]
    public async Task The_home_page_shows_the_origin_feeds_image_beside_its_name()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.atom", Feed.Replace("<title>Portal Kabar</title>", "<title>Portal Kabar</title><icon>/favicon.png</icon>", StringComparison.Ordinal), "application/atom+xml");
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Sources:0:Url"] = server.Url("feed.atom").AbsoluteUri,
        });
        string html = "";
        await WorkerHost.EventuallyAsync(async () => (html = await host.Http.GetStringAsync("/", Ct)).Contains("Flood in Martapura", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), "the feed is polled and published");

        Assert.Contains($"<div class=\"meta\"><img class=\"icon\" src=\"{server.Url("favicon.png").AbsoluteUri}\" alt=\"Portal Kabar\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_feed_that_only_changes_its_image_changes_the_home_page()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        string icon = "/old.png";
        server.Map("feed.atom", context =>
        {
            context.Response.ContentType = "application/atom+xml";
            return context.Response.WriteAsync(Feed.Replace("<title>Portal Kabar</title>", $"<title>Portal Kabar</title><icon>{Volatile.Read(ref icon)}</icon>", StringComparison.Ordinal), Ct);
        });
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Sources:0:Url"] = server.Url("feed.atom").AbsoluteUri,
        });
        await WorkerHost.EventuallyAsync(async () => (await host.Http.GetStringAsync("/", Ct)).Contains(server.Url("old.png").AbsoluteUri, StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), "the feed is polled and its image shown");

        Volatile.Write(ref icon, "/new.png");
        await host.Services.GetRequiredService<FeedRefresher>().RefreshAsync(1, Ct);

        string html = await host.Http.GetStringAsync("/", Ct);
        Assert.Contains(server.Url("new.png").AbsoluteUri, html, StringComparison.Ordinal);
    }
}
