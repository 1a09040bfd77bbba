using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Ingestion.Refreshing;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Pipeline;

/// <summary>A source polled over real loopback HTTP into a real SQLite file.</summary>
public sealed class RefreshPipelineTests
{
    [Fact]
    public async Task A_poll_stores_every_item()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", FeedXml.Rss("Portal", Enumerable.Range(1, 5).Select(n => FeedXml.Numbered(n))));
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));

        RefreshResult result = await harness.RefreshAsync(source.Id);

        Assert.Equal(RefreshStatus.Updated, result.Status);
        Assert.Equal(5, result.NewItems);
        Assert.Equal(5, await harness.CountAsync("SELECT count(*) FROM items"));
        Assert.Equal(5, await harness.CountAsync("SELECT count(*) FROM stories"));
        FeedSource after = await harness.SourceAsync(source.Id);
        Assert.NotNull(after.LastSuccessAt);
        Assert.Equal(0, after.ConsecutiveFailures);
        Assert.Equal("Portal", after.Title);
    }

    [Fact]
    public async Task A_second_poll_gets_304_and_writes_no_items()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        string body = FeedXml.Rss("Portal", Enumerable.Range(1, 3).Select(n => FeedXml.Numbered(n)));
        server.MapConditional("feed.xml", () => body, () => "\"v1\"");
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));
        await harness.RefreshAsync(source.Id);
        FeedSource first = await harness.SourceAsync(source.Id);
        long version = await harness.Services.GetRequiredService<IStoryReader>().GetChangeVersionAsync(CancellationToken.None);

        RefreshResult second = await harness.RefreshAsync(source.Id);

        Assert.Equal(RefreshStatus.NotModified, second.Status);
        Assert.Equal("\"v1\"", server.Requests.Last().Headers["If-None-Match"]);
        Assert.Equal(3, await harness.CountAsync("SELECT count(*) FROM items"));
        Assert.Equal(version, await harness.Services.GetRequiredService<IStoryReader>().GetChangeVersionAsync(CancellationToken.None));
        FeedSource after = await harness.SourceAsync(source.Id);
        Assert.Equal("\"v1\"", after.ETag);
        Assert.True(after.LastCheckedAt > first.LastCheckedAt);
    }

    [Fact]
    public async Task A_permanent_redirect_moves_the_source_even_when_the_feed_is_unchanged_and_a_temporary_one_does_not()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        string body = FeedXml.Rss("Portal", [FeedXml.Numbered(1)]);
        server.MapConditional("new.xml", () => body, () => "\"v1\"");
        bool moved = false;
        server.Map("old.xml", context =>
        {
            if (!moved)
            {
                context.Response.Headers.ETag = "\"v1\"";
                context.Response.ContentType = "application/rss+xml";
                return context.Response.WriteAsync(body);
            }

            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = server.Url("new.xml").AbsoluteUri;
            return Task.CompletedTask;
        });
        server.MapRedirect("temporary.xml", server.Url("new.xml").AbsoluteUri, StatusCodes.Status302Found);
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("old.xml"));
        FeedSource temporary = await harness.AddSourceAsync(server.Url("temporary.xml"));
        await harness.RefreshAsync(source.Id);

        moved = true;
        RefreshResult result = await harness.RefreshAsync(source.Id);
        await harness.RefreshAsync(temporary.Id);

        Assert.Equal(RefreshStatus.NotModified, result.Status);
        Assert.Equal(server.Url("new.xml").AbsoluteUri, (await harness.SourceAsync(source.Id)).Url);
        Assert.Equal(server.Url("temporary.xml").AbsoluteUri, (await harness.SourceAsync(temporary.Id)).Url);
    }

    [Fact]
    public async Task An_updated_item_becomes_a_revision_not_a_duplicate()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        var items = Enumerable.Range(1, 3).Select(n => FeedXml.Numbered(n)).ToList();
        string etag = "\"v1\"";
        server.MapConditional("feed.xml", () => FeedXml.Rss("Portal", items), () => etag);
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));
        await harness.RefreshAsync(source.Id);

        items[1] = items[1] with { Description = "<p>Corrected body of story 2.</p>" };
        etag = "\"v2\"";
        RefreshResult result = await harness.RefreshAsync(source.Id);

        Assert.Equal(RefreshStatus.Updated, result.Status);
        Assert.Equal(0, result.NewItems);
        Assert.Equal(1, result.UpdatedItems);
        Assert.Equal(3, await harness.CountAsync("SELECT count(*) FROM items"));
        Assert.Equal(3, await harness.CountAsync("SELECT count(*) FROM stories"));
        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM items WHERE content LIKE '%Corrected body%'"));
    }

    [Fact]
    public async Task Two_sources_carrying_the_same_canonical_link_make_one_story()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        var shared = FeedXml.Numbered(1, "mc.example");
        server.MapContent("origin.xml", FeedXml.Rss("MC", [shared, FeedXml.Numbered(2, "mc.example")]));
        server.MapContent("portal.xml", FeedXml.Rss("Portal", [shared with { Guid = "portal-guid-1", Link = shared.Link + "&fbclid=abc#top" }]));
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        FeedSource origin = await harness.AddSourceAsync(server.Url("origin.xml"));
        FeedSource portal = await harness.AddSourceAsync(server.Url("portal.xml"));

        await harness.RefreshAsync(origin.Id);
        await harness.RefreshAsync(portal.Id);

        Assert.Equal(3, await harness.CountAsync("SELECT count(*) FROM items"));
        Assert.Equal(2, await harness.CountAsync("SELECT count(*) FROM stories"));
        var stories = await harness.Services.GetRequiredService<IStoryReader>().LatestStoriesAsync(10, CancellationToken.None);
        var story = Assert.Single(stories, s => s.Item.Title == "Story 1");
        Assert.Equal(origin.Id, story.SourceId);
        Assert.Equal(portal.Id, Assert.Single(story.AlsoPublishedBy).SourceId);
    }
}
