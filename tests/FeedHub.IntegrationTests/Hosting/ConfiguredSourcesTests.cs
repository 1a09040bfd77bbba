using FeedHub.Administration;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary>Sources listed in the configuration, across restarts on one real SQLite file: the
/// table wins, the file only adds what is new and what the operator changed in it.</summary>
public sealed class ConfiguredSourcesTests
{
    private const string Url = "https://kalsel.example/feed.xml";

    [Fact]
    public async Task An_admins_edits_survive_a_restart_and_only_fields_changed_in_the_file_are_applied_and_audited_as_config()
    {
        using var directory = new TempDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["FeedHub:Sources:0:Url"] = Url,
            ["FeedHub:Sources:0:Title"] = "MC Kalsel",
            ["FeedHub:Sources:0:Interval"] = "00:30:00",
            ["FeedHub:Sources:0:Tags:0"] = "kalsel",
        };
        long id;
        await using (PipelineHarness first = await PipelineHarness.StartAsync(settings, directory))
        {
            FeedSource seeded = Assert.Single(await first.Sources.ListAsync(CancellationToken.None));
            id = seeded.Id;
            Assert.Equal("MC Kalsel", seeded.Title);
            AdminOutcome edited = await Admin(first).UpdateAsync(
                id, new SourcePatch { Title = "Media Center Kalsel", Interval = TimeSpan.FromHours(1) }, "cli", CancellationToken.None);
            Assert.Equal(AdminStatus.Ok, edited.Status);
        }

        await using (PipelineHarness second = await PipelineHarness.StartAsync(settings, directory))
        {
            FeedSource kept = await second.SourceAsync(id);
            Assert.Equal("Media Center Kalsel", kept.Title);
            Assert.Equal(TimeSpan.FromHours(1), kept.Interval);
        }

        settings["FeedHub:Sources:0:Tags:0"] = "kalimantan";
        settings["FeedHub:Sources:0:IsOrigin"] = "true";
        await using (PipelineHarness third = await PipelineHarness.StartAsync(settings, directory))
        {
            FeedSource changed = Assert.Single(await third.Sources.ListAsync(CancellationToken.None));
            Assert.Equal(id, changed.Id);
            Assert.Equal(["kalimantan"], changed.Tags);
            Assert.True(changed.IsOrigin);
            Assert.Equal("Media Center Kalsel", changed.Title);
            Assert.Equal(TimeSpan.FromHours(1), changed.Interval);

            IReadOnlyList<AuditEntry> audit = await Admin(third).AuditAsync(10, id, null, CancellationToken.None);
            Assert.Equal([("config", "update"), ("cli", "update"), ("config", "add")], audit.Select(e => (e.Actor, e.Action)));
            Assert.Equal("tags: [kalsel] → [kalimantan]; origin: no → yes", audit[0].Details);
        }
    }

    [Fact]
    public async Task A_configured_source_an_admin_removed_is_not_brought_back_and_one_new_in_the_file_is_added()
    {
        using var directory = new TempDirectory();
        var settings = new Dictionary<string, string?> { ["FeedHub:Sources:0:Url"] = Url };
        await using (PipelineHarness first = await PipelineHarness.StartAsync(settings, directory))
        {
            FeedSource seeded = Assert.Single(await first.Sources.ListAsync(CancellationToken.None));
            Assert.Equal(AdminStatus.Ok, (await Admin(first).RemoveAsync(seeded.Id, purge: false, "cli", CancellationToken.None)).Status);
        }

        settings["FeedHub:Sources:0:Title"] = "Changed in the file too";
        settings["FeedHub:Sources:1:Url"] = "https://kaltim.example/rss";
        await using PipelineHarness second = await PipelineHarness.StartAsync(settings, directory);

        FeedSource only = Assert.Single(await second.Sources.ListAsync(CancellationToken.None));
        Assert.Equal("https://kaltim.example/rss", only.Url);
        AuditEntry added = Assert.Single(await Admin(second).AuditAsync(10, only.Id, null, CancellationToken.None));
        Assert.Equal(("config", "add"), (added.Actor, added.Action));
        Assert.Equal(1, await second.CountAsync("SELECT count(*) FROM sources WHERE deleted_at IS NOT NULL"));
    }

    [Fact]
    public async Task A_purged_configured_source_is_not_added_again()
    {
        using var directory = new TempDirectory();
        var settings = new Dictionary<string, string?> { ["FeedHub:Sources:0:Url"] = Url };
        await using (PipelineHarness first = await PipelineHarness.StartAsync(settings, directory))
        {
            FeedSource seeded = Assert.Single(await first.Sources.ListAsync(CancellationToken.None));
            Assert.Equal(AdminStatus.Ok, (await Admin(first).RemoveAsync(seeded.Id, purge: true, "cli", CancellationToken.None)).Status);
        }

        await using PipelineHarness second = await PipelineHarness.StartAsync(settings, directory);

        Assert.Empty(await second.Sources.ListAsync(CancellationToken.None));
        Assert.Equal(0, await second.CountAsync("SELECT count(*) FROM sources"));
    }

    private static SourceAdministration Admin(PipelineHarness harness) => harness.Services.GetRequiredService<SourceAdministration>();
}
