using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace FeedHub.Benchmarks;

/// <summary><c>cluster-scale [nodes] [sources] [minutes] [interval]</c>: for each node count (e.g.
/// <c>1,2,3</c>), a fresh PostgreSQL database with <c>sources</c> loopback feeds, that many real
/// worker processes (this build's <c>FeedHub.Worker.dll</c>) clustered on it, run for
/// <c>minutes</c>. Reports polls per minute and double polls from the feed server's request log,
/// scheduler lag from each worker's own record of every poll (Quartz's scheduled vs. actual fire
/// time), and the cluster's overhead: sessions waiting on a lock (sampled from pg_stat_activity),
/// check-ins and Quartz row writes (pg_stat_user_tables), transactions per poll, CPU.</summary>
internal static class ClusterScale
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(250);

    public static async Task RunAsync(string[] args)
    {
        // "1m": one worker with Quartz in memory (not clustered) on the same database, the baseline.
        (int Nodes, bool Clustered)[] nodeCounts = args.Length > 0
            ? [.. args[0].Split(',').Select(n => (int.Parse(n.TrimEnd('m'), CultureInfo.InvariantCulture), !n.EndsWith('m')))]
            : [(1, false), (1, true), (2, true), (3, true)];
        int sources = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        double minutes = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        TimeSpan interval = args.Length > 3 ? TimeSpan.Parse(args[3], CultureInfo.InvariantCulture) : TimeSpan.FromMinutes(5);
        string server = Environment.GetEnvironmentVariable("FEEDHUB_TEST_POSTGRES") is { Length: > 0 } value ? value : "Host=127.0.0.1;Port=5433;Username=postgres";

        await using LoopbackFeedServer feeds = await LoopbackFeedServer.StartAsync(sources);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cluster-scale: {sources:N0} sources at {interval:c} ({sources / interval.TotalMinutes:N0} polls/min due), {minutes} min per run, nodes {string.Join(",", nodeCounts.Select(n => n.Clustered ? $"{n.Nodes}" : $"{n.Nodes} in memory"))}; {Environment.ProcessorCount} cores; load average {LoadAverage()}"));
        var results = new List<ClusterRun>();
        foreach ((int nodes, bool clustered) in nodeCounts)
        {
            feeds.Reset();
            ClusterRun run = await RunOnceAsync(server, feeds, nodes, clustered, interval, TimeSpan.FromMinutes(minutes));
            results.Add(run);
            Console.WriteLine(run.Line());
        }

        Console.WriteLine();
        Console.WriteLine(ClusterRun.Header);
        foreach (ClusterRun run in results)
        {
            Console.WriteLine(run.Row(results[0]));
        }
    }

    private static async Task<ClusterRun> RunOnceAsync(string server, LoopbackFeedServer feeds, int nodes, bool clustered, TimeSpan interval, TimeSpan duration)
    {
        string folder = Path.Combine(Path.GetTempPath(), "feedhub-cluster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string database = await CreateDatabaseAsync(server);
        var workers = new List<WorkerNode>();
        try
        {
            await WriteSettingsAsync(folder, feeds);
            using (WorkerNode migrate = WorkerNode.Start(folder, WorkerEnvironment(database, clustered, interval, 0), "migrate"))
            {
                if (!await migrate.WaitForExitAsync(TimeSpan.FromMinutes(5)) || migrate.ExitCode != 0)
                {
                    throw new InvalidOperationException("migrate failed: " + migrate.Errors);
                }
            }

            for (int i = 0; i < nodes; i++)
            {
                workers.Add(WorkerNode.Start(folder, WorkerEnvironment(database, clustered, interval, i)));
            }

            foreach (WorkerNode worker in workers)
            {
                await worker.WaitForListeningAsync(TimeSpan.FromMinutes(6));
            }

            TimeSpan started = feeds.Now;
            DatabaseStats before = await DatabaseStats.ReadAsync(database);
            var sampler = new LockSampler(database);
            using var stop = new CancellationTokenSource(duration);
            LockSampler.Summary locks = await sampler.RunAsync(SampleEvery, stop.Token);
            TimeSpan ended = feeds.Now;
            DatabaseStats after = await DatabaseStats.ReadAsync(database);
            double backendCpu = await DatabaseStats.BackendCpuSecondsAsync(database);
            double workerCpu = workers.Sum(worker => worker.CpuSeconds());
            foreach (WorkerNode worker in workers.Where(worker => worker.HasExited))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"a worker exited during the run (code {worker.ExitCode}): {worker.Errors[..Math.Min(3000, worker.Errors.Length)]}"));
            }

            // What went wrong is part of the result: warnings and errors each worker logged.
            foreach ((WorkerNode worker, int index) in workers.Select((worker, index) => (worker, index)).Where(w => w.worker.ProblemLines > 0))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"worker {index}: {worker.ProblemLines} warning/error lines; first: {worker.Errors[..Math.Min(1500, worker.Errors.Length)]}"));
            }

            foreach (WorkerNode worker in workers)
            {
                worker.Terminate();
            }

            foreach (WorkerNode worker in workers)
            {
                if (!await worker.WaitForExitAsync(TimeSpan.FromMinutes(1)))
                {
                    worker.Kill();
                }
            }

            return ClusterRun.From(nodes, clustered, interval, feeds.Requests(), started, ended, workers, before, after, locks, workerCpu, backendCpu);
        }
        finally
        {
            foreach (WorkerNode worker in workers)
            {
                worker.Dispose();
            }

            await DropDatabaseAsync(server, database);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Dictionary<string, string> WorkerEnvironment(string database, bool clustered, TimeSpan interval, int index) => new()
    {
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["FeedHub__Storage__Provider"] = "Postgres",
        // Three workers' pools within the server's max_connections (each Quartz thread holds at most one).
        ["FeedHub__Storage__ConnectionString"] = database + ";Maximum Pool Size=40",
        ["FeedHub__Scheduling__Clustered"] = clustered ? "true" : "false",
        ["FeedHub__Scheduling__DefaultInterval"] = interval.ToString("c", CultureInfo.InvariantCulture),
        // Adaptive polling would move each source off the interval under test: pinned.
        ["FeedHub__Scheduling__MinInterval"] = interval.ToString("c", CultureInfo.InvariantCulture),
        ["FeedHub__Scheduling__MaxInterval"] = interval.ToString("c", CultureInfo.InvariantCulture),
        ["FeedHub__Scheduling__Jitter"] = "0",
        // First polls spread over one interval: the run is in its steady state from the start.
        ["FeedHub__Scheduling__StartupWindow"] = (interval > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : interval).ToString("c", CultureInfo.InvariantCulture),
        ["FeedHub__Fetch__AllowPrivateNetworks"] = "true",
        // Every loopback feed is one host: the per-host politeness limit would be the bottleneck.
        ["FeedHub__Fetch__MaxConcurrencyPerHost"] = "8",
        ["FeedHub__Publishing__PublicBaseUrl"] = "http://feeds.example/",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging__LogLevel__FeedHub.Worker.Scheduling.SourcePoll"] = "Debug",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__IncludeScopes"] = "false",
        ["FEEDHUB_BENCH_NODE"] = index.ToString(CultureInfo.InvariantCulture),
    };

    private static async Task WriteSettingsAsync(string folder, LoopbackFeedServer feeds)
    {
        var settings = new { FeedHub = new { Sources = Enumerable.Range(0, feeds.Count).Select(feed => new { Url = feeds.Url(feed).AbsoluteUri }).ToArray() } };
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), JsonSerializer.Serialize(settings));
    }

    private static async Task<string> CreateDatabaseAsync(string server)
    {
        string name = "deploybench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task DropDatabaseAsync(string server, string database)
    {
        string name = new NpgsqlConnectionStringBuilder(database).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    internal static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
