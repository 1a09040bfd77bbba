using Dapper;
using FeedHub.Core.Sources;
using FeedHub.Ingestion.Refreshing;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedHub.IntegrationTests.Pipeline;

/// <summary>One source's failure, whatever it is, never stops the others in a batch.</summary>
public sealed class RefreshBatchTests
{
    [Fact]
    public async Task A_source_that_throws_is_counted_as_failed_and_the_batch_polls_the_rest()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("a.xml", FeedXml.Rss("A", [FeedXml.Numbered(1)]));
        server.MapContent("c.xml", FeedXml.Rss("C", [FeedXml.Numbered(2)]));
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource a = await harness.AddSourceAsync(server.Url("a.xml"));
        FeedSource broken = await harness.AddSourceAsync(server.Url("b.xml"));
        FeedSource c = await harness.AddSourceAsync(server.Url("c.xml"));
        // A row edited by hand into something no Uri accepts: the refresher throws on it.
        await ExecuteAsync(harness, "UPDATE sources SET url = 'not a url' WHERE id = @Id", new { broken.Id });

        RefreshSummary summary = await harness.Services.GetRequiredService<RefreshBatch>()
            .RunAsync([a.Id, broken.Id, c.Id], maxConcurrency: 1, TestContext.Current.CancellationToken);

        Assert.Equal([RefreshStatus.Updated, RefreshStatus.Failed, RefreshStatus.Updated], summary.Results.Select(r => r.Status));
        Assert.Equal(1, summary.Failed);
        Assert.Equal(broken.Id, summary.Results[1].SourceId);
        Assert.Contains("UriFormatException", summary.Results[1].Error, StringComparison.Ordinal);
        Assert.Equal(2, await harness.CountAsync("SELECT count(*) FROM items"));
    }

    [Fact]
    public async Task A_stored_interval_far_past_seven_days_polls_and_is_next_due_within_seven_days()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", FeedXml.Rss("Feed", [FeedXml.Numbered(1)]));
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));
        // What an OPML import of feedhub:interval="10675199.02:48:05" used to store.
        await ExecuteAsync(harness, "UPDATE sources SET interval_seconds = 922337203685 WHERE id = @Id", new { source.Id });

        RefreshSummary summary = await harness.Services.GetRequiredService<RefreshBatch>()
            .RunAsync([source.Id], maxConcurrency: 1, TestContext.Current.CancellationToken);

        RefreshResult result = Assert.Single(summary.Results);
        Assert.Equal(RefreshStatus.Updated, result.Status);
        Assert.InRange(result.NextDueAt!.Value - DateTimeOffset.UtcNow, TimeSpan.FromDays(6), TimeSpan.FromDays(8));
    }

    [Theory]
    [InlineData("8.00:00:00")]
    [InlineData("10675199.02:48:05")]
    [InlineData("00:00:00.500")]
    public async Task A_configured_interval_outside_one_second_to_seven_days_is_refused_naming_the_key(string interval)
    {
        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using PipelineHarness harness = await PipelineHarness.StartAsync(new Dictionary<string, string?>
            {
                ["FeedHub:Sources:0:Url"] = "https://a.example/feed.xml",
                ["FeedHub:Sources:0:Interval"] = interval,
            });
        });

        Assert.Contains("FeedHub:Sources:0:Interval", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 second to 7 days", error.Message, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(PipelineHarness harness, string sql, object parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={harness.DatabasePath}");
        await connection.ExecuteAsync(sql, parameters);
    }
}
