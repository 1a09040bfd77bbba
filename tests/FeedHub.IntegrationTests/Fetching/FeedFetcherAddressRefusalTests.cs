using System.Net;
using FeedHub.Ingestion.Fetching;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Fetching;

/// <summary>Internal addresses are refused before any socket is opened. Only loopback listeners are
/// ever the target of a real connection attempt; other private addresses are refused by the URL
/// check, which runs before the request reaches the handler.</summary>
public sealed class FeedFetcherAddressRefusalTests
{
    [Theory]
    [InlineData("http://127.0.0.1:{port}/feed", "refused: 127.0.0.1 is a loopback address")]
    [InlineData("http://[::1]:{port6}/feed", "refused: ::1 is a loopback address")]
    [InlineData("http://169.254.169.254:{port}/latest/meta-data/", "refused: 169.254.169.254 is a link-local address")]
    [InlineData("http://10.0.0.1:{port}/", "refused: 10.0.0.1 is a private address")]
    [InlineData("http://100.64.0.1:{port}/", "refused: 100.64.0.1 is a shared (CGNAT) address")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/feed", "refused: ::ffff:127.0.0.1 maps to 127.0.0.1, a loopback address")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]:{port}/", "refused: 64:ff9b::a9fe:a9fe embeds 169.254.169.254, a link-local address")]
    [InlineData("http://[fd00::1]:{port}/", "refused: fd00::1 is a unique-local (private) address")]
    [InlineData("http://0.0.0.0:{port}/feed", "refused: 0.0.0.0 is an unspecified address")]
    [InlineData("http://2130706433:{port}/feed", "refused: 127.0.0.1 is a loopback address")]
    [InlineData("http://0177.0.0.1:{port}/feed", "refused: 127.0.0.1 is a loopback address")]
    [InlineData("http://127.1:{port}/feed", "refused: 127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f.1:{port}/feed", "refused: 127.0.0.1 is a loopback address")]
    [InlineData("http://127.0.0.1.:{port}/feed", "refused: 127.0.0.1 is a loopback address")]
    public async Task Internal_addresses_are_refused_by_the_url_policy_and_at_fetch_time_without_a_connection(string template, string error)
    {
        using ConnectionCounter listener = ConnectionCounter.Start(IPAddress.Loopback);
        using ConnectionCounter listener6 = ConnectionCounter.Start(IPAddress.IPv6Loopback);
        string url = template.Replace("{port}", listener.Port.ToString(), StringComparison.Ordinal)
            .Replace("{port6}", listener6.Port.ToString(), StringComparison.Ordinal);
        using FetcherHarness harness = FetcherHarness.Create();

        (Uri? validated, string? policyError) = SourceUrlPolicy.Validate(url, allowPrivate: false);
        FetchResult result = await harness.FetchAsync(url);

        Assert.Null(validated);
        Assert.Equal(error, policyError);
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal(error, result.Error);
        Assert.Null(result.HttpStatus);
        Assert.Equal(0, listener.Connections);
        Assert.Equal(0, listener6.Connections);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/feed")]
    [InlineData("http://2130706433:{port}/feed")]
    [InlineData("http://0177.0.0.1:{port}/feed")]
    [InlineData("http://127.1:{port}/feed")]
    [InlineData("http://localhost:{port}/feed")]
    public async Task With_private_networks_allowed_the_same_urls_do_connect(string template)
    {
        // Control: proves the listener counts what the refusal tests expect to be zero.
        using ConnectionCounter listener = ConnectionCounter.Start(IPAddress.Loopback);
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o => o.Timeout = TimeSpan.FromMilliseconds(500));

        FetchResult result = await harness.FetchAsync(template.Replace("{port}", listener.Port.ToString(), StringComparison.Ordinal));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.True(listener.Connections >= 1);
    }

    [Fact]
    public async Task A_host_name_resolving_to_a_loopback_address_is_refused_at_connect_time()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed", "<rss/>");
        using FetcherHarness harness = FetcherHarness.Create();
        var url = new Uri($"http://localhost:{server.BaseUri.Port}/feed");

        // The URL itself is fine (no DNS at validation time); the resolved address is not.
        (Uri? validated, _) = SourceUrlPolicy.Validate(url.AbsoluteUri, allowPrivate: false);
        FetchResult result = await harness.FetchAsync(url);

        Assert.NotNull(validated);
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Matches(@"^refused: localhost resolves to (127\.0\.0\.1; 127\.0\.0\.1|::1; ::1) is a loopback address$", result.Error);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/")]
    [InlineData("http://0.0.0.0:{port}/")]
    [InlineData("http://localhost:{port}/")]
    public async Task The_connect_guard_refuses_on_its_own_before_opening_a_socket(string template)
    {
        // Bypasses the fetcher's URL check: the handler's connect callback is the last line.
        using ConnectionCounter listener = ConnectionCounter.Start(IPAddress.Loopback);
        using FetcherHarness harness = FetcherHarness.Create();
        HttpClient client = harness.CreateClient();

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() =>
            client.GetAsync(template.Replace("{port}", listener.Port.ToString(), StringComparison.Ordinal), TestContext.Current.CancellationToken));

        Assert.IsType<AddressRefusedException>(exception.InnerException);
        Assert.StartsWith("refused: ", exception.InnerException.Message, StringComparison.Ordinal);
        Assert.Equal(0, listener.Connections);
    }

    [Fact]
    public async Task Only_listed_private_addresses_are_reachable()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed", "<rss/>");
        using FetcherHarness harness = FetcherHarness.Create(o => o.AllowedPrivateNetworks.Add("127.0.0.0/30"));

        FetchResult allowed = await harness.FetchAsync(server.Url("feed"));
        FetchResult refused = await harness.FetchAsync($"http://127.0.0.9:{server.BaseUri.Port}/feed");

        Assert.Equal(FetchStatus.Ok, allowed.Status);
        Assert.Equal("refused: 127.0.0.9 is a loopback address", refused.Error);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("file:///etc/passwd", "unsupported scheme 'file'")]
    [InlineData("ftp://127.0.0.1:{port}/feed.xml", "unsupported scheme 'ftp'")]
    [InlineData("gopher://127.0.0.1:{port}/_GET%20/", "unsupported scheme 'gopher'")]
    [InlineData("data:application/rss+xml,%3Crss%2F%3E", "unsupported scheme 'data'")]
    [InlineData("http://admin:secret@127.0.0.1:{port}/feed", "URLs with user credentials are not accepted")]
    [InlineData("feed.xml", "not an absolute URL")]
    public async Task Other_schemes_credentials_and_relative_urls_are_refused_with_a_clear_error(string template, string error)
    {
        // Private networks allowed: the scheme or the credentials alone must cause the refusal.
        using ConnectionCounter listener = ConnectionCounter.Start(IPAddress.Loopback);
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync(template.Replace("{port}", listener.Port.ToString(), StringComparison.Ordinal));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal(error, result.Error);
        Assert.Equal(0, listener.Connections);
    }
}
