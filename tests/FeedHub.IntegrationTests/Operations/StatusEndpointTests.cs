using System.Net;
using System.Text.Json;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Operations;

/// <summary><c>GET /status/sources</c> of the real worker polling real loopback feeds.</summary>
public sealed class StatusEndpointTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Status_shows_counts_and_the_share_of_304s_and_a_gone_feed_is_paused_after_one_poll()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapConditional("feed.xml", () => FeedXml.Rss("Portal", [FeedXml.Numbered(1), FeedXml.Numbered(2)]), () => "\"v1\"");
        server.Map("gone.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status410Gone;
            return Task.CompletedTask;
        });
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Sources:0:Url"] = server.Url("feed.xml").AbsoluteUri,
            ["FeedHub:Sources:1:Url"] = server.Url("gone.xml").AbsoluteUri,
            ["FeedHub:Scheduling:DefaultInterval"] = "00:00:01",
            ["FeedHub:Scheduling:MinInterval"] = "00:00:01",
            ["FeedHub:Scheduling:MaxInterval"] = "00:00:01",
            ["FeedHub:Scheduling:Jitter"] = "0",
        });

        // Waited for in the status itself: a request the server has answered is not yet a poll
        // recorded (its commit may still be on the way).
        JsonElement list = default;
        await WorkerHost.EventuallyAsync(
            async () =>
            {
                list = await GetJsonAsync(host, "status/sources", HttpStatusCode.OK);
                return list.GetArrayLength() == 2 && list[0].GetProperty("pollCount").GetInt64() >= 3 && list[1].GetProperty("pollCount").GetInt64() >= 1;
            },
            Patience,
            "three polls of the feed and one of the gone feed recorded");
        // Time for a poll of the paused source, which must not come (counted below).
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);

        Assert.Equal(2, list.GetArrayLength());
        JsonElement feed = list[0];
        Assert.Equal(server.Url("feed.xml").AbsoluteUri, feed.GetProperty("url").GetString());
        Assert.Equal("Portal", feed.GetProperty("title").GetString());
        Assert.Equal("ok", feed.GetProperty("state").GetString());
        Assert.Equal(2, feed.GetProperty("itemCount").GetInt64());
        Assert.Equal(2, feed.GetProperty("storyCount").GetInt64());
        long polls = feed.GetProperty("pollCount").GetInt64();
        long notModified = feed.GetProperty("notModifiedCount").GetInt64();
        Assert.True(polls >= 3, $"{polls} polls");
        Assert.Equal(polls - 1, notModified);
        Assert.Equal(Math.Round((double)notModified / polls, 4), feed.GetProperty("notModifiedShare").GetDouble());
        Assert.Equal(304, feed.GetProperty("lastHttpStatus").GetInt32());
        Assert.Equal(0, feed.GetProperty("consecutiveFailures").GetInt32());
        Assert.Equal(JsonValueKind.Null, feed.GetProperty("lastError").ValueKind);
        Assert.Equal(JsonValueKind.String, feed.GetProperty("lastSuccessAt").ValueKind);
        Assert.Equal(JsonValueKind.String, feed.GetProperty("nextPollAt").ValueKind);
        Assert.False(feed.TryGetProperty("etag", out _), "validators are not part of the status");

        JsonElement gone = list[1];
        Assert.Equal("gone", gone.GetProperty("state").GetString());
        Assert.False(gone.GetProperty("enabled").GetBoolean());
        Assert.Equal("paused: the server says the feed is gone (410)", gone.GetProperty("lastError").GetString());
        Assert.Equal(410, gone.GetProperty("lastHttpStatus").GetInt32());
        Assert.Equal(1, gone.GetProperty("pollCount").GetInt64());
        Assert.Equal(JsonValueKind.Null, gone.GetProperty("nextPollAt").ValueKind);
        Assert.Equal(1, server.CountRequests("gone.xml"));

        long goneId = gone.GetProperty("id").GetInt64();
        JsonElement one = await GetJsonAsync(host, $"status/sources/{goneId}", HttpStatusCode.OK);
        Assert.Equal("gone", one.GetProperty("state").GetString());
        Assert.Equal(server.Url("gone.xml").AbsoluteUri, one.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Bad_or_unknown_requests_get_problem_details()
    {
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>());
        (string Path, HttpStatusCode Expected)[] cases =
        [
            ("status/sources/abc", HttpStatusCode.BadRequest),
            ("status/sources/0", HttpStatusCode.BadRequest),
            ("status/sources/-1", HttpStatusCode.BadRequest),
            ("status/sources/99999999999999999999", HttpStatusCode.BadRequest),
            ("status/sources?state=ok", HttpStatusCode.BadRequest),
            ("status/sources/1?verbose=1", HttpStatusCode.BadRequest),
            ("status/sources/42", HttpStatusCode.NotFound),
        ];

        foreach ((string path, HttpStatusCode expected) in cases)
        {
            using HttpResponseMessage response = await host.Http.GetAsync(path, Ct);

            Assert.True(expected == response.StatusCode, $"{path}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        }
    }

    private static async Task<JsonElement> GetJsonAsync(WorkerHost host, string path, HttpStatusCode expected)
    {
        using HttpResponseMessage response = await host.Http.GetAsync(path, Ct);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.Clone();
    }
}
