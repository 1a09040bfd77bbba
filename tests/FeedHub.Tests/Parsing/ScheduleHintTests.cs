using FeedHub.Core.Items;

namespace FeedHub.Tests.Parsing;

public sealed class ScheduleHintTests
{
    private const string Item = "<title>A</title><link>https://mc.example.go.id/a</link>";

    [Fact]
    public void Rss_ttl_skip_hours_and_skip_days_are_read_from_the_channel()
    {
        ParsedFeed feed = ParseHelper.Parse(ParseHelper.Rss(Item,
            "<ttl> 60 </ttl><skipHours><hour>0</hour><hour>1</hour><hour>24</hour><hour>x</hour><hour>30</hour></skipHours>"
            + "<skipDays><day>Saturday</day><day>sunday</day><day>3</day><day>Caturday</day></skipDays>"));

        Assert.Equal(TimeSpan.FromMinutes(60), feed.Hints.Ttl);
        Assert.Equal([0, 1], feed.Hints.SkipHours);
        Assert.Equal([DayOfWeek.Sunday, DayOfWeek.Saturday], feed.Hints.SkipDays);
    }

    [Theory]
    [InlineData("hourly", "2", 30)]
    [InlineData("daily", "", 1440)]
    [InlineData("DAILY", "4", 360)]
    [InlineData("weekly", "0", 10080)]
    public void The_syndication_module_gives_an_update_period(string period, string frequency, double expectedMinutes)
    {
        string sy = $"<sy:updatePeriod>{period}</sy:updatePeriod>" + (frequency.Length > 0 ? $"<sy:updateFrequency>{frequency}</sy:updateFrequency>" : "");
        string xml = ParseHelper.Rss(Item, sy).Replace("<rss version=\"2.0\"", "<rss version=\"2.0\" xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"", StringComparison.Ordinal);

        ParsedFeed feed = ParseHelper.Parse(xml);

        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), feed.Hints.UpdatePeriod);
    }

    [Theory]
    [InlineData("<ttl>-5</ttl>")]
    [InlineData("<ttl>soon</ttl>")]
    [InlineData("<ttl>0</ttl>")]
    [InlineData("")]
    public void A_missing_or_unreadable_ttl_is_no_hint(string channelExtra)
    {
        ParsedFeed feed = ParseHelper.Parse(ParseHelper.Rss(Item, channelExtra));

        Assert.Null(feed.Hints.Ttl);
        Assert.Null(feed.Hints.UpdatePeriod);
        Assert.Empty(feed.Hints.SkipHours);
    }

    [Fact]
    public void A_ttl_longer_than_a_week_reads_as_a_week()
    {
        ParsedFeed feed = ParseHelper.Parse(ParseHelper.Rss(Item, "<ttl>99999999</ttl>"));

        Assert.Equal(TimeSpan.FromDays(7), feed.Hints.Ttl);
    }
}
