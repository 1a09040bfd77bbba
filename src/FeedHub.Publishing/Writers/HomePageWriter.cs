using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;

namespace FeedHub.Publishing.Writers;

/// <summary>A small, self-contained HTML page: no scripts, one inline style sheet; the only external
/// assets are the origin feeds' own icons, as http(s) images sent no referrer.</summary>
public static class HomePageWriter
{
    public const string ExtensionAnchor = "feedhub-extension";

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private const string Style =
        """
        :root { color-scheme: light; --ink: #1d2430; --muted: #5b6675; --line: #e3e7ee; --accent: #0b6bcb; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #f6f8fb; }
        header { background: #12355b; color: #fff; padding: 1.5rem 2rem; }
        header h1 { margin: 0; font-size: 1.6rem; }
        header p { margin: .25rem 0 0; color: #d6e2f0; }
        main { max-width: 70rem; margin: 0 auto; padding: 1.5rem 2rem; display: grid; grid-template-columns: 20rem 1fr; gap: 2rem; }
        h2 { font-size: 1.1rem; margin: 0 0 .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
        ul { list-style: none; margin: 0; padding: 0; }
        .feeds li { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; margin-bottom: .75rem; }
        .feeds strong { display: block; }
        .feeds small { color: var(--muted); display: block; }
        .feeds a { display: inline-block; margin: .35rem .4rem 0 0; padding: .1rem .5rem; border-radius: 4px; background: #e8f1fb; color: var(--accent); text-decoration: none; font-size: .85rem; }
        .stories li { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; margin-bottom: .6rem; }
        .stories a.title { color: var(--ink); font-weight: 600; text-decoration: none; }
        .stories a.title:hover { text-decoration: underline; }
        .meta { color: var(--muted); font-size: .85rem; }
        .meta img.icon { width: 16px; height: 16px; object-fit: contain; vertical-align: -3px; margin-right: .35rem; }
        .empty { color: var(--muted); }
        footer { max-width: 70rem; margin: 0 auto; padding: 0 2rem 2rem; color: var(--muted); font-size: .85rem; }
        @media (max-width: 50rem) { main { grid-template-columns: 1fr; } }
        """;

    public static void Write(Stream output, HomePage page)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(page);
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(page.Title)).Append("</title>\n");
        foreach (FeedLinks feed in page.Feeds)
        {
            Alternate(html, FeedFormat.Rss, feed.Title, feed.Rss);
            Alternate(html, FeedFormat.Atom, feed.Title, feed.Atom);
            Alternate(html, FeedFormat.Json, feed.Title, feed.Json);
        }

        html.Append("<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n<header>\n<h1>")
            .Append(Encode(page.Title)).Append("</h1>\n<p>").Append(Encode(page.Description)).Append("</p>\n</header>\n<main>\n");
        WriteFeeds(html, page.Feeds);
        WriteStories(html, page.Stories);
        html.Append("</main>\n<footer id=\"").Append(ExtensionAnchor).Append("\">Every feed is RSS 2.0, Atom 1.0 and JSON Feed 1.1. ")
            .Append("Entries name their origin; other sources that carried a story are listed in each entry ")
            .Append("(<code>atom:link rel=\"related\"</code>, and the <code>_feedhub</code> object in JSON Feed: ")
            .Append("<code>origin</code> and <code>also_published_by</code>).</footer>\n</body>\n</html>\n");

        byte[] bytes = Encoding.UTF8.GetBytes(html.ToString());
        output.Write(bytes);
    }

    private static void Alternate(StringBuilder html, FeedFormat format, string title, Uri href) =>
        html.Append("<link rel=\"alternate\" type=\"").Append(format.MediaType()).Append("\" title=\"")
            .Append(Encode(title)).Append("\" href=\"").Append(Encode(href.AbsoluteUri)).Append("\">\n");

    private static void WriteFeeds(StringBuilder html, IReadOnlyList<FeedLinks> feeds)
    {
        html.Append("<section class=\"feeds\">\n<h2>Subscribe</h2>\n<ul>\n");
        foreach (FeedLinks feed in feeds)
        {
            html.Append("<li><strong>").Append(Encode(feed.Title)).Append("</strong>");
            if (!string.IsNullOrWhiteSpace(feed.Description))
            {
                html.Append("<small>").Append(Encode(feed.Description)).Append("</small>");
            }

            html.Append("<a href=\"").Append(Encode(feed.Rss.AbsoluteUri)).Append("\">RSS</a>")
                .Append("<a href=\"").Append(Encode(feed.Atom.AbsoluteUri)).Append("\">Atom</a>")
                .Append("<a href=\"").Append(Encode(feed.Json.AbsoluteUri)).Append("\">JSON Feed</a></li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    private static void WriteStories(StringBuilder html, IReadOnlyList<StoryEntry> stories)
    {
        html.Append("<section class=\"stories\">\n<h2>Latest stories</h2>\n");
        if (stories.Count == 0)
        {
            html.Append("<p class=\"empty\">No stories yet: the sources have not been polled, or have published nothing.</p>\n</section>\n");
            return;
        }

        html.Append("<ul>\n");
        foreach (StoryEntry story in stories)
        {
            html.Append("<li>");
            if (PublicLinks.ItemLink(story.Item) is { } link)
            {
                html.Append("<a class=\"title\" href=\"").Append(Encode(link)).Append("\">").Append(Encode(story.Item.Title)).Append("</a>");
            }
            else
            {
                html.Append("<span class=\"title\">").Append(Encode(story.Item.Title)).Append("</span>");
            }

            string source = StoryHtml.SourceName(story.SourceTitle, story.SourceUrl);
            html.Append("<div class=\"meta\">");
            WriteIcon(html, story.SourceImageUrl, source);
            html.Append(Encode(source))
                .Append(" · <time datetime=\"").Append(FeedXml.Rfc3339(story.Item.PublishedAt)).Append("\">")
                .Append(story.Item.PublishedAt.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append("</time>");
            if (story.AlsoPublishedBy.Count > 0)
            {
                html.Append(" · also ");
                html.AppendJoin(", ", story.AlsoPublishedBy.Select(copy => Encode(StoryHtml.SourceName(copy.SourceTitle, copy.SourceUrl))));
            }

            html.Append("</div></li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    /// <summary>The feed's image, at a fixed small size whatever its real size; only http(s), so a
    /// stored <c>javascript:</c> or <c>data:</c> URL never reaches a browser, and without a referrer,
    /// so a source's server does not learn who reads the page.</summary>
    private static void WriteIcon(StringBuilder html, string? imageUrl, string sourceName)
    {
        if (PublicLinks.AbsoluteOrNull(imageUrl) is not { } src)
        {
            return;
        }

        html.Append("<img class=\"icon\" src=\"").Append(Encode(src)).Append("\" alt=\"").Append(Encode(sourceName))
            .Append("\" width=\"16\" height=\"16\" loading=\"lazy\" referrerpolicy=\"no-referrer\">");
    }

    private static string Encode(string text) => Encoder.Encode(FeedXml.Clean(text));
}
