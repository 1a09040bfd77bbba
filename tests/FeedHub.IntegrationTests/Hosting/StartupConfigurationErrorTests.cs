using FeedHub.IntegrationTests.Admin;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary>A configuration the options refuse stops the worker and every command the same way:
/// one line on stderr naming the key, exit 1, no stack trace.</summary>
public sealed class StartupConfigurationErrorTests
{
    [Theory]
    [InlineData("FeedHub__Fetch__MaxConcurrency", "0", "FeedHub:Fetch:MaxConcurrency")]
    [InlineData("FeedHub__Storage__Provider", "Oracle", "FeedHub:Storage:Provider")]
    [InlineData("FeedHub__Scheduling__DefaultInterval", "00:00:00", "FeedHub:Scheduling:DefaultInterval")]
    [InlineData("FeedHub__Secrets__KeyFile", "/nonexistent/feedhub-secrets.key", "FeedHub:Secrets:KeyFile")]
    [InlineData("FeedHub__Scheduling__MinInterval", "2.00:00:00", "FeedHub:Scheduling:MinInterval")]
    [InlineData("FeedHub__Scheduling__DefaultInterval", "00:01:00", "FeedHub:Scheduling:DefaultInterval")]
    // A cluster of workers on one SQLite file is refused (the provider here is the default, SQLite).
    [InlineData("FeedHub__Scheduling__Clustered", "true", "FeedHub:Scheduling:Clustered")]
    public async Task The_worker_prints_one_line_naming_the_key_and_exits_1(string variable, string value, string key)
    {
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);
        cli.Environment[variable] = value;

        using WorkerProcess worker = WorkerProcess.Start(directory.Path, cli.Environment, "--urls", "http://127.0.0.1:0");
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));

        AssertOneLineNamingTheKey(worker, key);
    }

    [Theory]
    [InlineData("FeedHub__Fetch__MaxConcurrency", "0", "FeedHub:Fetch:MaxConcurrency")]
    [InlineData("FeedHub__Storage__Provider", "Oracle", "FeedHub:Storage:Provider")]
    [InlineData("FeedHub__Secrets__KeyFile", "/nonexistent/feedhub-secrets.key", "FeedHub:Secrets:KeyFile")]
    public async Task A_command_prints_the_same_line(string variable, string value, string key)
    {
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);
        cli.Environment[variable] = value;

        using WorkerProcess command = await cli.RunAsync("sources", "list");

        AssertOneLineNamingTheKey(command, key);
    }

    private static void AssertOneLineNamingTheKey(WorkerProcess process, string key)
    {
        Assert.Equal(1, process.ExitCode);
        string line = Assert.Single(AdminCliTests.Lines(process.StandardError));
        Assert.Contains(key, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.StandardOutput + process.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", process.StandardOutput + process.StandardError, StringComparison.Ordinal);
    }
}
