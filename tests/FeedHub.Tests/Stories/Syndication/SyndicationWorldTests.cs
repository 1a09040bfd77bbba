namespace FeedHub.Tests.Stories.Syndication;

public sealed class SyndicationWorldTests
{
    [Fact]
    public void A_seed_gives_the_same_world()
    {
        SyndicationWorld a = SyndicationWorld.Generate(seed: 3, days: 2);
        SyndicationWorld b = SyndicationWorld.Generate(seed: 3, days: 2);

        Assert.Equal(a.Items, b.Items);
    }

    [Fact]
    public void Releases_are_republished_with_credit_lines_and_portals_write_their_own_stories()
    {
        SyndicationWorld world = SyndicationWorld.Generate(seed: 1, days: 3);
        var mediaCenters = world.Sources.Where(source => source.IsMediaCenter).Select(source => source.Index).ToHashSet();

        var releaseStories = world.Items.Where(item => mediaCenters.Contains(item.TrueOriginSource)).GroupBy(item => item.TrueStory).ToList();
        Assert.Contains(releaseStories, story => story.Count() >= 3);
        Assert.Contains(world.Items, item => item.Html.Contains("Sumber", StringComparison.OrdinalIgnoreCase) && !mediaCenters.Contains(item.Source));
        Assert.Contains(world.Items, item => !mediaCenters.Contains(item.TrueOriginSource) && item.Source == item.TrueOriginSource);
        // Stories of the media center that is not polled still have their portal copies.
        SimSource unpolled = Assert.Single(world.Sources, source => !source.Polled);
        Assert.DoesNotContain(world.Items, item => item.Source == unpolled.Index);
        Assert.Contains(world.Items, item => item.TrueOriginSource == unpolled.Index);
    }

    [Fact]
    public void The_score_counts_pairs_and_judges_origins()
    {
        SyndicationWorld world = SyndicationWorld.Generate(seed: 2, days: 1);
        var perfect = world.Items
            .Select(item => (item.Key, (long)item.TrueStory, IsOrigin: world.Items.FirstOrDefault(first => first.TrueStory == item.TrueStory && first.Source == item.TrueOriginSource) == item))
            .ToList();
        var separate = world.Items.Select((item, i) => (item.Key, (long)i, IsOrigin: true)).ToList();

        StoryScore best = StoryScore.Compute(world, perfect);
        StoryScore apart = StoryScore.Compute(world, separate);

        Assert.Equal((1.0, 1.0, 1.0), (best.Precision, best.Recall, best.OriginAccuracy));
        Assert.Equal(0.0, apart.Recall);
        Assert.Equal(1.0, apart.Precision);
    }
}
