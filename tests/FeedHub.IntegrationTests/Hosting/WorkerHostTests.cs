using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Storage;
using FeedHub.Worker.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary>The real worker: Quartz polls the sources table's sources on their own, and
/// /feed.xml serves the result.</summary>
public sealed class WorkerHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Configured_sources_are_polled_and_feed_xml_lists_one_entry_per_story(StorageProvider provider)
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        var shared = FeedXml.Numbered(1, "mc.example");
        server.MapContent("origin.xml", FeedXml.Rss("MC Kalsel", [shared, FeedXml.Numbered(2, "mc.example")]));
        server.MapContent("portal.xml", FeedXml.Rss("Portal", [shared with { Guid = "p-1", Link = shared.Link + "&gclid=xyz" }, FeedXml.Numbered(3, "portal.example")]));
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Sources:0:Url"] = server.Url("origin.xml").AbsoluteUri,
            ["FeedHub:Sources:0:Title"] = "MC Kalsel",
            ["FeedHub:Sources:0:IsOrigin"] = "true",
            ["FeedHub:Sources:1:Url"] = server.Url("portal.xml").AbsoluteUri,
        }, provider: provider);

        await WorkerHost.EventuallyAsync(async () => server.CountRequests("origin.xml") > 0 && server.CountRequests("portal.xml") > 0 && (await ItemsAsync(host)).Count == 3, Patience, "both sources are polled");

        HttpResponseMessage response = await host.Http.GetAsync("feed.xml", TestContext.Current.CancellationToken);
        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        byte[] body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        using (var strict = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { CheckCharacters = true, DtdProcessing = DtdProcessing.Prohibit }))
        {
            SyndicationFeed feed = SyndicationFeed.Load(strict);
            Assert.Equal(3, feed.Items.Count());
        }

        List<XElement> items = await ItemsAsync(host);
        Assert.Single(items, i => (string?)i.Element("title") == "Story 1");
        XElement story1 = items.Single(i => (string?)i.Element("title") == "Story 1");
        Assert.Equal("MC Kalsel", (string?)story1.Element("source"));
        Assert.Equal(server.Url("origin.xml").AbsoluteUri, (string?)story1.Element("source")?.Attribute("url"));
        Assert.Equal(["Story 1", "Story 2", "Story 3"], items.Select(i => (string?)i.Element("title")));
    }

    [Fact]
    public async Task A_source_added_while_running_is_polled_without_a_restart_and_a_paused_one_stops()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("late.xml", FeedXml.Rss("Late", [FeedXml.Numbered(7)]));
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Scheduling:DefaultInterval"] = "00:00:01",
            ["FeedHub:Scheduling:Jitter"] = "0",
        });
        var sources = host.Services.GetRequiredService<ISourceStore>();

        FeedSource added = await sources.UpsertAsync(new SourceDefinition { Url = server.Url("late.xml").AbsoluteUri }, CancellationToken.None);
        await WorkerHost.EventuallyAsync(() => Task.FromResult(server.CountRequests("late.xml") >= 2), Patience, "the new source is polled on its interval");

        await sources.SetEnabledAsync(added.Id, enabled: false, CancellationToken.None);
        IScheduler scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);
        await WorkerHost.EventuallyAsync(async () => await scheduler.GetJobDetail(new JobKey(added.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "sources"), TestContext.Current.CancellationToken) is null, Patience, "the paused source is unscheduled");
        int pollsWhenPaused = server.CountRequests("late.xml");
        await Task.Delay(2500, TestContext.Current.CancellationToken);

        Assert.InRange(server.CountRequests("late.xml"), pollsWhenPaused, pollsWhenPaused + 1);
    }

    [Fact]
    public async Task An_interval_shortened_in_the_table_takes_effect_without_waiting_out_the_old_one()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", FeedXml.Rss("Edited", [FeedXml.Numbered(1)]));
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Scheduling:DefaultInterval"] = "01:00:00",
            ["FeedHub:Scheduling:Jitter"] = "0",
        });
        var sources = host.Services.GetRequiredService<ISourceStore>();
        var definition = new SourceDefinition { Url = server.Url("feed.xml").AbsoluteUri };
        await sources.UpsertAsync(definition, CancellationToken.None);
        await WorkerHost.EventuallyAsync(() => Task.FromResult(server.CountRequests("feed.xml") == 1), Patience, "the first poll");

        // As `sources update ID --interval` does from another process: only the table changes.
        await sources.UpsertAsync(definition with { Interval = TimeSpan.FromSeconds(1) }, CancellationToken.None);

        await WorkerHost.EventuallyAsync(() => Task.FromResult(server.CountRequests("feed.xml") >= 3), Patience, "polls on the new one-second interval");
    }

    [Fact]
    public async Task After_downtime_longer_than_the_interval_each_source_is_polled_once_not_in_a_burst()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        for (int i = 0; i < 3; i++)
        {
            server.MapContent($"feed{i}.xml", FeedXml.Rss($"Feed {i}", [FeedXml.Numbered(i, $"s{i}.example")]));
        }

        // A database left by an earlier run: three sources whose next poll was due a day ago.
        var directory = new TempDirectory();
        await using (PipelineHarness earlier = await PipelineHarness.StartAsync(directory: directory))
        {
            for (int i = 0; i < 3; i++)
            {
                FeedSource source = await earlier.AddSourceAsync(server.Url($"feed{i}.xml"));
                await earlier.Sources.RecordPollAsync(source.Id, new PollOutcome { CheckedAt = DateTimeOffset.UtcNow.AddDays(-2), NextDueAt = DateTimeOffset.UtcNow.AddDays(-1) }, CancellationToken.None);
            }
        }

        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string> { ["FeedHub:Scheduling:DefaultInterval"] = "01:00:00" }, directory);

        await WorkerHost.EventuallyAsync(() => Task.FromResult(Enumerable.Range(0, 3).All(i => server.CountRequests($"feed{i}.xml") >= 1)), Patience, "every source is polled");
        await Task.Delay(1500, TestContext.Current.CancellationToken);

        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(1, server.CountRequests($"feed{i}.xml")));
    }

    [Fact]
    public async Task A_fetch_slower_than_its_interval_never_overlaps_itself()
    {
        int running = 0;
        int maxRunning = 0;
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("slow.xml", async context =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            await Task.Delay(2500);
            Interlocked.Decrement(ref running);
            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync(FeedXml.Rss("Slow", [FeedXml.Numbered(1)]));
        });
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Sources:0:Url"] = server.Url("slow.xml").AbsoluteUri,
            ["FeedHub:Sources:0:Interval"] = "00:00:01",
            ["FeedHub:Scheduling:Jitter"] = "0",
        });

        await WorkerHost.EventuallyAsync(() => Task.FromResult(server.CountRequests("slow.xml") >= 2), Patience, "two polls of the slow source");

        Assert.Equal(1, maxRunning);
    }

    [Theory]
    [InlineData("feed.xml?limit=abc")]
    [InlineData("feed.xml?limit=0")]
    [InlineData("feed.xml?limit=100000")]
    [InlineData("feed.xml?colour=blue")]
    public async Task Bad_feed_queries_get_a_problem_details_400(string url)
    {
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>());

        HttpResponseMessage response = await host.Http.GetAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        string problem = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("\"status\":400", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feed_xml_honours_limit_and_lists_newest_first()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", FeedXml.Rss("Many", Enumerable.Range(1, 30).Select(n => FeedXml.Numbered(n))));
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string> { ["FeedHub:Sources:0:Url"] = server.Url("feed.xml").AbsoluteUri });
        await WorkerHost.EventuallyAsync(async () => (await ItemsAsync(host)).Count == 30, Patience, "the feed is stored");

        string xml = await host.Http.GetStringAsync("feed.xml?limit=5", TestContext.Current.CancellationToken);

        var titles = XDocument.Parse(xml).Descendants("item").Select(i => (string?)i.Element("title")).ToList();
        Assert.Equal(["Story 1", "Story 2", "Story 3", "Story 4", "Story 5"], titles);
        Assert.Contains("feed.xml?limit=5", xml, StringComparison.Ordinal);
    }

    private static async Task<List<XElement>> ItemsAsync(WorkerHost host)
    {
        string xml = await host.Http.GetStringAsync("feed.xml", TestContext.Current.CancellationToken);
        return XDocument.Parse(xml).Descendants("item").ToList();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
