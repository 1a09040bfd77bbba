using FeedHub.Core.Stories;

namespace FeedHub.Tests.Stories;

public sealed class StoryOriginTests
{
    private static readonly DateTimeOffset Morning = new(2025, 5, 7, 2, 0, 0, TimeSpan.Zero);

    private static readonly OriginSource MediaCenter = new(1, IsOrigin: false, "Diskominfo MC Provinsi Kalimantan Selatan", ["MC Kalsel"]);
    private static readonly OriginSource PortalA = new(2, IsOrigin: false, "Portal Banua", []);
    private static readonly OriginSource PortalB = new(3, IsOrigin: false, "Kalsel Terkini", []);

    [Fact]
    public void A_source_marked_as_origin_wins_even_when_it_published_last()
    {
        OriginSource flagged = MediaCenter with { IsOrigin = true };
        OriginChoice choice = StoryOrigin.Choose(
            [new(20, 2, Morning, []), new(21, 3, Morning.AddHours(1), []), new(22, 1, Morning.AddHours(5), [])],
            [flagged, PortalA, PortalB]);

        Assert.Equal(22, choice.ItemId);
        Assert.Equal(OriginRule.OriginSource, choice.Rule);
    }

    [Fact]
    public void A_credit_line_naming_a_source_only_by_its_alias_makes_that_source_the_origin()
    {
        OriginChoice choice = StoryOrigin.Choose(
            [new(20, 2, Morning, ["mc  KALSEL"]), new(21, 1, Morning.AddHours(2), ["MC Kalsel"])],
            [MediaCenter, PortalA, PortalB]);

        Assert.Equal(21, choice.ItemId);
        Assert.Equal(OriginRule.CreditLine, choice.Rule);
        Assert.Contains("MC Kalsel", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_longest_alias_a_credit_matches_wins()
    {
        OriginSource province = new(4, IsOrigin: false, "Pemprov", ["Kalsel"]);
        OriginChoice choice = StoryOrigin.Choose(
            [new(20, 4, Morning, []), new(21, 1, Morning.AddHours(1), []), new(22, 2, Morning.AddHours(2), ["Sumber: MC Kalsel"])],
            [MediaCenter, PortalA, province]);

        Assert.Equal(21, choice.ItemId);
    }

    [Fact]
    public void Without_flag_or_credit_the_earliest_copy_is_the_origin_and_ties_go_to_the_first_stored()
    {
        OriginChoice choice = StoryOrigin.Choose(
            [new(31, 3, Morning, []), new(30, 2, Morning, []), new(29, 1, Morning.AddHours(1), [])],
            [MediaCenter, PortalA, PortalB]);

        Assert.Equal(30, choice.ItemId);
        Assert.Equal(OriginRule.EarliestPublished, choice.Rule);
    }

    [Fact]
    public void A_credit_to_a_source_whose_copy_is_missing_falls_back_to_the_earliest()
    {
        OriginChoice before = StoryOrigin.Choose([new(20, 2, Morning, ["MC Kalsel"]), new(21, 3, Morning.AddHours(1), ["MC Kalsel"])], [MediaCenter, PortalA, PortalB]);
        OriginChoice after = StoryOrigin.Choose(
            [new(20, 2, Morning, ["MC Kalsel"]), new(21, 3, Morning.AddHours(1), ["MC Kalsel"]), new(22, 1, Morning.AddHours(-1), [])],
            [MediaCenter, PortalA, PortalB]);

        Assert.Equal(20, before.ItemId);
        Assert.Equal(22, after.ItemId);
        Assert.Equal(OriginRule.CreditLine, after.Rule);
    }
}
