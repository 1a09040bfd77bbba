using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace FeedHub.LoadFarm.Driving;

/// <summary>What one FeedHub command cost: its own process's wall and CPU time and peak RSS.</summary>
internal sealed record CommandCost(int ExitCode, string Output, string Error, TimeSpan Wall, double CpuSeconds, long PeakRssBytes);

/// <summary>FeedHub.Worker as an operator runs it, configured by environment variables: its own
/// SQLite file in the work folder, private networks allowed (the farm is on loopback).</summary>
internal sealed class FeedHubProcess
{
    private readonly string _workerDll;
    private readonly string _work;
    private readonly IReadOnlyList<string> _settings;
    private readonly TimeSpan _interval;

    public FeedHubProcess(string workerDll, string work, IReadOnlyList<string> settings, TimeSpan interval)
    {
        _workerDll = workerDll;
        _work = work;
        _settings = settings;
        _interval = interval;
    }

    public ProcessStartInfo StartInfo(params string[] args)
    {
        ProcessStartInfo start = Launcher.Dll(_workerDll, args);
        foreach (string setting in _settings)
        {
            start.ArgumentList.Add(setting);
        }

        start.WorkingDirectory = _work;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["DOTNET_CONTENTROOT"] = _work;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["FeedHub__Storage__Provider"] = "Sqlite";
        start.Environment["FeedHub__Storage__ConnectionString"] = $"Data Source={Path.Combine(_work, "feedhub.db")}";
        start.Environment["FeedHub__Fetch__AllowPrivateNetworks"] = "true";
        // Every process, refresh --all included: a refresh stores each source's next poll from it.
        start.Environment["FeedHub__Scheduling__DefaultInterval"] = _interval.ToString("c", CultureInfo.InvariantCulture);
        // Logging a line per poll would cost FeedHub CPU that the figures should not carry.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        return start;
    }

    /// <summary>Runs a command to its end, sampling /proc every 20 ms for the peak RSS; the CPU
    /// time is the exact getrusage figure of the reaped child.</summary>
    public async Task<CommandCost> RunAsync(params string[] args)
    {
        double cpuBefore = ProcessUsage.ChildrenCpuSeconds();
        var watch = Stopwatch.StartNew();
        using Process process = Process.Start(StartInfo(args)) ?? throw new InvalidOperationException("FeedHub did not start");
        var output = new StringBuilder();
        var error = new StringBuilder();
        Task<string> readOutput = process.StandardOutput.ReadToEndAsync();
        Task<string> readError = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.HasExited)
        {
            if (ProcessUsage.Memory(process.Id) is (_, long hwm))
            {
                peak = Math.Max(peak, hwm);
            }

            await Task.Delay(20);
        }

        await process.WaitForExitAsync();
        watch.Stop();
        output.Append(await readOutput);
        error.Append(await readError);
        return new CommandCost(process.ExitCode, output.ToString(), error.ToString(), watch.Elapsed, ProcessUsage.ChildrenCpuSeconds() - cpuBefore, peak);
    }
}
