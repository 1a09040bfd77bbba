using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Publishing;

/// <summary>FeedHub:Publishing:MaxResponseBytes bounds every rendered document: a page of stories
/// with huge fields ends early with its next link, and following it gives every story once.</summary>
public sealed class ResponseSizeTests(ResponseSizeTests.HugeStoriesHost huge) : IClassFixture<ResponseSizeTests.HugeStoriesHost>
{
    public const int MaxBytes = 4 * 1024 * 1024;
    public const int Stories = 30;
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("feed.xml")]
    [InlineData("feed.atom")]
    [InlineData("feed.json")]
    public async Task A_page_past_the_limit_ends_early_with_a_next_link_and_the_pages_hold_every_story_once(string path)
    {
        var ids = new List<string>();
        var sizes = new List<int>();
        string? url = $"{path}?limit={Stories}";
        while (url is not null)
        {
            byte[] body = await huge.Host.Http.GetByteArrayAsync(url, Ct);
            sizes.Add(body.Length);
            (List<string> pageIds, url) = Read(path, body);
            Assert.NotEmpty(pageIds);
            ids.AddRange(pageIds);
            Assert.True(sizes.Count <= Stories, "the pages end");
        }

        Assert.All(sizes, size => Assert.InRange(size, 1, MaxBytes));
        Assert.True(sizes.Count > 1, $"one page of {sizes[0]} bytes held them all");
        Assert.Equal(Stories, ids.Count);
        Assert.Equal(Stories, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("archive/2024-05.xml")]
    [InlineData("archive/2024-05.atom")]
    public async Task An_archive_past_the_limit_keeps_its_newest_stories_says_so_and_links_to_the_rest(string path)
    {
        using HttpResponseMessage response = await huge.Host.Http.GetAsync(path, Ct);
        byte[] body = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(body.Length, 1, MaxBytes);
        (List<string> ids, string? next) = Read(path, body);
        Assert.InRange(ids.Count, 1, Stories - 1);
        Assert.NotNull(next);
        XElement root = XDocument.Load(new MemoryStream(body)).Root!;
        string description = path.EndsWith(".xml", StringComparison.Ordinal)
            ? (string)root.Element("channel")!.Element("description")!
            : (string)root.Element(Atom + "subtitle")!;
        Assert.Contains("truncated", description, StringComparison.OrdinalIgnoreCase);

        // The link continues the all-stories feed right after the archive's last entry.
        (List<string> rest, _) = Read(path, await huge.Host.Http.GetByteArrayAsync(next, Ct));
        Assert.NotEmpty(rest);
        Assert.Empty(rest.Intersect(ids));
    }

    private static (List<string> Ids, string? Next) Read(string path, byte[] body)
    {
        if (path.EndsWith(".json", StringComparison.Ordinal))
        {
            using JsonDocument json = JsonDocument.Parse(body);
            List<string> ids = [.. json.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];
            return (ids, json.RootElement.TryGetProperty("next_url", out JsonElement next) ? next.GetString() : null);
        }

        XElement root = XDocument.Load(new MemoryStream(body)).Root!;
        XElement feed = root.Name == Atom + "feed" ? root : root.Element("channel")!;
        List<string> entries = root.Name == Atom + "feed"
            ? [.. feed.Elements(Atom + "entry").Select(e => (string)e.Element(Atom + "id")!)]
            : [.. feed.Elements("item").Select(e => (string)e.Element("guid")!)];
        string? nextLink = (string?)feed.Elements(Atom + "link").SingleOrDefault(l => (string?)l.Attribute("rel") == "next")?.Attribute("href");
        return (entries, nextLink);
    }

    public sealed class HugeStoriesHost : IAsyncLifetime
    {
        public FixtureServer Server { get; private set; } = null!;
        public WorkerHost Host { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            // About 200 KB of text in each story's body, which RSS and Atom carry twice (summary and content).
            FeedXml.Item[] items = [.. Enumerable.Range(1, Stories).Select(n => FeedXml.Numbered(n, "mc.example") with
            {
                Description = "<p>" + string.Join(' ', Enumerable.Repeat($"Banjir melanda desa {n}.", 9000)) + "</p>",
            })];
            Server = await FixtureServer.StartAsync();
            Server.MapContent("origin.xml", FeedXml.Rss("MC Kalsel", items));
            Host = await WorkerHost.StartAsync(new Dictionary<string, string>
            {
                ["FeedHub:Sources:0:Url"] = Server.Url("origin.xml").AbsoluteUri,
                ["FeedHub:Publishing:MaxResponseBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["FeedHub:Fetch:MaxResponseBytes"] = (32 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            IStoryReader reader = Host.Services.GetRequiredService<IStoryReader>();
            await WorkerHost.EventuallyAsync(
                async () => (await reader.QueryStoriesAsync(new StoryQuery { Limit = 100 }, CancellationToken.None)).Stories.Count == Stories,
                TimeSpan.FromSeconds(60),
                "the source is stored");
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await Server.DisposeAsync();
        }
    }
}
