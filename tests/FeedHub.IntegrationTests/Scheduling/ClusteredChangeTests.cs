using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Worker.AdminApi.Auth;

namespace FeedHub.IntegrationTests.Scheduling;

/// <summary>Two clustered worker processes on one PostgreSQL database: a source an admin adds
/// through either of them is polled once (not once per worker) and each resulting change is
/// announced to the WebSub hub once (by the holder of the publishing lease), whichever worker the
/// admin talked to.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClusteredChangeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Longer than a second worker would take to poll or announce the same thing (a sync tick, a
    // change-detection tick and a fetch), short enough for the suite.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(8);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_source_added_through_either_worker_is_polled_once_and_announced_once()
    {
        string database = await TestPostgres.CreateDatabaseAsync();
        await using FixtureServer server = await FixtureServer.StartAsync();
        HubPings pings = server.MapHub("hub");
        server.MapContent("a.xml", FeedXml.Rss("MC A", [FeedXml.Numbered(1, "a.example")]));
        server.MapContent("b.xml", FeedXml.Rss("MC B", [FeedXml.Numbered(2, "b.example")]));
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("appsettings.json"), "{}", Ct);
        string key = ApiKeyHash.NewKey();
        var nodes = new List<WorkerProcess>();
        try
        {
            for (int i = 0; i < 2; i++)
            {
                nodes.Add(WorkerProcess.Start(directory.Path, Settings(database, server, key)));
            }

            Uri[] uris = [.. await Task.WhenAll(nodes.Select(ListeningAsync))];
            const string Feed = "https://feeds.example/feed.xml";

            await AddAsync(uris[0], key, server.Url("a.xml"));
            await WaitUntilAsync(() => server.CountRequests("a.xml") == 1 && pings.Urls.Count(url => url == Feed) == 1, "the source added through the first worker is polled and announced", server, pings, nodes);
            await Task.Delay(Settle, Ct);
            Assert.Equal(1, server.CountRequests("a.xml"));
            Assert.Equal(1, pings.Urls.Count(url => url == Feed));

            await AddAsync(uris[1], key, server.Url("b.xml"));
            await WaitUntilAsync(() => server.CountRequests("b.xml") == 1 && pings.Urls.Count(url => url == Feed) == 2, "the source added through the second worker is polled and announced", server, pings, nodes);
            await Task.Delay(Settle, Ct);
            Assert.Equal(1, server.CountRequests("b.xml"));
            Assert.Equal(1, server.CountRequests("a.xml"));
            Assert.Equal(2, pings.Urls.Count(url => url == Feed));
        }
        finally
        {
            foreach (WorkerProcess node in nodes)
            {
                node.Dispose();
            }

            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    private static Dictionary<string, string> Settings(string database, FixtureServer server, string key) => new()
    {
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["FeedHub__Storage__Provider"] = "Postgres",
        ["FeedHub__Storage__ConnectionString"] = database + ";Maximum Pool Size=30",
        ["FeedHub__Fetch__MaxConcurrency"] = "4",
        ["FeedHub__Fetch__AllowPrivateNetworks"] = "true",
        ["FeedHub__Scheduling__Clustered"] = "true",
        // The default check-in (7.5 s; a node is declared dead once its check-in is more than the
        // interval plus twice the interval late). This test has no failover: with a 2 s check-in a
        // worker starved for ~6 s on a loaded machine could be declared dead, its claim handed back
        // and the source polled a second time, which is not what it is about.
        // One poll per source within the test: a second request can only be a second worker's.
        ["FeedHub__Scheduling__DefaultInterval"] = "01:00:00",
        ["FeedHub__Scheduling__StartupWindow"] = "00:00:00",
        ["FeedHub__Publishing__PublicBaseUrl"] = "https://feeds.example/",
        ["FeedHub__Publishing__WebSubHubs__0"] = server.Url("hub").AbsoluteUri,
        ["FeedHub__Publishing__ChangePollInterval"] = "00:00:00.200",
        [$"FeedHub__Admin__ApiKeys__ops"] = ApiKeyHash.Hash(key),
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
    };

    private static async Task WaitUntilAsync(Func<bool> condition, string what, FixtureServer server, HubPings pings, List<WorkerProcess> nodes)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"timed out waiting until {what}: a.xml polled {server.CountRequests("a.xml")}, b.xml {server.CountRequests("b.xml")}, hub told [{string.Join(", ", pings.Urls)}]; stderr: {string.Join(" | ", nodes.Select(node => node.StandardError))}; stdout: {string.Join(" | ", nodes.Select(node => node.StandardOutput))}"));
            }

            await Task.Delay(100, Ct);
        }
    }

    private static async Task<Uri> ListeningAsync(WorkerProcess node)
    {
        await node.WaitForOutputAsync("Now listening on: ", TimeSpan.FromSeconds(90));
        return new Uri(ListeningLine().Match(node.StandardOutput).Groups["url"].Value.TrimEnd('/') + "/");
    }

    /// <summary>Adds the source without the probe (a fetch of its own), so every request the feed
    /// gets is a poll.</summary>
    private static async Task AddAsync(Uri worker, string key, Uri feed)
    {
        using var http = new HttpClient { BaseAddress = worker };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using HttpResponseMessage created = await http.PostAsJsonAsync("api/sources?probe=false", new { url = feed.AbsoluteUri }, new JsonSerializerOptions(JsonSerializerDefaults.Web), Ct);
        string body = await created.Content.ReadAsStringAsync(Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, string.Create(CultureInfo.InvariantCulture, $"{(int)created.StatusCode} {body}"));
    }

    [GeneratedRegex(@"Now listening on: (?<url>https?://[^\s""]+)")]
    private static partial Regex ListeningLine();
}
