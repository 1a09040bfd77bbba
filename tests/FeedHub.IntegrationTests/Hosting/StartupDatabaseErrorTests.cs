using FeedHub.IntegrationTests.Admin;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary>A database that cannot be used stops the worker and every command at start the same
/// way: one line on stderr naming the database (or the key) and the error, exit 1, no stack trace.</summary>
public sealed class StartupDatabaseErrorTests
{
    public static TheoryData<string, string> Faults => new()
    {
        // A file that is not a database, as a wrong path or a restore gone wrong leaves it.
        { "not-a-database", "SqliteException" },
        // A folder that can never be created: its parent is a file.
        { "folder-under-a-file", "DirectoryNotFoundException" },
        // A connection string with a misspelt keyword.
        { "misspelt-keyword", "FeedHub:Storage:ConnectionString" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task The_worker_prints_one_line_and_exits_1(string fault, string expected)
    {
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);
        string database = Arrange(directory, cli, fault);

        using WorkerProcess worker = WorkerProcess.Start(directory.Path, cli.Environment, "--urls", "http://127.0.0.1:0");
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));

        AssertOneLine(worker, database, expected);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_command_prints_the_same_line(string fault, string expected)
    {
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);
        string database = Arrange(directory, cli, fault);

        using WorkerProcess command = await cli.RunAsync("sources", "list");

        AssertOneLine(command, database, expected);
    }

    /// <summary>Sets the fault up and returns what the line must name.</summary>
    private static string Arrange(TempDirectory directory, AdminCli cli, string fault)
    {
        switch (fault)
        {
            case "not-a-database":
                File.WriteAllText(directory.File("feedhub.db"), new string('x', 4096));
                return directory.File("feedhub.db");
            case "folder-under-a-file":
                File.WriteAllText(directory.File("plain-file"), "not a folder");
                string path = Path.Combine(directory.File("plain-file"), "data", "feedhub.db");
                cli.Environment["FeedHub__Storage__ConnectionString"] = $"Data Source={path}";
                return path;
            default:
                cli.Environment["FeedHub__Storage__ConnectionString"] = $"Data Sorce={directory.File("feedhub.db")}";
                return "data sorce";
        }
    }

    private static void AssertOneLine(WorkerProcess process, string database, string expected)
    {
        Assert.Equal(1, process.ExitCode);
        string line = Assert.Single(AdminCliTests.Lines(process.StandardError));
        Assert.Contains(database, line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.StandardOutput + process.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", process.StandardOutput + process.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", process.StandardOutput + process.StandardError, StringComparison.Ordinal);
    }
}
