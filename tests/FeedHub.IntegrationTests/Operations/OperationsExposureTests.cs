using System.Net;
using System.Text.Json;
using FeedHub.IntegrationTests.Admin;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>What <c>/status/sources</c> and <c>/metrics</c> give away, and to whom.</summary>
public sealed class OperationsExposureTests
{
    private const string Secret = "s3cret-feed-token";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Status_and_metrics_show_feed_urls_without_their_query_strings()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", FeedXml.Rss("Portal", [FeedXml.Numbered(1)]));
        string url = server.Url($"feed.xml?token={Secret}&lang=id").AbsoluteUri;
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string> { ["FeedHub:Sources:0:Url"] = url });
        await WorkerHost.EventuallyAsync(() => Task.FromResult(server.CountRequests("feed.xml") >= 1), TimeSpan.FromSeconds(20), "the feed is polled");

        string list = await host.Http.GetStringAsync("status/sources", Ct);
        string one = await host.Http.GetStringAsync("status/sources/1", Ct);
        string metrics = await host.Http.GetStringAsync("metrics", Ct);

        Assert.Equal(server.Url("feed.xml").AbsoluteUri + "?[redacted]", JsonDocument.Parse(one).RootElement.GetProperty("url").GetString());
        Assert.Equal(server.Url("feed.xml").AbsoluteUri + "?[redacted]", JsonDocument.Parse(list).RootElement[0].GetProperty("url").GetString());
        foreach (string body in new[] { list, one, metrics })
        {
            Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task With_require_key_status_and_metrics_need_the_admin_key_and_the_feeds_and_health_stay_open()
    {
        await using AdminApi api = await AdminApi.StartAsync(new Dictionary<string, string> { ["FeedHub:Operations:RequireKey"] = "true" });
        using var anonymous = new HttpClient { BaseAddress = api.Host.BaseUri };

        foreach (string path in new[] { "status/sources", "status/sources/1", "metrics" })
        {
            using HttpResponseMessage refused = await anonymous.GetAsync(path, Ct);
            using HttpResponseMessage allowed = await api.Client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains(refused.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
            Assert.NotEqual(HttpStatusCode.Unauthorized, allowed.StatusCode);
            Assert.NotEqual(HttpStatusCode.Forbidden, allowed.StatusCode);
        }

        foreach (string path in new[] { "feed.xml", "health/live", "health/ready" })
        {
            using HttpResponseMessage open = await anonymous.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        }
    }

    [Fact]
    public async Task With_require_key_guesses_at_status_and_metrics_are_rate_limited_like_the_admin_api()
    {
        await using AdminApi api = await AdminApi.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Operations:RequireKey"] = "true",
            ["FeedHub:Admin:RateLimit:PermitLimit"] = "3",
            ["FeedHub:Admin:RateLimit:Window"] = "00:10:00",
        });
        using var guesser = new HttpClient { BaseAddress = api.Host.BaseUri };
        guesser.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-the-key");

        var statuses = new List<HttpStatusCode>();
        foreach (string path in new[] { "status/sources", "metrics", "status/sources", "metrics" })
        {
            using HttpResponseMessage response = await guesser.GetAsync(path, Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Without_require_key_status_and_metrics_stay_public()
    {
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>());

        using HttpResponseMessage status = await host.Http.GetAsync("status/sources", Ct);
        using HttpResponseMessage metrics = await host.Http.GetAsync("metrics", Ct);

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }
}
