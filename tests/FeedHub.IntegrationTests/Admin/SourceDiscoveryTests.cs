using System.Net;
using System.Text.Json;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Http;

namespace FeedHub.IntegrationTests.Admin;

/// <summary>A site's URL given where a feed's is expected: <c>sources add</c>, <c>POST /api/sources</c>
/// and OPML outlines find the site's feeds over loopback, through the guarded fetcher.</summary>
public sealed class SourceDiscoveryTests
{
    private const string Atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Portal Banua (Atom)</title><id>urn:portal</id><updated>2026-11-30T01:00:00Z</updated></feed>
        """;

    [Fact]
    public async Task A_site_linking_two_feeds_lists_them_and_adds_nothing_until_one_is_picked_or_all_are_asked_for()
    {
        await using FixtureServer site = await PortalLinkingTwoFeedsAsync();
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);
        string home = site.BaseUri.AbsoluteUri;

        using WorkerProcess listed = await cli.RunAsync("sources", "add", home);
        using WorkerProcess emptyList = await cli.RunAsync("sources", "list");
        using WorkerProcess outOfRange = await cli.RunAsync("sources", "add", home, "--pick", "3");
        using WorkerProcess picked = await cli.RunAsync("sources", "add", home, "--pick", "2", "--tag", "kalsel");
        using WorkerProcess all = await cli.RunAsync("sources", "add", home, "--all-found");
        using WorkerProcess list = await cli.RunAsync("sources", "list");

        Assert.Equal(1, listed.ExitCode);
        Assert.Equal(
            [
                $"1. {site.Url("feed").AbsoluteUri}  Berita Terkini  (application/rss+xml)",
                $"2. {site.Url("feed/atom").AbsoluteUri}  Portal Banua (Atom)  (application/atom+xml)",
            ],
            AdminCliTests.Lines(listed.StandardOutput));
        Assert.Contains("links 2 feeds; nothing was added", listed.StandardError, StringComparison.Ordinal);
        Assert.Contains("--pick N", listed.StandardError, StringComparison.Ordinal);
        Assert.Single(AdminCliTests.Lines(emptyList.StandardOutput));
        Assert.Equal(1, outOfRange.ExitCode);
        Assert.Contains("3 is not one of the 2 feeds", outOfRange.StandardError, StringComparison.Ordinal);

        Assert.Equal(0, picked.ExitCode);
        Assert.Equal(
            $"Added Source 1: Portal Banua (Atom) <{site.Url("feed/atom").AbsoluteUri}> [new], found on {home}",
            picked.StandardOutput.Trim());
        Assert.Equal(0, all.ExitCode);
        Assert.Equal(
            $"Added Source 2: Portal Banua <{site.Url("feed").AbsoluteUri}> [new], found on {home}",
            all.StandardOutput.Trim());
        string[] rows = AdminCliTests.Lines(list.StandardOutput);
        Assert.Equal(3, rows.Length);
    }

    [Fact]
    public async Task The_feeds_a_page_links_are_probed_at_once_and_listed_in_the_pages_order()
    {
        await using FixtureServer site = await FixtureServer.StartAsync();
        site.MapContent("/", """
            <!DOCTYPE html>
            <html lang="id"><head>
            <link rel="alternate" type="application/rss+xml" title="Berita" href="/lambat.rss">
            <link rel="alternate" type="application/atom+xml" title="Atom" href="/cepat.atom">
            </head><body></body></html>
            """, "text/html; charset=utf-8");
        // Each feed answers only once both are asked for (or after 15 s): probed one by one, the
        // first would wait alone.
        int inFlight = 0;
        int mostInFlight = 0;
        var bothAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        RequestDelegate feed(string body, string type) => async context =>
        {
            int now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostInFlight, now);
            if (now == 2)
            {
                bothAsked.TrySetResult();
            }

            await Task.WhenAny(bothAsked.Task, Task.Delay(TimeSpan.FromSeconds(15)));
            Interlocked.Decrement(ref inFlight);
            context.Response.ContentType = type;
            await context.Response.WriteAsync(body);
        };
        site.Map("lambat.rss", feed(FeedXml.Rss("Berita Banua", [FeedXml.Numbered(1)]), "application/rss+xml"));
        site.Map("cepat.atom", feed(Atom, "application/atom+xml"));
        using var directory = new TempDirectory();

        using WorkerProcess listed = await new AdminCli(directory).RunAsync("sources", "add", site.BaseUri.AbsoluteUri);

        Assert.Equal(2, Volatile.Read(ref mostInFlight));
        Assert.Equal(
            [
                $"1. {site.Url("lambat.rss").AbsoluteUri}  Berita  (application/rss+xml)",
                $"2. {site.Url("cepat.atom").AbsoluteUri}  Atom  (application/atom+xml)",
            ],
            AdminCliTests.Lines(listed.StandardOutput));

        static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    [Fact]
    public async Task A_cms_with_only_feed_is_found_there_and_the_output_says_which_url()
    {
        await using FixtureServer site = await FixtureServer.StartAsync();
        site.MapContent("/", "<!doctype html><html><head><title>Diskominfo</title></head><body>Selamat datang</body></html>", "text/html; charset=utf-8");
        site.MapContent("feed", FeedXml.Rss("Diskominfo Kab. Banjar", [FeedXml.Numbered(1)]));
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);

        using WorkerProcess added = await cli.RunAsync("sources", "add", site.BaseUri.AbsoluteUri);

        Assert.Equal(0, added.ExitCode);
        Assert.Equal(
            $"Added Source 1: Diskominfo Kab. Banjar <{site.Url("feed").AbsoluteUri}> [new], found on {site.BaseUri.AbsoluteUri}",
            added.StandardOutput.Trim());
        // The first path that answers with a feed ends the search.
        Assert.Equal(["/", "/feed"], site.Requests.Select(r => r.Path).ToArray());
    }

    [Fact]
    public async Task A_site_with_no_feed_fails_with_one_line_after_trying_every_usual_path()
    {
        await using FixtureServer site = await FixtureServer.StartAsync();
        site.MapContent("/", "<html><head><title>Dinas</title></head><body>Tidak ada feed</body></html>", "text/html");
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);

        using WorkerProcess none = await cli.RunAsync("sources", "add", site.BaseUri.AbsoluteUri);

        AdminCliTests.AssertFailsWithOneLine(none, "is not a feed");
        Assert.Contains("no feed was found on it", none.StandardError, StringComparison.Ordinal);
        Assert.Equal(
            ["/", "/feed", "/rss", "/feed/atom", "/index.xml", "/rss.xml", "/", "/feeds/posts/default"],
            site.Requests.Select(r => r.Path).ToArray());
    }

    [Fact]
    public async Task The_api_answers_300_with_the_feeds_of_a_site_and_adds_the_one_picked()
    {
        await using FixtureServer site = await PortalLinkingTwoFeedsAsync();
        await using FixtureServer empty = await FixtureServer.StartAsync();
        empty.MapContent("/", "<html><head></head><body></body></html>", "text/html");
        await using AdminApi api = await AdminApi.StartAsync();
        string home = site.BaseUri.AbsoluteUri;

        using HttpResponseMessage choices = await api.PostJsonAsync("api/sources", new { url = home });
        using HttpResponseMessage badPick = await api.PostJsonAsync("api/sources", new { url = home, pick = 0 });
        using HttpResponseMessage picked = await api.PostJsonAsync("api/sources", new { url = home, pick = 1, tags = new[] { "kalsel" } });
        using HttpResponseMessage none = await api.PostJsonAsync("api/sources", new { url = empty.BaseUri.AbsoluteUri });

        Assert.Equal(HttpStatusCode.MultipleChoices, choices.StatusCode);
        JsonElement list = await api.ReadAsync(choices);
        Assert.Equal(
            [
                (site.Url("feed").AbsoluteUri, "Berita Terkini", "application/rss+xml"),
                (site.Url("feed/atom").AbsoluteUri, "Portal Banua (Atom)", "application/atom+xml"),
            ],
            list.EnumerateArray().Select(f => (f.GetProperty("url").GetString(), f.GetProperty("title").GetString(), f.GetProperty("type").GetString())).ToArray());

        Assert.Equal(HttpStatusCode.BadRequest, badPick.StatusCode);
        Assert.True((await api.ReadAsync(badPick)).GetProperty("errors").TryGetProperty("pick", out _));

        Assert.Equal(HttpStatusCode.Created, picked.StatusCode);
        JsonElement source = await api.ReadAsync(picked);
        Assert.Equal(site.Url("feed").AbsoluteUri, source.GetProperty("url").GetString());
        // Named by the feed's own title, as when the feed's URL is added; the link's title only tells feeds apart.
        Assert.Equal("Portal Banua", source.GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.Contains("no feed was found", (await api.ReadAsync(none)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_opml_outline_naming_a_site_imports_the_first_feed_found_and_reports_the_others()
    {
        await using FixtureServer site = await PortalLinkingTwoFeedsAsync();
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);
        await File.WriteAllTextAsync(cli.File("sites.opml"), $"""
            <opml version="2.0"><body>
              <outline text="Portal Banua" htmlUrl="{site.BaseUri.AbsoluteUri}"/>
              <outline text="Portal again" xmlUrl="{site.BaseUri.AbsoluteUri}"/>
            </body></opml>
            """, TestContext.Current.CancellationToken);

        using WorkerProcess imported = await cli.RunAsync("sources", "import", cli.File("sites.opml"));
        using WorkerProcess list = await cli.RunAsync("sources", "list");

        Assert.Equal(0, imported.ExitCode);
        string[] lines = AdminCliTests.Lines(imported.StandardOutput);
        Assert.Equal(
            $"sites.opml line 2 (Portal Banua): found {site.Url("feed").AbsoluteUri} on {site.BaseUri.AbsoluteUri}; also found: {site.Url("feed/atom").AbsoluteUri}",
            lines[0]);
        Assert.Equal("1 added, 0 updated, 1 skipped, 0 invalid", lines[^1]);
        Assert.Contains(AdminCliTests.Lines(list.StandardOutput), row => row.Contains(site.Url("feed").AbsoluteUri, StringComparison.Ordinal));
    }

    /// <summary>A home page that links an RSS and an Atom feed, the RSS one a second time through an
    /// old address that redirects to it, and a "feed" link that is an HTML page.</summary>
    private static async Task<FixtureServer> PortalLinkingTwoFeedsAsync()
    {
        FixtureServer site = await FixtureServer.StartAsync();
        site.MapContent("/", """
            <!DOCTYPE html>
            <html lang="id"><head>
            <title>Portal Banua</title>
            <link rel="alternate" type="application/rss+xml" title="Berita Terkini" href="/feed">
            <link rel="alternate" type="application/rss+xml" title="Berita (lama)" href="/berita.rss">
            <link rel="alternate" type="application/atom+xml" href="feed/atom">
            <link rel="alternate" type="application/rss+xml" title="Komentar" href="/komentar">
            </head><body><h1>Portal Banua</h1></body></html>
            """, "text/html; charset=utf-8");
        site.MapContent("feed", FeedXml.Rss("Portal Banua", [FeedXml.Numbered(1)]));
        site.MapContent("feed/atom", Atom, "application/atom+xml");
        site.MapRedirect("berita.rss", "/feed");
        site.MapContent("komentar", "<html><body>Komentar</body></html>", "text/html");
        return site;
    }
}
