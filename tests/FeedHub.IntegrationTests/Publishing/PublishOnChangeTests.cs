using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Publishing;

/// <summary>What happens after new items land: fresh bodies and validators, WebSub hubs told
/// (with retries), export files rewritten.</summary>
public sealed class PublishOnChangeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_new_items_land_the_old_etag_gets_the_new_body_never_a_cached_one()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", FeedXml.Rss("MC", [FeedXml.Numbered(2)]));
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Sources:0:Url"] = server.Url("feed.xml").AbsoluteUri,
            ["FeedHub:Sources:0:Interval"] = "00:00:01",
            ["FeedHub:Scheduling:Jitter"] = "0",
        });
        await WorkerHost.EventuallyAsync(async () => await PublishedHost.CountItemsAsync(host.Http, "feed.xml") == 1, Patience, "the first story is served");
        using HttpResponseMessage before = await host.Http.GetAsync("feed.xml", Ct);
        EntityTagHeaderValue oldTag = before.Headers.ETag!;

        server.MapContent("feed.xml", FeedXml.Rss("MC", [FeedXml.Numbered(1), FeedXml.Numbered(2)]));
        await WorkerHost.EventuallyAsync(async () => await PublishedHost.CountItemsAsync(host.Http, "feed.xml") == 2, Patience, "the new story is served");

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "feed.xml");
        conditional.Headers.IfNoneMatch.Add(oldTag);
        using HttpResponseMessage after = await host.Http.SendAsync(conditional, Ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(oldTag, after.Headers.ETag);
        Assert.Equal(["Story 1", "Story 2"], XDocument.Parse(await after.Content.ReadAsStringAsync(Ct)).Descendants("item").Select(i => (string?)i.Element("title")));
    }

    [Fact]
    public async Task Hubs_are_advertised_and_notified_of_each_changed_feed_retrying_a_failing_hub()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        // The first call fails: the notifier must retry.
        HubPings pings = server.MapHub("hub", refuse: 1);
        Dictionary<string, string> settings = PublishedHost.Settings(server);
        settings["FeedHub:Publishing:PublicBaseUrl"] = "https://feeds.example/";
        settings["FeedHub:Publishing:WebSubHubs:0"] = server.Url("hub").AbsoluteUri;
        settings["FeedHub:Publishing:WebSubRetryDelay"] = "00:00:00.050";
        settings["FeedHub:Publishing:ChangePollInterval"] = "00:00:00.100";
        server.MapContent("origin.xml", FeedXml.Rss("MC Kalsel", PublishedHost.OriginItems()));
        server.MapContent("portal.xml", FeedXml.Rss("Portal", [FeedXml.Numbered(10, "portal.example")]));
        await using WorkerHost host = await WorkerHost.StartAsync(settings);

        string[] expected =
        [
            "https://feeds.example/feed.xml", "https://feeds.example/feed.atom", "https://feeds.example/feed.json",
            "https://feeds.example/channels/kalsel.xml", "https://feeds.example/channels/kalsel.atom", "https://feeds.example/channels/kalsel.json",
        ];
        await WorkerHost.EventuallyAsync(() => Task.FromResult(expected.All(url => pings.All.Contains(("publish", url)))), Patience, "every feed with stories is announced");
        int delivered = pings.All.Count;
        Assert.True(pings.Calls > delivered, "the failed call was retried");
        Assert.DoesNotContain(pings.Urls, url => url.Contains("portal-banjir", StringComparison.Ordinal));

        using HttpResponseMessage response = await host.Http.GetAsync("feed.atom", Ct);
        Assert.Contains($"<{server.Url("hub").AbsoluteUri}>; rel=\"hub\"", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        XElement hub = XDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).Root!.Elements(XName.Get("link", "http://www.w3.org/2005/Atom")).Single(l => (string?)l.Attribute("rel") == "hub");
        Assert.Equal(server.Url("hub").AbsoluteUri, (string?)hub.Attribute("href"));
    }

    [Fact]
    public async Task Hubs_are_notified_through_the_proxy_the_feeds_are_fetched_through()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        HubPings pings = server.MapHub("hub");
        await using LoopbackForwardProxy proxy = LoopbackForwardProxy.Start();
        Dictionary<string, string> settings = PublishedHost.Settings(server);
        settings["FeedHub:Fetch:Proxy"] = proxy.Uri.AbsoluteUri;
        settings["FeedHub:Publishing:PublicBaseUrl"] = "https://feeds.example/";
        settings["FeedHub:Publishing:WebSubHubs:0"] = server.Url("hub").AbsoluteUri;
        settings["FeedHub:Publishing:ChangePollInterval"] = "00:00:00.100";
        server.MapContent("origin.xml", FeedXml.Rss("MC Kalsel", PublishedHost.OriginItems()));
        server.MapContent("portal.xml", FeedXml.Rss("Portal", [FeedXml.Numbered(10, "portal.example")]));
        await using WorkerHost host = await WorkerHost.StartAsync(settings);

        await WorkerHost.EventuallyAsync(() => Task.FromResult(pings.Urls.Contains("https://feeds.example/feed.xml")), Patience, "the hub is told of the merged feed");

        // A network that needs a proxy for the feeds needs it for the hub: every fetch and every ping
        // went through it. The merged feed is announced once either source is stored, so the other
        // source's fetch may still be to come. The proxy counts a ping when it has read its headers
        // and the hub once it has read its form, and several go out at once: the counts agree once
        // none is in flight.
        string[] fetches = [$"GET {server.Url("origin.xml")}", $"GET {server.Url("portal.xml")}"];
        await WorkerHost.EventuallyAsync(() => Task.FromResult(fetches.All(proxy.Requests.Contains)), Patience, "both feeds are fetched through the proxy");
        await WorkerHost.EventuallyAsync(async () => await PublishedHost.CountItemsAsync(host.Http, "feed.xml") == PublishedHost.OriginStories + 1, Patience, "both sources are stored");
        int Proxied() => proxy.Requests.Count(request => request == $"POST {server.Url("hub")}");
        await WorkerHost.EventuallyAsync(() => Task.FromResult(pings.Calls > 0 && pings.Calls == Proxied()), Patience, "every ping that went through the proxy reached the hub");
    }

    [Fact]
    public async Task Every_feed_and_channel_is_exported_as_the_same_bytes_served_over_http()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        using var export = new TempDirectory();
        Dictionary<string, string> settings = PublishedHost.Settings(server);
        settings["FeedHub:Publishing:PublicBaseUrl"] = "https://feeds.example/";
        settings["FeedHub:Publishing:ExportDirectory"] = export.Path;
        settings["FeedHub:Publishing:ChangePollInterval"] = "00:00:00.100";
        server.MapContent("origin.xml", FeedXml.Rss("MC Kalsel", PublishedHost.OriginItems()));
        server.MapContent("portal.xml", FeedXml.Rss("Portal", [FeedXml.Numbered(10, "portal.example")]));
        await using WorkerHost host = await WorkerHost.StartAsync(settings);
        await WorkerHost.EventuallyAsync(async () => await PublishedHost.CountItemsAsync(host.Http, "feed.xml") == PublishedHost.OriginStories + 1, Patience, "both sources are stored");

        string[] paths = ["feed.xml", "feed.atom", "feed.json", "channels/kalsel.xml", "channels/kalsel.atom", "channels/kalsel.json", "channels/portal-banjir.json"];
        foreach (string path in paths)
        {
            byte[] served = await host.Http.GetByteArrayAsync(path, Ct);
            await WorkerHost.EventuallyAsync(() => Task.FromResult(File.Exists(Path.Combine(export.Path, path)) && File.ReadAllBytes(Path.Combine(export.Path, path)).AsSpan().SequenceEqual(served)), Patience, $"{path} is exported as served");
        }

        // An export still running (the worker keeps polling) has its temporary file for a moment;
        // one left behind by a finished export would never go.
        await WorkerHost.EventuallyAsync(() => Task.FromResult(Directory.GetFiles(export.Path, "*.tmp", SearchOption.AllDirectories).Length == 0), Patience, "no temporary file is left behind");
    }
}
