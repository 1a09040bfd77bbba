using System.Reflection;
using FeedHub.IntegrationTests.Admin;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Worker.Commands;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary>The executable's whole command line: commands, the worker as the default, host options
/// and configuration overrides in any position.</summary>
public sealed class CommandLineTests
{
    private const string OtherSourceUrl = "http://127.0.0.1:9/from-the-other-content-root.xml";

    // Long enough for a cold start of the executable, short enough that a worker started by mistake fails the test.
    private static readonly TimeSpan CommandTime = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_mistyped_command_exits_2_with_a_suggestion_instead_of_starting_the_worker()
    {
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);

        using WorkerProcess process = await RunAsync(directory, cli, "sourcs", "list");

        Assert.Equal(2, process.ExitCode);
        Assert.Empty(process.StandardOutput);
        Assert.Contains("'sourcs'", process.StandardError, StringComparison.Ordinal);
        Assert.Contains("Did you mean", process.StandardError, StringComparison.Ordinal);
        Assert.Contains("sources", AdminCliTests.Lines(process.StandardError));
        Assert.Contains("--help", AdminCliTests.Lines(process.StandardError)[^1], StringComparison.Ordinal);
        Assert.False(File.Exists(directory.File("feedhub.db")), "nothing touched the database");
    }

    [Fact]
    public async Task Version_prints_the_version_and_exits_0()
    {
        using var directory = new TempDirectory();
        string expected = typeof(FeedHub.Worker.Hosting.FeedHubApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        using WorkerProcess process = await RunAsync(directory, new AdminCli(directory), "--version");

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(expected, process.StandardOutput.Trim());
    }

    [Theory]
    [InlineData("--contentRoot", "{other}", "sources", "list")]
    [InlineData("sources", "list", "--contentRoot", "{other}")]
    [InlineData("sources", "--contentRoot={other}", "list")]
    [InlineData("--FeedHub:Sources:0:Url=" + OtherSourceUrl, "sources", "list")]
    [InlineData("--FeedHub:Sources:0:Url", OtherSourceUrl, "sources", "list")]
    [InlineData("sources", "list", "--FeedHub:Sources:0:Url", OtherSourceUrl)]
    [InlineData("sources", "list", "--FeedHub:Sources:0:Url=" + OtherSourceUrl)]
    [InlineData("--urls", "http://127.0.0.1:0", "--environment", "Staging", "sources", "list", "--contentRoot", "{other}")]
    public async Task Host_options_and_configuration_overrides_reach_a_command_before_or_after_it(params string[] args)
    {
        using var directory = new TempDirectory();
        using var other = new TempDirectory();
        File.WriteAllText(other.File("appsettings.json"), $$"""{ "FeedHub": { "Sources": [ { "Url": "{{OtherSourceUrl}}" } ] } }""");
        var cli = new AdminCli(directory);

        using WorkerProcess process = await RunAsync(directory, cli, [.. args.Select(arg => arg.Replace("{other}", other.Path, StringComparison.Ordinal))]);

        Assert.True(process.ExitCode == 0, process.StandardError);
        Assert.Contains(OtherSourceUrl, process.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--urls", "http://127.0.0.1:0", "refresh", "--all")]
    [InlineData("refresh", "--urls", "http://127.0.0.1:0", "--all")]
    public async Task Host_options_before_or_after_refresh_run_the_refresh(params string[] args)
    {
        using var directory = new TempDirectory();

        using WorkerProcess process = await RunAsync(directory, new AdminCli(directory), args);

        Assert.True(process.ExitCode == 0, process.StandardError);
        Assert.Equal("0 sources polled, 0 new items, 0 updated, 0 not modified, 0 failed", process.StandardOutput.Trim());
    }

    [Theory]
    [InlineData("--FeedHub:Storage:ConnectionString=Data Source={other}/chosen.db", "sources", "list")]
    [InlineData("sources", "list", "--FeedHub:Storage:ConnectionString", "Data Source={other}/chosen.db")]
    public async Task A_connection_string_override_chooses_the_database_of_a_command(params string[] args)
    {
        using var directory = new TempDirectory();
        using var other = new TempDirectory();
        var cli = new AdminCli(directory);

        using WorkerProcess process = await RunAsync(directory, cli, [.. args.Select(arg => arg.Replace("{other}", other.Path, StringComparison.Ordinal))]);

        Assert.True(process.ExitCode == 0, process.StandardError);
        Assert.True(File.Exists(other.File("chosen.db")), "the command used the database named on the command line");
        Assert.False(File.Exists(directory.File("feedhub.db")), "the command did not use the configured database");
    }

    [Fact]
    public async Task The_worker_takes_host_options_and_configuration_overrides_from_the_command_line()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", FeedXml.Rss("Portal", [FeedXml.Numbered(1)]));
        using var directory = new TempDirectory();
        using var other = new TempDirectory();
        File.WriteAllText(other.File("appsettings.json"), $$"""{ "FeedHub": { "Sources": [ { "Url": "{{server.Url("feed.xml").AbsoluteUri}}" } ] } }""");
        var cli = new AdminCli(directory);
        cli.Environment["FeedHub__Scheduling__StartupWindow"] = "00:00:00";
        int port = FreePorts.Loopback();

        using WorkerProcess worker = WorkerProcess.Start(
            directory.Path,
            cli.Environment,
            "--FeedHub:Publishing:Title", "Title from the command line", "--contentRoot", other.Path, "--urls", $"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        string feed = "";
        await WorkerHost.EventuallyAsync(async () =>
        {
            try
            {
                feed = await http.GetStringAsync("feed.xml");
                return feed.Contains("<title>Story 1</title>", StringComparison.Ordinal);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "the worker serves the story of the source configured in the other content root");
        worker.Terminate();
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.Contains("<title>Title from the command line</title>", feed, StringComparison.Ordinal);
        Assert.Equal(0, worker.ExitCode);
    }

    [Fact]
    public async Task In_process_a_mistyped_subcommand_is_a_usage_error_with_a_suggestion_on_stderr_only()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exitCode = await FeedHubCommandLine.RunAsync(["--urls", "http://127.0.0.1:0", "sources", "lsit"], output, error, TestContext.Current.CancellationToken);

        Assert.Equal(2, exitCode);
        Assert.Empty(output.ToString());
        Assert.Contains("'lsit'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("list", AdminCliTests.Lines(error.ToString()));
        Assert.Equal("See 'FeedHub.Worker sources --help'.", AdminCliTests.Lines(error.ToString())[^1]);
    }

    [Fact]
    public async Task In_process_a_configuration_override_reaches_the_command_and_a_missing_value_is_a_usage_error()
    {
        using var directory = new TempDirectory();
        using var output = new StringWriter();
        using var error = new StringWriter();
        string database = directory.File("in-process.db");

        int listed = await FeedHubCommandLine.RunAsync(
            ["sources", "list", "--json", "--FeedHub:Storage:ConnectionString", $"Data Source={database}", "--FeedHub:Sources:0:Url=" + OtherSourceUrl],
            output,
            error,
            TestContext.Current.CancellationToken);
        int missing = await FeedHubCommandLine.RunAsync(["sources", "list", "--FeedHub:Storage:ConnectionString"], TextWriter.Null, error, TestContext.Current.CancellationToken);

        Assert.True(listed == 0, error.ToString());
        Assert.True(File.Exists(database));
        Assert.Contains(OtherSourceUrl, output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, missing);
        Assert.Contains("'--FeedHub:Storage:ConnectionString'", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'abc'", "--source", "refresh", "--source", "abc")]
    [InlineData("'abc'", "--limit", "sources", "audit", "--limit", "abc")]
    [InlineData("'abc'", "--batch-size", "storage", "copy", "--to", "Data Source=x.db", "--batch-size", "abc")]
    public async Task A_value_that_is_not_a_number_is_a_usage_error_not_a_crash(string value, string option, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exitCode = await FeedHubCommandLine.RunAsync(args, output, error, TestContext.Current.CancellationToken);

        Assert.Equal(2, exitCode);
        Assert.Empty(output.ToString());
        Assert.Contains(value, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(option, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("refresh")]
    [InlineData("refresh", "--all", "--source", "1")]
    public async Task Refresh_needs_either_all_or_source_ids(params string[] args)
    {
        using var error = new StringWriter();

        int exitCode = await FeedHubCommandLine.RunAsync(args, TextWriter.Null, error, TestContext.Current.CancellationToken);

        Assert.Equal(2, exitCode);
        Assert.Contains("Give either --all or --source ID.", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<WorkerProcess> RunAsync(TempDirectory directory, AdminCli cli, params string[] args)
    {
        WorkerProcess process = WorkerProcess.Start(directory.Path, cli.Environment, args);
        await process.WaitForExitAsync(CommandTime);
        return process;
    }

}
