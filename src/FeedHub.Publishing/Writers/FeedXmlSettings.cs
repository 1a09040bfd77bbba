using System.Globalization;
using System.Text;
using System.Xml;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Core.Text;

namespace FeedHub.Publishing.Writers;

/// <summary>What the RSS and Atom writers share: writer settings, date forms, last-line text cleaning.</summary>
internal static class FeedXml
{
    public const string AtomNs = "http://www.w3.org/2005/Atom";

    /// <summary>RFC 5005's namespace, for <c>fh:archive</c>.</summary>
    public const string HistoryNs = "http://purl.org/syndication/history/1.0";

    public static XmlWriter Create(Stream output) => XmlWriter.Create(output, new XmlWriterSettings
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        CheckCharacters = true,
        CloseOutput = false,
    });

    /// <summary>RFC 822 as RSS 2.0 wants it (four-digit year, GMT).</summary>
    public static string Rfc822(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 in UTC, as Atom and JSON Feed want it.</summary>
    public static string Rfc3339(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

    // Stored text is cleaned on the way in; this is the last line of defence so one bad
    // character can never break the whole document mid-write.
    public static string Clean(string value) => XmlChars.RemoveIllegal(value);

    /// <summary>The archive marker and the current, prev-archive and next-archive links (RFC 5005 4).</summary>
    public static void WriteArchiveLinks(XmlWriter writer, string? prefix, MergedFeed feed, string mediaType)
    {
        if (feed.IsArchive)
        {
            writer.WriteStartElement("fh", "archive", HistoryNs);
            writer.WriteEndElement();
        }

        if (feed.CurrentUrl is not null)
        {
            WriteAtomLink(writer, prefix, "current", feed.CurrentUrl.AbsoluteUri, mediaType);
        }

        if (feed.PrevArchiveUrl is not null)
        {
            WriteAtomLink(writer, prefix, "prev-archive", feed.PrevArchiveUrl.AbsoluteUri, mediaType);
        }

        if (feed.NextArchiveUrl is not null)
        {
            WriteAtomLink(writer, prefix, "next-archive", feed.NextArchiveUrl.AbsoluteUri, mediaType);
        }
    }

    public static void WriteAtomLink(XmlWriter writer, string? prefix, string rel, string href, string? type = null, string? title = null)
    {
        if (prefix is null)
        {
            writer.WriteStartElement("link", AtomNs);
        }
        else
        {
            writer.WriteStartElement(prefix, "link", AtomNs);
        }

        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("href", Clean(href));
        if (type is not null)
        {
            writer.WriteAttributeString("type", type);
        }

        if (title is not null)
        {
            writer.WriteAttributeString("title", Clean(title));
        }

        writer.WriteEndElement();
    }
}
