using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Ingestion.Refreshing;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>A feed whose server answers 410 Gone is paused at once, and says so.</summary>
public sealed class GoneFeedTests
{
    [Fact]
    public async Task A_410_pauses_the_source_with_a_reason_and_the_next_refresh_fetches_nothing()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("gone.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status410Gone;
            return Task.CompletedTask;
        });
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("gone.xml"));

        RefreshResult first = await harness.RefreshAsync(source.Id);
        RefreshResult second = await harness.RefreshAsync(source.Id);

        Assert.Equal(RefreshStatus.Failed, first.Status);
        Assert.Equal(FeedRefresher.GoneError, first.Error);
        Assert.Null(first.NextDueAt);
        Assert.Equal(RefreshStatus.Skipped, second.Status);
        Assert.Equal(1, server.CountRequests("gone.xml"));
        FeedSource stored = await harness.SourceAsync(source.Id);
        Assert.False(stored.Enabled);
        Assert.Equal("paused: the server says the feed is gone (410)", stored.LastError);
        Assert.Equal(410, stored.LastHttpStatus);
        Assert.Equal(1, stored.ConsecutiveFailures);
        Assert.Null(stored.NextDueAt);
    }

    [Fact]
    public async Task A_404_is_an_ordinary_failure_and_the_source_stays_enabled()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("missing.xml"));

        RefreshResult result = await harness.RefreshAsync(source.Id);

        Assert.Equal(RefreshStatus.Failed, result.Status);
        Assert.NotNull(result.NextDueAt);
        FeedSource stored = await harness.SourceAsync(source.Id);
        Assert.True(stored.Enabled);
        Assert.Equal("HTTP 404 Not Found", stored.LastError);
    }
}
