using FeedHub.Core.Items;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Publishing.Writers;

namespace FeedHub.Tests.Publishing;

/// <summary>Merged feeds to render: plain ones, and ones whose stored text is hostile.</summary>
internal static class SampleFeeds
{
    public static readonly DateTimeOffset Published = new(2024, 5, 7, 3, 0, 0, TimeSpan.Zero);

    public static readonly string[] HostileTexts =
    [
        "</title><script>alert(1)</script>",
        "a ]]> b",
        "&amp;lt; stays &amp;lt;",
        "Tom & Jerry <3 \"quoted\" 'single'",
    ];

    public static MergedFeed Feed(params StoryEntry[] stories) => new()
    {
        Title = "FeedHub",
        Description = "Merged",
        SiteUrl = new Uri("https://hub.example/"),
        TagAuthority = "hub.example",
        SelfUrl = new Uri("https://hub.example/feed.xml?limit=2&before=638507340000000000-9"),
        FirstUrl = new Uri("https://hub.example/feed.xml?limit=2"),
        NextUrl = new Uri("https://hub.example/feed.xml?limit=2&before=638507300000000000-3"),
        HubUrls = [new Uri("https://websub.example/hub")],
        Updated = Published,
        Stories = stories,
    };

    public static StoryEntry Story(long id, string title = "Banjir di Martapura", string? html = "<p>Isi berita</p>", int copies = 0) => new()
    {
        StoryId = id,
        SourceId = 1,
        SourceUrl = "https://mc.example/feed",
        SourceTitle = "MC Kalsel",
        FirstSeenAt = Published.AddMinutes(5),
        Item = new FeedItem
        {
            ItemKey = $"k{id}",
            ContentHash = "h",
            Title = title,
            Link = $"https://mc.example/berita/{id}",
            Summary = "Ringkasan " + title,
            ContentHtml = html,
            Author = "Humas",
            Categories = ["kalsel", "bencana"],
            Enclosures = [new ParsedEnclosure($"https://mc.example/img/{id}.jpg", "image/jpeg", 1234)],
            PublishedAt = Published.AddMinutes(-id),
            UpdatedAt = Published.AddMinutes(-id + 1),
        },
        AlsoPublishedBy = [.. Enumerable.Range(1, copies).Select(c => new StoryCopy(10 + c, $"Portal {c}", $"https://portal{c}.example/rss", $"https://portal{c}.example/{id}"))],
    };

    public static byte[] Render(FeedFormat format, MergedFeed feed)
    {
        using var output = new MemoryStream();
        format.Write(output, feed);
        return output.ToArray();
    }
}
