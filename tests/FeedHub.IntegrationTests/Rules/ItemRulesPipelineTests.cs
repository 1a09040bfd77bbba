using FeedHub.Administration;
using FeedHub.Core.Items;
using FeedHub.Core.Rules;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Rules;

/// <summary>Keep and block rules through a real poll, a real SQLite file and the story reader the
/// feeds use, on Indonesian text.</summary>
public sealed class ItemRulesPipelineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Morning = new(2024, 5, 7, 1, 0, 0, TimeSpan.Zero);

    private static readonly FeedXml.Item[] KalselNews =
    [
        new("urn:mc:1", "Gubernur Kalsel resmikan jembatan Alalak", "https://mc.example/1", "<p>BANJARMASIN - Jembatan baru dibuka untuk umum.</p>", Morning),
        new("urn:mc:2", "IKLAN: Promo kredit rumah di Banjarbaru", "https://mc.example/2", "<p>Hubungi pemasaran kami sekarang.</p>", Morning.AddMinutes(-1)),
        new("urn:mc:3", "Kalteng gelar festival budaya", "https://mc.example/3", "<p>PALANGKA RAYA - Festival berlangsung tiga hari.</p>", Morning.AddMinutes(-2)),
        new("urn:mc:4", "Harga cabai naik menjelang Idul Adha", "https://mc.example/4", "<p>MARTAPURA, KALSEL - Pedagang mengeluhkan pasokan.</p>", Morning.AddMinutes(-3)),
    ];

    private static async Task<string[]> PublishedTitlesAsync(PipelineHarness harness)
    {
        StoryPage page = await harness.Services.GetRequiredService<IStoryReader>().QueryStoriesAsync(new StoryQuery { Limit = 50 }, Ct);
        return page.Stories.Select(s => s.Item.Title).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task Block_iklan_and_keep_kalsel_store_everything_publish_only_what_they_keep_and_count_per_rule()
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        feeds.MapContent("mc.xml", FeedXml.Rss("MC Kalsel", KalselNews));
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        SourceAdministration admin = harness.Services.GetRequiredService<SourceAdministration>();
        AdminOutcome added = await admin.AddAsync(
            new SourceInput { Url = feeds.Url("mc.xml").AbsoluteUri, BlockRules = ["words:iklan"], KeepRules = ["words:Kalsel"] },
            probeFeed: false, "test", Ct);
        long id = added.Source!.Source.Id;

        await harness.RefreshAsync(id);

        Assert.Equal(4, await harness.CountAsync("SELECT count(*) FROM items"));
        Assert.Equal(["Gubernur Kalsel resmikan jembatan Alalak", "Harga cabai naik menjelang Idul Adha"], await PublishedTitlesAsync(harness));
        SourceView view = (await admin.GetAsync(id, Ct))!;
        Assert.Equal(1, view.Blocked["block 1"]);
        Assert.Equal(1, view.Blocked[BlockReasons.NoKeepRuleMatched]);

        // Dropping the keep rule brings the Kalteng item back at once, without a poll.
        AdminOutcome loosened = await admin.UpdateAsync(id, new SourcePatch { KeepRules = [] }, "test", Ct);

        Assert.True(loosened.Succeeded);
        Assert.Equal(
            ["Gubernur Kalsel resmikan jembatan Alalak", "Harga cabai naik menjelang Idul Adha", "Kalteng gelar festival budaya"],
            await PublishedTitlesAsync(harness));
        Assert.Equal(new Dictionary<string, long> { ["block 1"] = 1 }, loosened.Source!.Blocked);

        await admin.UpdateAsync(id, new SourcePatch { BlockRules = [] }, "test", Ct);
        Assert.Equal(4, (await PublishedTitlesAsync(harness)).Length);
        Assert.Equal(0, await harness.CountAsync("SELECT count(*) FROM items WHERE blocked_by IS NOT NULL"));

        // And a new rule withdraws what it blocks from the feeds, again without a poll.
        await admin.UpdateAsync(id, new SourcePatch { BlockRules = ["title:phrase:festival budaya"] }, "test", Ct);
        Assert.DoesNotContain("Kalteng gelar festival budaya", await PublishedTitlesAsync(harness));
    }

    [Fact]
    public async Task A_blocked_copy_is_never_a_story_origin_nor_listed_as_a_copy_even_from_the_origin_source()
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        // The media center marks its paid content; a portal republishes the same release under the same link.
        feeds.MapContent("mc.xml", FeedXml.Rss("MC Kalsel", [
            new FeedXml.Item("urn:mc:9", "ADVERTORIAL: Pemprov Kalsel salurkan bantuan banjir", "https://mc.example/bantuan", "<p>Bantuan disalurkan ke Hulu Sungai Tengah.</p>", Morning.AddHours(-2)),
        ]));
        feeds.MapContent("portal.xml", FeedXml.Rss("Portal Banua", [
            new FeedXml.Item("urn:portal:9", "Pemprov Kalsel salurkan bantuan banjir", "https://mc.example/bantuan", "<p>Bantuan disalurkan ke Hulu Sungai Tengah. Sumber: MC Kalsel</p>", Morning),
        ]));
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        SourceAdministration admin = harness.Services.GetRequiredService<SourceAdministration>();
        long mc = (await admin.AddAsync(new SourceInput { Url = feeds.Url("mc.xml").AbsoluteUri, IsOrigin = true, Credits = ["MC Kalsel"], BlockRules = ["title:words:advertorial"] }, false, "test", Ct)).Source!.Source.Id;
        long portal = (await admin.AddAsync(new SourceInput { Url = feeds.Url("portal.xml").AbsoluteUri }, false, "test", Ct)).Source!.Source.Id;

        await harness.RefreshAsync(mc);
        Assert.Empty(await PublishedTitlesAsync(harness));
        await harness.RefreshAsync(portal);

        Assert.Equal(1, await harness.CountAsync("SELECT count(DISTINCT story_id) FROM items"));
        StoryEntry story = Assert.Single((await harness.Services.GetRequiredService<IStoryReader>().QueryStoriesAsync(new StoryQuery { Limit = 50 }, Ct)).Stories);
        Assert.Equal(portal, story.SourceId);
        Assert.Empty(story.AlsoPublishedBy);

        // Without the rule the media center's copy is the origin again, the portal's a copy of it.
        await admin.UpdateAsync(mc, new SourcePatch { BlockRules = [] }, "test", Ct);
        story = Assert.Single((await harness.Services.GetRequiredService<IStoryReader>().QueryStoriesAsync(new StoryQuery { Limit = 50 }, Ct)).Stories);
        Assert.Equal(mc, story.SourceId);
        Assert.Equal(portal, Assert.Single(story.AlsoPublishedBy).SourceId);
    }

    [Fact]
    public async Task Rules_set_while_a_poll_was_under_way_decide_the_items_that_poll_commits()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        SourceAdministration admin = harness.Services.GetRequiredService<SourceAdministration>();
        long id = (await admin.AddAsync(new SourceInput { Url = "http://127.0.0.1:9/mc.xml", BlockRules = ["words:iklan"] }, false, "test", Ct)).Source!.Source.Id;
        var item = new FeedItem
        {
            ItemKey = "k1",
            ContentHash = "h1",
            Title = "Iklan layanan masyarakat",
            CanonicalLink = "https://mc.example/iklan",
            PublishedAt = Morning,
        };

        // The poll loaded the source before the block rule existed and decided the item kept.
        await harness.Services.GetRequiredService<IItemStore>().CommitRefreshAsync(
            id, [item], new PollOutcome { CheckedAt = Morning, HttpStatus = 200, DecidedWith = ItemRules.None }, Ct);

        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM items WHERE blocked_by = 'block 1'"));
        Assert.Empty(await PublishedTitlesAsync(harness));
    }

    [Fact]
    public async Task A_blocked_item_does_not_make_a_channel_of_its_source_list_the_story()
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        feeds.MapContent("mc.xml", FeedXml.Rss("MC Kalsel", [
            new FeedXml.Item("urn:mc:7", "IKLAN: Lelang kendaraan dinas", "https://mc.example/lelang", "<p>Lelang terbuka.</p>", Morning),
        ]));
        feeds.MapContent("portal.xml", FeedXml.Rss("Portal", [
            new FeedXml.Item("urn:p:7", "Lelang kendaraan dinas Pemprov", "https://mc.example/lelang", "<p>Lelang terbuka untuk umum.</p>", Morning.AddMinutes(5)),
        ]));
        await using PipelineHarness harness = await PipelineHarness.StartAsync();
        SourceAdministration admin = harness.Services.GetRequiredService<SourceAdministration>();
        long mc = (await admin.AddAsync(new SourceInput { Url = feeds.Url("mc.xml").AbsoluteUri, BlockRules = ["words:iklan"] }, false, "test", Ct)).Source!.Source.Id;
        long portal = (await admin.AddAsync(new SourceInput { Url = feeds.Url("portal.xml").AbsoluteUri }, false, "test", Ct)).Source!.Source.Id;
        await harness.RefreshAsync(mc);
        await harness.RefreshAsync(portal);
        IStoryReader reader = harness.Services.GetRequiredService<IStoryReader>();

        StoryPage mcOnly = await reader.QueryStoriesAsync(new StoryQuery { Limit = 50, Selections = [new StorySelection { SourceIds = [mc] }] }, Ct);
        StoryPage portalOnly = await reader.QueryStoriesAsync(new StoryQuery { Limit = 50, Selections = [new StorySelection { SourceIds = [portal] }] }, Ct);

        Assert.Empty(mcOnly.Stories);
        Assert.Single(portalOnly.Stories);
    }
}
