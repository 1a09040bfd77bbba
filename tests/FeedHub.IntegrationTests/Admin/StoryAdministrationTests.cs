using System.Net;
using System.Text.Json;
using FeedHub.Ingestion.Refreshing;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Tests.Stories;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Admin;

/// <summary>Explain and correct stories through the real host's API and the real executable: a
/// media center's release and a portal's edited copy are one story; why is shown; an admin's
/// split and merge change the merged feed, are audited and hold on later polls.</summary>
public sealed class StoryAdministrationTests
{
    private static readonly DateTimeOffset Published = DateTimeOffset.UtcNow.AddHours(-6);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_api_explains_a_story_splits_an_item_off_merges_it_back_and_audits_both()
    {
        await using FixtureServer feeds = await ServeReleaseAndCopyAsync();
        await using AdminApi api = await AdminApi.StartAsync();
        FeedRefresher refresher = api.Host.Services.GetRequiredService<FeedRefresher>();

        // The portal is added only once the release is stored: the scheduler polls a new source at
        // once, and a copy stored first would start the story (the release then joins it instead).
        long mediaCenter = await AddSourceAsync(api, feeds.Url("mc.xml"), "Diskominfo MC Kalsel", ["MC Kalsel"]);
        await refresher.RefreshAsync(mediaCenter, Ct);
        long portal = await AddSourceAsync(api, feeds.Url("portal.xml"), "Portal Banua", []);
        await refresher.RefreshAsync(portal, Ct);

        long storyId = Assert.Single(await FeedStoryIdsAsync(api));
        JsonElement story = await GetJsonAsync(api, $"api/stories/{storyId}");
        Assert.Equal(storyId, story.GetProperty("id").GetInt64());
        Assert.Equal("CreditLine", story.GetProperty("origin").GetProperty("rule").GetString());
        JsonElement[] members = story.GetProperty("members").EnumerateArray().ToArray();
        Assert.Equal(2, members.Length);
        JsonElement origin = members.Single(m => m.GetProperty("isOrigin").GetBoolean());
        JsonElement copy = members.Single(m => !m.GetProperty("isOrigin").GetBoolean());
        Assert.Equal(mediaCenter, origin.GetProperty("sourceId").GetInt64());
        Assert.Equal(portal, copy.GetProperty("sourceId").GetInt64());
        Assert.Equal("SimilarText", copy.GetProperty("rule").GetString());
        Assert.True(copy.GetProperty("score").GetDouble() > 0.5);
        Assert.Contains("threshold", copy.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(["MC Kalsel"], copy.GetProperty("credits").EnumerateArray().Select(c => c.GetString()));
        long copyItem = copy.GetProperty("itemId").GetInt64();

        using (HttpResponseMessage split = await api.PostJsonAsync("api/stories/split", new { itemId = copyItem }))
        {
            Assert.Equal(HttpStatusCode.OK, split.StatusCode);
            JsonElement body = await api.ReadAsync(split);
            Assert.True(body.GetProperty("changed").GetBoolean());
            Assert.Equal(storyId, body.GetProperty("fromStoryId").GetInt64());
        }

        long[] afterSplit = await FeedStoryIdsAsync(api);
        Assert.Equal(2, afterSplit.Length);
        Assert.Contains(storyId, afterSplit);
        long splitStory = afterSplit.Single(id => id != storyId);

        // A revision of the copy on a later poll does not bring it back into the story.
        feeds.MapContent("portal.xml", PortalFeed(extraSentence: "Pembaruan: peresmian dihadiri 300 warga."));
        await refresher.RefreshAsync(portal, Ct);
        Assert.Equal(afterSplit.Order(), (await FeedStoryIdsAsync(api)).Order());

        using (HttpResponseMessage merge = await api.PostJsonAsync("api/stories/merge", new { storyId = splitStory, otherStoryId = storyId }))
        {
            Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
            JsonElement body = await api.ReadAsync(merge);
            Assert.Equal(storyId, body.GetProperty("keptStoryId").GetInt64());
            Assert.Equal(splitStory, body.GetProperty("removedStoryId").GetInt64());
        }

        Assert.Equal([storyId], await FeedStoryIdsAsync(api));
        JsonElement audit = await GetJsonAsync(api, "api/audit");
        string[] actions = audit.EnumerateArray().Where(e => e.GetProperty("actor").GetString() == AdminApi.KeyId).Select(e => e.GetProperty("action").GetString()!).ToArray();
        Assert.Contains("story-split", actions);
        Assert.Contains("story-merge", actions);
    }

    [Fact]
    public async Task Bad_story_requests_get_problem_details()
    {
        await using AdminApi api = await AdminApi.StartAsync();

        using HttpResponseMessage missing = await api.Client.GetAsync("api/stories/999", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        using HttpResponseMessage self = await api.PostJsonAsync("api/stories/merge", new { storyId = 3, otherStoryId = 3 });
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.True((await api.ReadAsync(self)).GetProperty("errors").TryGetProperty("otherStoryId", out _));

        using HttpResponseMessage zero = await api.PostJsonAsync("api/stories/split", new { itemId = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);

        using HttpResponseMessage unknownItem = await api.PostJsonAsync("api/stories/split", new { itemId = 12345 });
        Assert.Equal(HttpStatusCode.NotFound, unknownItem.StatusCode);

        using var anonymous = new HttpClient { BaseAddress = api.Host.BaseUri };
        using HttpResponseMessage unauthenticated = await anonymous.GetAsync("api/stories/1", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task The_command_line_shows_splits_and_merges_stories_with_one_line_errors()
    {
        await using FixtureServer feeds = await ServeReleaseAndCopyAsync();
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);
        await RunOkAsync(cli, "sources", "add", feeds.Url("mc.xml").AbsoluteUri, "--title", "Diskominfo MC Kalsel", "--credit", "MC Kalsel", "--no-probe");
        await RunOkAsync(cli, "sources", "add", feeds.Url("portal.xml").AbsoluteUri, "--title", "Portal Banua", "--no-probe");
        await RunOkAsync(cli, "refresh", "--all");

        using WorkerProcess shown = await RunOkAsync(cli, "stories", "show", "1");
        Assert.Contains("Story 1", shown.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("CreditLine", shown.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("SimilarText", shown.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("containment", shown.StandardOutput, StringComparison.Ordinal);

        using WorkerProcess json = await RunOkAsync(cli, "stories", "show", "1", "--json");
        JsonElement copy = JsonDocument.Parse(json.StandardOutput).RootElement.GetProperty("members").EnumerateArray()
            .Single(m => !m.GetProperty("isOrigin").GetBoolean());
        long item = copy.GetProperty("itemId").GetInt64();

        using WorkerProcess split = await RunOkAsync(cli, "stories", "split", item.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"Item {item} left story 1", split.StandardOutput, StringComparison.Ordinal);
        System.Text.RegularExpressions.Match now = System.Text.RegularExpressions.Regex.Match(split.StandardOutput, @"it is story (\d+) now");
        Assert.True(now.Success, split.StandardOutput);
        long newStory = long.Parse(now.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        using WorkerProcess merged = await RunOkAsync(cli, "stories", "merge", newStory.ToString(System.Globalization.CultureInfo.InvariantCulture), "1");
        Assert.Contains($"Story {newStory} merged into story 1", merged.StandardOutput, StringComparison.Ordinal);

        using WorkerProcess audit = await RunOkAsync(cli, "sources", "audit");
        Assert.Contains("story-split", audit.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("story-merge", audit.StandardOutput, StringComparison.Ordinal);

        using WorkerProcess missing = await cli.RunAsync("stories", "show", "999");
        Assert.Equal(1, missing.ExitCode);
        Assert.Single(missing.StandardError.Trim().Split('\n'));
        Assert.Contains("No story with id 999", missing.StandardError, StringComparison.Ordinal);

        using WorkerProcess self = await cli.RunAsync("stories", "merge", "1", "1");
        Assert.Equal(1, self.ExitCode);
        Assert.Contains("cannot be merged with itself", self.StandardError, StringComparison.Ordinal);

        using WorkerProcess notANumber = await cli.RunAsync("stories", "split", "abc");
        Assert.Equal(2, notANumber.ExitCode);
    }

    private static async Task<WorkerProcess> RunOkAsync(AdminCli cli, params string[] args)
    {
        WorkerProcess process = await cli.RunAsync(args);
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', args)} exited {process.ExitCode}: {process.StandardError}");
        return process;
    }

    private static async Task<FixtureServer> ServeReleaseAndCopyAsync()
    {
        FixtureServer feeds = await FixtureServer.StartAsync();
        feeds.MapContent("mc.xml", FeedXml.Rss("Diskominfo MC Kalsel", [new FeedXml.Item("mc-1", Releases.BridgeTitle, "https://mc.kalselprov.go.id/jembatan", Releases.Html(Releases.Bridge), Published)]));
        feeds.MapContent("portal.xml", PortalFeed(extraSentence: null));
        return feeds;
    }

    /// <summary>The issue's seed case: dateline, [Rilis] prefix, one sentence dropped, credit line, the portal's own link.</summary>
    private static string PortalFeed(string? extraSentence)
    {
        string[] copy = [.. Releases.Bridge.Where((_, i) => i != 5 && i != Releases.Bridge.Length - 1)];
        copy[0] = "KALSEL, Portal – " + copy[0][(copy[0].IndexOf('–', StringComparison.Ordinal) + 2)..];
        if (extraSentence is not null)
        {
            copy = [.. copy, extraSentence];
        }

        copy = [.. copy, "(Sumber : MC Kalsel)"];
        return FeedXml.Rss("Portal Banua", [new FeedXml.Item("p-1", "[Rilis] " + Releases.BridgeTitle, "https://portal.example/jembatan", Releases.Html(copy), Published.AddHours(2))]);
    }

    private static async Task<long> AddSourceAsync(AdminApi api, Uri url, string title, string[] credits)
    {
        using HttpResponseMessage response = await api.PostJsonAsync("api/sources?probe=false", new { url = url.AbsoluteUri, title, credits });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await api.ReadAsync(response)).GetProperty("id").GetInt64();
    }

    private static async Task<long[]> FeedStoryIdsAsync(AdminApi api)
    {
        JsonElement feed = await GetJsonAsync(api, "feed.json");
        return feed.GetProperty("items").EnumerateArray()
            .Select(item => long.Parse(item.GetProperty("id").GetString()!.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
    }

    private static async Task<JsonElement> GetJsonAsync(AdminApi api, string path)
    {
        using HttpResponseMessage response = await api.Client.GetAsync(path, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await api.ReadAsync(response);
    }
}
