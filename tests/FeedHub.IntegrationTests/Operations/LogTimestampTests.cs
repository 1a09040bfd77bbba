using System.Text.Json;
using System.Text.RegularExpressions;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>Every time the worker logs is ISO 8601 in UTC, whatever the formatter or the machine.</summary>
public sealed partial class LogTimestampTests
{
    [Fact]
    public async Task Json_console_lines_carry_iso_8601_utc_timestamps_and_times_in_their_fields()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        using ListeningWorker worker = await ListeningWorker.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub__Sources__0__Url"] = server.Url("missing.xml").AbsoluteUri,
            ["Logging__Console__FormatterName"] = "json",
            ["Logging__Console__FormatterOptions__JsonWriterOptions__Indented"] = "false",
            ["TZ"] = "Asia/Makassar",
        });

        await worker.Process.WaitForOutputAsync("Unable to refresh", TimeSpan.FromSeconds(30));
        string output = await worker.StopAsync();

        List<JsonElement> lines = [.. output.Split('\n').Where(l => l.TrimStart().StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Matches(IsoUtc(), line.GetProperty("Timestamp").GetString()));

        JsonElement scheduled = Assert.Single(lines, l => Message(l).StartsWith("Scheduled ", StringComparison.Ordinal));
        JsonElement failed = Assert.Single(lines, l => Message(l).StartsWith("Unable to refresh ", StringComparison.Ordinal));
        foreach ((JsonElement line, string field) in new[] { (scheduled, "FirstPoll"), (failed, "NextDueAt") })
        {
            string value = line.GetProperty("State").GetProperty(field).GetString()!;
            Assert.Matches(IsoUtc(), value);
            Assert.Contains(value, Message(line), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Simple_console_entries_start_with_an_iso_8601_utc_timestamp()
    {
        using ListeningWorker worker = await ListeningWorker.StartAsync(new Dictionary<string, string> { ["TZ"] = "Asia/Makassar" });
        string output = await worker.StopAsync();

        string[] headers = [.. output.Split('\n').Where(l => l.Contains("Microsoft.Hosting.Lifetime[", StringComparison.Ordinal))];
        Assert.NotEmpty(headers);
        Assert.All(headers, header => Assert.Matches(SimpleHeader(), header));
    }

    private static string Message(JsonElement line) => line.GetProperty("Message").GetString() ?? "";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")]
    private static partial Regex IsoUtc();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z info: Microsoft\.Hosting\.Lifetime\[")]
    private static partial Regex SimpleHeader();
}
