using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Core.Text;

namespace FeedHub.Publishing.Writers;

/// <summary>Writes stories as JSON Feed 1.1, with provenance in a <c>_feedhub</c> extension object.</summary>
public static class JsonFeedWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Readable Indonesian text; the characters HTML cares about stay escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static void Write(Stream output, MergedFeed feed)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(feed);
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartObject();
        writer.WriteString("version", "https://jsonfeed.org/version/1.1");
        writer.WriteString("title", Clean(feed.Title));
        writer.WriteString("home_page_url", feed.SiteUrl.AbsoluteUri);
        writer.WriteString("feed_url", feed.SelfUrl.AbsoluteUri);
        writer.WriteString("description", Clean(feed.Description));
        if (feed.NextUrl is not null)
        {
            writer.WriteString("next_url", feed.NextUrl.AbsoluteUri);
        }

        writer.WriteString("language", "id");
        if (feed.HubUrls.Count > 0)
        {
            writer.WriteStartArray("hubs");
            foreach (Uri hub in feed.HubUrls)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "WebSub");
                writer.WriteString("url", hub.AbsoluteUri);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteStartArray("items");
        foreach (StoryEntry story in feed.Stories)
        {
            WriteItem(writer, feed, story);

            // Utf8JsonWriter buffers until flushed: without this a 500-entry feed grows one
            // multi-megabyte buffer by copying.
            if (writer.BytesPending > 32 * 1024)
            {
                writer.Flush();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteItem(Utf8JsonWriter writer, MergedFeed feed, StoryEntry story)
    {
        var item = story.Item;
        writer.WriteStartObject();
        writer.WriteString("id", StoryIds.TagUri(feed.TagAuthority, story));
        if (PublicLinks.ItemLink(item) is { } link)
        {
            writer.WriteString("url", link);
        }

        writer.WriteString("title", Clean(item.Title));
        writer.WriteString("content_html", Clean(StoryHtml.Content(story) ?? ""));
        // The specification makes summary plain text; the stored one is sanitized HTML.
        if (PlainText.FromHtml(item.Summary) is { Length: > 0 } summary)
        {
            writer.WriteString("summary", Clean(summary));
        }

        writer.WriteString("date_published", FeedXml.Rfc3339(item.PublishedAt));
        if (item.UpdatedAt is { } updated && updated > item.PublishedAt)
        {
            writer.WriteString("date_modified", FeedXml.Rfc3339(updated));
        }

        if (!string.IsNullOrEmpty(item.Author))
        {
            writer.WriteStartArray("authors");
            writer.WriteStartObject();
            writer.WriteString("name", Clean(item.Author));
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        if (item.Categories.Count > 0)
        {
            writer.WriteStartArray("tags");
            foreach (string category in item.Categories)
            {
                writer.WriteStringValue(Clean(category));
            }

            writer.WriteEndArray();
        }

        // JSON Feed 1.1 item "language"; the merged feed itself has none, it mixes sources.
        if (item.Language is not null)
        {
            writer.WriteString("language", Clean(item.Language));
        }

        WriteAttachments(writer, story);
        WriteProvenance(writer, feed.SiteUrl, story);
        writer.WriteEndObject();
    }

    private static void WriteAttachments(Utf8JsonWriter writer, StoryEntry story)
    {
        bool started = false;
        foreach (var enclosure in story.Item.Enclosures)
        {
            if (PublicLinks.AbsoluteOrNull(enclosure.Url) is not { } url)
            {
                continue;
            }

            if (!started)
            {
                writer.WriteStartArray("attachments");
                started = true;
            }

            writer.WriteStartObject();
            writer.WriteString("url", url);
            writer.WriteString("mime_type", Clean(enclosure.MediaType ?? "application/octet-stream"));
            if (enclosure.Length is > 0)
            {
                writer.WriteNumber("size_in_bytes", enclosure.Length.Value);
            }

            writer.WriteEndObject();
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }

    // JSON Feed extensions are objects whose key starts with an underscore, with an "about" URL.
    private static void WriteProvenance(Utf8JsonWriter writer, Uri siteUrl, StoryEntry story)
    {
        writer.WriteStartObject("_feedhub");
        writer.WriteString("about", new Uri(siteUrl, "#" + HomePageWriter.ExtensionAnchor).AbsoluteUri);
        writer.WriteStartObject("origin");
        writer.WriteString("title", Clean(StoryHtml.SourceName(story.SourceTitle, story.SourceUrl)));
        writer.WriteString("feed_url", Clean(story.SourceUrl));
        writer.WriteEndObject();
        writer.WriteStartArray("also_published_by");
        foreach (StoryCopy copy in story.AlsoPublishedBy)
        {
            writer.WriteStartObject();
            writer.WriteString("title", Clean(StoryHtml.SourceName(copy.SourceTitle, copy.SourceUrl)));
            writer.WriteString("feed_url", Clean(copy.SourceUrl));
            if (PublicLinks.AbsoluteOrNull(copy.Link) is { } link)
            {
                writer.WriteString("url", link);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    // JSON can carry control characters (escaped), so text keeps them; only lone surrogates,
    // which no UTF-8 can encode, are dropped.
    private static string Clean(string value)
    {
        int i = 0;
        for (; i < value.Length; i++)
        {
            if (char.IsSurrogate(value[i]))
            {
                break;
            }
        }

        if (i == value.Length)
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        for (int j = 0; j < value.Length; j++)
        {
            char c = value[j];
            if (char.IsHighSurrogate(c) && j + 1 < value.Length && char.IsLowSurrogate(value[j + 1]))
            {
                text.Append(c).Append(value[++j]);
            }
            else if (!char.IsSurrogate(c))
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
