using FeedHub.Ingestion.Fetching;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Http;

namespace FeedHub.IntegrationTests.Fetching;

/// <summary>Fetches through an outbound proxy (a loopback forward proxy on 127.0.0.2) keep the address
/// rules: the fixture feeds on 127.0.0.1 are reachable only through a test allowance for that one
/// address, the proxy because it is configuration.</summary>
public sealed class FeedFetcherProxyTests
{
    private const string Rss = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>MC Kalsel</title></channel></rss>""";

    [Fact]
    public async Task Every_fetch_and_every_redirect_hop_goes_through_the_configured_proxy()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed", Rss);
        server.Map("moved", context =>
        {
            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = "/feed";
            return Task.CompletedTask;
        });
        await using LoopbackForwardProxy proxy = LoopbackForwardProxy.Start();
        using FetcherHarness harness = ThroughProxy(proxy, allowed: "127.0.0.1/32");

        FetchResult direct = await harness.FetchAsync(server.Url("feed"));
        FetchResult redirected = await harness.FetchAsync(server.Url("moved"));

        Assert.Equal(FetchStatus.Ok, direct.Status);
        Assert.Equal(FetchStatus.Ok, redirected.Status);
        Assert.Equal(server.Url("feed"), redirected.FinalUrl);
        Assert.Equal(
            [$"GET {server.Url("feed")}", $"GET {server.Url("moved")}", $"GET {server.Url("feed")}"],
            proxy.Requests);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_a_refused_address_is_refused_before_the_proxy_sees_it()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed", Rss);
        await using LoopbackForwardProxy proxy = LoopbackForwardProxy.Start();
        // No allowance at all: the proxy (127.0.0.2) is reachable because it is configuration, while
        // localhost, which the proxy would happily forward to, is a loopback name and refused.
        using FetcherHarness harness = ThroughProxy(proxy, allowed: null);

        FetchResult byName = await harness.FetchAsync($"http://localhost:{server.BaseUri.Port}/feed");
        FetchResult byAddress = await harness.FetchAsync($"http://10.0.0.1:{server.BaseUri.Port}/feed");

        Assert.Equal(FetchStatus.Failed, byName.Status);
        Assert.Contains("refused: localhost resolves to", byName.Error, StringComparison.Ordinal);
        Assert.Equal(FetchStatus.Failed, byAddress.Status);
        Assert.Contains("10.0.0.1 is a private address", byAddress.Error, StringComparison.Ordinal);
        Assert.Empty(proxy.Requests);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_redirect_to_a_refused_address_is_not_followed_through_the_proxy()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("inward", context =>
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/";
            return Task.CompletedTask;
        });
        await using LoopbackForwardProxy proxy = LoopbackForwardProxy.Start();
        using FetcherHarness harness = ThroughProxy(proxy, allowed: "127.0.0.1/32");

        FetchResult redirected = await harness.FetchAsync(server.Url("inward"));

        Assert.Equal(FetchStatus.Failed, redirected.Status);
        Assert.Contains("refused: 169.254.169.254 is a link-local address", redirected.Error, StringComparison.Ordinal);
        Assert.Equal([$"GET {server.Url("inward")}"], proxy.Requests);
    }

    [Fact]
    public async Task Hosts_the_bypass_list_names_are_fetched_directly()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed", Rss);
        await using LoopbackForwardProxy proxy = LoopbackForwardProxy.Start();
        using FetcherHarness harness = ThroughProxy(proxy, allowed: "127.0.0.1/32", noProxy: ["127.0.0.0/8"]);

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Empty(proxy.Requests);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task The_proxy_address_is_exempt_only_as_a_proxy_not_as_a_feed_host()
    {
        await using LoopbackForwardProxy proxy = LoopbackForwardProxy.Start();
        using FetcherHarness harness = ThroughProxy(proxy, allowed: "127.0.0.1/32", noProxy: ["127.0.0.2"]);

        FetchResult result = await harness.FetchAsync(new Uri(proxy.Uri, "feed"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Contains("127.0.0.2 is a loopback address", result.Error, StringComparison.Ordinal);
        Assert.Empty(proxy.Requests);
    }

    private static FetcherHarness ThroughProxy(LoopbackForwardProxy proxy, string? allowed, string[]? noProxy = null) =>
        FetcherHarness.Create(options =>
        {
            options.Proxy = proxy.Uri.AbsoluteUri;
            if (allowed is not null)
            {
                options.AllowedPrivateNetworks.Add(allowed);
            }

            foreach (string entry in noProxy ?? [])
            {
                options.NoProxy.Add(entry);
            }
        });
}
