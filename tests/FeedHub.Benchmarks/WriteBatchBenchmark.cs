using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Ingestion.Refreshing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedHub.Benchmarks;

/// <summary><c>write-batch [sources] [items] [runs] [concurrency]</c>: parallel first refreshes of
/// loopback feeds on a fresh SQLite file, with the SQLite writer batching poll writes
/// (<c>Storage:BatchWrites=true</c>) and with every poll taking the write lock itself (false), in
/// alternating order in the same run. Prints wall and process CPU, and the time polls waited
/// before their write started (the storage's own <c>feedhub.storage.write.wait</c> instrument:
/// for the lock, or in the writer's queue), as medians over the runs and as ratios to the
/// unbatched baseline.</summary>
internal static class WriteBatchBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        int sources = Arg(args, 0, 200);
        int items = Arg(args, 1, 20);
        int runs = Arg(args, 2, 5);
        int concurrency = Arg(args, 3, 8);
        await using FeedFarm farm = await FeedFarm.StartAsync(sources, items);
        var measured = new Dictionary<bool, List<Measurement>> { [false] = [], [true] = [] };
        for (int run = 0; run < runs; run++)
        {
            // Alternate which mode goes first, so warm-up and machine noise fall on both.
            foreach (bool batch in run % 2 == 0 ? new[] { false, true } : [true, false])
            {
                Measurement m = await MeasureAsync(farm, sources, concurrency, batch);
                measured[batch].Add(m);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run + 1} batch={batch,-5}: wall {m.Wall.TotalSeconds:F2} s, CPU {m.Cpu.TotalSeconds:F2} s, write wait {m.Wait.TotalSeconds:F2} s total ({m.WaitShare:P1} of poll time), {m.Transactions} transactions, {m.NewItems} items"));
            }
        }

        Measurement baseline = Median(measured[false]);
        Measurement batched = Median(measured[true]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

            {sources} sources x {items} items, concurrency {concurrency}, medians of {runs} runs
            | | wall | CPU | write wait (total) | share of poll time | transactions |
            |---|---|---|---|---|---|
            | a transaction per poll (BatchWrites=false) | {baseline.Wall.TotalSeconds:F2} s | {baseline.Cpu.TotalSeconds:F2} s | {baseline.Wait.TotalSeconds:F2} s | {baseline.WaitShare:P1} | {baseline.Transactions} |
            | batched writer (BatchWrites=true) | {batched.Wall.TotalSeconds:F2} s | {batched.Cpu.TotalSeconds:F2} s | {batched.Wait.TotalSeconds:F2} s | {batched.WaitShare:P1} | {batched.Transactions} |
            | ratio batched / baseline | {batched.Wall / baseline.Wall:F2} | {batched.Cpu / baseline.Cpu:F2} | {Ratio(batched.Wait, baseline.Wait)} | | {(double)batched.Transactions / baseline.Transactions:F2} |
            """));
    }

    private static async Task<Measurement> MeasureAsync(FeedFarm farm, int sources, int concurrency, bool batch)
    {
        using BenchmarkHost host = BenchmarkHost.Start(new Dictionary<string, string?>
        {
            ["FeedHub:Storage:BatchWrites"] = batch ? "true" : "false",
            ["FeedHub:Fetch:MaxConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
            ["FeedHub:Fetch:MaxConcurrencyPerHost"] = concurrency.ToString(CultureInfo.InvariantCulture),
        });
        ISourceStore store = host.Services.GetRequiredService<ISourceStore>();
        var ids = new List<long>();
        for (int s = 0; s < sources; s++)
        {
            ids.Add((await store.UpsertAsync(new SourceDefinition { Url = farm.FeedUrl(s).AbsoluteUri }, CancellationToken.None)).Id);
        }

        using var wait = new WriteWait(host.Services.GetRequiredService<IMeterFactory>());
        RefreshBatch refresh = host.Services.GetRequiredService<RefreshBatch>();
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        RefreshSummary summary = await refresh.RunAsync(ids, concurrency, CancellationToken.None);
        wall.Stop();
        process.Refresh();
        if (summary.Failed > 0)
        {
            throw new InvalidOperationException($"{summary.Failed} polls failed: {summary.Results.First(r => r.Status == RefreshStatus.Failed).Error}");
        }

        return new Measurement(wall.Elapsed, process.TotalProcessorTime - cpuBefore, wait.Total, wait.Transactions, summary.NewItems, concurrency);
    }

    private static Measurement Median(List<Measurement> runs)
    {
        T Mid<T>(Func<Measurement, T> pick) => runs.Select(pick).Order().ElementAt(runs.Count / 2);
        return new Measurement(Mid(m => m.Wall), Mid(m => m.Cpu), Mid(m => m.Wait), Mid(m => m.Transactions), Mid(m => m.NewItems), runs[0].Concurrency);
    }

    private static string Ratio(TimeSpan value, TimeSpan baseline) =>
        baseline > TimeSpan.Zero ? (value / baseline).ToString("F3", CultureInfo.InvariantCulture) : "n/a";

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    private sealed record Measurement(TimeSpan Wall, TimeSpan Cpu, TimeSpan Wait, long Transactions, int NewItems, int Concurrency)
    {
        /// <summary>Waiting for the write against the time the poll slots were busy.</summary>
        public double WaitShare => Wait / (Wall * Concurrency);
    }

    /// <summary>Sums one host's write waits and counts its committed transactions.</summary>
    private sealed class WriteWait : IDisposable
    {
        private readonly MeterListener _listener = new();
        private double _seconds;
        private long _transactions;

        public WriteWait(IMeterFactory meters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters)
                    && instrument.Name is "feedhub.storage.write.wait" or "feedhub.storage.write.batch_size")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
            {
                lock (_listener)
                {
                    _seconds += seconds;
                }
            });
            _listener.SetMeasurementEventCallback<int>((_, _, _, _) => Interlocked.Increment(ref _transactions));
            _listener.Start();
        }

        public TimeSpan Total
        {
            get
            {
                lock (_listener)
                {
                    return TimeSpan.FromSeconds(_seconds);
                }
            }
        }

        public long Transactions => Interlocked.Read(ref _transactions);

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Loopback feeds <c>/f{n}.xml</c>: WordPress-shaped, the same releases under each
    /// portal's own links, as republishing portals carry them (so stories are shared).</summary>
    private sealed class FeedFarm : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly Uri _base;

        private FeedFarm(WebApplication app, Uri baseUri)
        {
            _app = app;
            _base = baseUri;
        }

        public Uri FeedUrl(int source) => new(_base, $"f{source}.xml");

        public static async Task<FeedFarm> StartAsync(int sources, int items)
        {
            byte[][] feeds = [.. Enumerable.Range(0, sources).Select(s => BenchmarkFeeds.WordPressRss(items, $"portal{s}.example"))];
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            WebApplication app = builder.Build();
            app.Run(async context =>
            {
                string path = context.Request.Path.Value ?? "";
                if (!path.StartsWith("/f", StringComparison.Ordinal) || !int.TryParse(path.AsSpan(2, path.Length - 6), CultureInfo.InvariantCulture, out int source) || source >= feeds.Length)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                context.Response.ContentType = "application/rss+xml; charset=utf-8";
                await context.Response.Body.WriteAsync(feeds[source]);
            });
            await app.StartAsync();
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new FeedFarm(app, new Uri(address.TrimEnd('/') + "/"));
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
