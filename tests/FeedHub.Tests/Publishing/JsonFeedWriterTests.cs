using System.Text.Json;
using FeedHub.Core.Storage;
using FeedHub.Publishing.Writers;

namespace FeedHub.Tests.Publishing;

public sealed class JsonFeedWriterTests
{
    // JSON Feed 1.1: "summary (optional, string) is a plain text sentence or two describing the item."
    [Fact]
    public void Summary_is_plain_text_though_the_stored_summary_is_sanitized_html()
    {
        StoryEntry story = SampleFeeds.Story(1);
        story = story with { Item = story.Item with { Summary = "<p>Banjir <b>besar</b> &amp; longsor</p><p>di Martapura &lt;Banjar&gt;</p>" } };

        JsonElement item = Item(story);

        Assert.Equal("Banjir besar & longsor di Martapura <Banjar>", item.GetProperty("summary").GetString());
    }

    [Fact]
    public void A_summary_with_no_text_is_left_out()
    {
        StoryEntry story = SampleFeeds.Story(1);
        story = story with { Item = story.Item with { Summary = "<p><img src=\"https://mc.example/a.jpg\"></p>" } };

        Assert.False(Item(story).TryGetProperty("summary", out _));
    }

    private static JsonElement Item(StoryEntry story)
    {
        using JsonDocument document = JsonDocument.Parse(SampleFeeds.Render(FeedFormat.Json, SampleFeeds.Feed(story)));
        return document.RootElement.GetProperty("items")[0].Clone();
    }
}
