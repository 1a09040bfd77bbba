using System.Net;
using FeedHub.Ingestion.Fetching;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Http;

namespace FeedHub.IntegrationTests.Fetching;

public sealed class FeedFetcherRedirectTests
{
    [Fact]
    public async Task A_chain_of_permanent_redirects_reports_the_new_url()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapRedirect("old", "/moved", 301);
        server.MapRedirect("moved", server.Url("feeds/current.xml").AbsoluteUri, 308);
        server.MapContent("feeds/current.xml", "<rss/>");
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync(server.Url("old"));

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(server.Url("feeds/current.xml"), result.FinalUrl);
        Assert.Equal(server.Url("feeds/current.xml"), result.PermanentRedirectUrl);
        Assert.Equal("<rss/>", System.Text.Encoding.UTF8.GetString(result.Body.Span));
    }

    [Theory]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    public async Task A_temporary_redirect_is_followed_but_not_remembered(int status)
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapRedirect("feed", "/today", status);
        server.MapContent("today", "<rss/>");
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(server.Url("today"), result.FinalUrl);
        Assert.Null(result.PermanentRedirectUrl);
        Assert.All(server.Requests, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task One_temporary_hop_in_a_chain_means_the_url_is_not_updated()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapRedirect("a", "/b", 301);
        server.MapRedirect("b", "/c", 302);
        server.MapRedirect("c", "/d", 301);
        server.MapContent("d", "<rss/>");
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync(server.Url("a"));

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Null(result.PermanentRedirectUrl);
    }

    [Fact]
    public async Task A_permanent_redirect_to_a_failing_url_is_not_remembered()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapRedirect("old", "/gone", 301);
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync(server.Url("old"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal("HTTP 404 Not Found", result.Error);
        Assert.Equal(server.Url("gone"), result.FinalUrl);
        Assert.Null(result.PermanentRedirectUrl);
    }

    [Fact]
    public async Task A_permanent_redirect_ending_in_not_modified_is_remembered()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapRedirect("old", "/new", 301);
        server.MapConditional("new", () => "<rss/>", () => "\"e1\"");
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync(server.Url("old"), "\"e1\"");

        Assert.Equal(FetchStatus.NotModified, result.Status);
        Assert.Equal(server.Url("new"), result.PermanentRedirectUrl);
    }

    [Fact]
    public async Task Relative_locations_resolve_against_the_current_url()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapRedirect("site/blog/feed", "../rss/all.xml?lang=id", 302);
        server.MapContent("site/rss/all.xml", "<rss/>");
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync(server.Url("site/blog/feed"));

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(server.Url("site/rss/all.xml?lang=id"), result.FinalUrl);
    }

    [Fact]
    public async Task Five_hops_are_followed_and_a_sixth_is_refused()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        for (int i = 0; i < 7; i++)
        {
            server.MapRedirect($"r{i}", $"/r{i + 1}", 301);
        }

        server.MapContent("r5", "<rss/>");
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        // r0 -> r5 is five hops; r0 -> r6 (r5 remapped below) would be six.
        FetchResult five = await harness.FetchAsync(server.Url("r0"));
        server.MapRedirect("r5", "/r6", 301);
        server.MapContent("r6", "<rss/>");
        FetchResult six = await harness.FetchAsync(server.Url("r0"));

        Assert.Equal(FetchStatus.Ok, five.Status);
        Assert.Equal(server.Url("r5"), five.FinalUrl);
        Assert.Equal(FetchStatus.Failed, six.Status);
        Assert.Equal("too many redirects (more than 5)", six.Error);
        Assert.Null(six.PermanentRedirectUrl);
        Assert.Equal(0, server.CountRequests("r6"));
    }

    [Fact]
    public async Task A_redirect_loop_is_detected()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapRedirect("a", "/b", 302);
        server.MapRedirect("b", "/a", 302);
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync(server.Url("a"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal("redirect loop", result.Error);
        Assert.Equal(1, server.CountRequests("a"));
        Assert.Equal(1, server.CountRequests("b"));
    }

    [Fact]
    public async Task A_redirect_without_a_location_fails()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed", context =>
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            return Task.CompletedTask;
        });
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal("HTTP 302 redirect without a usable Location header", result.Error);
        Assert.Equal(302, result.HttpStatus);
    }

    // The fixture lives on 127.0.0.1, so these tests allow exactly that address through the
    // AllowedPrivateNetworks exception list and keep every other private address refused.
    private static FetcherHarness AllowingOnlyTheFixture() =>
        FetcherHarness.Create(o => o.AllowedPrivateNetworks.Add("127.0.0.1"));

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/", "169.254.169.254 is a link-local address")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/latest/", "64:ff9b::a9fe:a9fe embeds 169.254.169.254, a link-local address")]
    [InlineData("http://10.0.0.1/admin", "10.0.0.1 is a private address")]
    [InlineData("http://0177.0.0.2/", "127.0.0.2 is a loopback address")]
    [InlineData("ftp://127.0.0.1/feed", "unsupported scheme 'ftp'")]
    [InlineData("file:///etc/passwd", "unsupported scheme 'file'")]
    public async Task A_redirect_to_a_refused_target_fails_and_is_not_saved(string target, string reason)
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapRedirect("feed", target, 301);
        using FetcherHarness harness = AllowingOnlyTheFixture();

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal($"redirect to {new Uri(target).AbsoluteUri} refused: {reason}", result.Error);
        Assert.Equal(301, result.HttpStatus);
        Assert.Null(result.PermanentRedirectUrl);
        Assert.Equal(server.Url("feed"), result.FinalUrl);
    }

    [Fact]
    public async Task A_redirect_to_another_loopback_listener_never_reaches_it()
    {
        using ConnectionCounter inner = ConnectionCounter.Start(IPAddress.Parse("127.0.0.2"));
        using ConnectionCounter innerV6 = ConnectionCounter.Start(IPAddress.IPv6Loopback);
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapRedirect("v4", $"http://127.0.0.2:{inner.Port}/internal", 302);
        server.MapRedirect("v6", $"http://[::1]:{innerV6.Port}/internal", 302);
        server.MapRedirect("mapped", $"http://[::ffff:127.0.0.2]:{inner.Port}/internal", 302);
        using FetcherHarness harness = AllowingOnlyTheFixture();

        FetchResult v4 = await harness.FetchAsync(server.Url("v4"));
        FetchResult v6 = await harness.FetchAsync(server.Url("v6"));
        FetchResult mapped = await harness.FetchAsync(server.Url("mapped"));

        Assert.EndsWith("refused: 127.0.0.2 is a loopback address", v4.Error, StringComparison.Ordinal);
        Assert.EndsWith("refused: ::1 is a loopback address", v6.Error, StringComparison.Ordinal);
        Assert.EndsWith("refused: ::ffff:127.0.0.2 maps to 127.0.0.2, a loopback address", mapped.Error, StringComparison.Ordinal);
        Assert.Equal(0, inner.Connections);
        Assert.Equal(0, innerV6.Connections);
    }

    [Fact]
    public async Task The_same_redirect_is_followed_when_private_networks_are_allowed()
    {
        // Control for the test above: the counter does see a connection when one is made.
        using ConnectionCounter inner = ConnectionCounter.Start(IPAddress.Parse("127.0.0.2"));
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapRedirect("v4", $"http://127.0.0.2:{inner.Port}/internal", 302);
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o => o.Timeout = TimeSpan.FromMilliseconds(500));

        FetchResult result = await harness.FetchAsync(server.Url("v4"));

        // The counter hangs up at once, so the handler may retry the connection a few times.
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.True(inner.Connections >= 1);
    }
}
