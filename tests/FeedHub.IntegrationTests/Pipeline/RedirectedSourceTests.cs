using FeedHub.Administration;
using FeedHub.Administration.Opml;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Pipeline;

/// <summary>A source moved by a permanent redirect keeps answering to its old URL: no path
/// (configuration, command line, API, OPML import) creates a second source for it.</summary>
public sealed class RedirectedSourceTests
{
    [Fact]
    public async Task The_old_url_of_a_moved_source_is_a_duplicate_on_every_path_and_never_becomes_a_second_source()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("new.xml", FeedXml.Rss("Portal", [FeedXml.Numbered(1)]));
        server.MapRedirect("old.xml", server.Url("new.xml").AbsoluteUri);
        string oldUrl = server.Url("old.xml").AbsoluteUri;
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TempDirectory();
        long id;
        await using (PipelineHarness harness = await PipelineHarness.StartAsync(directory: directory))
        {
            SourceAdministration admin = harness.Services.GetRequiredService<SourceAdministration>();
            AdminOutcome added = await admin.AddAsync(new SourceInput { Url = oldUrl }, probeFeed: false, "cli", ct);
            id = added.Source!.Source.Id;
            await harness.RefreshAsync(id);
            Assert.Equal(server.Url("new.xml").AbsoluteUri, (await harness.SourceAsync(id)).Url);

            AdminOutcome again = await admin.AddAsync(new SourceInput { Url = oldUrl }, probeFeed: false, "cli", ct);
            Assert.Equal(AdminStatus.Duplicate, again.Status);
            Assert.Equal(id, again.Source!.Source.Id);

            ImportSummary imported = await admin.ImportAsync(
                OpmlReader.Read($"""<opml version="2.0"><body><outline text="Old" xmlUrl="{oldUrl}"/></body></opml>"""), "cli", null, ct);
            Assert.Equal(0, imported.Added);

            // The new and the old URL in one list are one source: the first outline decides, the other is skipped.
            string newUrl = server.Url("new.xml").AbsoluteUri;
            ImportSummary both = await admin.ImportAsync(
                OpmlReader.Read($"""<opml version="2.0"><body><outline text="New" xmlUrl="{newUrl}" category="/first"/><outline text="Old" xmlUrl="{oldUrl}" category="/second"/></body></opml>"""), "cli", null, ct);
            Assert.Equal((0, 1, 1), (both.Added, both.Updated, both.Skipped));
            Assert.Equal(["first"], (await harness.SourceAsync(id)).Tags);

            FeedSource upserted = await harness.Sources.UpsertAsync(new SourceDefinition { Url = oldUrl }, ct);
            Assert.Equal(id, upserted.Id);
        }

        // A configuration naming the old URL, never seeded before, adopts the moved source.
        await using PipelineHarness restarted = await PipelineHarness.StartAsync(
            new Dictionary<string, string?> { ["FeedHub:Sources:0:Url"] = oldUrl }, directory);

        FeedSource only = Assert.Single(await restarted.Sources.ListAsync(ct));
        Assert.Equal(id, only.Id);
        Assert.Equal(1, await restarted.CountAsync("SELECT count(*) FROM sources"));
        Assert.Equal(0, await restarted.CountAsync("SELECT count(*) FROM audit_log WHERE actor = 'config'"));
    }
}
