using System.Net;
using System.Text.Json;
using FeedHub.IntegrationTests.Fixtures;
using Npgsql;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>The PostgreSQL server becomes unreachable under a running worker (a relay cut, as a
/// network fault or a restart would) and comes back. Skipped, with the reason, without
/// <c>FEEDHUB_TEST_POSTGRES</c>.</summary>
public sealed class PostgresOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readiness_names_the_server_and_error_class_while_it_is_cut_off_and_polls_resume_when_it_returns()
    {
        string database = await TestPostgres.CreateDatabaseAsync();
        try
        {
            var direct = new NpgsqlConnectionStringBuilder(database);
            await using TcpProxy proxy = TcpProxy.Start(new IPEndPoint(IPAddress.Parse(direct.Host!), direct.Port));
            var relayed = new NpgsqlConnectionStringBuilder(database) { Host = "127.0.0.1", Port = proxy.Port, Password = "not-to-be-shown", Timeout = 3 };
            await using FixtureServer server = await FixtureServer.StartAsync();
            server.MapContent("feed.xml", FeedXml.Rss("MC Kalsel", [FeedXml.Numbered(1)]));
            await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
            {
                ["FeedHub:Storage:Provider"] = "Postgres",
                ["FeedHub:Storage:ConnectionString"] = relayed.ConnectionString,
                ["FeedHub:Sources:0:Url"] = server.Url("feed.xml").ToString(),
                ["FeedHub:Scheduling:DefaultInterval"] = "00:00:01",
                ["FeedHub:Scheduling:MinInterval"] = "00:00:01",
                ["FeedHub:Scheduling:MaxInterval"] = "00:00:01",
            });
            await WorkerHost.EventuallyAsync(async () => (await DatabaseOutageTests.ReadyAsync(host)).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(15), "the worker is ready");
            await WorkerHost.EventuallyAsync(() => Task.FromResult(server.CountRequests("feed.xml") >= 1), TimeSpan.FromSeconds(15), "the first poll");

            proxy.Cut();
            (HttpStatusCode Status, JsonElement Body) gone = default;
            await WorkerHost.EventuallyAsync(async () => (gone = await DatabaseOutageTests.ReadyAsync(host)).Status == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(15), "not ready while cut off");
            // Polls due meanwhile fail in the store (their retry is what brings them back).
            await Task.Delay(TimeSpan.FromSeconds(3), Ct);
            proxy.Restore();
            await WorkerHost.EventuallyAsync(async () => (await DatabaseOutageTests.ReadyAsync(host)).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(15), "ready again");
            int polled = server.CountRequests("feed.xml");
            await WorkerHost.EventuallyAsync(() => Task.FromResult(server.CountRequests("feed.xml") >= polled + 2), TimeSpan.FromSeconds(20), "polls go on");

            JsonElement check = gone.Body.GetProperty("checks").GetProperty("database");
            string description = check.GetProperty("description").GetString()!;
            Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
            Assert.StartsWith("The database cannot be reached: Postgres ", description, StringComparison.Ordinal);
            Assert.Contains($"port={proxy.Port}", description, StringComparison.OrdinalIgnoreCase);
            Assert.Contains($"database={direct.Database}", description, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("NpgsqlException", description, StringComparison.Ordinal);
            Assert.DoesNotContain("not-to-be-shown", description, StringComparison.Ordinal);
            Assert.Equal("Healthy", gone.Body.GetProperty("checks").GetProperty("scheduler").GetProperty("status").GetString());
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }
}
