using System.Xml.Linq;
using FeedHub.IntegrationTests.Admin;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Storage;

/// <summary><c>FeedHub.Worker storage copy</c> as an operator runs it, and the copy served by the real host.</summary>
public sealed class StorageCopyCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_the_copy_the_target_serves_the_same_feed_with_the_same_guids()
    {
        await using StorageTestDatabase source = await StorageTestDatabase.CreateAsync();
        await using StorageTestDatabase target = await StorageTestDatabase.CreateAsync(migrate: false);
        await StorageCopyTests.FillEveryTableAsync(source);
        List<(string Guid, string Title)> before = await ServedItemsAsync(source.FilePath);

        using var directory = new TempDirectory();
        var cli = new AdminCli(directory, source.FilePath);
        using WorkerProcess copy = await cli.RunAsync("storage", "copy", "--to-provider", "Sqlite", "--to", $"Data Source={target.FilePath}", "--batch-size", "10");
        List<(string Guid, string Title)> after = await ServedItemsAsync(target.FilePath);

        Assert.True(copy.ExitCode == 0, copy.StandardError);
        string[] lines = AdminCliTests.Lines(copy.StandardOutput);
        Assert.StartsWith($"Copying Sqlite {source.FilePath} to Sqlite {target.FilePath}", lines[0], StringComparison.Ordinal);
        Assert.Contains($"items: {source.Scalar("SELECT count(*) FROM items")}/{source.Scalar("SELECT count(*) FROM items")} rows", lines);
        Assert.StartsWith("Copied ", lines[^1], StringComparison.Ordinal);
        Assert.NotEmpty(before);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_target_holding_data_ends_the_command_with_one_line_and_exit_1()
    {
        await using StorageTestDatabase source = await StorageTestDatabase.CreateAsync();
        await using StorageTestDatabase target = await StorageTestDatabase.CreateAsync();
        await target.AddSourceAsync("http://127.0.0.1:9/already-here");
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory, source.FilePath);

        using WorkerProcess copy = await cli.RunAsync("storage", "copy", "--to-provider", "sqlite", "--to", $"Data Source={target.FilePath}");

        Assert.Equal(1, copy.ExitCode);
        string line = Assert.Single(AdminCliTests.Lines(copy.StandardError));
        Assert.StartsWith("The target database is not empty (sources has 1 rows)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_names_the_options_and_the_workers_that_must_be_stopped()
    {
        using var directory = new TempDirectory();

        using WorkerProcess help = await new AdminCli(directory).RunAsync("storage", "copy", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--to-provider", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--to ", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Stop the workers first", help.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>The entries of /feed.xml as the real host serves them from this database file.</summary>
    private static async Task<List<(string Guid, string Title)>> ServedItemsAsync(string databasePath)
    {
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Storage:ConnectionString"] = $"Data Source={databasePath}",
        });
        string xml = await host.Http.GetStringAsync("feed.xml", Ct);
        return [.. XDocument.Parse(xml).Descendants("item").Select(item => ((string)item.Element("guid")!, (string)item.Element("title")!))];
    }
}
