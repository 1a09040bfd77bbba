using FeedHub.Ingestion.Parsing;

namespace FeedHub.Tests.Parsing;

public sealed class FeedRepairTests
{
    [Fact]
    public void A_bare_ampersand_is_escaped_and_the_feed_marked_repaired()
    {
        var feed = ParseHelper.Parse(ParseHelper.Rss("<title>Dinas PU & Perkim</title><link>https://x.go.id/?a=1&b=2</link>"));

        Assert.True(feed.Repaired);
        Assert.Equal("Dinas PU & Perkim", feed.Items[0].Title);
        Assert.Equal("https://x.go.id/?a=1&b=2", feed.Items[0].Link);
    }

    [Fact]
    public void Html_named_entities_become_characters()
    {
        var feed = ParseHelper.Parse(ParseHelper.Rss("<title>Hari&nbsp;Jadi &mdash; Banjar&eacute; &hellip;</title>"));

        Assert.True(feed.Repaired);
        Assert.Equal("Hari\u00A0Jadi \u2014 Banjaré \u2026", feed.Items[0].Title);
    }

    [Fact]
    public void Cdata_sections_are_left_untouched()
    {
        var feed = ParseHelper.Parse(ParseHelper.Rss("<title>A & B</title><description><![CDATA[Tom &amp; Jerry &nbsp; & co]]></description>"));

        Assert.True(feed.Repaired);
        Assert.Equal("Tom &amp; Jerry &nbsp; & co", feed.Items[0].Summary);
    }

    [Fact]
    public void A_well_formed_feed_is_not_repaired()
    {
        var feed = ParseHelper.Parse(ParseHelper.Rss("<title>A &amp; B</title>"));

        Assert.False(feed.Repaired);
        Assert.Equal("A & B", feed.Items[0].Title);
    }

    [Theory]
    [InlineData("a & b", "a &amp; b")]
    [InlineData("a &amp; b &lt;", "a &amp; b &lt;")]
    [InlineData("&#233; &#xE9; &#XE9;", "&#233; &#xE9; &#xE9;")]
    [InlineData("&#1;", "")]
    [InlineData("&rsquo;", "&#8217;")]
    [InlineData("AT&T;", "AT&amp;T;")]
    [InlineData("Warning: in /var/www/x.php<?xml version=\"1.0\"?><rss>", "<?xml version=\"1.0\"?><rss>")]
    [InlineData("<rss></rss", "<rss></rss>")]
    [InlineData("<![CDATA[&nbsp; & ]]>&nbsp;", "<![CDATA[&nbsp; & ]]>&#160;")]
    [InlineData("<!-- & --> &", "<!-- & --> &amp;")]
    public void Repair_rewrites_only_what_xml_cannot_read(string input, string expected)
    {
        Assert.Equal(expected, FeedRepair.Repair(input));
    }
}
