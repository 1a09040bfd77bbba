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
        FeedSource source = await host.Services.GetRequiredService<ISourceStore>().UpsertAsync(new SourceDefinition { Url = server.FeedUrl.AbsoluteUri }, CancellationToken.None);
        var refresher = host.Services.GetRequiredService<FeedRefresher>();
        RefreshResult first = await refresher.RefreshAsync(source.Id, CancellationToken.None);
        if (first.Status != RefreshStatus.Updated)
        {
            throw new InvalidOperationException($"first poll should store the feed, was {first.Status}: {first.Error}");
        }

        return (server, host, refresher, source.Id);
    }

    /// <summary>CPU time per poll, measured on the whole process over many polls (so it also
    /// counts the in-process fixture server's share: an upper bound).</summary>
    public static async Task MeasureCpuAsync(int polls)
    {
        var (server, host, refresher, sourceId) = await PrepareAsync();
        for (int i = 0; i < 200; i++)
        {
            await refresher.RefreshAsync(sourceId, CancellationToken.None);
        }

        using var process = System.Diagnostics.Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < polls; i++)
        {
            RefreshResult result = await refresher.RefreshAsync(sourceId, CancellationToken.None);
            if (result.Status != RefreshStatus.NotModified)
            {
                throw new InvalidOperationException($"expected 304, got {result.Status}");
            }
        }

        wall.Stop();
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
        Console.WriteLine($"{polls} unchanged polls: {cpu.TotalMilliseconds / polls:F3} ms CPU per poll (process total, server included), {wall.Elapsed.TotalMilliseconds / polls:F3} ms wall per poll");
        host.Dispose();
        await server.DisposeAsync();
    }
}
