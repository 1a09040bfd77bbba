using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Storage;

namespace FeedHub.IntegrationTests.Admin;

/// <summary>/api/sources over real HTTP against the real host, its scheduler and a SQLite file
/// (and a PostgreSQL database where the test names the provider).</summary>
public sealed class AdminApiSourceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task A_source_added_through_the_api_is_probed_titled_and_polled_without_a_restart(StorageProvider provider)
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        feeds.MapContent("kalsel.xml", FeedXml.Rss("MC Kalsel", Enumerable.Range(1, 3).Select(n => FeedXml.Numbered(n))));
        await using AdminApi api = await AdminApi.StartAsync(provider: provider);

        using HttpResponseMessage created = await api.PostJsonAsync("api/sources", new { url = feeds.Url("kalsel.xml").AbsoluteUri, tags = new[] { "kalsel" }, isOrigin = true });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        JsonElement source = await api.ReadAsync(created);
        long id = source.GetProperty("id").GetInt64();
        Assert.Equal($"/api/sources/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("MC Kalsel", source.GetProperty("title").GetString());
        Assert.True(source.GetProperty("isOrigin").GetBoolean());

        await WorkerHost.EventuallyAsync(async () =>
        {
            JsonElement current = await api.ReadAsync(await api.Client.GetAsync($"api/sources/{id}", Ct));
            return current.GetProperty("items").GetInt64() == 3 && current.GetProperty("state").GetString() == "ok";
        }, TimeSpan.FromSeconds(15), "the new source is polled and its items stored");
        Assert.Contains("<title>Story 1</title>", await api.Host.Http.GetStringAsync("feed.xml", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_polls_the_source_now_instead_of_at_its_next_interval()
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        int published = 1;
        feeds.Map("portal.xml", context =>
        {
            context.Response.ContentType = "application/rss+xml";
            return context.Response.WriteAsync(FeedXml.Rss("Portal", Enumerable.Range(1, Volatile.Read(ref published)).Select(n => FeedXml.Numbered(n))), Ct);
        });
        await using AdminApi api = await AdminApi.StartAsync();
        long id = (await api.ReadAsync(await api.PostJsonAsync("api/sources?probe=false", new { url = feeds.Url("portal.xml").AbsoluteUri, interval = "01:00:00" }))).GetProperty("id").GetInt64();
        await WorkerHost.EventuallyAsync(async () => await ItemsAsync(api, id) == 1, TimeSpan.FromSeconds(10), "the first poll");

        Volatile.Write(ref published, 3);
        using HttpResponseMessage refresh = await api.Client.PostAsync($"api/sources/{id}/refresh", null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, refresh.StatusCode);
        await WorkerHost.EventuallyAsync(async () => await ItemsAsync(api, id) == 3, TimeSpan.FromSeconds(10), "the refresh asked for");
        Assert.Equal(2, feeds.CountRequests("portal.xml"));
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task A_source_shows_what_its_feed_says_about_itself_in_the_list_and_alone(StorageProvider provider)
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        feeds.MapContent("kabar.xml", """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Portal Kabar</title><link>https://kabar.example/</link>
              <description>Berita &lt;b&gt;terkini&lt;/b&gt; dari daerah</description><language>id-ID</language>
              <lastBuildDate>Tue, 07 May 2024 10:00:00 +0700</lastBuildDate>
              <image><url>/logo.png</url><title>Portal Kabar</title><link>https://kabar.example/</link></image>
              <item><guid>urn:kabar:1</guid><title>Satu</title><link>https://kabar.example/1</link></item>
            </channel></rss>
            """);
        await using AdminApi api = await AdminApi.StartAsync(provider: provider);
        long id = (await api.ReadAsync(await api.PostJsonAsync("api/sources?probe=false", new { url = feeds.Url("kabar.xml").AbsoluteUri }))).GetProperty("id").GetInt64();
        await WorkerHost.EventuallyAsync(async () => await ItemsAsync(api, id) == 1, TimeSpan.FromSeconds(10), "the first poll");

        JsonElement alone = (await api.ReadAsync(await api.Client.GetAsync($"api/sources/{id}", Ct))).GetProperty("feed");
        JsonElement listed = (await api.ReadAsync(await api.Client.GetAsync("api/sources", Ct))).EnumerateArray().Single().GetProperty("feed");

        foreach (JsonElement feed in new[] { alone, listed })
        {
            Assert.Equal("id-ID", feed.GetProperty("language").GetString());
            Assert.Equal("Berita terkini dari daerah", feed.GetProperty("description").GetString());
            Assert.Equal(feeds.Url("logo.png").AbsoluteUri, feed.GetProperty("imageUrl").GetString());
            Assert.Equal(new DateTimeOffset(2024, 5, 7, 3, 0, 0, TimeSpan.Zero), feed.GetProperty("updatedAt").GetDateTimeOffset());
        }
    }

    private static async Task<long> ItemsAsync(AdminApi api, long id) =>
        (await api.ReadAsync(await api.Client.GetAsync($"api/sources/{id}", Ct))).GetProperty("items").GetInt64();

    [Fact]
    public async Task Invalid_and_private_urls_are_refused_with_a_clear_400_and_nothing_is_fetched()
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        feeds.MapContent("feed.xml", FeedXml.Rss("Private", [FeedXml.Numbered(1)]));
        await using AdminApi api = await AdminApi.StartAsync(new Dictionary<string, string> { ["FeedHub:Fetch:AllowPrivateNetworks"] = "false" });
        string[] refused =
        [
            feeds.Url("feed.xml").AbsoluteUri,
            "http://[::1]/feed",
            "http://2130706433/feed",
            "http://169.254.169.254/latest/meta-data",
            "file:///etc/passwd",
            "ftp://news.example/feed",
            "http://user:secret@news.example/feed",
            "not a url",
            "",
        ];

        foreach (string url in refused)
        {
            using HttpResponseMessage response = await api.PostJsonAsync("api/sources", new { url });

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            JsonElement problem = await api.ReadAsync(response);
            string reason = problem.GetProperty("errors").GetProperty("url")[0].GetString()!;
            Assert.StartsWith("The URL is not accepted: ", reason, StringComparison.Ordinal);
        }

        Assert.Empty(feeds.Requests);
        Assert.Empty(await api.Client.GetFromJsonAsync<JsonElement[]>("api/sources", Ct) ?? []);
    }

    [Fact]
    public async Task The_same_url_in_another_spelling_is_a_409_naming_the_existing_source()
    {
        await using AdminApi api = await AdminApi.StartAsync();
        using HttpResponseMessage first = await api.PostJsonAsync("api/sources?probe=false", new { url = "https://mc.kalselprov.go.id/feed" });
        long id = (await api.ReadAsync(first)).GetProperty("id").GetInt64();

        using HttpResponseMessage again = await api.PostJsonAsync("api/sources?probe=false", new { url = "HTTPS://MC.KalselProv.go.id:443/feed?utm_source=x#top" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        JsonElement problem = await api.ReadAsync(again);
        Assert.Equal(id, problem.GetProperty("sourceId").GetInt64());
        Assert.Single(await api.Client.GetFromJsonAsync<JsonElement[]>("api/sources", Ct) ?? []);
    }

    [Fact]
    public async Task A_url_that_is_not_a_feed_is_refused_with_422_unless_probing_is_off()
    {
        await using FixtureServer pages = await FixtureServer.StartAsync();
        pages.MapContent("page.html", "<!doctype html><html><head><title>Home</title></head><body><p>Hello</p></body></html>", "text/html");
        await using AdminApi api = await AdminApi.StartAsync();

        using HttpResponseMessage probed = await api.PostJsonAsync("api/sources", new { url = pages.Url("page.html").AbsoluteUri });
        using HttpResponseMessage missing = await api.PostJsonAsync("api/sources", new { url = pages.Url("gone.xml").AbsoluteUri });
        using HttpResponseMessage unprobed = await api.PostJsonAsync("api/sources?probe=false", new { url = pages.Url("page.html").AbsoluteUri });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, probed.StatusCode);
        Assert.Contains("not a feed", (await api.ReadAsync(probed)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Contains("404", (await api.ReadAsync(missing)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, unprobed.StatusCode);
    }

    [Fact]
    public async Task Bad_bodies_get_a_400_problem()
    {
        await using AdminApi api = await AdminApi.StartAsync();
        using HttpResponseMessage created = await api.PostJsonAsync("api/sources?probe=false", new { url = "https://news.example/feed" });
        long id = (await api.ReadAsync(created)).GetProperty("id").GetInt64();

        using HttpResponseMessage malformed = await api.Client.PostAsync("api/sources", new StringContent("{\"url\":", Encoding.UTF8, "application/json"), Ct);
        using HttpResponseMessage unknownMember = await api.PostJsonAsync("api/sources", new { url = "https://other.example/feed", intervall = "00:30:00" });
        using HttpResponseMessage shortInterval = await api.PostJsonAsync("api/sources?probe=false", new { url = "https://other.example/feed", interval = "00:00:00.5" });
        using HttpResponseMessage badTag = await api.Client.PatchAsJsonAsync($"api/sources/{id}", new { tags = new[] { "a/b" } }, Ct);

        foreach (HttpResponseMessage response in new[] { malformed, unknownMember, shortInterval, badTag })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.True((await api.ReadAsync(shortInterval)).GetProperty("errors").TryGetProperty("interval", out _));
        Assert.True((await api.ReadAsync(badTag)).GetProperty("errors").TryGetProperty("tags", out _));
    }

    [Fact]
    public async Task Update_pause_resume_and_remove_change_the_source_and_are_audited_with_the_key_id()
    {
        await using AdminApi api = await AdminApi.StartAsync();
        long id = (await api.ReadAsync(await api.PostJsonAsync("api/sources?probe=false", new { url = "https://news.example/feed" }))).GetProperty("id").GetInt64();
        long other = (await api.ReadAsync(await api.PostJsonAsync("api/sources?probe=false", new { url = "https://other.example/feed" }))).GetProperty("id").GetInt64();

        using HttpResponseMessage patched = await api.Client.PatchAsJsonAsync($"api/sources/{id}", new { title = "Banjarmasin Post", tags = new[] { "kalsel", "portal" }, interval = "00:30:00", credits = new[] { "BPost" } }, Ct);
        using HttpResponseMessage taken = await api.Client.PatchAsJsonAsync($"api/sources/{id}", new { url = "https://OTHER.example/feed" }, Ct);
        using HttpResponseMessage moved = await api.Client.PatchAsJsonAsync($"api/sources/{id}", new { url = "https://news.example/rss" }, Ct);
        using HttpResponseMessage missing = await api.Client.PatchAsJsonAsync("api/sources/999", new { title = "x" }, Ct);
        using HttpResponseMessage paused = await api.Client.PostAsync($"api/sources/{id}/pause", null, Ct);
        using HttpResponseMessage refreshPaused = await api.Client.PostAsync($"api/sources/{id}/refresh", null, Ct);
        using HttpResponseMessage resumed = await api.Client.PostAsync($"api/sources/{id}/resume", null, Ct);
        using HttpResponseMessage refreshed = await api.Client.PostAsync($"api/sources/{id}/refresh", null, Ct);
        using HttpResponseMessage removed = await api.Client.DeleteAsync($"api/sources/{other}", Ct);
        using HttpResponseMessage removedAgain = await api.Client.DeleteAsync($"api/sources/{other}", Ct);
        using HttpResponseMessage gone = await api.Client.GetAsync($"api/sources/{other}", Ct);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        JsonElement changed = await api.ReadAsync(patched);
        Assert.Equal("Banjarmasin Post", changed.GetProperty("title").GetString());
        Assert.Equal(["kalsel", "portal"], changed.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("00:30:00", changed.GetProperty("interval").GetString());
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal("https://news.example/rss", (await api.ReadAsync(moved)).GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("paused", (await api.ReadAsync(paused)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, refreshPaused.StatusCode);
        Assert.True((await api.ReadAsync(resumed)).GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.Accepted, refreshed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);

        JsonElement[] audit = await api.Client.GetFromJsonAsync<JsonElement[]>("api/audit", Ct) ?? [];
        Assert.Equal(
            ["remove", "refresh", "resume", "pause", "update", "update", "add", "add"],
            audit.Select(e => e.GetProperty("action").GetString()));
        Assert.All(audit, e => Assert.Equal(AdminApi.KeyId, e.GetProperty("actor").GetString()));
        Assert.Contains("title: none → \"Banjarmasin Post\"", audit[5].GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Contains("url: \"https://news.example/feed\" → \"https://news.example/rss\"", audit[4].GetProperty("details").GetString(), StringComparison.Ordinal);

        JsonElement[] aboutFirst = await api.Client.GetFromJsonAsync<JsonElement[]>($"api/audit?sourceId={id}&limit=2", Ct) ?? [];
        Assert.Equal(["refresh", "resume"], aboutFirst.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Client.GetAsync("api/audit?limit=0", Ct)).StatusCode);
    }

    [Fact]
    public async Task Opml_import_adds_and_updates_and_export_gives_the_same_set_back()
    {
        await using AdminApi api = await AdminApi.StartAsync();
        await api.PostJsonAsync("api/sources?probe=false", new { url = "https://kalsel.antaranews.com/rss/terkini.xml", title = "ANTARA Kalsel" });
        const string opml = """
            <?xml version="1.0"?>
            <opml version="2.0"><head><title>Kalsel</title></head><body>
              <outline text="Kalsel">
                <outline text="Antara" xmlUrl="https://kalsel.antaranews.com/rss/terkini.xml"/>
                <outline text="Reportase9" xmlUrl="https://reportase9.com/feed"/>
              </outline>
              <outline text="Loopback" xmlUrl="http://user:pw@news.example/feed"/>
              <outline text="No url"/>
            </body></opml>
            """;

        using HttpResponseMessage imported = await api.Client.PostAsync("api/sources/import", new StringContent(opml, Encoding.UTF8, "text/x-opml"), Ct);
        using HttpResponseMessage importedAgain = await api.Client.PostAsync("api/sources/import", new StringContent(opml, Encoding.UTF8, "text/x-opml"), Ct);
        using HttpResponseMessage notOpml = await api.Client.PostAsync("api/sources/import", new StringContent("<html/>", Encoding.UTF8, "text/xml"), Ct);
        using HttpResponseMessage exported = await api.Client.GetAsync("api/sources/export", Ct);

        JsonElement summary = await api.ReadAsync(imported);
        Assert.Equal((1, 1, 0, 2), (summary.GetProperty("added").GetInt32(), summary.GetProperty("updated").GetInt32(), summary.GetProperty("skipped").GetInt32(), summary.GetProperty("invalid").GetInt32()));
        JsonElement again = await api.ReadAsync(importedAgain);
        Assert.Equal((0, 0, 2, 2), (again.GetProperty("added").GetInt32(), again.GetProperty("updated").GetInt32(), again.GetProperty("skipped").GetInt32(), again.GetProperty("invalid").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, notOpml.StatusCode);
        Assert.Equal("text/x-opml", exported.Content.Headers.ContentType?.MediaType);

        JsonElement[] sources = await api.Client.GetFromJsonAsync<JsonElement[]>("api/sources", Ct) ?? [];
        Assert.Equal(
            ["ANTARA Kalsel|Antara|Kalsel", "https://reportase9.com/feed|Reportase9|Kalsel"],
            sources.Select(s => $"{(s.GetProperty("id").GetInt64() == 1 ? "ANTARA Kalsel" : s.GetProperty("url").GetString())}|{s.GetProperty("title").GetString()}|{string.Join(',', s.GetProperty("tags").EnumerateArray().Select(t => t.GetString()))}"));

        string export = await exported.Content.ReadAsStringAsync(Ct);
        await using AdminApi fresh = await AdminApi.StartAsync();
        using HttpResponseMessage reimported = await fresh.Client.PostAsync("api/sources/import", new StringContent(export, Encoding.UTF8, "text/x-opml"), Ct);
        Assert.Equal(2, (await fresh.ReadAsync(reimported)).GetProperty("added").GetInt32());
        JsonElement[] copies = await fresh.Client.GetFromJsonAsync<JsonElement[]>("api/sources", Ct) ?? [];
        Assert.Equal(Describe(sources), Describe(copies));

        static string[] Describe(JsonElement[] all) => all
            .Select(s => $"{s.GetProperty("url")}|{s.GetProperty("title")}|{s.GetProperty("tags")}|{s.GetProperty("interval")}|{s.GetProperty("isOrigin")}|{s.GetProperty("credits")}")
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
