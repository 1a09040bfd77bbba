using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Xml;
using FeedHub.Core.Links;
using FeedHub.Core.Text;

namespace FeedHub.Administration.Opml;

/// <summary>Writes sources as an OPML 2.0 subscription list: one flat outline per feed, tags as
/// its <c>category</c>, FeedHub's own settings (interval, origin, credits) as namespaced attributes
/// so that importing the file again gives back the same sources.</summary>
public static class OpmlWriter
{
    public static void Write(Stream stream, string title, DateTimeOffset created, IEnumerable<OpmlFeed> feeds)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(feeds);
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            CloseOutput = false,
            Async = false,
        };
        using var writer = XmlWriter.Create(stream, settings);
        writer.WriteStartDocument();
        writer.WriteStartElement("opml");
        writer.WriteAttributeString("version", "2.0");
        writer.WriteAttributeString("xmlns", OpmlNames.FeedHubPrefix, null, OpmlNames.FeedHubNamespace);
        writer.WriteStartElement("head");
        writer.WriteElementString("title", XmlChars.RemoveIllegal(title));
        writer.WriteElementString("dateCreated", created.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture));
        writer.WriteEndElement();
        writer.WriteStartElement("body");
        foreach (OpmlFeed feed in feeds)
        {
            WriteFeed(writer, feed);
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    private static void WriteFeed(XmlWriter writer, OpmlFeed feed)
    {
        string text = XmlChars.RemoveIllegal(feed.Title ?? feed.Url);
        writer.WriteStartElement("outline");
        writer.WriteAttributeString("type", "rss");
        writer.WriteAttributeString("text", text);
        writer.WriteAttributeString("title", text);
        writer.WriteAttributeString("xmlUrl", XmlChars.RemoveIllegal(feed.Url));
        // Readers open htmlUrl as a link; anything but a web URL there (javascript:) is a trap.
        if (feed.SiteUrl is not null && PublicLinks.AbsoluteOrNull(feed.SiteUrl) is not null)
        {
            writer.WriteAttributeString("htmlUrl", XmlChars.RemoveIllegal(feed.SiteUrl));
        }

        if (feed.Tags.Count > 0)
        {
            // ',' and '/' separate categories when read back; a tag cannot contain them.
            writer.WriteAttributeString("category", XmlChars.RemoveIllegal(string.Join(',', feed.Tags.Select(t => t.Replace(',', ' ').Replace('/', ' ')))));
        }

        if (feed.Interval is TimeSpan interval)
        {
            writer.WriteAttributeString(OpmlNames.FeedHubPrefix, OpmlNames.Interval, OpmlNames.FeedHubNamespace, interval.ToString("c", CultureInfo.InvariantCulture));
        }

        if (feed.IsOrigin is bool isOrigin)
        {
            writer.WriteAttributeString(OpmlNames.FeedHubPrefix, OpmlNames.Origin, OpmlNames.FeedHubNamespace, isOrigin ? "true" : "false");
        }

        if (feed.Credits is { Count: > 0 } credits)
        {
            writer.WriteAttributeString(OpmlNames.FeedHubPrefix, OpmlNames.Credits, OpmlNames.FeedHubNamespace,
                XmlChars.RemoveIllegal(string.Join(OpmlNames.CreditSeparator, credits.Select(c => c.Replace(OpmlNames.CreditSeparator, ' ')))));
        }

        WriteSetting(writer, OpmlNames.UserAgent, feed.UserAgent);
        WriteSetting(writer, OpmlNames.Timeout, feed.Timeout?.ToString("c", CultureInfo.InvariantCulture));
        WriteSetting(writer, OpmlNames.MaxResponseBytes, feed.MaxResponseBytes?.ToString(CultureInfo.InvariantCulture));
        WriteLines(writer, OpmlNames.KeepRules, feed.KeepRules);
        WriteLines(writer, OpmlNames.BlockRules, feed.BlockRules);
        WriteLines(writer, OpmlNames.Headers, feed.Headers?.Select(h => $"{h.Key}: {h.Value}").ToArray());
        writer.WriteEndElement();
    }

    private static void WriteSetting(XmlWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteAttributeString(OpmlNames.FeedHubPrefix, name, OpmlNames.FeedHubNamespace, XmlChars.RemoveIllegal(value));
        }
    }

    private static void WriteLines(XmlWriter writer, string name, IReadOnlyList<string>? lines)
    {
        if (lines is { Count: > 0 })
        {
            WriteSetting(writer, name, string.Join(OpmlNames.LineSeparator, lines));
        }
    }
}
