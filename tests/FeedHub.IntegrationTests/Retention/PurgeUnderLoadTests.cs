using System.Diagnostics;
using System.Globalization;
using FeedHub.Administration;
using FeedHub.Administration.Retention;
using FeedHub.Core.Retention;
using FeedHub.Core.Sources;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Ingestion.Refreshing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Retention;

/// <summary>Purges of 100,000 items (the scheduled purge, and <c>sources remove --purge</c>) on a
/// real SQLite file while another source is polled over loopback, each poll storing a new item.
/// Poll latencies before and during the purge are written to the test output (docs/retention.md);
/// the assertions are about behaviour only: polls complete and store while the purge runs.</summary>
public sealed class PurgeUnderLoadTests
{
    private const int Items = 100_000;
    private const int BaselinePolls = 30;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_scheduled_purge_of_100k_items_lets_polls_go_on()
    {
        await using PollingScene scene = await PollingScene.StartAsync();
        FeedSource old = await scene.Harness.AddSourceAsync(new Uri("https://old.example/feed.xml"));
        await BulkItems.InsertAsync(scene.Harness.DatabasePath, old.Id, Items, DateTimeOffset.UtcNow.AddDays(-800));
        await scene.Harness.Sources.DeleteAsync(old.Id, purgeItems: false, Ct);
        RetentionPurger purger = scene.Harness.Services.GetRequiredService<RetentionPurger>();

        (PurgeReport report, Latencies latencies) = await scene.PollDuringAsync(() => purger.RunAsync(dryRun: false, Ct));

        Assert.Equal(Items, report.Items);
        Assert.Equal(Items, report.Stories);
        Assert.Equal(0, await scene.Harness.CountAsync("SELECT count(*) FROM items WHERE source_id = @Id", new { Id = old.Id }));
        Assert.Equal(0, await scene.Harness.CountAsync("SELECT count(*) FROM story_keys WHERE item_id NOT IN (SELECT id FROM items)"));
        latencies.AssertPollsStoredThroughout();
        Assert.Equal(20 + scene.StoredPolls, await scene.Harness.CountAsync("SELECT count(*) FROM items WHERE source_id = @Id", new { Id = scene.Live.Id }));
        latencies.Report("scheduled purge of 100k unseen items", report.FinishedAt - report.StartedAt);
    }

    [Fact]
    public async Task Removing_a_source_of_100k_items_with_purge_lets_polls_go_on()
    {
        await using PollingScene scene = await PollingScene.StartAsync();
        FeedSource big = await scene.Harness.AddSourceAsync(new Uri("https://big.example/feed.xml"));
        await BulkItems.InsertAsync(scene.Harness.DatabasePath, big.Id, Items, DateTimeOffset.UtcNow.AddHours(-1));
        SourceAdministration admin = scene.Harness.Services.GetRequiredService<SourceAdministration>();

        var watch = Stopwatch.StartNew();
        (AdminOutcome outcome, Latencies latencies) = await scene.PollDuringAsync(() => admin.RemoveAsync(big.Id, purge: true, "cli", Ct));
        watch.Stop();

        Assert.Equal(AdminStatus.Ok, outcome.Status);
        Assert.Equal(0, await scene.Harness.CountAsync("SELECT count(*) FROM items WHERE source_id = @Id", new { Id = big.Id }));
        Assert.Equal(0, await scene.Harness.CountAsync("SELECT count(*) FROM sources WHERE id = @Id", new { Id = big.Id }));
        latencies.AssertPollsStoredThroughout();
        Assert.Equal(20 + scene.StoredPolls, await scene.Harness.CountAsync("SELECT count(*) FROM items WHERE source_id = @Id", new { Id = scene.Live.Id }));
        latencies.Report("sources remove --purge of a 100k-item source", watch.Elapsed);
    }

    /// <summary>A live source whose feed gains an entry on every request, polled back to back.</summary>
    private sealed class PollingScene : IAsyncDisposable
    {
        private int _served;

        private PollingScene(FixtureServer server, PipelineHarness harness, FeedSource live)
        {
            Server = server;
            Harness = harness;
            Live = live;
        }

        public FixtureServer Server { get; }

        public PipelineHarness Harness { get; }

        public FeedSource Live { get; }

        /// <summary>New items stored by the polls so far (one story each).</summary>
        public int StoredPolls { get; private set; }

        public static async Task<PollingScene> StartAsync()
        {
            FixtureServer server = await FixtureServer.StartAsync();
            PipelineHarness harness = await PipelineHarness.StartAsync();
            FeedSource live = await harness.AddSourceAsync(server.Url("live.xml"), "Live");
            var scene = new PollingScene(server, harness, live);
            server.Map("live.xml", scene.ServeAsync);
            // The first poll stores the feed's 20 starting entries.
            RefreshResult first = await harness.RefreshAsync(live.Id);
            Assert.Equal(20, first.NewItems);
            return scene;
        }

        public async Task<(T Result, Latencies Latencies)> PollDuringAsync<T>(Func<Task<T>> purge)
        {
            var latencies = new Latencies();
            for (int i = 0; i < BaselinePolls; i++)
            {
                latencies.Baseline.Add(await PollAsync());
            }

            Task<T> running = Task.Run(purge, Ct);
            while (!running.IsCompleted)
            {
                TimeSpan took = await PollAsync();
                // Only polls that finished before the purge did were measured under it.
                if (!running.IsCompleted)
                {
                    latencies.During.Add(took);
                }
            }

            return (await running, latencies);
        }

        private async Task<TimeSpan> PollAsync()
        {
            var watch = Stopwatch.StartNew();
            RefreshResult result = await Harness.RefreshAsync(Live.Id);
            watch.Stop();
            Assert.Equal(RefreshStatus.Updated, result.Status);
            Assert.Equal(1, result.NewItems);
            StoredPolls++;
            return watch.Elapsed;
        }

        private Task ServeAsync(HttpContext context)
        {
            int newest = Interlocked.Increment(ref _served) + 19;
            context.Response.ContentType = "application/rss+xml; charset=utf-8";
            DateTimeOffset now = DateTimeOffset.UtcNow;
            return context.Response.WriteAsync(FeedXml.Rss(
                "Live",
                Enumerable.Range(newest - 19, 20).Reverse().Select(n => FeedXml.Numbered(n, "live.example", now.AddMinutes(n - newest)) with { Title = $"Kabar terbaru nomor {n}", Description = $"<p>Isi kabar {n} dari Banjarmasin, hari ke {n}.</p>" })));
        }

        public async ValueTask DisposeAsync()
        {
            await Harness.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    private sealed class Latencies
    {
        public List<TimeSpan> Baseline { get; } = [];

        public List<TimeSpan> During { get; } = [];

        public void AssertPollsStoredThroughout()
        {
            // Each measured poll fetched, matched and committed a new item while the purge held
            // and released the write lock batch after batch.
            Assert.True(During.Count >= 3, $"only {During.Count} polls completed during the purge");
        }

        public void Report(string what, TimeSpan purgeTook)
        {
            double baseline = Median(Baseline);
            double during = Median(During);
            TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{what}: purge {purgeTook.TotalSeconds:F1} s; polls during it {During.Count}, median {during:F1} ms, p95 {Percentile(During, 0.95):F1} ms, max {During.Max().TotalMilliseconds:F1} ms; "
                + $"baseline ({Baseline.Count} polls before) median {baseline:F1} ms, p95 {Percentile(Baseline, 0.95):F1} ms, max {Baseline.Max().TotalMilliseconds:F1} ms; median ratio {during / baseline:F2}x"));
        }

        private static double Median(List<TimeSpan> values) => Percentile(values, 0.5);

        private static double Percentile(List<TimeSpan> values, double share)
        {
            double[] sorted = [.. values.Select(v => v.TotalMilliseconds).Order()];
            return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(share * sorted.Length))];
        }
    }
}
