using System.Net;
using System.Text.Json;
using FeedHub.IntegrationTests.Admin;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Scheduling;

/// <summary>The real worker decides each source's interval from what its publisher says over
/// loopback, and shows it with the reason in <c>/status/sources</c> and <c>sources show</c>.</summary>
public sealed class AdaptivePollingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_feeds_ttl_and_max_age_set_its_interval_and_a_fixed_interval_is_untouched()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        // Posting every half hour (~40/day: 18 minutes by rate), but the channel says it keeps for
        // an hour and the response for half an hour: the longest word wins.
        DateTimeOffset now = DateTimeOffset.UtcNow;
        FeedXml.Item[] recent = [.. Enumerable.Range(1, 40).Select(n => FeedXml.Numbered(n, "ttl.example", now.AddMinutes(-30 * n)))];
        string ttlFeed = FeedXml.Rss("Ttl", recent).Replace("<channel>", "<channel><ttl>60</ttl>", StringComparison.Ordinal);
        server.Map("ttl.xml", context =>
        {
            context.Response.Headers.CacheControl = "public, max-age=1800";
            context.Response.ContentType = "application/rss+xml";
            return context.Response.WriteAsync(ttlFeed);
        });
        string cachedFeed = FeedXml.Rss("Cached", [.. Enumerable.Range(1, 40).Select(n => FeedXml.Numbered(n, "cached.example", now.AddMinutes(-30 * n)))]);
        server.Map("cached.xml", context =>
        {
            context.Response.Headers.CacheControl = "max-age=7200";
            context.Response.ContentType = "application/rss+xml";
            return context.Response.WriteAsync(cachedFeed);
        });
        server.MapContent("fixed.xml", ttlFeed);

        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Sources:0:Url"] = server.Url("ttl.xml").AbsoluteUri,
            ["FeedHub:Sources:1:Url"] = server.Url("cached.xml").AbsoluteUri,
            ["FeedHub:Sources:2:Url"] = server.Url("fixed.xml").AbsoluteUri,
            ["FeedHub:Sources:2:Interval"] = "00:00:01",
            ["FeedHub:Scheduling:Jitter"] = "0",
        });

        await WorkerHost.EventuallyAsync(
            () => Task.FromResult(server.CountRequests("ttl.xml") >= 1 && server.CountRequests("cached.xml") >= 1 && server.CountRequests("fixed.xml") >= 3),
            Patience,
            "every source is polled, the fixed one on its one-second interval");
        JsonElement list = await WaitForStatusAsync(host, s => s.GetProperty("lastSuccessAt").ValueKind == JsonValueKind.String);

        JsonElement ttl = list[0];
        Assert.Equal(3600, ttl.GetProperty("effectiveIntervalSeconds").GetInt64());
        Assert.Equal("ttl 60 min", ttl.GetProperty("intervalReason").GetString());
        DateTimeOffset nextPoll = ttl.GetProperty("nextPollAt").GetDateTimeOffset();
        Assert.InRange(nextPoll - ttl.GetProperty("lastCheckedAt").GetDateTimeOffset(), TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));

        JsonElement cached = list[1];
        Assert.Equal(7200, cached.GetProperty("effectiveIntervalSeconds").GetInt64());
        Assert.Equal("Cache-Control max-age 2 h", cached.GetProperty("intervalReason").GetString());

        JsonElement fixedSource = list[2];
        Assert.Equal(1, fixedSource.GetProperty("effectiveIntervalSeconds").GetInt64());
        Assert.Equal("fixed by admin or configuration", fixedSource.GetProperty("intervalReason").GetString());
        Assert.Equal(1, server.CountRequests("ttl.xml"));

        using var cliDirectory = new TempDirectory();
        using WorkerProcess show = await new AdminCli(cliDirectory, host.DatabasePath).RunAsync("sources", "show", ttl.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        using WorkerProcess showFixed = await new AdminCli(cliDirectory, host.DatabasePath).RunAsync("sources", "show", fixedSource.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, show.ExitCode);
        Assert.Contains("polled every:     01:00:00 (ttl 60 min)", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("interval:         default", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("polled every:     00:00:01 (fixed by admin or configuration)", showFixed.StandardOutput, StringComparison.Ordinal);

        // The admin API's source shape (printed by `sources list --json`) carries the same decision.
        using WorkerProcess listed = await new AdminCli(cliDirectory, host.DatabasePath).RunAsync("sources", "list", "--json");
        Assert.Equal(0, listed.ExitCode);
        JsonElement[] sources = [.. JsonDocument.Parse(listed.StandardOutput).RootElement.EnumerateArray()];
        JsonElement ttlSource = sources.Single(s => s.GetProperty("id").GetInt64() == ttl.GetProperty("id").GetInt64());
        Assert.Equal("01:00:00", ttlSource.GetProperty("effectiveInterval").GetString());
        Assert.Equal("ttl 60 min", ttlSource.GetProperty("intervalReason").GetString());
        Assert.Equal(JsonValueKind.Null, ttlSource.GetProperty("interval").ValueKind);
        JsonElement fixedListed = sources.Single(s => s.GetProperty("id").GetInt64() == fixedSource.GetProperty("id").GetInt64());
        Assert.Equal("00:00:01", fixedListed.GetProperty("effectiveInterval").GetString());
        Assert.Equal("fixed by admin or configuration", fixedListed.GetProperty("intervalReason").GetString());
    }

    private static async Task<JsonElement> WaitForStatusAsync(WorkerHost host, Func<JsonElement, bool> each)
    {
        JsonElement list = default;
        await WorkerHost.EventuallyAsync(
            async () =>
            {
                list = await GetJsonAsync(host, "status/sources");
                return list.GetArrayLength() == 3 && list.EnumerateArray().All(each);
            },
            Patience,
            "every source's first poll is recorded");
        return list;
    }

    private static async Task<JsonElement> GetJsonAsync(WorkerHost host, string path)
    {
        using HttpResponseMessage response = await host.Http.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.Clone();
    }
}
