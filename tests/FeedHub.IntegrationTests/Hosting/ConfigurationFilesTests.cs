using System.Diagnostics;
using System.Globalization;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary>Neither the worker nor a command watches its content root for configuration changes
/// unless the operator asks for reloads: a content root that holds the database would otherwise
/// wake the watcher for every page written (ConfigurationFiles). Read from the kernel's own list of
/// the process's inotify watches, while a poll of the real executable is held open mid-fetch.</summary>
public sealed class ConfigurationFilesTests
{
    [Theory]
    [InlineData("", false)]
    [InlineData("refresh --all", false)]
    [InlineData("--hostBuilder:reloadConfigOnChange=true", true)]
    public async Task The_content_root_holding_the_database_is_not_watched_unless_the_operator_asks(string arguments, bool watchedAsAsked)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("The process's inotify watches are listed in /proc/PID/fdinfo on Linux only.");
        }

        await using FixtureServer server = await FixtureServer.StartAsync();
        var fetched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Map("held.xml", async context =>
        {
            fetched.TrySetResult();
            await release.Task;
            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync(FeedXml.Rss("Held", [FeedXml.Numbered(1)]));
        });
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("appsettings.json"), "{}");
        var environment = new Dictionary<string, string>
        {
            ["FeedHub__Storage__ConnectionString"] = $"Data Source={directory.File("feedhub.db")}",
            ["FeedHub__Fetch__AllowPrivateNetworks"] = "true",
            ["FeedHub__Scheduling__StartupWindow"] = "00:00:00",
            ["FeedHub__Sources__0__Url"] = server.Url("held.xml").AbsoluteUri,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        };

        bool worker = !arguments.StartsWith("refresh", StringComparison.Ordinal);
        using WorkerProcess process = WorkerProcess.Start(directory.Path, environment, arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        try
        {
            await fetched.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            Assert.True(File.Exists(directory.File("feedhub.db")), "the database is in the content root");

            ulong contentRoot = await InodeAsync(directory.Path);
            Assert.Equal(watchedAsAsked, WatchedInodes(process.Id).Contains(contentRoot));
        }
        finally
        {
            release.TrySetResult();
        }

        if (worker)
        {
            process.Terminate();
        }

        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task The_watch_this_test_looks_for_is_found_where_one_exists()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("The process's inotify watches are listed in /proc/PID/fdinfo on Linux only.");
        }

        // The same reading of this test process, with a watcher of its own on a folder: what the
        // test above would see in a process that still watched its content root.
        using var directory = new TempDirectory();
        using var watcher = new FileSystemWatcher(directory.Path) { IncludeSubdirectories = true, EnableRaisingEvents = true };
        Assert.Contains(await InodeAsync(directory.Path), WatchedInodes(Environment.ProcessId));
    }

    /// <summary>The inodes of every inotify watch the process holds, from the kernel's listing of
    /// each inotify descriptor ("inotify wd:1 ino:3c2a1 sdev:... mask:...", the inode in hex).</summary>
    private static List<ulong> WatchedInodes(int pid)
    {
        var inodes = new List<ulong>();
        foreach (string descriptor in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(descriptor).LinkTarget;
            }
            catch (IOException)
            {
                continue; // closed meanwhile
            }

            if (target != "anon_inode:inotify")
            {
                continue;
            }

            foreach (string line in File.ReadLines($"/proc/{pid}/fdinfo/{Path.GetFileName(descriptor)}"))
            {
                if (line.StartsWith("inotify ", StringComparison.Ordinal)
                    && line.Split(' ').FirstOrDefault(part => part.StartsWith("ino:", StringComparison.Ordinal)) is { } ino)
                {
                    inodes.Add(ulong.Parse(ino["ino:".Length..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }

        return inodes;
    }

    private static async Task<ulong> InodeAsync(string path)
    {
        var start = new ProcessStartInfo("stat") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { "-c", "%i", path })
        {
            start.ArgumentList.Add(arg);
        }

        using Process stat = Process.Start(start)!;
        string output = await stat.StandardOutput.ReadToEndAsync();
        await stat.WaitForExitAsync();
        Assert.Equal(0, stat.ExitCode);
        return ulong.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
