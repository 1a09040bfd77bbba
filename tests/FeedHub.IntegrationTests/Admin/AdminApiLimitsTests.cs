using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FeedHub.Worker.AdminApi.Auth;

namespace FeedHub.IntegrationTests.Admin;

public sealed class AdminApiLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Past_the_limit_requests_get_429_with_retry_after_and_wrong_keys_are_limited_too()
    {
        await using AdminApi api = await AdminApi.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Admin:RateLimit:PermitLimit"] = "3",
            ["FeedHub:Admin:RateLimit:Window"] = "00:01:00",
        });
        using var guesser = new HttpClient { BaseAddress = api.Host.BaseUri };
        guesser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKeyHash.NewKey());

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 4; i++)
        {
            statuses.Add((await api.Client.GetAsync("api/sources", Ct)).StatusCode);
        }

        using HttpResponseMessage limited = await api.Client.GetAsync("api/audit", Ct);
        var guesses = new List<HttpStatusCode>();
        for (int i = 0; i < 4; i++)
        {
            guesses.Add((await guesser.GetAsync("api/sources", Ct)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        int retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], guesses);

        // The public feed is not an admin endpoint and is not limited with it.
        Assert.Equal(HttpStatusCode.OK, (await api.Host.Http.GetAsync("feed.xml", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint_with_keys_required_by_the_admin_api_only()
    {
        await using AdminApi api = await AdminApi.StartAsync();

        using HttpResponseMessage response = await api.Host.Http.GetAsync("openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement document = await api.ReadAsync(response);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        JsonElement paths = document.GetProperty("paths");
        string[] listed = paths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            [
                "/", "/api/audit", "/api/sources", "/api/sources/export", "/api/sources/import", "/api/sources/{id}",
                "/api/sources/{id}/pause", "/api/sources/{id}/refresh", "/api/sources/{id}/resume",
                "/api/stories/merge", "/api/stories/split", "/api/stories/{id}",
                "/archive/{month}.{format}", "/channels/{channel}.{format}", "/feed.{format}",
                "/status", "/status/sources", "/status/sources/{id}",
            ],
            listed);
        Assert.True(paths.GetProperty("/api/sources").TryGetProperty("post", out JsonElement add));
        Assert.True(add.GetProperty("responses").TryGetProperty("409", out _));
        Assert.True(add.GetProperty("responses").TryGetProperty("300", out _));
        Assert.True(paths.GetProperty("/api/sources/{id}").TryGetProperty("patch", out _));
        Assert.True(paths.GetProperty("/api/sources/{id}").TryGetProperty("delete", out _));
        JsonElement schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("apiKey").GetProperty("name").GetString());
        Assert.Equal(2, add.GetProperty("security").GetArrayLength());

        // The public feeds: their media types, and no key asked for.
        JsonElement feed = paths.GetProperty("/feed.{format}").GetProperty("get");
        string[] feedTypes = feed.GetProperty("responses").GetProperty("200").GetProperty("content").EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["application/atom+xml", "application/feed+json", "application/rss+xml"], feedTypes);
        Assert.True(feed.GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(feed.GetProperty("responses").TryGetProperty("304", out _));
        Assert.False(feed.TryGetProperty("security", out _));
        string[] queryParameters = feed.GetProperty("parameters").EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["before", "limit", "q", "since", "source", "tag"], queryParameters);
        Assert.False(document.TryGetProperty("security", out _));
        JsonElement archiveTypes = paths.GetProperty("/archive/{month}.{format}").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.Equal(["application/atom+xml", "application/rss+xml"], archiveTypes.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.True(paths.GetProperty("/").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/html", out _));
        Assert.True(paths.GetProperty("/status/sources/{id}").GetProperty("get").GetProperty("responses").TryGetProperty("200", out _));
    }
}
