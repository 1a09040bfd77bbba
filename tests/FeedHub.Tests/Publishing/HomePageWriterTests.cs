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
}
