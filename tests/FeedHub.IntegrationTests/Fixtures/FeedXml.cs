using System.Globalization;
using System.Security;
using System.Text;

namespace FeedHub.IntegrationTests.Fixtures;

/// <summary>Builds RSS documents for fixture servers.</summary>
public static class FeedXml
{
    public sealed record Item(string Guid, string Title, string Link, string Description, DateTimeOffset Published, string? Author = null);

    public static Item Numbered(int n, string host = "news.example", DateTimeOffset? published = null) => new(
        $"https://{host}/story/{n}",
        $"Story {n}",
        $"https://{host}/story/{n}?utm_source=rss",
        $"<p>Body of story {n}.</p>",
        published ?? new DateTimeOffset(2024, 5, 7, 3, 0, 0, TimeSpan.Zero).AddMinutes(-n));

    public static string Rss(string title, IEnumerable<Item> items)
    {
        var xml = new StringBuilder();
        xml.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>");
        xml.Append(CultureInfo.InvariantCulture, $"<title>{SecurityElement.Escape(title)}</title><link>https://news.example/</link><description>fixture</description>");
        foreach (Item item in items)
        {
            xml.Append("<item>");
            xml.Append(CultureInfo.InvariantCulture, $"<guid isPermaLink=\"false\">{SecurityElement.Escape(item.Guid)}</guid>");
            xml.Append(CultureInfo.InvariantCulture, $"<title>{SecurityElement.Escape(item.Title)}</title>");
            xml.Append(CultureInfo.InvariantCulture, $"<link>{SecurityElement.Escape(item.Link)}</link>");
            xml.Append(CultureInfo.InvariantCulture, $"<description>{SecurityElement.Escape(item.Description)}</description>");
            xml.Append(CultureInfo.InvariantCulture, $"<pubDate>{item.Published.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture)}</pubDate>");
            if (item.Author is not null)
            {
                xml.Append(CultureInfo.InvariantCulture, $"<dc:creator>{SecurityElement.Escape(item.Author)}</dc:creator>");
            }

            xml.Append("</item>");
        }

        xml.Append("</channel></rss>");
        return xml.ToString();
    }
}
