using System.Text;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Publishing.Writers;

namespace FeedHub.Tests.Publishing;

public sealed class HomePageWriterTests
{
    [Fact]
    public void The_page_lists_feeds_with_subscribe_links_and_stories_with_their_origin_escaped()
    {
        var page = new HomePage
        {
            Title = "FeedHub <Kalsel>",
            Description = "Berita",
            SiteUrl = new Uri("https://hub.example/"),
            Feeds = [new FeedLinks("Kalsel", "Banua", new Uri("https://hub.example/channels/kalsel.xml"), new Uri("https://hub.example/channels/kalsel.atom"), new Uri("https://hub.example/channels/kalsel.json"))],
            Stories = [SampleFeeds.Story(1, title: "</title><script>alert(1)</script>", copies: 1)],
        };
        using var output = new MemoryStream();

        HomePageWriter.Write(output, page);

        string html = Encoding.UTF8.GetString(output.ToArray());
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<title>FeedHub &lt;Kalsel&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Kalsel\" href=\"https://hub.example/channels/kalsel.xml\">", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://hub.example/channels/kalsel.json\">JSON Feed</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("MC Kalsel · <time", html, StringComparison.Ordinal);
        Assert.Contains("also Portal 1", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_story_shows_its_origin_feeds_image_small_escaped_and_with_alt_text_next_to_the_source_name()
    {
        string html = Render(SampleFeeds.Story(1) with { SourceTitle = "MC \"Kalsel\" <b>", SourceImageUrl = "https://mc.example/logo.png?a=1&b=\"x\"" });

        Assert.Contains(
            "<div class=\"meta\"><img class=\"icon\" src=\"https://mc.example/logo.png?a=1&amp;b=%22x%22\" alt=\"MC &quot;Kalsel&quot; &lt;b&gt;\" width=\"16\" height=\"16\" loading=\"lazy\" referrerpolicy=\"no-referrer\">MC &quot;Kalsel&quot; &lt;b&gt; · <time",
            html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:image/png;base64,iVBORw0KGgo=")]
    [InlineData("/logo.png")]
    [InlineData("ftp://mc.example/logo.png")]
    public void A_story_whose_origin_has_no_http_image_shows_no_icon(string? image)
    {
        string html = Render(SampleFeeds.Story(1) with { SourceImageUrl = image });

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"meta\">MC Kalsel · <time", html, StringComparison.Ordinal);
    }

    private static string Render(StoryEntry story)
    {
        var page = new HomePage
        {
            Title = "FeedHub",
            Description = "Berita",
            SiteUrl = new Uri("https://hub.example/"),
            Feeds = [],
            Stories = [story],
        };
        using var output = new MemoryStream();
        HomePageWriter.Write(output, page);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
