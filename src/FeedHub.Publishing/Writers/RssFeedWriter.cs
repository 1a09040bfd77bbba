using System.Globalization;
using System.Xml;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;

namespace FeedHub.Publishing.Writers;

/// <summary>Writes stories as an RSS 2.0 document with <see cref="XmlWriter"/>, which gives exact
/// control over <c>content:encoded</c>, <c>dc:creator</c>, <c>source</c> and date formats.</summary>
public static class RssFeedWriter
{
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";

    public static void Write(Stream output, MergedFeed feed)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(feed);
        using XmlWriter writer = FeedXml.Create(output);
        writer.WriteStartDocument();
        writer.WriteStartElement("rss");
        writer.WriteAttributeString("version", "2.0");
        writer.WriteAttributeString("xmlns", "atom", null, FeedXml.AtomNs);
        writer.WriteAttributeString("xmlns", "content", null, ContentNs);
        writer.WriteAttributeString("xmlns", "dc", null, DcNs);
        if (feed.IsArchive || feed.PrevArchiveUrl is not null)
        {
            writer.WriteAttributeString("xmlns", "fh", null, FeedXml.HistoryNs);
        }
        writer.WriteStartElement("channel");
        writer.WriteElementString("title", FeedXml.Clean(feed.Title));
        writer.WriteElementString("link", feed.SiteUrl.AbsoluteUri);
        writer.WriteElementString("description", FeedXml.Clean(feed.Description));
        FeedXml.WriteAtomLink(writer, "atom", "self", feed.SelfUrl.AbsoluteUri, FeedFormat.Rss.MediaType());
        if (feed.FirstUrl is not null)
        {
            FeedXml.WriteAtomLink(writer, "atom", "first", feed.FirstUrl.AbsoluteUri, FeedFormat.Rss.MediaType());
        }

        if (feed.NextUrl is not null)
        {
            FeedXml.WriteAtomLink(writer, "atom", "next", feed.NextUrl.AbsoluteUri, FeedFormat.Rss.MediaType());
        }

        FeedXml.WriteArchiveLinks(writer, "atom", feed, FeedFormat.Rss.MediaType());
        foreach (Uri hub in feed.HubUrls)
        {
            FeedXml.WriteAtomLink(writer, "atom", "hub", hub.AbsoluteUri);
        }

        writer.WriteElementString("lastBuildDate", FeedXml.Rfc822(feed.Updated));
        writer.WriteElementString("generator", "FeedHub");
        foreach (StoryEntry story in feed.Stories)
        {
            WriteItem(writer, feed, story);
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    private static void WriteItem(XmlWriter writer, MergedFeed feed, StoryEntry story)
    {
        var item = story.Item;
        writer.WriteStartElement("item");
        writer.WriteElementString("title", FeedXml.Clean(item.Title));
        if (PublicLinks.ItemLink(item) is { } link)
        {
            writer.WriteElementString("link", FeedXml.Clean(link));
        }

        // The origin's link is not a stable identity (a story's origin can change), so the guid
        // is FeedHub's own story id, and not a permalink.
        writer.WriteStartElement("guid");
        writer.WriteAttributeString("isPermaLink", "false");
        writer.WriteString(StoryIds.TagUri(feed.TagAuthority, story));
        writer.WriteEndElement();

        writer.WriteElementString("pubDate", FeedXml.Rfc822(item.PublishedAt));
        if (!string.IsNullOrEmpty(item.Author))
        {
            writer.WriteElementString("dc", "creator", DcNs, FeedXml.Clean(item.Author));
        }

        // Per item, not the channel's <language>: a merged feed mixes sources in several languages.
        if (item.Language is not null)
        {
            writer.WriteElementString("dc", "language", DcNs, FeedXml.Clean(item.Language));
        }

        foreach (string category in item.Categories)
        {
            writer.WriteElementString("category", FeedXml.Clean(category));
        }

        string? summary = item.Summary ?? item.ContentHtml;
        if (summary is not null)
        {
            writer.WriteElementString("description", FeedXml.Clean(summary));
        }

        if (StoryHtml.Content(story) is { } content)
        {
            writer.WriteStartElement("content", "encoded", ContentNs);
            writer.WriteString(FeedXml.Clean(content));
            writer.WriteEndElement();
        }

        // RSS readers (and the RSS Advisory Board's profile) expect at most one enclosure per item.
        foreach (var enclosure in item.Enclosures)
        {
            if (PublicLinks.AbsoluteOrNull(enclosure.Url) is not { } url)
            {
                continue;
            }

            writer.WriteStartElement("enclosure");
            writer.WriteAttributeString("url", FeedXml.Clean(url));
            writer.WriteAttributeString("length", (enclosure.Length ?? 0).ToString(CultureInfo.InvariantCulture));
            writer.WriteAttributeString("type", FeedXml.Clean(enclosure.MediaType ?? "application/octet-stream"));
            writer.WriteEndElement();
            break;
        }

        foreach (StoryCopy copy in story.AlsoPublishedBy)
        {
            if (PublicLinks.AbsoluteOrNull(copy.Link) is { } copyLink)
            {
                FeedXml.WriteAtomLink(writer, "atom", "related", copyLink, "text/html", StoryHtml.SourceName(copy.SourceTitle, copy.SourceUrl));
            }
        }

        writer.WriteStartElement("source");
        writer.WriteAttributeString("url", FeedXml.Clean(story.SourceUrl));
        writer.WriteString(FeedXml.Clean(StoryHtml.SourceName(story.SourceTitle, story.SourceUrl)));
        writer.WriteEndElement();
        writer.WriteEndElement();
    }
}
