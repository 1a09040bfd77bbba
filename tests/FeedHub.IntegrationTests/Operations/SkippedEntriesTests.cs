using System.Text.Json;
using System.Text.RegularExpressions;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>Every entry is accounted for: entries that cannot be used are logged once per poll and
/// reason, with a count and an example, and counted on the source's status.</summary>
public sealed class SkippedEntriesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Feed = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>&lt;b&gt;Portal&lt;/b&gt; Kabar</title><link>https://kabar.example/</link>
          <description>Berita &lt;b&gt;terkini&lt;/b&gt; dari daerah</description><language>id-ID</language>
          <lastBuildDate>Tue, 07 May 2024 10:00:00 +0700</lastBuildDate>
          <image><url>/logo.png</url><title>Portal Kabar</title><link>https://kabar.example/</link></image>
          <item><guid>urn:kabar:1</guid><title>Satu</title><link>https://kabar.example/1</link></item>
          <item><guid>urn:kabar:1</guid><title>Satu</title><link>https://kabar.example/1</link></item>
          <item><guid>urn:kabar:1</guid><title>Satu</title><link>https://kabar.example/1</link></item>
          <item><link>javascript:alert(1)</link></item>
          <item><title>Dua</title><link>https://kabar.example/2</link></item>
        </channel></rss>
        """;

    [Fact]
    public async Task Skipped_entries_are_logged_once_per_reason_with_a_count_and_an_example_and_sources_show_tells_them_and_the_feed_metadata()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", Feed);
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("appsettings.json"), "{}", Ct);
        var environment = new Dictionary<string, string>
        {
            ["FeedHub__Storage__ConnectionString"] = $"Data Source={directory.File("feedhub.db")}",
            ["FeedHub__Fetch__AllowPrivateNetworks"] = "true",
            ["FeedHub__Sources__0__Url"] = server.Url("feed.xml").AbsoluteUri,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__Console__FormatterName"] = "json",
            ["Logging__Console__FormatterOptions__JsonWriterOptions__Indented"] = "false",
        };

        using WorkerProcess worker = await WorkerProcess.RunAsync(directory.Path, environment, "refresh", "--all");

        Assert.Equal(0, worker.ExitCode);
        Assert.Equal("1 sources polled, 2 new items, 0 updated, 0 not modified, 0 failed", worker.StandardOutput.Trim());
        // Commands keep stdout for their result: log lines go to stderr.
        List<JsonElement> skipped = [.. worker.StandardError.Split('\n').Where(l => l.TrimStart().StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .Where(l => l.GetProperty("Message").GetString()!.StartsWith("Skipped", StringComparison.Ordinal))];
        Assert.Equal(2, skipped.Count);
        JsonElement identity = Assert.Single(skipped, l => l.GetProperty("State").GetProperty("Reason").GetString() == "same identity as an earlier entry");
        Assert.Equal(2, identity.GetProperty("State").GetProperty("SkippedCount").GetInt32());
        Assert.Equal("Entry 2 (urn:kabar:1), same as entry 1", identity.GetProperty("State").GetProperty("ExampleEntry").GetString());
        JsonElement empty = Assert.Single(skipped, l => l.GetProperty("State").GetProperty("Reason").GetString() == "no title, usable link, id or text");
        Assert.Equal(1, empty.GetProperty("State").GetProperty("SkippedCount").GetInt32());

        using WorkerProcess show = await WorkerProcess.RunAsync(directory.Path, environment, "sources", "show", "1");
        Assert.Equal(0, show.ExitCode);
        Assert.Matches(@"(?m)^skipped entries:\s+3$", show.StandardOutput);
        Assert.Matches(@"(?m)^feed language:\s+id-ID$", show.StandardOutput);
        Assert.Matches(@"(?m)^feed description:\s+Berita terkini dari daerah$", show.StandardOutput);
        Assert.Matches(@"(?m)^feed image:\s+" + Regex.Escape(server.Url("logo.png").AbsoluteUri) + "$", show.StandardOutput);
        Assert.Matches(@"(?m)^feed updated:\s+2024-05-07 03:00", show.StandardOutput);
    }

    [Fact]
    public async Task The_status_counts_skipped_entries_and_shows_what_the_feed_says_about_itself()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", Feed);
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Sources:0:Url"] = server.Url("feed.xml").AbsoluteUri,
        });

        JsonElement status = default;
        await WorkerHost.EventuallyAsync(async () =>
        {
            status = await GetJsonAsync(host, "status/sources/1");
            return status.GetProperty("pollCount").GetInt64() >= 1;
        }, TimeSpan.FromSeconds(20), "the feed is polled");

        Assert.Equal(2, status.GetProperty("itemCount").GetInt64());
        Assert.Equal(3, status.GetProperty("skippedEntries").GetInt64());
        Assert.Equal("Portal Kabar", status.GetProperty("title").GetString());
        JsonElement feed = status.GetProperty("feed");
        Assert.Equal("id-ID", feed.GetProperty("language").GetString());
        Assert.Equal("Berita terkini dari daerah", feed.GetProperty("description").GetString());
        Assert.Equal(server.Url("logo.png").AbsoluteUri, feed.GetProperty("imageUrl").GetString());
        Assert.Equal(new DateTimeOffset(2024, 5, 7, 3, 0, 0, TimeSpan.Zero), feed.GetProperty("updatedAt").GetDateTimeOffset());
    }

    private static async Task<JsonElement> GetJsonAsync(WorkerHost host, string path)
    {
        using HttpResponseMessage response = await host.Http.GetAsync(path, Ct);
        response.EnsureSuccessStatusCode();
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.Clone();
    }
}
