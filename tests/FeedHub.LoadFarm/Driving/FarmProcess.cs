using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using FeedHub.LoadFarm.Farm;

namespace FeedHub.LoadFarm.Driving;

/// <summary>The farm started as a child process of the harness (this same program, <c>serve</c>),
/// so that its CPU is never counted as FeedHub's.</summary>
internal sealed class FarmProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http = new();

    private FarmProcess(Process process, FarmLayout layout)
    {
        _process = process;
        Layout = layout;
    }

    public FarmLayout Layout { get; }

    public static async Task<FarmProcess> StartAsync(FarmArguments args)
    {
        var start = Launcher.Self("serve");
        foreach (string arg in args.ToServeArguments())
        {
            start.ArgumentList.Add(arg);
        }

        start.RedirectStandardOutput = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException("the farm did not start");
        var farm = new FarmProcess(process, new FarmLayout(args.Feeds, args.Hosts, args.Port));
        using var ready = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await process.StandardOutput.ReadLineAsync(ready.Token) is string line)
        {
            Console.WriteLine(line);
            if (line.StartsWith("farm ready", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return farm;
            }
        }

        throw new InvalidOperationException($"the farm exited with {process.ExitCode} before it was ready");
    }

    public async Task<FarmRound> AdvanceAsync(double changed)
    {
        string url = string.Create(CultureInfo.InvariantCulture, $"{Layout.ControlUrl}/round?changed={changed}");
        using HttpResponseMessage response = await _http.PostAsync(new Uri(url), null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<FarmRound>())!;
    }

    public async Task<FarmCounts> CountsAsync() =>
        (await _http.GetFromJsonAsync<FarmCounts>(new Uri($"{Layout.ControlUrl}/stats")))!;

    /// <summary>Writes the farm's ground truth of stories into <paramref name="folder"/>, for <c>stories</c>.</summary>
    public async Task SaveTruthAsync(string folder)
    {
        string tsv = await _http.GetStringAsync(new Uri($"{Layout.ControlUrl}/truth"));
        await File.WriteAllTextAsync(Path.Combine(folder, FarmTruth.FileName), tsv);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
