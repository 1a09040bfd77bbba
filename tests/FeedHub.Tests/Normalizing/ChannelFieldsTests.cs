using FeedHub.Core.Items;
using FeedHub.Core.Text;
using FeedHub.Ingestion.Normalizing;

namespace FeedHub.Tests.Normalizing;

public sealed class ChannelFieldsTests
{
    private static readonly Uri FeedUrl = new("https://mc.kalselprov.go.id/feed/");

    [Fact]
    public void Every_feed_level_field_is_capped_like_item_fields()
    {
        var feed = new ParsedFeed
        {
            Format = "rss2.0",
            Title = "<b>Judul</b> " + new string('x', 3 * 1024 * 1024),
            Description = "Deskripsi " + new string('y', 3 * 1024 * 1024),
            Link = "https://mc.kalselprov.go.id/" + new string('a', 3 * 1024 * 1024),
        };

        ChannelFields channel = ChannelFields.From(feed, FeedUrl);

        Assert.StartsWith("Judul xxx", channel.Title, StringComparison.Ordinal);
        Assert.InRange(channel.Title!.Length, 1, FieldLimits.Title);
        Assert.StartsWith("Deskripsi yyy", channel.Description, StringComparison.Ordinal);
        Assert.InRange(channel.Description!.Length, 1, FieldLimits.Summary);
        // A cut URL would point elsewhere: an overlong one is dropped.
        Assert.Null(channel.SiteUrl);
    }

    [Theory]
    [InlineData("/", "https://mc.kalselprov.go.id/")]
    [InlineData(" https://portal.example.id/berita ", "https://portal.example.id/berita")]
    [InlineData("//portal.example.id/", "https://portal.example.id/")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("data:text/html,x", null)]
    [InlineData("ftp://files.example/", null)]
    [InlineData("", null)]
    public void The_site_link_is_kept_only_as_an_absolute_web_url(string link, string? expected)
    {
        var feed = new ParsedFeed { Format = "rss2.0", Title = "Portal", Link = link };

        Assert.Equal(expected, ChannelFields.From(feed, FeedUrl).SiteUrl);
    }

    [Theory]
    [InlineData("&lt;img src=x onerror=alert(1)&gt;Portal", "Portal")]
    [InlineData("<b>Portal</b> &lt;script&gt;alert(1)&lt;/script&gt;", "Portal alert(1)")]
    [InlineData("Portal &amp;lt;b&amp;gt; berita", "Portal &lt;b&gt; berita")]
    [InlineData("3 &lt; 5 dan 7 &gt; 6", "3 < 5 dan 7 > 6")]
    public void Channel_titles_lose_tag_like_sequences_after_decoding(string raw, string expected)
    {
        var feed = new ParsedFeed { Format = "rss2.0", Title = raw };

        Assert.Equal(expected, ChannelFields.From(feed, FeedUrl).Title);
    }
}
