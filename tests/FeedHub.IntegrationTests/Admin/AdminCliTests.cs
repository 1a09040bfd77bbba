using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Worker.AdminApi.Auth;

namespace FeedHub.IntegrationTests.Admin;

/// <summary>The <c>sources</c> and <c>admin</c> commands of the real executable.</summary>
public sealed class AdminCliTests
{
    [Fact]
    public async Task Add_list_show_update_and_audit_with_conventional_exit_codes_and_one_line_errors()
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        feeds.MapContent("kalsel.xml", FeedXml.Rss("MC Kalsel", [FeedXml.Numbered(1)]));
        feeds.MapContent("page.html", "<html><body>not a feed</body></html>", "text/html");
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);
        string url = feeds.Url("kalsel.xml").AbsoluteUri;

        using WorkerProcess added = await cli.RunAsync("sources", "add", url, "--tag", "kalsel", "--tag", "pemerintah", "--interval", "00:30:00", "--origin", "--credit", "MC Kalsel");
        using WorkerProcess duplicate = await cli.RunAsync("sources", "add", url.Replace("http://", "HTTP://", StringComparison.Ordinal) + "?utm_source=cli#top");
        using WorkerProcess notFeed = await cli.RunAsync("sources", "add", feeds.Url("page.html").AbsoluteUri);
        using WorkerProcess refused = await cli.RunAsync("sources", "add", "file:///etc/passwd");
        using WorkerProcess updated = await cli.RunAsync("sources", "update", "1", "--title", "Media Center Kalsel", "--interval", "default");
        using WorkerProcess list = await cli.RunAsync("sources", "list");
        using WorkerProcess show = await cli.RunAsync("sources", "show", "1");
        using WorkerProcess missing = await cli.RunAsync("sources", "show", "42");
        using WorkerProcess audit = await cli.RunAsync("sources", "audit");

        Assert.Equal(0, added.ExitCode);
        Assert.Equal($"Added Source 1: MC Kalsel <{url}> [new]", added.StandardOutput.Trim());
        AssertFailsWithOneLine(duplicate, "Source 1 already has the URL");
        AssertFailsWithOneLine(notFeed, "is not a feed");
        AssertFailsWithOneLine(refused, "unsupported scheme 'file'");
        Assert.Equal(0, updated.ExitCode);

        string[] rows = Lines(list.StandardOutput);
        Assert.Equal(2, rows.Length);
        Assert.Equal(["ID", "TITLE", "URL", "TAGS", "STATE", "LAST", "SUCCESS", "FAILURES", "ITEMS"], Words(rows[0]));
        Assert.Equal(["1", "Media", "Center", "Kalsel", url, "kalsel,pemerintah", "new", "never", "0", "0"], Words(rows[1]));

        Assert.Equal(0, show.ExitCode);
        Assert.Contains("interval:         default", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("origin:           yes", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("credits:          MC Kalsel", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("next poll:", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("last error:", show.StandardOutput, StringComparison.Ordinal);
        AssertFailsWithOneLine(missing, "No source with id 42.");

        string[] entries = Lines(audit.StandardOutput).Skip(1).ToArray();
        Assert.Equal(2, entries.Length);
        Assert.Equal(["cli", "update", "1"], Words(entries[0])[3..6]);
        Assert.Contains("interval: 00:30:00 → default", entries[0], StringComparison.Ordinal);
        Assert.Equal(["cli", "add", "1"], Words(entries[1])[3..6]);
    }

    [Theory]
    [InlineData("sources")]
    [InlineData("sources", "frobnicate")]
    [InlineData("sources", "add")]
    [InlineData("sources", "show", "one")]
    [InlineData("sources", "update", "1", "--interval", "soon")]
    [InlineData("sources", "update", "1", "--tag", "a", "--no-tags")]
    public async Task A_malformed_command_line_exits_2_with_the_problem_on_stderr(params string[] args)
    {
        using var directory = new TempDirectory();

        using WorkerProcess process = await new AdminCli(directory).RunAsync(args);

        Assert.Equal(2, process.ExitCode);
        Assert.Empty(process.StandardOutput);
        Assert.Contains("--help", Lines(process.StandardError)[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sources")]
    [InlineData("sources", "add")]
    [InlineData("sources", "update")]
    [InlineData("sources", "import")]
    [InlineData("sources", "export")]
    [InlineData("admin", "new-key")]
    public async Task Every_command_has_help(params string[] command)
    {
        using var directory = new TempDirectory();

        using WorkerProcess process = await new AdminCli(directory).RunAsync([.. command, "--help"]);

        Assert.Equal(0, process.ExitCode);
        Assert.Contains($"FeedHub.Worker {string.Join(' ', command)}", process.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Usage:", process.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_key_prints_a_key_and_the_hash_that_hash_key_gives_for_it()
    {
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);

        using WorkerProcess created = await cli.RunAsync("admin", "new-key", "--id", "ops");
        string[] lines = Lines(created.StandardOutput);
        string key = lines[0]["key:".Length..].Trim();
        string hash = lines[1]["hash:".Length..].Trim();
        using WorkerProcess hashed = await cli.RunAsync("admin", "hash-key", key);
        using WorkerProcess weak = await cli.RunAsync("admin", "hash-key", "short");

        Assert.Equal(0, created.ExitCode);
        Assert.StartsWith("fh_", key, StringComparison.Ordinal);
        Assert.Equal(ApiKeyHash.Hash(key), hash);
        Assert.Equal($"config: FeedHub__Admin__ApiKeys__ops={hash}", lines[2]);
        Assert.Equal(0, hashed.ExitCode);
        Assert.Equal(hash, hashed.StandardOutput.Trim());
        AssertFailsWithOneLine(weak, "shorter than");
    }

    internal static void AssertFailsWithOneLine(WorkerProcess process, string expected)
    {
        Assert.Equal(1, process.ExitCode);
        string line = Assert.Single(Lines(process.StandardError));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    internal static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
