using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Admin;

/// <summary>Runs FeedHub.Worker commands as a child process against one SQLite file, the way an
/// operator's shell or cron does.</summary>
internal sealed class AdminCli
{
    private readonly TempDirectory _directory;

    public AdminCli(TempDirectory directory, string? databasePath = null)
    {
        _directory = directory;
        System.IO.File.WriteAllText(directory.File("appsettings.json"), "{}");
        Environment = new Dictionary<string, string>
        {
            ["FeedHub__Storage__ConnectionString"] = $"Data Source={databasePath ?? directory.File("feedhub.db")}",
            ["FeedHub__Fetch__AllowPrivateNetworks"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    public Dictionary<string, string> Environment { get; }

    public string File(string name) => _directory.File(name);

    public Task<WorkerProcess> RunAsync(params string[] args) => WorkerProcess.RunAsync(_directory.Path, Environment, args);
}
