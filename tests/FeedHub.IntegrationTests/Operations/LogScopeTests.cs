using System.Text.Json;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>Every log line written during a poll, the fetcher's own included, carries the
/// source's id and URL, as the worker executable's JSON console shows them.</summary>
public sealed class LogScopeTests
{
    [Fact]
    public async Task Fetcher_and_refresher_lines_of_a_poll_carry_the_source_id_and_url()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("appsettings.json"), "{}", TestContext.Current.CancellationToken);
        string url = server.Url("missing.xml").AbsoluteUri;
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["FeedHub__Storage__ConnectionString"] = $"Data Source={directory.File("feedhub.db")}",
            ["FeedHub__Fetch__AllowPrivateNetworks"] = "true",
            ["FeedHub__Scheduling__StartupWindow"] = "00:00:00",
            ["FeedHub__Sources__0__Url"] = url,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__FeedHub"] = "Debug",
            ["Logging__Console__FormatterName"] = "json",
            ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
            ["Logging__Console__FormatterOptions__JsonWriterOptions__Indented"] = "false",
        };

        using WorkerProcess worker = WorkerProcess.Start(directory.Path, environment);
        await worker.WaitForOutputAsync("Unable to refresh", TimeSpan.FromSeconds(30));
        worker.Terminate();
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(15));

        List<JsonElement> lines = [.. worker.StandardOutput.Split('\n').Where(l => l.TrimStart().StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
        JsonElement fetcher = Assert.Single(lines, l => Category(l) == "FeedHub.Ingestion.Fetching.FeedFetcher");
        JsonElement refresher = Assert.Single(lines, l => Category(l) == "FeedHub.Ingestion.Refreshing.FeedRefresher" && l.GetProperty("LogLevel").GetString() == "Warning");
        Assert.Equal("Debug", fetcher.GetProperty("LogLevel").GetString());
        foreach (JsonElement line in new[] { fetcher, refresher })
        {
            JsonElement scope = Assert.Single(line.GetProperty("Scopes").EnumerateArray(), s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("SourceId", out _));
            Assert.Equal("1", scope.GetProperty("SourceId").ToString());
            Assert.Equal(url, scope.GetProperty("FeedUrl").GetString());
        }
    }

    private static string? Category(JsonElement line) => line.GetProperty("Category").GetString();
}
