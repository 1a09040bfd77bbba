using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Storage;
using FeedHub.Worker.Hosting;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>What an operator reads when the worker starts: one line saying what FeedHub does, and
/// nothing about machinery it does not use.</summary>
public sealed class StartupSummaryTests
{
    [Fact]
    public async Task After_the_lifetime_lines_one_line_names_the_feed_address_the_database_and_the_enabled_sources()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("a.xml", FeedXml.Rss("A", [FeedXml.Numbered(1)]));
        server.MapContent("b.xml", FeedXml.Rss("B", [FeedXml.Numbered(2, "b.example")]));
        using ListeningWorker worker = await ListeningWorker.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub__Sources__0__Url"] = server.Url("a.xml").AbsoluteUri,
            ["FeedHub__Sources__1__Url"] = server.Url("b.xml").AbsoluteUri,
        });

        await worker.Process.WaitForOutputAsync("sources enabled", TimeSpan.FromSeconds(30));
        string output = await worker.StopAsync();

        string[] lines = output.Split('\n');
        int contentRoot = Array.FindIndex(lines, l => l.Contains("Content root path:", StringComparison.Ordinal));
        int summary = Array.FindIndex(lines, l => l.Contains("sources enabled", StringComparison.Ordinal));
        Assert.True(contentRoot >= 0 && summary > contentRoot, $"the summary comes after the lifetime lines:\n{output}");
        string line = lines[summary];
        Assert.Contains($"{worker.BaseUri}feed.xml", line, StringComparison.Ordinal);
        Assert.Contains($"Sqlite {worker.DatabasePath}", line, StringComparison.Ordinal);
        Assert.Contains("2 sources enabled", line, StringComparison.Ordinal);
        Assert.Single(lines, l => l.Contains("sources enabled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_start_on_a_machine_without_a_key_ring_warns_about_no_data_protection_keys()
    {
        // HOME is a fresh folder: anything that wanted a data-protection key would create one now and warn.
        using ListeningWorker worker = await ListeningWorker.StartAsync();
        using HttpResponseMessage feed = await worker.Http.GetAsync("feed.xml", TestContext.Current.CancellationToken);
        string output = await worker.StopAsync();

        Assert.Contains("Application started", output, StringComparison.Ordinal);
        Assert.DoesNotContain("DataProtection", output, StringComparison.Ordinal);
        Assert.DoesNotContain("unencrypted", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(worker.Directory.Path, ".aspnet")), "no key ring was written");
    }

    [Theory]
    [InlineData("Data Source=/srv/feedhub/feedhub.db;Password=hunter2", "Sqlite /srv/feedhub/feedhub.db")]
    [InlineData("Data Source=/srv/feedhub/feedhub.db;Mode=ReadWriteCreate", "Sqlite /srv/feedhub/feedhub.db")]
    public void The_database_is_named_by_provider_and_path_without_secrets(string connectionString, string expected)
    {
        string described = StartupSummary.DescribeDatabase(new StorageOptions { ConnectionString = connectionString });

        Assert.Equal(expected, described);
    }

    [Fact]
    public void Another_provider_shows_its_connection_string_without_passwords()
    {
        string described = StartupSummary.DescribeDatabase(new StorageOptions
        {
            Provider = StorageProvider.Postgres,
            ConnectionString = "Host=db;Database=feedhub;Username=feedhub;Password=hunter2",
        });

        Assert.StartsWith("Postgres ", described, StringComparison.Ordinal);
        Assert.Contains("database=feedhub", described, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", described, StringComparison.Ordinal);
        Assert.DoesNotContain("password", described, StringComparison.OrdinalIgnoreCase);
    }
}
