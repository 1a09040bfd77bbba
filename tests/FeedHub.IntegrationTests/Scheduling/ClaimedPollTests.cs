using System.Net;
using System.Net.Http.Headers;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.IntegrationTests.Operations;
using FeedHub.Storage;
using FeedHub.Worker.AdminApi.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FeedHub.IntegrationTests.Scheduling;

/// <summary>One clustered worker (the real host, on PostgreSQL) and the claims it takes: an admin's
/// "poll now" makes a source due and a tick polls it within moments, and a worker that stops while
/// a poll is in flight hands that source back, due when it was due, for another worker to take at
/// once rather than after the claim's lease.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClaimedPollTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Poll_now_in_a_cluster_makes_the_source_due_and_a_tick_polls_it()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("a.xml", FeedXml.Rss("MC A", [FeedXml.Numbered(1, "a.example")]));
        string key = ApiKeyHash.NewKey();
        await using WorkerHost host = await WorkerHost.StartAsync(Settings(server, "a.xml", key), provider: StorageProvider.Postgres);
        await WorkerHost.EventuallyAsync(() => Task.FromResult(server.CountRequests("a.xml") == 1), Patience, "the first poll");
        string database = ConnectionString(host);
        await WorkerHost.EventuallyAsync(async () => await ScalarAsync(database, "SELECT count(*) FROM sources WHERE claimed_by IS NULL AND next_due_at > now() + interval '30 minutes'") == 1, Patience, "the poll's record of its next due time");

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/sources/1/refresh");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using HttpResponseMessage response = await host.Http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WorkerHost.EventuallyAsync(() => Task.FromResult(server.CountRequests("a.xml") == 2), Patience, "the poll asked for");
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        Assert.Equal(2, server.CountRequests("a.xml"));
    }

    [Fact]
    public async Task A_worker_that_stops_mid_poll_hands_the_source_back_due_when_it_was_due()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Map("slow.xml", async context =>
        {
            requested.TrySetResult();
            // Answers only once the worker has given up.
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
        });
        WorkerHost host = await WorkerHost.StartAsync(Settings(server, "slow.xml", ApiKeyHash.NewKey()), provider: StorageProvider.Postgres);
        await using (host)
        {
            string database = ConnectionString(host);
            await requested.Task.WaitAsync(Patience, Ct);
            Assert.Equal(1, await ScalarAsync(database, "SELECT count(*) FROM sources WHERE claimed_by IS NOT NULL AND next_due_at > now() + interval '30 minutes'"));
            DateTimeOffset stoppedAt = DateTimeOffset.UtcNow;

            await host.App.StopAsync(Ct);

            // Handed back: no claimant, and due again (at its first poll's due time, before the stop).
            Assert.Equal(1, await ScalarAsync(database, "SELECT count(*) FROM sources WHERE claimed_by IS NULL AND next_due_at <= @StoppedAt", stoppedAt));
            Assert.Equal(0, await ScalarAsync(database, "SELECT count(*) FROM sources WHERE last_checked_at IS NOT NULL"));
        }
    }

    [Fact]
    public async Task A_poll_whose_claim_was_handed_back_while_it_ran_stores_its_items_and_leaves_the_source_to_the_newer_poll()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string body = FeedXml.Rss("MC A", [FeedXml.Numbered(1, "a.example"), FeedXml.Numbered(2, "a.example")]);
        server.Map("stalled.xml", async context =>
        {
            requested.TrySetResult();
            await answer.Task.WaitAsync(context.RequestAborted);
            context.Response.ContentType = "application/rss+xml; charset=utf-8";
            context.Response.Headers.ETag = "\"stale\"";
            await context.Response.WriteAsync(body, context.RequestAborted);
        });
        await using WorkerHost host = await WorkerHost.StartAsync(Settings(server, "stalled.xml", ApiKeyHash.NewKey()), provider: StorageProvider.Postgres);
        string database = ConnectionString(host);
        await requested.Task.WaitAsync(Patience, Ct);
        Assert.Equal(1, await ScalarAsync(database, "SELECT count(*) FROM sources WHERE claimed_by IS NOT NULL"));

        // While the fetch hangs, the row is left as the cluster leaves it when it took this worker for
        // dead, handed its claim back, and another worker claimed the source for a poll of its own.
        Assert.Equal(1, await ScalarAsync(database, "WITH moved AS (UPDATE sources SET claimed_by = 'newer-worker', next_due_at = now() + interval '2 hours' RETURNING 1) SELECT count(*) FROM moved"));
        answer.SetResult();

        // The late poll's items are stored; its record is left out, counted and told.
        await WorkerHost.EventuallyAsync(async () => await SupersededAsync(host) == 1, Patience, "the superseded poll's count");
        Assert.Equal(2, await ScalarAsync(database, "SELECT count(*) FROM items"));
        Assert.Equal(1, await ScalarAsync(database, "SELECT count(*) FROM sources WHERE claimed_by = 'newer-worker' AND next_due_at > now() + interval '90 minutes'"));
        Assert.Equal(0, await ScalarAsync(database, "SELECT count(*) FROM sources WHERE last_checked_at IS NOT NULL OR etag IS NOT NULL OR poll_count > 0"));
        Assert.Equal(1, server.CountRequests("stalled.xml"));
    }

    private static async Task<double> SupersededAsync(WorkerHost host)
    {
        string text = await host.Http.GetStringAsync("metrics", Ct);
        return PrometheusText.Parse(text).Value("feedhub_polls_superseded_total");
    }

    private static Dictionary<string, string> Settings(FixtureServer server, string feed, string key) => new()
    {
        ["FeedHub:Scheduling:Clustered"] = "true",
        ["FeedHub:Scheduling:ClusterCheckinInterval"] = "00:00:02",
        // One poll per source unless one is asked for.
        ["FeedHub:Scheduling:DefaultInterval"] = "01:00:00",
        ["FeedHub:Sources:0:Url"] = server.Url(feed).AbsoluteUri,
        ["FeedHub:Publishing:PublicBaseUrl"] = "https://feeds.example/",
        ["FeedHub:Admin:ApiKeys:ops"] = ApiKeyHash.Hash(key),
    };

    private static string ConnectionString(WorkerHost host) =>
        host.Services.GetRequiredService<IConfiguration>()["FeedHub:Storage:ConnectionString"]!;

    private static async Task<long> ScalarAsync(string database, string sql, DateTimeOffset? stoppedAt = null)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        if (stoppedAt is DateTimeOffset at)
        {
            command.Parameters.AddWithValue("StoppedAt", at);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
