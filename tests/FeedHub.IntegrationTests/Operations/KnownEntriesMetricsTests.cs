using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Ingestion.Refreshing;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>What a re-fetched feed cost shows in the real worker's <c>/metrics</c>: the entries it
/// already had are counted as known, and only the new one as stored.</summary>
[Collection(ProcessWideMetrics.Name)]
public sealed class KnownEntriesMetricsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_feed_re_served_with_one_new_entry_among_twenty_counts_nineteen_known_and_stores_one()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        string body = FeedXml.Rss("Portal", Enumerable.Range(1, 20).Select(n => FeedXml.Numbered(n)));
        server.Map("feed.xml", context =>
        {
            context.Response.ContentType = "application/rss+xml; charset=utf-8";
            return context.Response.WriteAsync(body);
        });
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Scheduling:DefaultInterval"] = "01:00:00",
        });
        FeedSource source = await host.Services.GetRequiredService<ISourceStore>().UpsertAsync(new SourceDefinition { Url = server.Url("feed.xml").AbsoluteUri }, CancellationToken.None);
        PrometheusText first = PrometheusText.Parse(string.Empty);
        await WorkerHost.EventuallyAsync(async () =>
        {
            first = await ScrapeAsync(host);
            return first.Value("feedhub_polls_total", ("outcome", "fetched")) == 1;
        }, Patience, "the scheduler's first poll shows in the metrics");

        body = FeedXml.Rss("Portal", Enumerable.Range(2, 20).Select(n => FeedXml.Numbered(n)));
        RefreshResult second = await host.Services.GetRequiredService<FeedRefresher>().RefreshAsync(source.Id, TestContext.Current.CancellationToken);
        // The exporter may answer a scrape that close to the last one from its cache: wait for the poll to show.
        PrometheusText after = first;
        await WorkerHost.EventuallyAsync(async () =>
        {
            after = await ScrapeAsync(host);
            return after.Value("feedhub_polls_total", ("outcome", "fetched")) == 2;
        }, Patience, "the second poll shows in the metrics");

        Assert.Equal(1, second.NewItems);
        Assert.Equal(20, first.Value("feedhub_items_stored_total", ("change", "new")));
        Assert.Equal(0, first.Value("feedhub_entries_known_total"));
        Assert.Equal(21, after.Value("feedhub_items_stored_total", ("change", "new")));
        Assert.Equal(0, after.Value("feedhub_items_stored_total", ("change", "updated")));
        Assert.Equal(19, after.Value("feedhub_entries_known_total"));
    }

    private static async Task<PrometheusText> ScrapeAsync(WorkerHost host) =>
        PrometheusText.Parse(await host.Http.GetStringAsync("metrics", TestContext.Current.CancellationToken));
}
