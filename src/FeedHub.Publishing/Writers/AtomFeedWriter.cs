using System.Xml;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Core.Text;

namespace FeedHub.Publishing.Writers;

/// <summary>Writes stories as an Atom 1.0 (RFC 4287) document, paged per RFC 5005.</summary>
public static class AtomFeedWriter
{
    public static void Write(Stream output, MergedFeed feed)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(feed);
        using XmlWriter writer = FeedXml.Create(output);
        writer.WriteStartDocument();
        writer.WriteStartElement("feed", FeedXml.AtomNs);
        if (feed.IsArchive || feed.PrevArchiveUrl is not null)
        {
            writer.WriteAttributeString("xmlns", "fh", null, FeedXml.HistoryNs);
        }

        writer.WriteElementString("id", FeedXml.AtomNs, feed.Identity.AbsoluteUri);
        WriteText(writer, "title", feed.Title);
        WriteText(writer, "subtitle", feed.Description);
        writer.WriteElementString("updated", FeedXml.AtomNs, FeedXml.Rfc3339(feed.Updated));

        // Entries without an author of their own inherit this one (RFC 4287 4.1.1).
        writer.WriteStartElement("author", FeedXml.AtomNs);
        writer.WriteElementString("name", FeedXml.AtomNs, FeedXml.Clean(feed.Title));
        writer.WriteElementString("uri", FeedXml.AtomNs, feed.SiteUrl.AbsoluteUri);
        writer.WriteEndElement();

        FeedXml.WriteAtomLink(writer, null, "self", feed.SelfUrl.AbsoluteUri, FeedFormat.Atom.MediaType());
        FeedXml.WriteAtomLink(writer, null, "alternate", feed.SiteUrl.AbsoluteUri, "text/html");
        if (feed.FirstUrl is not null)
        {
            FeedXml.WriteAtomLink(writer, null, "first", feed.FirstUrl.AbsoluteUri, FeedFormat.Atom.MediaType());
        }

        if (feed.NextUrl is not null)
        {
            FeedXml.WriteAtomLink(writer, null, "next", feed.NextUrl.AbsoluteUri, FeedFormat.Atom.MediaType());
        }

        FeedXml.WriteArchiveLinks(writer, null, feed, FeedFormat.Atom.MediaType());
        foreach (Uri hub in feed.HubUrls)
        {
            FeedXml.WriteAtomLink(writer, null, "hub", hub.AbsoluteUri);
        }

        writer.WriteStartElement("generator", FeedXml.AtomNs);
        writer.WriteString("FeedHub");
        writer.WriteEndElement();
        foreach (StoryEntry story in feed.Stories)
        {
            WriteEntry(writer, feed, story);
        }

        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    private static void WriteEntry(XmlWriter writer, MergedFeed feed, StoryEntry story)
    {
        var item = story.Item;
        writer.WriteStartElement("entry", FeedXml.AtomNs);
        if (item.Language is not null)
        {
            writer.WriteAttributeString("xml", "lang", null, FeedXml.Clean(item.Language));
        }

        writer.WriteElementString("id", FeedXml.AtomNs, StoryIds.TagUri(feed.TagAuthority, story));
        WriteText(writer, "title", item.Title);
        writer.WriteElementString("updated", FeedXml.AtomNs, FeedXml.Rfc3339(Updated(item.PublishedAt, item.UpdatedAt)));
        writer.WriteElementString("published", FeedXml.AtomNs, FeedXml.Rfc3339(item.PublishedAt));
        if (!string.IsNullOrEmpty(item.Author))
        {
            writer.WriteStartElement("author", FeedXml.AtomNs);
            writer.WriteElementString("name", FeedXml.AtomNs, FeedXml.Clean(item.Author));
            writer.WriteEndElement();
        }

        if (PublicLinks.ItemLink(item) is { } link)
        {
            FeedXml.WriteAtomLink(writer, null, "alternate", link, "text/html");
        }

        foreach (StoryCopy copy in story.AlsoPublishedBy)
        {
            if (PublicLinks.AbsoluteOrNull(copy.Link) is { } copyLink)
            {
                FeedXml.WriteAtomLink(writer, null, "related", copyLink, "text/html", StoryHtml.SourceName(copy.SourceTitle, copy.SourceUrl));
            }
        }

        foreach (var enclosure in item.Enclosures)
        {
            if (PublicLinks.AbsoluteOrNull(enclosure.Url) is not { } url)
            {
                continue;
            }

            writer.WriteStartElement("link", FeedXml.AtomNs);
            writer.WriteAttributeString("rel", "enclosure");
            writer.WriteAttributeString("href", FeedXml.Clean(url));
            if (enclosure.MediaType is not null)
            {
                writer.WriteAttributeString("type", FeedXml.Clean(enclosure.MediaType));
            }

            if (enclosure.Length is > 0)
            {
                writer.WriteAttributeString("length", enclosure.Length.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            writer.WriteEndElement();
        }

        foreach (string category in item.Categories)
        {
            writer.WriteStartElement("category", FeedXml.AtomNs);
            writer.WriteAttributeString("term", FeedXml.Clean(category));
            writer.WriteEndElement();
        }

        // A type="text" summary is read as text: the stored summary is sanitized HTML, so its text goes there.
        if (PlainText.FromHtml(item.Summary) is { Length: > 0 } summary)
        {
            WriteText(writer, "summary", summary);
        }

        if (StoryHtml.Content(story) is { } content)
        {
            writer.WriteStartElement("content", FeedXml.AtomNs);
            writer.WriteAttributeString("type", "html");
            writer.WriteString(FeedXml.Clean(content));
            writer.WriteEndElement();
        }

        // The feed the origin copy came from (RFC 4287 4.2.11).
        writer.WriteStartElement("source", FeedXml.AtomNs);
        writer.WriteElementString("id", FeedXml.AtomNs, FeedXml.Clean(story.SourceUrl));
        WriteText(writer, "title", StoryHtml.SourceName(story.SourceTitle, story.SourceUrl));
        FeedXml.WriteAtomLink(writer, null, "self", story.SourceUrl);
        writer.WriteEndElement();

        writer.WriteEndElement();
    }

    private static DateTimeOffset Updated(DateTimeOffset published, DateTimeOffset? updated) =>
        updated is { } value && value > published ? value : published;

    private static void WriteText(XmlWriter writer, string name, string text)
    {
        writer.WriteStartElement(name, FeedXml.AtomNs);
        writer.WriteAttributeString("type", "text");
        writer.WriteString(FeedXml.Clean(text));
        writer.WriteEndElement();
    }
}
