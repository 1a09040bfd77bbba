using System.Diagnostics;
using System.Globalization;
using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Ingestion.Normalizing;
using FeedHub.Ingestion.Parsing;
using FeedHub.Storage;
using FeedHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Benchmarks;

/// <summary>`pipeline-profile [runs] [items] [--srcset] [--keep DIR] [--sql]`: the full pipeline of <see cref="PipelineBenchmarks"/>
/// in a plain loop with the time of each stage, for a profiler to attach to (dotnet-trace) and to
/// see where a new entry's cost goes without BenchmarkDotNet's harness in the sample.
/// <c>--keep DIR</c> copies the database before the first run's commit and after the last one
/// (DIR/before.db, DIR/after.db) for LoadFarm's <c>floor --batch 1</c>: what SQLite alone spends on
/// writing the runs' items, one transaction a run as here, to set beside the bare parse.
/// <c>--sql</c> prints the time inside SQLite per statement on the writer's connection, a run's
/// share (<see cref="StatementProfile"/>).</summary>
internal static class PipelineProfile
{
    private static readonly Uri FeedUrl = new("https://mc.example/feed");

    public static async Task RunAsync(string[] args)
    {
        int keepAt = Array.IndexOf(args, "--keep");
        string? keep = keepAt >= 0 && keepAt + 1 < args.Length ? args[keepAt + 1] : null;
        if (keepAt >= 0 && keep is null)
        {
            throw new ArgumentException("--keep needs a folder");
        }

        bool srcset = args.Contains("--srcset");
        bool sql = args.Contains("--sql");
        args = [.. args.Where((arg, i) => arg is not ("--srcset" or "--sql") && (keepAt < 0 || (i != keepAt && i != keepAt + 1)))];
        int runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        int items = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        using BenchmarkHost host = BenchmarkHost.Start();
        IFeedParser parser = host.Services.GetRequiredService<IFeedParser>();
        IItemNormalizer normalizer = host.Services.GetRequiredService<IItemNormalizer>();
        IItemStore store = host.Services.GetRequiredService<IItemStore>();
        ISourceStore sources = host.Services.GetRequiredService<ISourceStore>();
        var parse = new Stage();
        var normalize = new Stage();
        var commit = new Stage();
        var bare = new Stage();
        // Every source exists before the first commit, so the copies differ only by what the commits wrote.
        var added = new List<FeedSource>(runs);
        for (int run = 0; run < runs; run++)
        {
            added.Add(await sources.UpsertAsync(new SourceDefinition { Url = $"https://portal{run}.example/feed" }, CancellationToken.None));
        }

        StatementProfile? statements = null;
        SqliteConnection? writer = null;
        if (sql)
        {
            // The writer opens its connection for its first batch: one that writes nothing. No batch
            // runs after it until the first commit below.
            StorageBackend backend = host.Services.GetRequiredService<StorageBackend>();
            await backend.Writes.RunAsync(session => session.ExecuteScalarAsync<long>("SELECT 1"), CancellationToken.None);
            writer = (backend.Writes as SqliteBatchWriter)?.Connection
                ?? throw new InvalidOperationException("--sql needs the SQLite writer (Storage:BatchWrites on, the default)");
            statements = new StatementProfile();
            statements.Attach(writer);
        }

        for (int run = 0; run < runs; run++)
        {
            byte[] feed = BenchmarkFeeds.WordPressRss(items, $"portal{run}.example", srcset);
            FeedSource source = added[run];
            bare.Measure(() => CodeHollow.FeedReader.FeedReader.ReadFromByteArray(feed).Items.Count);
            ParsedFeed parsed = parse.Measure(() => parser.Parse(new FeedDocument(feed, "application/rss+xml; charset=utf-8", FeedUrl)));
            NormalizationResult normalized = normalize.Measure(() => normalizer.Normalize(parsed, FeedUrl, DateTimeOffset.UtcNow));
            if (keep is not null && run == 0)
            {
                Directory.CreateDirectory(keep);
                host.Backup(Path.Combine(keep, "before.db"));
            }

            await commit.MeasureAsync(() => store.CommitRefreshAsync(source.Id, normalized.Items, new PollOutcome { CheckedAt = DateTimeOffset.UtcNow }, CancellationToken.None));
            if (keep is not null && run == runs - 1)
            {
                host.Backup(Path.Combine(keep, "after.db"));
            }
        }

        statements?.Detach(writer!);

        // FEEDHUB_STORIES_DUMP=folder writes every item's story and reason, to diff two builds' decisions.
        if (Environment.GetEnvironmentVariable("FEEDHUB_STORIES_DUMP") is { Length: > 0 } dump)
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={host.DatabaseFile};Pooling=False");
            IEnumerable<string> lines = await Dapper.SqlMapper.QueryAsync<string>(
                connection,
                "SELECT i.item_key || ' ' || i.source_id || ' ' || i.story_id || ' ' || i.story_rule || ' ' || coalesce(i.story_reason, '') || ' origin ' || coalesce(s.origin_item_id, 0) FROM items i JOIN stories s ON s.id = i.story_id ORDER BY i.id");
            Directory.CreateDirectory(dump);
            await File.WriteAllLinesAsync(Path.Combine(dump, "pipeline-profile.txt"), lines);
        }

        Console.WriteLine($"{runs} runs of {items} new items{(srcset ? " (srcset images)" : string.Empty)}, medians (wall ms / process CPU ms, × bare parse):");
        foreach ((string name, Stage stage) in new[] { ("bare CodeHollow parse", bare), ("decode + gate + parse", parse), ("normalize", normalize), ("dedup + store", commit) })
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {name,-22} {stage.Wall,8:F1} / {stage.Cpu,8:F1}   {stage.Wall / bare.Wall,5:F2}× / {stage.Cpu / bare.Cpu,5:F2}×"));
        }

        statements?.Report(Console.Out, runs, "run");
    }

    /// <summary>Wall and process CPU time of one stage over the runs. CPU time counts every thread
    /// of the process (a parallel stage's cores add up) and is steadier than wall time on a
    /// machine shared with other work.</summary>
    private sealed class Stage
    {
        private readonly List<double> _wall = [];
        private readonly List<double> _cpu = [];

        public double Wall => Median(_wall);

        public double Cpu => Median(_cpu);

        public T Measure<T>(Func<T> work)
        {
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            T result = work();
            _wall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            _cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            return result;
        }

        public async Task MeasureAsync<T>(Func<Task<T>> work)
        {
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            await work();
            _wall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            _cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
        }

        private static double Median(List<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted[sorted.Count / 2];
        }
    }
}
