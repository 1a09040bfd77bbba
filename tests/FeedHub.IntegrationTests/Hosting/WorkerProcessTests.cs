using Dapper;
using FeedHub.IntegrationTests.Admin;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Data.Sqlite;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary>The FeedHub.Worker executable as operators and cron run it.</summary>
public sealed class WorkerProcessTests
{
    [Fact]
    public async Task Refresh_all_polls_every_source_prints_a_summary_and_stores_items_once()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        string body = FeedXml.Rss("Portal", Enumerable.Range(1, 4).Select(n => FeedXml.Numbered(n)));
        server.MapConditional("a.xml", () => body, () => "\"a1\"");
        server.MapContent("b.xml", FeedXml.Rss("Other", [FeedXml.Numbered(9, "other.example")]));
        using var directory = new TempDirectory();
        Dictionary<string, string> environment = Environment(directory, server.Url("a.xml"), server.Url("b.xml"));

        using WorkerProcess first = await WorkerProcess.RunAsync(directory.Path, environment, "refresh", "--all");
        using WorkerProcess second = await WorkerProcess.RunAsync(directory.Path, environment, "refresh", "--all");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal("2 sources polled, 5 new items, 0 updated, 0 not modified, 0 failed", first.StandardOutput.Trim());
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("2 sources polled, 0 new items, 0 updated, 1 not modified, 0 failed", second.StandardOutput.Trim());
        Assert.Equal(5, await CountItemsAsync(directory));
    }

    [Fact]
    public async Task Refresh_shows_progress_on_a_terminal_and_none_in_a_pipe()
    {
        if (!File.Exists("/usr/bin/script"))
        {
            Assert.Skip("util-linux 'script' is needed to give the command a terminal; /usr/bin/script is missing.");
        }

        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("a.xml", FeedXml.Rss("A", [FeedXml.Numbered(1)]));
        server.MapContent("b.xml", FeedXml.Rss("B", [FeedXml.Numbered(2, "b.example")]));
        using var directory = new TempDirectory();
        Dictionary<string, string> environment = Environment(directory, server.Url("a.xml"), server.Url("b.xml"));
        string worker = Path.Combine(AppContext.BaseDirectory, "FeedHub.Worker.dll");

        // script(1) runs the command on a pseudo-terminal, as an operator's shell would.
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/script") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory.Path };
        foreach (string arg in new[] { "-qec", $"dotnet '{worker}' refresh --all", "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CONTENTROOT"] = directory.Path;
        foreach (KeyValuePair<string, string> variable in environment)
        {
            start.Environment[variable.Key] = variable.Value;
        }

        using var terminal = System.Diagnostics.Process.Start(start)!;
        string screen = await terminal.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await terminal.WaitForExitAsync(TestContext.Current.CancellationToken);
        using WorkerProcess piped = await WorkerProcess.RunAsync(directory.Path, environment, "refresh", "--all");

        Assert.Equal(0, terminal.ExitCode);
        // Polls finish in parallel (and on SQLite commit in one batch): the line seen is 1/2 or 2/2.
        Assert.Matches(@"Polled [12]/2 sources\.\.\.", screen);
        Assert.Contains("2 sources polled, 2 new items", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("/2 sources...", piped.StandardError, StringComparison.Ordinal);
        Assert.Equal("2 sources polled, 0 new items, 0 updated, 0 not modified, 0 failed", piped.StandardOutput.Trim());
    }

    [Fact]
    public async Task Refresh_of_a_named_source_that_fails_exits_non_zero_with_the_reason_on_stderr()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        using var directory = new TempDirectory();
        Dictionary<string, string> environment = Environment(directory, server.Url("missing.xml"));

        using WorkerProcess failed = await WorkerProcess.RunAsync(directory.Path, environment, "refresh", "--source", "1");
        using WorkerProcess unknown = await WorkerProcess.RunAsync(directory.Path, environment, "refresh", "--source", "42");
        using WorkerProcess usage = await WorkerProcess.RunAsync(directory.Path, environment, "refresh");

        Assert.Equal(1, failed.ExitCode);
        Assert.Equal("1 sources polled, 0 new items, 0 updated, 0 not modified, 1 failed", failed.StandardOutput.Trim());
        Assert.Contains("404", failed.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("No source with id 42", unknown.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, usage.ExitCode);
        Assert.Contains("--all", usage.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_all_exits_1_when_every_source_failed_and_still_prints_the_summary()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        using var directory = new TempDirectory();
        Dictionary<string, string> environment = Environment(directory, server.Url("missing.xml"), server.Url("gone.xml"));

        using WorkerProcess failed = await WorkerProcess.RunAsync(directory.Path, environment, "refresh", "--all");

        Assert.Equal(1, failed.ExitCode);
        Assert.Equal("2 sources polled, 0 new items, 0 updated, 0 not modified, 2 failed", failed.StandardOutput.Trim());
        Assert.Contains(AdminCliTests.Lines(failed.StandardError), line => line.StartsWith($"Source 1 {server.Url("missing.xml")} failed:", StringComparison.Ordinal));
        Assert.Contains(AdminCliTests.Lines(failed.StandardError), line => line.StartsWith($"Source 2 {server.Url("gone.xml")} failed:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refresh_all_exits_0_when_some_source_was_polled_or_none_is_enabled()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("a.xml", FeedXml.Rss("A", [FeedXml.Numbered(1)]));
        using var some = new TempDirectory();
        using var none = new TempDirectory();

        using WorkerProcess partly = await WorkerProcess.RunAsync(some.Path, Environment(some, server.Url("a.xml"), server.Url("missing.xml")), "refresh", "--all");
        using WorkerProcess empty = await WorkerProcess.RunAsync(none.Path, Environment(none), "refresh", "--all");

        Assert.Equal(0, partly.ExitCode);
        Assert.Equal("2 sources polled, 1 new items, 0 updated, 0 not modified, 1 failed", partly.StandardOutput.Trim());
        Assert.Equal(0, empty.ExitCode);
        Assert.Equal("0 sources polled, 0 new items, 0 updated, 0 not modified, 0 failed", empty.StandardOutput.Trim());
    }

    [Fact]
    public async Task The_worker_serves_feed_xml_on_the_given_urls_and_stops_cleanly_on_sigterm()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", FeedXml.Rss("Portal", [FeedXml.Numbered(1)]));
        using var directory = new TempDirectory();
        int port = FreePorts.Loopback();
        Dictionary<string, string> environment = Environment(directory, server.Url("feed.xml"));
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";

        using WorkerProcess worker = WorkerProcess.Start(directory.Path, environment);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await WorkerHost.EventuallyAsync(async () =>
        {
            try
            {
                return (await http.GetStringAsync("feed.xml")).Contains("<title>Story 1</title>", StringComparison.Ordinal);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "the worker serves the polled story");

        worker.Terminate();
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(0, worker.ExitCode);
    }

    [Fact]
    public async Task Killed_between_fetch_and_commit_then_restarted_stores_each_item_exactly_once()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fetched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string body = FeedXml.Rss("Portal", Enumerable.Range(1, 6).Select(n => FeedXml.Numbered(n)));
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed.xml", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            context.Response.Headers.ETag = "\"v1\"";
            await context.Response.WriteAsync(body[..(body.Length / 2)]);
            await context.Response.Body.FlushAsync();
            fetched.TrySetResult();
            await release.Task;
            await context.Response.WriteAsync(body[(body.Length / 2)..]);
        });
        using var directory = new TempDirectory();
        Dictionary<string, string> environment = Environment(directory, server.Url("feed.xml"));
        environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";

        using (WorkerProcess worker = WorkerProcess.Start(directory.Path, environment))
        {
            await fetched.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            worker.KillHard();
            await worker.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        release.TrySetResult();
        using WorkerProcess restarted = await WorkerProcess.RunAsync(directory.Path, environment, "refresh", "--all");
        using WorkerProcess again = await WorkerProcess.RunAsync(directory.Path, environment, "refresh", "--all");

        Assert.Equal(0, restarted.ExitCode);
        Assert.Equal(6, await CountItemsAsync(directory));
        Assert.Contains("0 new items", again.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_mid_fetch_cancels_the_poll_and_commits_nothing_half_written()
    {
        var fetched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed.xml", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            context.Response.Headers.ETag = "\"never-stored\"";
            await context.Response.WriteAsync("<rss version=\"2.0\"><channel><title>t</title>");
            await context.Response.Body.FlushAsync();
            fetched.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var directory = new TempDirectory();
        Dictionary<string, string> environment = Environment(directory, server.Url("feed.xml"));
        environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        environment["FeedHub__Fetch__Timeout"] = "00:05:00";

        using WorkerProcess worker = WorkerProcess.Start(directory.Path, environment);
        await fetched.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        worker.Terminate();
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(0, worker.ExitCode);
        Assert.Contains("cancelled by shutdown", worker.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, await CountItemsAsync(directory));
        await using var connection = new SqliteConnection($"Data Source={directory.File("feedhub.db")}");
        Assert.Null(await connection.ExecuteScalarAsync<string?>("SELECT etag FROM sources"));
    }

    private static Dictionary<string, string> Environment(TempDirectory directory, params Uri[] sources)
    {
        File.WriteAllText(directory.File("appsettings.json"), "{}");
        var environment = new Dictionary<string, string>
        {
            ["FeedHub__Storage__ConnectionString"] = $"Data Source={directory.File("feedhub.db")}",
            ["FeedHub__Fetch__AllowPrivateNetworks"] = "true",
            ["FeedHub__Scheduling__StartupWindow"] = "00:00:00",
            ["Logging__LogLevel__Default"] = "Information",
        };
        for (int i = 0; i < sources.Length; i++)
        {
            environment[$"FeedHub__Sources__{i}__Url"] = sources[i].AbsoluteUri;
        }

        return environment;
    }

    private static async Task<long> CountItemsAsync(TempDirectory directory)
    {
        await using var connection = new SqliteConnection($"Data Source={directory.File("feedhub.db")}");
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM items");
    }

}
