using System.Net;
using System.Text.Json;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>The database goes away under a running worker and comes back: readiness says which
/// database and what error while it is gone, and the worker carries on by itself when it returns.</summary>
public sealed class DatabaseOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readiness_names_the_database_and_the_error_class_while_the_file_is_gone_and_polls_resume_when_it_returns()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", FeedXml.Rss("MC Kalsel", [FeedXml.Numbered(1)]));
        var directory = new TempDirectory();
        string folder = directory.File("data");
        string moved = directory.File("data-moved");
        string database = Path.Combine(folder, "feedhub.db");
        await using WorkerHost host = await WorkerHost.StartAsync(
            new Dictionary<string, string>
            {
                ["FeedHub:Storage:ConnectionString"] = $"Data Source={database}",
                ["FeedHub:Sources:0:Url"] = server.Url("feed.xml").ToString(),
                ["FeedHub:Scheduling:DefaultInterval"] = "00:00:01",
                ["FeedHub:Scheduling:MinInterval"] = "00:00:01",
                ["FeedHub:Scheduling:MaxInterval"] = "00:00:01",
            },
            directory);
        await WorkerHost.EventuallyAsync(async () => (await ReadyAsync(host)).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "the worker is ready");
        await WorkerHost.EventuallyAsync(() => Task.FromResult(server.CountRequests("feed.xml") >= 1), TimeSpan.FromSeconds(10), "the first poll");

        Directory.Move(folder, moved);
        // Pooled connections would go on writing to the moved file: without them, every store call
        // fails as it would with the file really gone, and the polls due meanwhile fail in the store.
        SqlitePools.Clear(SqlitePools.PoolOf(host.Services));
        (HttpStatusCode Status, JsonElement Body) gone = await ReadyAsync(host);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Directory.Move(moved, folder);
        (HttpStatusCode Status, JsonElement Body) back = default;
        await WorkerHost.EventuallyAsync(async () => (back = await ReadyAsync(host)).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "ready again");
        int polled = server.CountRequests("feed.xml");
        await WorkerHost.EventuallyAsync(() => Task.FromResult(server.CountRequests("feed.xml") >= polled + 2), TimeSpan.FromSeconds(20), "polls go on");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, gone.Status);
        string description = gone.Body.GetProperty("checks").GetProperty("database").GetProperty("description").GetString()!;
        Assert.StartsWith("The database cannot be reached", description, StringComparison.Ordinal);
        Assert.Contains($"Sqlite {database}", description, StringComparison.Ordinal);
        Assert.Contains("SqliteException", description, StringComparison.Ordinal);
        Assert.Equal("Healthy", back.Body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    internal static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(WorkerHost host)
    {
        using HttpResponseMessage response = await host.Http.GetAsync("health/ready", Ct);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return (response.StatusCode, json.RootElement.Clone());
    }
}
