using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using FeedHub.LoadFarm.Farm;

namespace FeedHub.LoadFarm.Driving;

/// <summary><c>worker</c>: the farm's feeds imported and refreshed once, then the long-running
/// worker for a while, sampled every so often: RSS, peak RSS, CPU, polls (the farm's requests and
/// FeedHub's counter) and the scheduler lag histogram of <c>/metrics</c>.</summary>
internal static partial class WorkerSoak
{
    private const string LagMetric = "feedhub_scheduler_lag_seconds";

    public static async Task<int> RunAsync(FarmArguments args)
    {
        Console.WriteLine(FormattableString.Invariant($"worker soak: {args.Feeds} feeds of {args.Entries} entries on {args.Hosts} hosts, polled every {args.Interval}; {args.Changed:P0} change every {args.RoundEvery}; {args.Duration} sampled every {args.SampleEvery}; {Environment.ProcessorCount} cores"));
        await using FarmProcess farm = await FarmProcess.StartAsync(args);
        using Workspace workspace = await Workspace.CreateAsync(args, farm.Layout);
        if (!workspace.Primed && !args.Cold)
        {
            CommandCost prime = await workspace.FeedHub.RunAsync("refresh", "--all");
            Console.WriteLine(FormattableString.Invariant($"first refresh --all: {prime.Output.Trim().Split('\n')[^1]} (wall {prime.Wall.TotalSeconds:F1} s, cpu {prime.CpuSeconds:F1} s, peak {prime.PeakRssBytes / 1048576} MB)"));
        }

        if (args.Duration <= TimeSpan.Zero)
        {
            await farm.SaveTruthAsync(workspace.Path);
            return 0;
        }

        int port = FreePorts.On(IPAddress.Loopback);
        ProcessStartInfo start = workspace.FeedHub.StartInfo();
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        // The first polls spread over one interval, as a worker restarted in production would.
        start.Environment["FeedHub__Scheduling__StartupWindow"] = TimeSpan.FromTicks(Math.Min(args.Interval.Ticks, TimeSpan.FromHours(1).Ticks)).ToString("c", CultureInfo.InvariantCulture);
        using Process worker = Process.Start(start) ?? throw new InvalidOperationException("the worker did not start");
        try
        {
            await SoakAsync(args, farm, workspace, worker, port);
        }
        finally
        {
            if (!worker.HasExited)
            {
                worker.Kill();
            }
        }

        await farm.SaveTruthAsync(workspace.Path);
        return 0;
    }

    private static async Task SoakAsync(FarmArguments args, FarmProcess farm, Workspace workspace, Process worker, int port)
    {
        // Warnings and errors (failed polls, a locked database) are findings too: kept beside the samples.
        using TextWriter log = TextWriter.Synchronized(new StreamWriter(Path.Combine(workspace.Path, "worker.log")) { AutoFlush = true });
        worker.OutputDataReceived += (_, line) => log.WriteLine(line.Data);
        worker.ErrorDataReceived += (_, line) => log.WriteLine(line.Data);
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(25) };
        await WaitReadyAsync(http, worker);
        Console.WriteLine(FormattableString.Invariant($"worker pid {worker.Id} ready on port {port}; work folder {workspace.Path}"));

        string outPath = args.Out ?? Path.Combine(workspace.Path, "worker-samples.tsv");
        await using var samples = new StreamWriter(outPath, append: false);
        await samples.WriteLineAsync("seconds\trss_mb\tpeak_rss_mb\tcpu_s\tfarm_requests\tpolls\tlag_count\tmetrics_series\tanon_mb\tfile_mb\tshmem_mb");
        var watch = Stopwatch.StartNew();
        var taken = new List<Sample>();
        Sample first = await SampleAsync(http, farm, worker.Id, watch);
        taken.Add(first);
        using var timer = new PeriodicTimer(args.SampleEvery);
        while (watch.Elapsed < args.Duration && await timer.WaitForNextTickAsync())
        {
            if (worker.HasExited)
            {
                throw new InvalidOperationException($"the worker exited with {worker.ExitCode}");
            }

            Sample sample = await SampleAsync(http, farm, worker.Id, watch);
            taken.Add(sample);
            string line = string.Create(CultureInfo.InvariantCulture, $"{sample.Seconds:F0}\t{sample.Rss / 1048576.0:F1}\t{sample.Peak / 1048576.0:F1}\t{sample.Cpu:F1}\t{sample.Requests}\t{sample.Polls}\t{sample.LagCount}\t{sample.Series}\t{sample.Anon / 1048576.0:F1}\t{sample.File / 1048576.0:F1}\t{sample.Shmem / 1048576.0:F1}");
            await samples.WriteLineAsync(line);
            await samples.FlushAsync();
            Console.WriteLine(line);
        }

        _ = Kill(worker.Id, 15);
        await worker.WaitForExitAsync();
        Report(taken);
    }

    private static void Report(List<Sample> taken)
    {
        Sample last = taken[^1];
        Sample start = taken[0];
        Sample atTen = taken.MinBy(s => Math.Abs(s.Seconds - 600))!;
        Sample[] lastTen = [.. taken.Where(s => s.Seconds >= last.Seconds - 600)];
        double seconds = last.Seconds - start.Seconds;
        Console.WriteLine(FormattableString.Invariant($"duration {seconds / 60:F1} min, {taken.Count} samples"));
        Console.WriteLine(FormattableString.Invariant($"rss at minute {atTen.Seconds / 60:F1}: {atTen.Rss / 1048576.0:F1} MB; last ten minutes: median {Median(lastTen.Select(s => s.Rss)) / 1048576.0:F1} MB, max {lastTen.Max(s => s.Rss) / 1048576.0:F1} MB ({(lastTen.Max(s => s.Rss) / (double)atTen.Rss - 1) * 100:+0.0;-0.0}% of minute 10's); peak rss {last.Peak / 1048576.0:F1} MB"));
        Console.WriteLine(FormattableString.Invariant($"rss parts, last ten minutes' medians: anon {Median(lastTen.Select(s => s.Anon)) / 1048576.0:F1} MB, file {Median(lastTen.Select(s => s.File)) / 1048576.0:F1} MB, shmem {Median(lastTen.Select(s => s.Shmem)) / 1048576.0:F1} MB (minute 10: {atTen.Anon / 1048576.0:F1}, {atTen.File / 1048576.0:F1}, {atTen.Shmem / 1048576.0:F1})"));
        Console.WriteLine(FormattableString.Invariant($"cpu {last.Cpu - start.Cpu:F1} s ({(last.Cpu - start.Cpu) / seconds * 100:F1}% of one core); polls/s {(last.Requests - start.Requests) / seconds:F1} (farm requests), {(last.Polls - start.Polls) / seconds:F1} (feedhub_polls_total)"));
        Console.WriteLine(FormattableString.Invariant($"scheduler lag p50 {Lag(start, last, 0.5)} s, p99 {Lag(start, last, 0.99)} s (interpolated in the histogram's buckets); /metrics series {last.Series}"));
    }

    private static string Lag(Sample from, Sample to, double quantile) =>
        PrometheusText.Quantile(from.Lag, to.Lag, quantile) is double value ? value.ToString("F3", CultureInfo.InvariantCulture) : "n/a";

    private static double Median(IEnumerable<long> values)
    {
        long[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2.0;
    }

    private static async Task<Sample> SampleAsync(HttpClient http, FarmProcess farm, int pid, Stopwatch watch)
    {
        RssBreakdown memory = ProcessUsage.Breakdown(pid) ?? new RssBreakdown(0, 0, 0, 0, 0);
        double cpu = ProcessUsage.CpuSeconds(pid) ?? 0;
        FarmCounts counts = await farm.CountsAsync();
        PrometheusText metrics;
        try
        {
            metrics = new PrometheusText(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // A scrape that times out is a finding, not the end of the run: the sample keeps the
            // process figures, and its metric columns are empty.
            Console.WriteLine(FormattableString.Invariant($"scrape at {watch.Elapsed.TotalSeconds:F0} s failed: {ex.GetType().Name}: {ex.Message}"));
            metrics = new PrometheusText(string.Empty);
        }

        return new Sample(watch.Elapsed.TotalSeconds, memory.Rss, memory.Peak, cpu, counts.Requests, (long)metrics.Sum("feedhub_polls_total"), metrics.Buckets(LagMetric), metrics.SeriesCount)
        {
            Anon = memory.Anon,
            File = memory.File,
            Shmem = memory.Shmem,
        };
    }

    internal static async Task WaitReadyAsync(HttpClient http, Process worker)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (worker.HasExited)
            {
                throw new InvalidOperationException($"the worker exited with {worker.ExitCode}");
            }

            try
            {
                using HttpResponseMessage response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the worker was not ready within 5 minutes");
    }


    private sealed record Sample(double Seconds, long Rss, long Peak, double Cpu, long Requests, long Polls, IReadOnlyList<(double Le, double Count)> Lag, int Series)
    {
        public double LagCount => Lag.Count == 0 ? 0 : Lag[^1].Count;

        public long Anon { get; init; }

        public long File { get; init; }

        public long Shmem { get; init; }
    }

    // SIGTERM, as systemd stops the service: the worker shuts down as in production.
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
