using System.Globalization;
using System.Text;
using System.Xml;
using FeedHub.Core.Text;

namespace FeedHub.Core.Publishing;

/// <summary>Writes stories as an RSS 2.0 document with <see cref="XmlWriter"/>, which gives exact
/// control over <c>content:encoded</c>, <c>dc:creator</c>, <c>source</c> and date formats.</summary>
public static class RssFeedWriter
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";

    public static void Write(Stream output, MergedFeed feed)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(feed);
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            CheckCharacters = true,
        };
        using var writer = XmlWriter.Create(output, settings);
        writer.WriteStartDocument();
        writer.WriteStartElement("rss");
        writer.WriteAttributeString("version", "2.0");
        writer.WriteAttributeString("xmlns", "atom", null, AtomNs);
        writer.WriteAttributeString("xmlns", "content", null, ContentNs);
        writer.WriteAttributeString("xmlns", "dc", null, DcNs);
        writer.WriteStartElement("channel");
        writer.WriteElementString("title", Clean(feed.Title));
        writer.WriteElementString("link", feed.SiteUrl.AbsoluteUri);
        writer.WriteElementString("description", Clean(feed.Description));
        writer.WriteStartElement("atom", "link", AtomNs);
        writer.WriteAttributeString("href", feed.SelfUrl.AbsoluteUri);
        writer.WriteAttributeString("rel", "self");
        writer.WriteAttributeString("type", "application/rss+xml");
        writer.WriteEndElement();
        writer.WriteElementString("lastBuildDate", Rfc822(feed.Updated));
        writer.WriteElementString("generator", "FeedHub");
        foreach (StoryEntry story in feed.Stories)
        {
            WriteItem(writer, story);
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    private static void WriteItem(XmlWriter writer, StoryEntry story)
    {
        var item = story.Item;
        writer.WriteStartElement("item");
        writer.WriteElementString("title", Clean(item.Title));
        if (item.Link is not null)
        {
            writer.WriteElementString("link", Clean(item.Link));
        }

        // A story's identity is FeedHub's, not the origin's guid: the origin of a story can change
        // when its media center's copy arrives after a portal's.
        writer.WriteStartElement("guid");
        writer.WriteAttributeString("isPermaLink", "false");
        writer.WriteString(string.Create(CultureInfo.InvariantCulture, $"feedhub:story:{story.StoryId}"));
        writer.WriteEndElement();

        writer.WriteElementString("pubDate", Rfc822(item.PublishedAt));
        if (!string.IsNullOrEmpty(item.Author))
        {
            writer.WriteElementString("dc", "creator", DcNs, Clean(item.Author));
        }

        foreach (string category in item.Categories)
        {
            writer.WriteElementString("category", Clean(category));
        }

        string? summary = item.Summary ?? item.ContentHtml;
        if (summary is not null)
        {
            writer.WriteElementString("description", Clean(summary));
        }

        if (item.ContentHtml is not null)
        {
            writer.WriteStartElement("content", "encoded", ContentNs);
            writer.WriteString(Clean(item.ContentHtml));
            writer.WriteEndElement();
        }

        foreach (var enclosure in item.Enclosures)
        {
            writer.WriteStartElement("enclosure");
            writer.WriteAttributeString("url", Clean(enclosure.Url));
            writer.WriteAttributeString("length", (enclosure.Length ?? 0).ToString(CultureInfo.InvariantCulture));
            writer.WriteAttributeString("type", Clean(enclosure.MediaType ?? "application/octet-stream"));
            writer.WriteEndElement();
        }

        writer.WriteStartElement("source");
        writer.WriteAttributeString("url", Clean(story.SourceUrl));
        writer.WriteString(Clean(story.SourceTitle ?? story.SourceUrl));
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static string Rfc822(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);

    // Stored text is cleaned on the way in; this is the last line of defence so one bad
    // character can never break the whole document mid-write.
    private static string Clean(string value) => XmlChars.RemoveIllegal(value);
}
