using System.Net;
using System.Text.Json;
using Dapper;
using FeedHub.Ingestion.Secrets;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace FeedHub.IntegrationTests.Admin;

/// <summary>Per-source headers, user agent, timeout, byte limit and rules through /api/sources on
/// the real host: validation, masking, encryption at rest, OPML export.</summary>
public sealed class SourceSettingsApiTests
{
    private const string Token = "rahasia-portal-2024";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void MapGuarded(FixtureServer server, string path) =>
        server.Map(path, context =>
        {
            if (context.Request.Headers["X-Api-Token"] != Token)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            }

            context.Response.ContentType = "application/rss+xml";
            return context.Response.WriteAsync(FeedXml.Rss("Portal Berbayar", [FeedXml.Numbered(1)]));
        });

    private static async Task<string> RawHeadersColumnAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        return await connection.ExecuteScalarAsync<string>("SELECT request_headers FROM sources") ?? "";
    }

    [Fact]
    public async Task A_token_header_is_used_to_probe_and_poll_is_masked_when_read_and_encrypted_at_rest()
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        MapGuarded(feeds, "paid.xml");
        using var keys = new TempDirectory();
        await File.WriteAllTextAsync(keys.File("secrets.key"), SecretKey.NewKeyFileText(), Ct);
        await using AdminApi api = await AdminApi.StartAsync(new Dictionary<string, string> { ["FeedHub:Secrets:KeyFile"] = keys.File("secrets.key") });

        using HttpResponseMessage created = await api.PostJsonAsync("api/sources", new
        {
            url = feeds.Url("paid.xml").AbsoluteUri,
            headers = new Dictionary<string, string> { ["X-Api-Token"] = Token },
            userAgent = "FeedHub-Test/1.0 (redaksi@portal.example)",
            timeout = "00:00:05",
            maxResponseBytes = 100_000,
        });

        string createdBody = await created.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain(Token, createdBody, StringComparison.Ordinal);
        JsonElement source = JsonDocument.Parse(createdBody).RootElement;
        long id = source.GetProperty("id").GetInt64();
        Assert.Equal("********", source.GetProperty("headers").GetProperty("X-Api-Token").GetString());
        Assert.Equal("00:00:05", source.GetProperty("timeout").GetString());
        Assert.Equal(100_000, source.GetProperty("maxResponseBytes").GetInt64());
        Assert.Equal("Portal Berbayar", source.GetProperty("title").GetString());

        await WorkerHost.EventuallyAsync(async () =>
            (await api.ReadAsync(await api.Client.GetAsync($"api/sources/{id}", Ct))).GetProperty("items").GetInt64() == 1,
            TimeSpan.FromSeconds(15), "the source is polled with its token");
        Assert.All(feeds.Requests, r => Assert.Equal("FeedHub-Test/1.0 (redaksi@portal.example)", r.Headers["User-Agent"]));

        string list = await api.Client.GetStringAsync("api/sources", Ct);
        string audit = await api.Client.GetStringAsync("api/audit", Ct);
        string column = await RawHeadersColumnAsync(api.Host.DatabasePath);
        Assert.DoesNotContain(Token, list, StringComparison.Ordinal);
        Assert.Contains("X-Api-Token", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, audit, StringComparison.Ordinal);
        Assert.Contains("\"X-Api-Token\":\"enc:v1:", column, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, column, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opml_export_holds_no_header_unless_secrets_are_asked_for()
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        await using AdminApi api = await AdminApi.StartAsync();
        using HttpResponseMessage created = await api.PostJsonAsync("api/sources?probe=false", new
        {
            url = feeds.Url("paid.xml").AbsoluteUri,
            headers = new Dictionary<string, string> { ["X-Api-Token"] = Token },
            blockRules = new[] { "words:iklan" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        string plain = await api.Client.GetStringAsync("api/sources/export", Ct);
        string withSecrets = await api.Client.GetStringAsync("api/sources/export?includeSecrets=true", Ct);

        Assert.DoesNotContain(Token, plain, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Api-Token", plain, StringComparison.Ordinal);
        Assert.Contains("feedhub:block=\"words:iklan\"", plain, StringComparison.Ordinal);
        Assert.Contains($"feedhub:headers=\"X-Api-Token: {Token}\"", withSecrets, StringComparison.Ordinal);
        Assert.Contains("exported the sources with their request headers", await api.Client.GetStringAsync("api/audit", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_sent_back_masked_keeps_its_value_and_others_are_replaced()
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        await using AdminApi api = await AdminApi.StartAsync();
        JsonElement created = await api.ReadAsync(await api.PostJsonAsync("api/sources?probe=false", new
        {
            url = feeds.Url("paid.xml").AbsoluteUri,
            headers = new Dictionary<string, string> { ["X-Api-Token"] = Token, ["Cookie"] = "sesi=lama" },
        }));
        long id = created.GetProperty("id").GetInt64();
        string before = await RawHeadersColumnAsync(api.Host.DatabasePath);

        using HttpResponseMessage patched = await api.Client.PatchAsync(
            $"api/sources/{id}",
            JsonContent(new { headers = new Dictionary<string, string> { ["X-Api-Token"] = "********", ["Cookie"] = "sesi=baru" } }),
            Ct);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        string after = await RawHeadersColumnAsync(api.Host.DatabasePath);
        Assert.Contains($"\"X-Api-Token\":\"plain:{Token}\"", after, StringComparison.Ordinal);
        Assert.Contains("\"Cookie\":\"plain:sesi=baru\"", after, StringComparison.Ordinal);
        Assert.Contains("sesi=lama", before, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { """{"headers": {"Host": "evil.example"}}""", "headers" },
        { """{"headers": {"Content-Length": "0"}}""", "headers" },
        { """{"headers": {"Connection": "close"}}""", "headers" },
        { """{"headers": {"Transfer-Encoding": "chunked"}}""", "headers" },
        { """{"headers": {"X-Token": "a\r\nHost: evil"}}""", "headers" },
        { """{"headers": {"Bad Name": "x"}}""", "headers" },
        { """{"timeout": "00:05:00"}""", "timeout" },
        { """{"maxResponseBytes": 99999999999}""", "maxResponseBytes" },
        { """{"userAgent": "two\nlines"}""", "userAgent" },
        { """{"blockRules": ["regex:(a)\\1"]}""", "blockRules" },
        { """{"blockRules": ["regex:((a{100}){100}){100}"]}""", "blockRules" },
        { """{"keepRules": ["regex:["]}""", "keepRules" },
        { """{"keepRules": ["body:words:kalsel"]}""", "keepRules" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Settings_beyond_the_limits_or_forbidden_are_a_400_naming_the_member(string extra, string member)
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        await using AdminApi api = await AdminApi.StartAsync();
        string url = JsonSerializer.Serialize(feeds.Url("feed.xml").AbsoluteUri);
        string body = "{\"url\": " + url + ", " + extra.TrimStart('{');

        using HttpResponseMessage added = await api.Client.PostAsync("api/sources?probe=false", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        long id = (await api.ReadAsync(await api.PostJsonAsync("api/sources?probe=false", new { url = feeds.Url("other.xml").AbsoluteUri }))).GetProperty("id").GetInt64();
        using HttpResponseMessage patched = await api.Client.PatchAsync($"api/sources/{id}", new StringContent(extra, System.Text.Encoding.UTF8, "application/json"), Ct);

        foreach (HttpResponseMessage response in new[] { added, patched })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            JsonElement problem = await api.ReadAsync(response);
            Assert.True(problem.GetProperty("errors").TryGetProperty(member, out _), problem.ToString());
        }

        Assert.Equal(0, feeds.CountRequests("feed.xml"));
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, AdminApi.Json), System.Text.Encoding.UTF8, "application/json");
}
