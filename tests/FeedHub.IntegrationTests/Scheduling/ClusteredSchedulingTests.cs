using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.IntegrationTests.Operations;
using Npgsql;

namespace FeedHub.IntegrationTests.Scheduling;

/// <summary>Three real worker processes on one PostgreSQL database, clustered through Quartz's job
/// store (coarse triggers whose ticks claim due sources from the table), polling 300 loopback feeds: each source is polled once per interval by one of them, all
/// three do work, a node briefly missing from Quartz's state table (taken for dead while slow) keeps
/// its claims, a SIGKILLed node's sources are carried by the others within an interval plus the
/// failover time, and what is stored is exactly what was served.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClusteredSchedulingTests
{
    private const int Sources = 300;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan CheckinInterval = TimeSpan.FromSeconds(2);

    // Failover: the dead node's last check-in is at most one check-in old, the others wait two more
    // (the misfire threshold) and recover at their next check-in (at most four after the kill); its
    // claims are handed back once it has stayed away two more (in case it was only slow).
    private static readonly TimeSpan Failover = CheckinInterval * 6;

    // How long the test takes a live node's row away from Quartz's state table, as the others do
    // when its check-ins run late: well within the misfire threshold the node is given to come back.
    private static readonly TimeSpan Away = CheckinInterval * 0.75;

    // How far apart polls of one source may fall from the interval: a due source waits for the next
    // claim tick and a free poll slot, and the loaded CI machine runs three workers on 2 cores.
    private static readonly TimeSpan Early = TimeSpan.FromSeconds(1.5);
    // (Measured: up to 9 s with the whole suite and other builds on the machine, load average 50.)
    private static readonly TimeSpan Late = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_nodes_poll_each_source_once_per_interval_survive_a_SIGKILL_and_store_exactly_what_was_served()
    {
        string database = await TestPostgres.CreateDatabaseAsync();
        await using FixtureServer server = await FixtureServer.StartAsync();
        var feeds = new ClusterFeeds(server, Sources);
        using var directory = new TempDirectory();
        await WriteSettingsAsync(directory, server);
        var nodes = new List<Node>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                nodes.Add(Node.Start(directory, database, i));
            }

            foreach (Node node in nodes)
            {
                await node.WaitUntilListeningAsync();
            }

            // Every source's first poll falls in the start-up window.
            await WaitUntilAsync(() => Enumerable.Range(0, Sources).All(f => feeds.RequestsOf(f).Count > 0), TimeSpan.FromSeconds(90), "every source polled once", nodes, () => $"{Enumerable.Range(0, Sources).Count(f => feeds.RequestsOf(f).Count > 0)} of {Sources} polled");
            TimeSpan steady = feeds.Now;
            await Task.Delay(Interval * 2.5, Ct);

            // Every node did part of the work.
            foreach (Node node in nodes)
            {
                Assert.True(await node.PollsAsync() > 0, $"node {node.Index} polled nothing");
            }

            // A node the cluster took for dead while it was only slow: its row leaves the state table
            // until it checks in again. It keeps its claims meanwhile, so none of its polls is run
            // twice (checked with the others below) and no worker hands claims back before the kill.
            // Slow responses keep its polls, and so its claims, open across the others' ticks.
            int claimedWhileAway = 0;
            string slow = (await StringsAsync(database, "SELECT instance_name FROM qrtz_scheduler_state ORDER BY instance_name"))[0];
            feeds.ResponseDelay = TimeSpan.FromSeconds(1);
            for (int episode = 0; episode < 3; episode++)
            {
                claimedWhileAway += await TakeAwayAsync(database, slow, Away);
                await Task.Delay(CheckinInterval, Ct);
            }

            feeds.ResponseDelay = TimeSpan.Zero;

            Assert.True(claimedWhileAway > 0, $"{slow} held no claims while its row was away: the check proved nothing");

            // One node, holding the cluster's publishing lease, exports the feeds (and would notify
            // the hubs); it is the one killed, so publishing has to move too.
            Node publisher = Assert.Single(nodes, node => node.HasExported(directory));
            foreach (Node node in nodes)
            {
                Assert.DoesNotContain("Handed back", node.Process.StandardOutput, StringComparison.Ordinal);
            }

            TimeSpan killedAt = feeds.Now;
            publisher.Process.KillHard();
            // The polls the dead node had begun stay claimed by it until the others declare it dead
            // (a few check-ins later) and hand its claims back: read them now.
            List<(string Instance, long SourceId)> firedAtKill = await ClaimedSourcesAsync(database);
            await Task.Delay(Interval + Failover + Late, Ct);
            TimeSpan carriedBy = feeds.Now;
            HashSet<string> alive = [.. await StringsAsync(database, "SELECT instance_name FROM qrtz_scheduler_state")];
            Dictionary<long, int> feedOf = await FeedsBySourceAsync(database, server, feeds.Count);
            HashSet<int> inFlightAtKill = [.. firedAtKill.Where(fired => !alive.Contains(fired.Instance)).Select(fired => feedOf[fired.SourceId])];

            // Nothing new is served from here on; one more round stores the last of it.
            feeds.Freeze();
            TimeSpan frozenAt = feeds.Now;
            await WaitUntilAsync(() => Enumerable.Range(0, Sources).All(f => feeds.RequestsOf(f)[^1] > frozenAt + TimeSpan.FromSeconds(0.5)), (Interval * 2) + Late, "a poll of every source after the freeze", nodes, () => $"{Enumerable.Range(0, Sources).Count(f => feeds.RequestsOf(f)[^1] > frozenAt + TimeSpan.FromSeconds(0.5))} of {Sources} polled since");
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
            // Whichever node answers, the merged feed and its ETag are the same.
            Node[] survivors = [.. nodes.Where(node => node != publisher)];
            (string ETag, string Body) first = await survivors[0].FeedAsync();
            (string ETag, string Body) second = await survivors[1].FeedAsync();
            Assert.Equal(first.ETag, second.ETag);
            Assert.Equal(first.Body, second.Body);

            // Another node took the publishing lease over.
            Assert.Single(nodes, node => node != publisher && node.HasExported(directory));
            foreach (Node node in nodes.Where(node => node != publisher))
            {
                node.Process.Terminate();
            }

            foreach (Node node in nodes.Where(node => node != publisher))
            {
                await node.Process.WaitForExitAsync(TimeSpan.FromSeconds(45));
            }

            ILookup<int, TimeSpan> requests = feeds.Requests();
            var doubled = new List<string>();
            var overdue = new List<string>();
            var abandoned = new List<string>();
            for (int feed = 0; feed < Sources; feed++)
            {
                TimeSpan[] times = [.. requests[feed]];
                for (int i = 1; i < times.Length; i++)
                {
                    TimeSpan gap = times[i] - times[i - 1];
                    // A poll the killed node had begun (its fired trigger outlived it) is run again by
                    // the node that recovers it: at-least-once delivery, with nothing stored twice
                    // (checked below). On a loaded machine a run can be seconds past its request when
                    // the kill comes. (A request the killed node had already sent can reach the feed
                    // just after the kill.)
                    bool recoveredRun = inFlightAtKill.Contains(feed) && times[i - 1] <= killedAt + TimeSpan.FromSeconds(1) && times[i] > killedAt && times[i] <= killedAt + Failover + Late;
                    if (gap < Interval - Early && !recoveredRun)
                    {
                        doubled.Add(Describe(feed, times[i - 1], gap));
                    }

                    // A source the killed node held when it died waits for the failover instead (the
                    // check of abandoned sources below bounds that wait).
                    bool carriedOver = inFlightAtKill.Contains(feed) && times[i] > killedAt;
                    if (times[i - 1] >= steady && times[i - 1] < killedAt - Interval && gap > Interval + Late && !carriedOver)
                    {
                        overdue.Add(Describe(feed, times[i - 1], gap));
                    }
                }

                if (!times.Any(t => t > killedAt && t <= carriedBy))
                {
                    abandoned.Add(string.Create(CultureInfo.InvariantCulture, $"feed {feed} (last polled at {times.LastOrDefault(t => t <= killedAt).TotalSeconds:F1}s, killed at {killedAt.TotalSeconds:F1}s)"));
                }
            }

            Assert.True(doubled.Count == 0, string.Create(CultureInfo.InvariantCulture, $"polled twice within an interval (killed at {killedAt.TotalSeconds:F1}s, {inFlightAtKill.Count} polls in flight there): ") + string.Join("; ", doubled.Take(10)));
            Assert.True(overdue.Count == 0, "not polled within an interval: " + string.Join("; ", overdue.Take(10)));
            Assert.True(abandoned.Count == 0, $"not polled within {Interval + Failover + Late} of the SIGKILL: " + string.Join("; ", abandoned.Take(10)));

            Dictionary<string, int> stored = await StoredItemsAsync(database);
            var mismatches = Enumerable.Range(0, Sources)
                .Where(feed => stored.GetValueOrDefault(server.Url(ClusterFeeds.Path(feed)).AbsoluteUri) != feeds.Served(feed))
                .Select(feed => string.Create(CultureInfo.InvariantCulture, $"feed {feed}: served {feeds.Served(feed)}, stored {stored.GetValueOrDefault(server.Url(ClusterFeeds.Path(feed)).AbsoluteUri)}"))
                .ToList();
            Assert.True(mismatches.Count == 0, string.Join("; ", mismatches.Take(10)));
            Assert.Equal(Enumerable.Range(0, Sources).Sum(feeds.Served), await CountAsync(database, "SELECT count(*) FROM items"));
            Assert.Equal(Enumerable.Range(0, Sources).Sum(feeds.Served), await CountAsync(database, "SELECT count(DISTINCT (source_id, item_key)) FROM items"));
        }
        finally
        {
            foreach (Node node in nodes)
            {
                node.Dispose();
            }

            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    private static string Describe(int feed, TimeSpan at, TimeSpan gap) =>
        string.Create(CultureInfo.InvariantCulture, $"feed {feed} at {at.TotalSeconds:F1}s then after {gap.TotalSeconds:F1}s");

    private static async Task WriteSettingsAsync(TempDirectory directory, FixtureServer server)
    {
        var settings = new
        {
            FeedHub = new
            {
                Sources = Enumerable.Range(0, Sources).Select(feed => new { Url = server.Url(ClusterFeeds.Path(feed)).AbsoluteUri }).ToArray(),
            },
        };
        await File.WriteAllTextAsync(directory.File("appsettings.json"), JsonSerializer.Serialize(settings), Ct);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, List<Node> nodes, Func<string>? progress = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(timeout);
        while (!condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"no {what} within {timeout} ({progress?.Invoke()}); node 1 said: {nodes[^1].Process.StandardOutput[^Math.Min(4000, nodes[^1].Process.StandardOutput.Length)..]}");
            }

            await Task.Delay(100, Ct);
        }
    }

    private static async Task<Dictionary<string, int>> StoredItemsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT s.url, count(*) FROM items i JOIN sources s ON s.id = i.source_id GROUP BY s.url", connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(Ct);
        var stored = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(Ct))
        {
            stored[reader.GetString(0)] = (int)reader.GetInt64(1);
        }

        return stored;
    }

    private static async Task<List<(string Instance, long SourceId)>> ClaimedSourcesAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT claimed_by, id FROM sources WHERE claimed_by IS NOT NULL", connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(Ct);
        var claimed = new List<(string, long)>();
        while (await reader.ReadAsync(Ct))
        {
            claimed.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return claimed;
    }

    /// <summary>Takes a node's row out of Quartz's state table for <paramref name="away"/> and puts it
    /// back as it was, unless the node checked in meanwhile; counts the node's claims seen meanwhile.</summary>
    private static async Task<int> TakeAwayAsync(string database, string instance, TimeSpan away)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using (var take = new NpgsqlCommand("CREATE TEMP TABLE away AS SELECT * FROM qrtz_scheduler_state WHERE instance_name = @Instance; DELETE FROM qrtz_scheduler_state WHERE instance_name = @Instance", connection))
        {
            take.Parameters.AddWithValue("Instance", instance);
            await take.ExecuteNonQueryAsync(Ct);
        }

        int claims = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < away)
        {
            await using var count = new NpgsqlCommand("SELECT count(*) FROM sources WHERE claimed_by = @Instance", connection);
            count.Parameters.AddWithValue("Instance", instance);
            claims += Convert.ToInt32(await count.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
            await Task.Delay(50, Ct);
        }

        await using var back = new NpgsqlCommand("INSERT INTO qrtz_scheduler_state SELECT * FROM away ON CONFLICT DO NOTHING; DROP TABLE away", connection);
        await back.ExecuteNonQueryAsync(Ct);
        return claims;
    }

    private static async Task<List<string>> StringsAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static async Task<Dictionary<long, int>> FeedsBySourceAsync(string database, FixtureServer server, int count)
    {
        Dictionary<string, int> feedOfUrl = Enumerable.Range(0, count).ToDictionary(feed => server.Url(ClusterFeeds.Path(feed)).AbsoluteUri, StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT id, url FROM sources", connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(Ct);
        var feeds = new Dictionary<long, int>();
        while (await reader.ReadAsync(Ct))
        {
            feeds[reader.GetInt64(0)] = feedOfUrl[reader.GetString(1)];
        }

        return feeds;
    }

    private static async Task<int> CountAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }

    /// <summary>One worker process of the cluster, with its own HTTP port.</summary>
    private sealed partial class Node(int index, WorkerProcess process) : IDisposable
    {
        public int Index { get; } = index;

        public WorkerProcess Process { get; } = process;

        private Uri? BaseUri { get; set; }

        public static Node Start(TempDirectory directory, string database, int index) => new(index, WorkerProcess.Start(directory.Path, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["FeedHub__Storage__Provider"] = "Postgres",
            // Three workers' pools must fit the server's max_connections (100 each by default): each
            // of a worker's 16 polls (4 per fetch slot) and Quartz's ticks hold at most one connection at a time.
            ["FeedHub__Storage__ConnectionString"] = database + ";Maximum Pool Size=45",
            ["FeedHub__Fetch__MaxConcurrency"] = "4",
            ["FeedHub__Scheduling__Clustered"] = "true",
            ["FeedHub__Scheduling__ClusterCheckinInterval"] = CheckinInterval.ToString("c", CultureInfo.InvariantCulture),
            ["FeedHub__Scheduling__DefaultInterval"] = Interval.ToString("c", CultureInfo.InvariantCulture),
            // Adaptive polling would move each source off the interval under test: pinned.
            ["FeedHub__Scheduling__MinInterval"] = Interval.ToString("c", CultureInfo.InvariantCulture),
            ["FeedHub__Scheduling__MaxInterval"] = Interval.ToString("c", CultureInfo.InvariantCulture),
            ["FeedHub__Scheduling__Jitter"] = "0",
            ["FeedHub__Scheduling__StartupWindow"] = "00:00:10",
            ["FeedHub__Fetch__AllowPrivateNetworks"] = "true",
            // The fixture is one host serving every feed; the politeness limit would otherwise make it the bottleneck.
            ["FeedHub__Fetch__MaxConcurrencyPerHost"] = "4",
            ["FeedHub__Publishing__PublicBaseUrl"] = "http://feeds.example/",
            ["FeedHub__Publishing__ExportDirectory"] = directory.File(string.Create(CultureInfo.InvariantCulture, $"export{index}")),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["HOME"] = directory.Path,
        }));

        public async Task WaitUntilListeningAsync()
        {
            await Process.WaitForOutputAsync("Now listening on: ", TimeSpan.FromSeconds(90));
            BaseUri = new Uri(ListeningLine().Match(Process.StandardOutput).Groups["url"].Value.TrimEnd('/') + "/");
        }

        public async Task<double> PollsAsync()
        {
            using var http = new HttpClient { BaseAddress = BaseUri };
            string text = await http.GetStringAsync("metrics", Ct);
            return PrometheusText.Parse(text).Value("feedhub_polls_total");
        }

        public async Task<(string ETag, string Body)> FeedAsync()
        {
            using var http = new HttpClient { BaseAddress = BaseUri };
            using HttpResponseMessage response = await http.GetAsync("feed.xml", Ct);
            response.EnsureSuccessStatusCode();
            return (response.Headers.ETag?.Tag ?? "", await response.Content.ReadAsStringAsync(Ct));
        }

        public bool HasExported(TempDirectory directory) =>
            File.Exists(Path.Combine(directory.File(string.Create(CultureInfo.InvariantCulture, $"export{Index}")), "feed.xml"));

        public void Dispose() => Process.Dispose();

        [GeneratedRegex(@"Now listening on: (?<url>https?://[^\s""]+)")]
        private static partial Regex ListeningLine();
    }
}

/// <summary>Three worker processes use the machine's cores: timing checks are only fair with no
/// other test running beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "Three worker processes";
}
