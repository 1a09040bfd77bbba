using System.Security.Cryptography.X509Certificates;
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
        server.MapRedirect("moved", "/feed");
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

    [Theory]
    [InlineData("http", "10.0.0.1", "10.0.0.1 is a private address")]
    [InlineData("https", "169.254.169.254", "169.254.169.254 is a link-local address")]
    public async Task A_host_name_that_resolves_to_a_refused_address_is_refused_before_the_proxy_sees_it(string scheme, string address, string reason)
    {
        // For https the check must come before the tunnel too: a CONNECT would name the host to the proxy.
        using X509Certificate2 certificate = LoopbackCertificate.Create();
        await using FixtureServer server = scheme == "https" ? await FixtureServer.StartHttpsAsync(certificate) : await FixtureServer.StartAsync();
        server.MapContent("feed", Rss);
        await using LoopbackForwardProxy proxy = LoopbackForwardProxy.Start();
        // No allowance at all: the proxy (127.0.0.2) is reachable because it is configuration, while
        // localhost, which the proxy would happily forward to, is a loopback name and refused.
        using FetcherHarness harness = ThroughProxy(proxy, allowed: null, trusted: certificate);

        FetchResult byName = await harness.FetchAsync($"{scheme}://localhost:{server.BaseUri.Port}/feed");
        FetchResult byAddress = await harness.FetchAsync($"{scheme}://{address}:{server.BaseUri.Port}/feed");

        Assert.Equal(FetchStatus.Failed, byName.Status);
        Assert.Contains("refused: localhost resolves to", byName.Error, StringComparison.Ordinal);
        Assert.Equal(FetchStatus.Failed, byAddress.Status);
        Assert.Contains(reason, byAddress.Error, StringComparison.Ordinal);
        Assert.Empty(proxy.Requests);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_redirect_to_a_refused_address_is_not_followed_through_the_proxy()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapRedirect("inward", "http://169.254.169.254/latest/meta-data/", StatusCodes.Status302Found);
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

    [Fact]
    public async Task An_https_feed_and_its_redirect_are_fetched_through_a_tunnel_the_proxy_only_sees_the_host_of()
    {
        using X509Certificate2 certificate = LoopbackCertificate.Create();
        await using FixtureServer server = await FixtureServer.StartHttpsAsync(certificate);
        server.MapContent("feed", Rss);
        server.MapRedirect("moved", "/feed");
        await using LoopbackForwardProxy proxy = LoopbackForwardProxy.Start();
        using FetcherHarness harness = ThroughProxy(proxy, allowed: "127.0.0.1/32", trusted: certificate);

        FetchResult result = await harness.FetchAsync(server.Url("moved"));

        Assert.True(result.Status == FetchStatus.Ok, result.Error);
        Assert.Equal(server.Url("feed"), result.FinalUrl);
        Assert.Equal(["/moved", "/feed"], server.Requests.Select(request => request.Path));
        // A CONNECT names the host and port only: the paths and headers went inside the TLS tunnel.
        string authority = $"{server.BaseUri.Host}:{server.BaseUri.Port}";
        Assert.NotEmpty(proxy.Requests);
        Assert.All(proxy.Requests, request => Assert.Equal($"CONNECT {authority}", request));
    }

    [Fact]
    public async Task An_https_certificate_the_machine_does_not_trust_fails_the_fetch_through_the_proxy_too()
    {
        using X509Certificate2 certificate = LoopbackCertificate.Create();
        await using FixtureServer server = await FixtureServer.StartHttpsAsync(certificate);
        server.MapContent("feed", Rss);
        await using LoopbackForwardProxy proxy = LoopbackForwardProxy.Start();
        using FetcherHarness harness = ThroughProxy(proxy, allowed: "127.0.0.1/32");

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        // TLS runs end to end, from the fetcher to the feed's server: the proxy cannot stand in for it.
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Contains("certificate", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([$"CONNECT {server.BaseUri.Host}:{server.BaseUri.Port}"], proxy.Requests);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Credentials_in_the_proxy_url_answer_its_challenge_for_http_and_https_and_never_reach_a_feed()
    {
        using X509Certificate2 certificate = LoopbackCertificate.Create();
        await using FixtureServer secure = await FixtureServer.StartHttpsAsync(certificate);
        await using FixtureServer plain = await FixtureServer.StartAsync();
        secure.MapContent("feed", Rss);
        plain.MapContent("feed", Rss);
        await using LoopbackForwardProxy proxy = LoopbackForwardProxy.Start(user: "ops", password: "s@cret:1");
        using FetcherHarness harness = FetcherHarness.Create(
            options =>
            {
                options.Proxy = $"http://ops:s%40cret%3A1@{proxy.Uri.Authority}";
                options.AllowedPrivateNetworks.Add("127.0.0.1/32");
            },
            trusted: certificate);

        FetchResult overHttp = await harness.FetchAsync(plain.Url("feed"));
        FetchResult overHttps = await harness.FetchAsync(secure.Url("feed"));

        Assert.True(overHttp.Status == FetchStatus.Ok, overHttp.Error);
        Assert.True(overHttps.Status == FetchStatus.Ok, overHttps.Error);
        // The first request goes without credentials (nothing is sent before the proxy asks), is
        // challenged, and goes again with them; the tunnel is opened with them.
        Assert.Contains($"GET {plain.Url("feed")}", proxy.Challenged);
        Assert.Equal([$"GET {plain.Url("feed")}", $"CONNECT {secure.BaseUri.Host}:{secure.BaseUri.Port}"], proxy.Requests);
        Assert.All(
            plain.Requests.Concat(secure.Requests),
            request => Assert.DoesNotContain(request.Headers.Keys, name => name.Contains("Authorization", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Wrong_proxy_credentials_fail_the_fetch_with_the_proxys_answer()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed", Rss);
        await using LoopbackForwardProxy proxy = LoopbackForwardProxy.Start(user: "ops", password: "right");
        using FetcherHarness harness = FetcherHarness.Create(options =>
        {
            options.Proxy = $"http://ops:wrong@{proxy.Uri.Authority}";
            options.AllowedPrivateNetworks.Add("127.0.0.1/32");
        });

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Contains("407", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", result.Error, StringComparison.Ordinal);
        Assert.Empty(proxy.Requests);
        Assert.Empty(server.Requests);
    }

    private static FetcherHarness ThroughProxy(LoopbackForwardProxy proxy, string? allowed, string[]? noProxy = null, X509Certificate2? trusted = null) =>
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
        }, trusted: trusted);
}
