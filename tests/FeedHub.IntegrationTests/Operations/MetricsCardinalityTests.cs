using System.Globalization;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>/metrics stays aggregate: ten times the sources, each on its own publisher's host,
/// give the same series (per-source detail is in /status/sources).</summary>
[Collection(ProcessWideMetrics.Name)]
public sealed class MetricsCardinalityTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Series_do_not_grow_with_sources_or_their_hosts()
    {
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Scheduling:DefaultInterval"] = "01:00:00",
        });
        var sources = host.Services.GetRequiredService<ISourceStore>();
        // The first scrape's own request (this process's HttpClient and the server) shows from the second on.
        _ = await host.Http.GetStringAsync("metrics", TestContext.Current.CancellationToken);

        // Each source on its own loopback address (all of 127/8 is the loopback interface on
        // Linux), where nothing listens: every poll fails at once, as a dead publisher's would,
        // and leaves a failure count on its source.
        PrometheusText few = await AddFailingSourcesAsync(host, sources, first: 0, count: 3);
        PrometheusText many = await AddFailingSourcesAsync(host, sources, first: 3, count: 30);

        // Exceptions are counted by type, which the code bounds, not the sources; which types a
        // run happens to throw first varies.
        string[] added = [.. many.Series.Except(few.Series, StringComparer.Ordinal).Where(series => !series.StartsWith("dotnet_exceptions_total{", StringComparison.Ordinal))];
        string families = string.Join(", ", added.GroupBy(series => series[..series.IndexOf('{', StringComparison.Ordinal)]).Select(family => $"{family.Key} +{family.Count()} (e.g. {family.First()})"));
        Assert.True(added.Length == 0, $"series added by 30 more sources: {families}");
        Assert.Equal(33, many.Value("feedhub_sources", ("state", "failing")));
        Assert.Equal(1, many.Value("feedhub_source_consecutive_failures_max"));
    }

    private static async Task<PrometheusText> AddFailingSourcesAsync(WorkerHost host, ISourceStore sources, int first, int count)
    {
        for (int i = first; i < first + count; i++)
        {
            string url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.{1 + i / 200}.{20 + i % 200}:9/feed.xml");
            await sources.UpsertAsync(new SourceDefinition { Url = url }, CancellationToken.None);
        }

        PrometheusText scraped = PrometheusText.Parse(string.Empty);
        await WorkerHost.EventuallyAsync(async () =>
        {
            scraped = PrometheusText.Parse(await host.Http.GetStringAsync("metrics", TestContext.Current.CancellationToken));
            // The first checkpoint is counted beside the writer, after the poll that committed first:
            // a series that appears then is not one the sources added.
            return scraped.Value("feedhub_polls_total", ("outcome", "failed")) == first + count
                && scraped.Value("feedhub_sources", ("state", "failing")) == first + count
                && scraped.Value("feedhub_storage_checkpoint_frames_total") > 0;
        }, Patience, $"{first + count} failed polls");
        return scraped;
    }
}
