using System.Diagnostics;
using System.Net;

namespace FeedHub.LoadFarm.Driving;

/// <summary><c>scrape</c>: the worker on an existing work folder (<c>--work</c>, a database of many
/// sources), no farm; a minute after it is ready, times <c>/metrics</c> and <c>/status/sources</c>, alternately, <c>--runs</c>
/// times each after one warm-up of each. <c>/status/sources</c> is the query the source gauges ran
/// before they had their own aggregate, so it is the baseline measured in the same run.</summary>
internal static class ScrapeBench
{
    private static readonly string[] Paths = ["/metrics", "/status/sources"];

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(FarmArguments args)
    {
        if (args.Work is null || !File.Exists(Path.Combine(args.Work, "feedhub.db")))
        {
            await Console.Error.WriteLineAsync("scrape needs --work DIR with a feedhub.db (docs/load.md)");
            return 2;
        }

        string workerDll = args.Worker ?? Path.Combine(AppContext.BaseDirectory, "FeedHub.Worker.dll");
        var feedHub = new FeedHubProcess(workerDll, args.Work, args.Settings, args.Interval);
        int port = FreePorts.On(IPAddress.Loopback);
        ProcessStartInfo start = feedHub.StartInfo();
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using Process worker = Process.Start(start) ?? throw new InvalidOperationException("the worker did not start");
        using TextWriter log = TextWriter.Synchronized(new StreamWriter(Path.Combine(args.Work, "scrape-worker.log")) { AutoFlush = true });
        worker.OutputDataReceived += (_, line) => log.WriteLine(line.Data);
        worker.ErrorDataReceived += (_, line) => log.WriteLine(line.Data);
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            await WorkerSoak.WaitReadyAsync(http, worker);
            // Ready is not idle: the scheduler is still creating a job per source.
            await Task.Delay(Settle);
            Console.WriteLine(FormattableString.Invariant($"worker {Path.GetFileName(Path.GetDirectoryName(workerDll))} ready on port {port}; {args.Runs} scrapes of each after one warm-up"));
            foreach (string path in Paths)
            {
                _ = await TimeAsync(http, path);
            }

            var times = Paths.ToDictionary(path => path, _ => new List<double>());
            for (int run = 0; run < args.Runs; run++)
            {
                foreach (string path in Paths)
                {
                    (double ms, long bytes) = await TimeAsync(http, path);
                    times[path].Add(ms);
                    Console.WriteLine(FormattableString.Invariant($"{path,-16} {ms,9:F1} ms  {bytes,10} bytes"));
                }
            }

            double baseline = Median(times["/status/sources"]);
            foreach (string path in Paths)
            {
                List<double> measured = times[path];
                Console.WriteLine(FormattableString.Invariant(
                    $"{path,-16} median {Median(measured):F1} ms (min {measured.Min():F1}, max {measured.Max():F1}), {Median(measured) / baseline:F3} × /status/sources"));
            }
        }
        finally
        {
            if (!worker.HasExited)
            {
                _ = WorkerSoak.Kill(worker.Id, 15);
                if (!worker.WaitForExit(TimeSpan.FromSeconds(30)))
                {
                    worker.Kill();
                }
            }
        }

        return 0;
    }

    private static async Task<(double Milliseconds, long Bytes)> TimeAsync(HttpClient http, string path)
    {
        long started = Stopwatch.GetTimestamp();
        using HttpResponseMessage response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseContentRead);
        response.EnsureSuccessStatusCode();
        long bytes = (await response.Content.ReadAsByteArrayAsync()).LongLength;
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, bytes);
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
