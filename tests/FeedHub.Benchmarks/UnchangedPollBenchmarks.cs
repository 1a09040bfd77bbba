using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Ingestion.Refreshing;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Benchmarks;

/// <summary>A poll of a source whose server answers 304: the steady state of a healthy worker.
/// Wall time includes the loopback round trip and the in-process server.</summary>
[MemoryDiagnoser]
public class UnchangedPollBenchmarks
{
    private NotModifiedServer _server = null!;
    private BenchmarkHost _host = null!;
    private FeedRefresher _refresher = null!;
    private long _sourceId;

    [GlobalSetup]
    public void Setup()
    {
        (_server, _host, _refresher, _sourceId) = UnchangedPoll.PrepareAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "poll an unchanged (304) source")]
    public async Task<RefreshStatus> Poll() => (await _refresher.RefreshAsync(_sourceId, CancellationToken.None)).Status;
}

internal static class UnchangedPoll
{
    public static async Task<(NotModifiedServer Server, BenchmarkHost Host, FeedRefresher Refresher, long SourceId)> PrepareAsync()
    {
        NotModifiedServer server = await NotModifiedServer.StartAsync();
        BenchmarkHost host = BenchmarkHost.Start();
        long sourceId = await AddAsync(host, server.FeedUrl);
        return (server, host, host.Services.GetRequiredService<FeedRefresher>(), sourceId);
    }

    /// <summary>Adds a source for <paramref name="feedUrl"/> and polls it once (a 200 that stores the
    /// feed and its ETag), so that every later poll is a 304.</summary>
    public static async Task<long> AddAsync(BenchmarkHost host, Uri feedUrl)
    {
        FeedSource source = await host.Services.GetRequiredService<ISourceStore>().UpsertAsync(new SourceDefinition { Url = feedUrl.AbsoluteUri }, CancellationToken.None);
        RefreshResult first = await host.Services.GetRequiredService<FeedRefresher>().RefreshAsync(source.Id, CancellationToken.None);
        if (first.Status != RefreshStatus.Updated)
        {
            throw new InvalidOperationException($"first poll should store the feed, was {first.Status}: {first.Error}");
        }

        return source.Id;
    }

    /// <summary>`poll-cpu [polls] [rounds]`: CPU time per unchanged poll, FeedRefresher through the
    /// worker's real services, in rounds that alternate two places of the feed server. In this
    /// process (the figure this benchmark printed before 2026-12-02): the process's CPU is FeedHub's
    /// and the server's together, an upper bound. In a child process (<see cref="ChildFeedServer"/>):
    /// the process's CPU is FeedHub's alone, as the load harness counts it and as issue 12's target
    /// reads; the child's own CPU is printed beside it. Round 0 warms up both and is not counted.</summary>
    public static async Task MeasureCpuAsync(int polls, int rounds)
    {
        await using NotModifiedServer inProcess = await NotModifiedServer.StartAsync();
        await using ChildFeedServer child = await ChildFeedServer.StartAsync("not-modified");
        using BenchmarkHost host = BenchmarkHost.Start();
        var refresher = host.Services.GetRequiredService<FeedRefresher>();
        long inProcessId = await AddAsync(host, inProcess.FeedUrl);
        long childId = await AddAsync(host, new Uri(child.BaseUri, "feed.xml"));

        List<double> whole = [], alone = [], server = [];
        for (int round = 0; round <= rounds; round++)
        {
            int count = round == 0 ? 200 : polls;
            (double Process, double Child) here = default, there = default;
            // Alternate which goes first, so a load that comes and goes falls on both.
            for (int turn = 0; turn < 2; turn++)
            {
                if ((turn == 0) == (round % 2 == 0))
                {
                    here = await MeasureAsync(refresher, inProcessId, count, child);
                }
                else
                {
                    there = await MeasureAsync(refresher, childId, count, child);
                }
            }

            if (round > 0)
            {
                whole.Add(here.Process);
                alone.Add(there.Process);
                server.Add(there.Child);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: server in this process {here.Process:F3} ms CPU per poll (process); server in a child {there.Process:F3} ms (FeedHub alone), the child {there.Child:F3} ms"));
            }
        }

        double wholeMedian = Median(whole), aloneMedian = Median(alone), serverMedian = Median(server);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rounds} rounds of {polls} unchanged polls, medians of CPU per poll:"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  whole process, feed server in it:  {wholeMedian:F3} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  FeedHub alone, feed server a child: {aloneMedian:F3} ms  ({aloneMedian / wholeMedian:F2}x; the child: {serverMedian:F3} ms)"));
    }

    private static async Task<(double Process, double Child)> MeasureAsync(FeedRefresher refresher, long sourceId, int polls, ChildFeedServer child)
    {
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        TimeSpan childBefore = child.Cpu;
        for (int i = 0; i < polls; i++)
        {
            RefreshResult result = await refresher.RefreshAsync(sourceId, CancellationToken.None);
            if (result.Status != RefreshStatus.NotModified)
            {
                throw new InvalidOperationException($"expected 304, got {result.Status}: {result.Error}");
            }
        }

        process.Refresh();
        return ((process.TotalProcessorTime - cpuBefore).TotalMilliseconds / polls, (child.Cpu - childBefore).TotalMilliseconds / polls);
    }

    private static double Median(List<double> values)
    {
        List<double> sorted = [.. values.Order()];
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
