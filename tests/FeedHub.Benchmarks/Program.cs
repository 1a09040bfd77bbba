using BenchmarkDotNet.Running;
using FeedHub.Benchmarks;

// `poll-cpu [polls] [rounds]` measures the CPU cost of unchanged polls directly, with the feed server
// in this process and in a child; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "poll-cpu")
{
    int polls = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5000;
    int rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
    await UnchangedPoll.MeasureCpuAsync(polls, rounds);
    return;
}

// `serve-child KIND`: a feed server the per-poll benchmarks start as their child process.
if (args.Length > 0 && args[0] == ChildFeedServer.Mode)
{
    await ChildFeedServer.ServeAsync(args[1..]);
    return;
}

// `changed-poll-cpu [polls per round] [rounds]` measures the CPU cost of a poll that finds one new entry among twenty.
if (args.Length > 0 && args[0] == "changed-poll-cpu")
{
    await ChangedPollCpu.RunAsync(args[1..]);
    return;
}

// `serve-load [seconds] [threads] [connections]` runs wrk against the real host on loopback.
if (args.Length > 0 && args[0] == "serve-load")
{
    await ServeLoad.RunAsync(args[1..]);
    return;
}

// `item-texts [rounds]` times a new item's matching and search texts, the body read once and twice.
if (args.Length > 0 && args[0] == "item-texts")
{
    ItemTextsCost.Run(args[1..]);
    return;
}

// `stories-quality [seed] [days] [thresholds] [--FeedHub:Stories:Key=value ...]` prints story precision/recall/origin against the threshold.
if (args.Length > 0 && args[0] == "stories-quality")
{
    await StoryQuality.RunAsync(args[1..]);
    return;
}

// `stories-cost [sizes] [measured days] [runs]` measures story assignment per item at 10k/100k/1M stored items.
if (args.Length > 0 && args[0] == "stories-cost")
{
    await StoryCost.RunAsync(args[1..]);
    return;
}

// `pipeline-profile [runs] [items] [--srcset] [--keep DIR] [--sql]` runs the full pipeline in a loop with per-stage times (for dotnet-trace).
if (args.Length > 0 && args[0] == "pipeline-profile")
{
    await PipelineProfile.RunAsync(args[1..]);
    return;
}

// `search-cost [sizes] [providers] [seconds per query]` measures ingest and merged-feed query latency at 100k/1M stored items.
if (args.Length > 0 && args[0] == "search-cost")
{
    await SearchCost.RunAsync(args[1..]);
    return;
}

// `cluster-scale [nodes] [sources] [minutes] [interval]` runs clustered worker processes on PostgreSQL (docs/scaling.md).
if (args.Length > 0 && args[0] == "cluster-scale")
{
    await ClusterScale.RunAsync(args[1..]);
    return;
}

// `write-batch [sources] [items] [runs] [concurrency]` compares parallel first refreshes with and without the SQLite writer.
if (args.Length > 0 && args[0] == "write-batch")
{
    await WriteBatchBenchmark.RunAsync(args[1..]);
    return;
}

// `runtime-report TRACE.nettrace [frames] [rows]` prints a traced process's collections, JIT and allocation sites.
if (args.Length > 0 && args[0] == "runtime-report")
{
    RuntimeReport.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(PipelineBenchmarks).Assembly).Run(args);
