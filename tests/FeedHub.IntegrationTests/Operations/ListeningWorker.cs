using System.Text.RegularExpressions;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>The worker executable serving HTTP on a free loopback port, with the console logging of
/// a default installation (<c>Default</c> at Information, ASP.NET Core at Warning), so a test reads
/// what an operator would read.</summary>
internal sealed partial class ListeningWorker : IDisposable
{
    private ListeningWorker(TempDirectory directory, WorkerProcess process, Uri baseUri)
    {
        Directory = directory;
        Process = process;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri };
    }

    public TempDirectory Directory { get; }

    public WorkerProcess Process { get; }

    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    public string DatabasePath => Directory.File("feedhub.db");

    public static async Task<ListeningWorker> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("appsettings.json"), "{}");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["FeedHub__Storage__ConnectionString"] = $"Data Source={directory.File("feedhub.db")}",
            ["FeedHub__Fetch__AllowPrivateNetworks"] = "true",
            ["FeedHub__Scheduling__StartupWindow"] = "00:00:00",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            ["Logging__LogLevel__Quartz"] = "Warning",
            // The data-protection key ring, if anything creates one, lands here and not in the machine's profile.
            ["HOME"] = directory.Path,
        };
        foreach (KeyValuePair<string, string> setting in settings ?? new Dictionary<string, string>())
        {
            environment[setting.Key] = setting.Value;
        }

        WorkerProcess process = WorkerProcess.Start(directory.Path, environment);
        await process.WaitForOutputAsync("Now listening on: ", TimeSpan.FromSeconds(30));
        Match listening = ListeningLine().Match(process.StandardOutput);
        return new ListeningWorker(directory, process, new Uri(listening.Groups["url"].Value.TrimEnd('/') + "/"));
    }

    /// <summary>SIGTERM and wait, so every queued log line is written.</summary>
    public async Task<string> StopAsync()
    {
        Process.Terminate();
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return Process.StandardOutput;
    }

    public void Dispose()
    {
        Http.Dispose();
        Process.Dispose();
        Directory.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (?<url>https?://[^\s""]+)")]
    private static partial Regex ListeningLine();
}
