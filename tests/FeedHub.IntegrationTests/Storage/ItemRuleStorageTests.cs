using FeedHub.Core.Items;
using FeedHub.Core.Rules;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>Source settings and blocked items in the stores, on every provider.</summary>
public abstract class ItemRuleStorageTests(StorageProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ServiceProvider AdminServices(StorageTestDatabase db)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["FeedHub:Storage:Provider"] = db.Provider.ToString(),
                ["FeedHub:Storage:ConnectionString"] = db.ConnectionString,
            })
            .Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(db.Clock)
            .AddFeedHubStorage()
            .AddFeedHubAdminStorage()
            .BuildServiceProvider();
    }

    [Fact]
    public async Task Fetch_settings_and_rules_are_stored_and_read_back_with_the_source()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource source = await db.AddSourceAsync("https://portal.example/feed");
        await using ServiceProvider services = AdminServices(db);
        ISourceAdminStore admin = services.GetRequiredService<ISourceAdminStore>();
        var settings = new SourceFetchSettings
        {
            UserAgent = "PortalBot/1.0",
            Headers = new Dictionary<string, string> { ["X-Api-Token"] = "enc:v1:0123abcd:AAAA", ["Cookie"] = "plain:sesi=1" },
            Timeout = TimeSpan.FromMilliseconds(12_500),
            MaxResponseBytes = 2_000_000,
        };
        var rules = new ItemRules
        {
            Keep = [new ItemRule(RuleMatch.Words, "Kalsel")],
            Block = [new ItemRule(RuleMatch.Regex, @"^\[ADV\]", RuleFields.Title), new ItemRule(RuleMatch.Phrase, "berita duka", RuleFields.Category)],
        };

        Assert.True(await admin.SetFetchSettingsAsync(source.Id, settings, Ct));
        Assert.Equal(new RulesApplied(0, 0, 0), await admin.SetItemRulesAsync(source.Id, rules, Ct));
        FeedSource read = (await db.Sources.GetAsync(source.Id, Ct))!;

        Assert.Equal(settings.UserAgent, read.Fetch.UserAgent);
        Assert.Equal(settings.Headers, read.Fetch.Headers);
        Assert.Equal(settings.Timeout, read.Fetch.Timeout);
        Assert.Equal(settings.MaxResponseBytes, read.Fetch.MaxResponseBytes);
        Assert.True(rules.SameAs(read.Rules));
        Assert.False(await admin.SetFetchSettingsAsync(source.Id + 100, settings, Ct));
        Assert.Null(await admin.SetItemRulesAsync(source.Id + 100, rules, Ct));
    }

    [Fact]
    public async Task A_blocked_copy_is_never_the_origin_and_a_rule_change_moves_the_origin_and_the_counts()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource mc = await db.AddSourceAsync("https://mc.example/feed", isOrigin: true);
        FeedSource portal = await db.AddSourceAsync("https://portal.example/feed");
        await using ServiceProvider services = AdminServices(db);
        ISourceAdminStore admin = services.GetRequiredService<ISourceAdminStore>();
        var blockIklan = new ItemRules { Block = [new ItemRule(RuleMatch.Words, "iklan")] };
        await admin.SetItemRulesAsync(mc.Id, blockIklan, Ct);
        FeedItem release = TestItems.Item("rilis", canonicalLink: "https://mc.example/rilis", title: "Iklan layanan: vaksinasi gratis");

        await db.Items.CommitRefreshAsync(mc.Id, [release with { BlockedBy = "block 1" }], TestItems.Ok(db.Clock.GetUtcNow()) with { DecidedWith = blockIklan }, Ct);
        Assert.Empty(await db.Stories.LatestStoriesAsync(10, Ct));
        await db.Items.CommitRefreshAsync(portal.Id, [release with { ItemKey = "copy", Title = "Vaksinasi gratis" }], TestItems.Ok(db.Clock.GetUtcNow()), Ct);

        StoryEntry story = Assert.Single(await db.Stories.LatestStoriesAsync(10, Ct));
        Assert.Equal(portal.Id, story.SourceId);
        Assert.Empty(story.AlsoPublishedBy);
        Assert.Equal("block 1", (await admin.CountBlockedAsync(Ct))[mc.Id].Single(c => c.Value == 1).Key);

        RulesApplied? applied = await admin.SetItemRulesAsync(mc.Id, ItemRules.None, Ct);

        Assert.Equal(new RulesApplied(1, 0, 1), applied);
        story = Assert.Single(await db.Stories.LatestStoriesAsync(10, Ct));
        Assert.Equal(mc.Id, story.SourceId);
        Assert.Equal(portal.Id, Assert.Single(story.AlsoPublishedBy).SourceId);
        Assert.Empty(await admin.CountBlockedAsync(Ct));

        // Blocking the portal's copy too leaves the story with none to publish.
        await admin.SetItemRulesAsync(mc.Id, blockIklan, Ct);
        await admin.SetItemRulesAsync(portal.Id, new ItemRules { Keep = [new ItemRule(RuleMatch.Words, "Kaltim")] }, Ct);
        Assert.Empty(await db.Stories.LatestStoriesAsync(10, Ct));
        Assert.Equal(BlockReasons.NoKeepRuleMatched, (await admin.CountBlockedAsync(Ct))[portal.Id].Keys.Single());
    }
}

public sealed class ItemRuleStorageTestsOnSqlite() : ItemRuleStorageTests(StorageProvider.Sqlite);

public sealed class ItemRuleStorageTestsOnPostgres() : ItemRuleStorageTests(StorageProvider.Postgres);
