using FeedHub.Core.Sources;

namespace FeedHub.Tests.Sources;

public sealed class ConfiguredSeedingTests
{
    private const string Url = "https://kalsel.example/feed.xml";
    private const string Key = "https://kalsel.example/feed.xml";

    private static readonly SourceDefinition Configured = new()
    {
        Url = Url,
        Title = "MC Kalsel",
        Tags = ["kalsel"],
        Interval = TimeSpan.FromMinutes(30),
        Credits = ["MC Kalsel"],
    };

    [Fact]
    public void A_url_never_seeded_and_unknown_is_added_with_the_configured_fields()
    {
        SeedStep step = Assert.Single(ConfiguredSeeding.Plan([Configured], State()));

        Assert.Equal(SeedAction.Add, step.Action);
        Assert.Equal("MC Kalsel", step.Updated!.Title);
        Assert.Equal(TimeSpan.FromMinutes(30), step.Updated.Interval);
    }

    [Fact]
    public void A_url_a_source_already_answers_to_is_adopted_without_changing_the_source()
    {
        SeedStep step = Assert.Single(ConfiguredSeeding.Plan(
            [Configured with { Url = "HTTPS://Kalsel.Example:443/feed.xml" }],
            State(known: new() { [Key] = 7 })));

        Assert.Equal((SeedAction.Adopt, 7L, Key), (step.Action, step.SourceId!.Value, step.UrlKey));
        Assert.Null(step.Updated);
    }

    [Fact]
    public void Nothing_changed_in_the_file_means_nothing_is_written_whatever_the_admin_did()
    {
        FeedSource edited = Source(7) with { Title = "Renamed by an admin", Interval = TimeSpan.FromHours(2) };

        SeedStep step = Assert.Single(ConfiguredSeeding.Plan([Configured], State(seeded: Configured, live: edited)));

        Assert.Equal(SeedAction.Unchanged, step.Action);
    }

    [Fact]
    public void Only_the_fields_changed_in_the_file_replace_the_tables_values()
    {
        FeedSource edited = Source(7) with { Title = "Renamed by an admin", Tags = ["admin-tag"], Interval = TimeSpan.FromHours(2) };
        SourceDefinition now = Configured with { Interval = TimeSpan.FromMinutes(5), IsOrigin = true };

        SeedStep step = Assert.Single(ConfiguredSeeding.Plan([now], State(seeded: Configured, live: edited)));

        Assert.Equal(SeedAction.Apply, step.Action);
        Assert.Equal("Renamed by an admin", step.Updated!.Title);
        Assert.Equal(["admin-tag"], step.Updated.Tags);
        Assert.Equal(TimeSpan.FromMinutes(5), step.Updated.Interval);
        Assert.True(step.Updated.IsOrigin);
        Assert.Equal("interval: 02:00:00 → 00:05:00; origin: no → yes", step.Details);
    }

    [Fact]
    public void A_change_the_table_already_has_is_only_remembered()
    {
        FeedSource edited = Source(7) with { Title = "Media Center Kalsel" };

        SeedStep step = Assert.Single(ConfiguredSeeding.Plan(
            [Configured with { Title = "Media Center Kalsel" }], State(seeded: Configured, live: edited)));

        Assert.Equal(SeedAction.Remember, step.Action);
    }

    [Fact]
    public void A_title_taken_out_of_the_file_leaves_the_sources_title()
    {
        SeedStep step = Assert.Single(ConfiguredSeeding.Plan(
            [Configured with { Title = null }], State(seeded: Configured, live: Source(7))));

        Assert.Equal(SeedAction.Remember, step.Action);
    }

    [Fact]
    public void A_seeded_source_that_is_no_longer_live_is_never_brought_back()
    {
        SeedStep step = Assert.Single(ConfiguredSeeding.Plan(
            [Configured with { Title = "Changed" }], State(seeded: Configured, known: new() { [Key] = 7 })));

        Assert.Equal((SeedAction.SkipRemoved, 7L), (step.Action, step.SourceId!.Value));
        Assert.Null(step.Updated);
    }

    [Fact]
    public void A_seeded_source_whose_url_moved_is_followed_by_its_id_not_its_url()
    {
        FeedSource moved = Source(7) with { Url = "https://new.kalsel.example/rss" };

        SeedStep step = Assert.Single(ConfiguredSeeding.Plan([Configured], State(seeded: Configured, live: moved)));

        Assert.Equal((SeedAction.Unchanged, 7L), (step.Action, step.SourceId!.Value));
    }

    [Fact]
    public void Two_spellings_of_one_url_in_the_file_plan_once_and_unusable_urls_are_ignored()
    {
        IReadOnlyList<SeedStep> steps = ConfiguredSeeding.Plan(
            [Configured, Configured with { Url = "https://KALSEL.example/feed.xml#x" }, Configured with { Url = "not a url" }],
            State());

        Assert.Equal(SeedAction.Add, Assert.Single(steps).Action);
    }

    private static FeedSource Source(long id) => new()
    {
        Id = id,
        Url = Url,
        Title = Configured.Title,
        Tags = Configured.Tags,
        Interval = Configured.Interval,
        Credits = Configured.Credits,
    };

    private static SeedingState State(SourceDefinition? seeded = null, FeedSource? live = null, Dictionary<string, long>? known = null) => new(
        seeded is null ? new Dictionary<string, SeededSource>() : new Dictionary<string, SeededSource> { [Key] = new(Key, 7, seeded) },
        live is null ? new Dictionary<long, FeedSource>() : new Dictionary<long, FeedSource> { [live.Id] = live },
        known ?? (live is null ? [] : new Dictionary<string, long> { [Key] = live.Id }));
}
