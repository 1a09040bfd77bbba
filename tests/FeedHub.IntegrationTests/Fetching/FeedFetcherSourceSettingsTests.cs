using FeedHub.Core.Sources;
using FeedHub.Ingestion.Fetching;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Http;

namespace FeedHub.IntegrationTests.Fetching;

/// <summary>A source's own user agent, headers, timeout and byte limit, over real loopback HTTP.</summary>
public sealed class FeedFetcherSourceSettingsTests
{
    private const string Token = "rahasia-123";

    private static Task<FetchResult> FetchAsync(FetcherHarness harness, Uri url, SourceFetchSettings settings) =>
        harness.Fetcher.FetchAsync(new FetchRequest(url, null, null) { Settings = settings }, TestContext.Current.CancellationToken);

    private static SourceFetchSettings WithToken() =>
        new() { Headers = new Dictionary<string, string> { ["X-Api-Token"] = Token, ["Cookie"] = "sesi=abc" } };

    /// <summary>A portal that answers 401 unless the request carries its token.</summary>
    private static void MapGuarded(FixtureServer server, string path) =>
        server.Map(path, context =>
        {
            if (context.Request.Headers["X-Api-Token"] != Token)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            }

            context.Response.ContentType = "application/rss+xml";
            return context.Response.WriteAsync("<rss/>");
        });

    [Fact]
    public async Task A_feed_that_requires_a_header_answers_401_without_it_and_the_feed_with_it()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        MapGuarded(server, "feed");
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult without = await harness.FetchAsync(server.Url("feed"));
        FetchResult with = await FetchAsync(harness, server.Url("feed"), WithToken());

        Assert.Equal(401, without.HttpStatus);
        Assert.Equal(FetchStatus.Ok, with.Status);
        Assert.Equal("sesi=abc", server.Requests.Last().Headers["Cookie"]);
    }

    [Fact]
    public async Task A_redirect_within_the_origin_keeps_the_headers()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapRedirect("old", "/feed", StatusCodes.Status302Found);
        MapGuarded(server, "feed");
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await FetchAsync(harness, server.Url("old"), WithToken());

        Assert.Equal(FetchStatus.Ok, result.Status);
    }

    [Fact]
    public async Task A_redirect_to_another_origin_does_not_carry_the_headers()
    {
        await using FixtureServer portal = await FixtureServer.StartAsync();
        await using FixtureServer elsewhere = await FixtureServer.StartAsync();
        portal.MapRedirect("feed", elsewhere.Url("feed").AbsoluteUri, StatusCodes.Status302Found);
        MapGuarded(elsewhere, "feed");
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await FetchAsync(harness, portal.Url("feed"), WithToken());

        // Same host, another port: another origin. It never sees the token or the cookie.
        Assert.Equal(401, result.HttpStatus);
        Assert.Equal(Token, portal.Requests.Single().Headers["X-Api-Token"]);
        RecordedRequest forwarded = elsewhere.Requests.Single();
        Assert.False(forwarded.Headers.ContainsKey("X-Api-Token"));
        Assert.False(forwarded.Headers.ContainsKey("Cookie"));
    }

    [Fact]
    public async Task A_redirect_from_another_origin_back_to_the_source_does_not_lose_them_but_the_detour_does_not_see_them()
    {
        await using FixtureServer portal = await FixtureServer.StartAsync();
        await using FixtureServer cdn = await FixtureServer.StartAsync();
        portal.MapRedirect("feed", cdn.Url("hop").AbsoluteUri, StatusCodes.Status302Found);
        cdn.MapRedirect("hop", portal.Url("real").AbsoluteUri, StatusCodes.Status302Found);
        MapGuarded(portal, "real");
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await FetchAsync(harness, portal.Url("feed"), WithToken());

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.False(cdn.Requests.Single().Headers.ContainsKey("X-Api-Token"));
    }

    [Fact]
    public async Task A_source_user_agent_replaces_the_configured_one()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed", "<rss/>");
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        await FetchAsync(harness, server.Url("feed"), new SourceFetchSettings { UserAgent = "PortalBot/2.0 (redaksi@portal.example)" });
        await harness.FetchAsync(server.Url("feed"));

        Assert.Equal("PortalBot/2.0 (redaksi@portal.example)", server.Requests.First().Headers["User-Agent"]);
        Assert.NotEqual("PortalBot/2.0 (redaksi@portal.example)", server.Requests.Last().Headers["User-Agent"]);
    }

    [Fact]
    public async Task A_source_timeout_shorter_than_the_configured_one_applies()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("slow", async context =>
        {
            await context.Response.WriteAsync("<rss>", context.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted);
        });
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o => o.Timeout = TimeSpan.FromSeconds(20));

        FetchResult result = await FetchAsync(harness, server.Url("slow"), new SourceFetchSettings { Timeout = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal("timed out after 0.3 s", result.Error);
    }

    [Fact]
    public async Task A_source_timeout_longer_than_the_configured_one_is_held_to_it()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("slow", async context =>
        {
            await context.Response.WriteAsync("<rss>", context.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
        });
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o => o.Timeout = TimeSpan.FromMilliseconds(300));

        FetchResult result = await FetchAsync(harness, server.Url("slow"), new SourceFetchSettings { Timeout = TimeSpan.FromMinutes(1) });

        Assert.Equal("timed out after 0.3 s", result.Error);
    }

    [Fact]
    public async Task A_source_byte_limit_applies_within_the_configured_one()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("big", context => context.Response.Body.WriteAsync(new byte[2000]).AsTask());
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o => o.MaxResponseBytes = 1500);

        FetchResult limited = await FetchAsync(harness, server.Url("big"), new SourceFetchSettings { MaxResponseBytes = 1000 });
        FetchResult capped = await FetchAsync(harness, server.Url("big"), new SourceFetchSettings { MaxResponseBytes = 1_000_000 });

        Assert.Equal("response exceeded 1000 bytes", limited.Error);
        Assert.Equal("response exceeded 1500 bytes", capped.Error);
    }
}
