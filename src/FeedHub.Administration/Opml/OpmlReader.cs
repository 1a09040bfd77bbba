using System.Globalization;
using System.Xml;
using FeedHub.Core.Sources;

namespace FeedHub.Administration.Opml;

/// <summary>Reads the feeds of an OPML subscription list. Folders (outlines without
/// <c>xmlUrl</c>) become tags of the feeds inside them; a feed's own <c>category</c> values
/// (<c>"/News/Kalsel,portal"</c>) become tags too. Reads in one streaming pass with no DTD and no
/// resolver, so neither nesting depth nor entities can hurt the process.</summary>
public static class OpmlReader
{
    /// <summary>Deeper nesting than any subscription list needs; a bound, not a guess.</summary>
    public const int MaxDepth = 64;

    public static OpmlDocument Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            return ReadDocument(reader);
        }
        catch (XmlException ex)
        {
            throw new OpmlFormatException($"Not a well-formed OPML file: {ex.Message}", ex);
        }
    }

    public static OpmlDocument Read(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml));
        return Read(stream);
    }

    private static OpmlDocument ReadDocument(XmlReader reader)
    {
        if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "opml")
        {
            throw new OpmlFormatException($"The root element is <{reader.LocalName}>, not <opml>.");
        }

        var info = (IXmlLineInfo)reader;
        var feeds = new List<OpmlFeed>();
        var problems = new List<OpmlProblem>();
        string? title = null;

        // One entry per open <outline>: the folder name it contributes, or null for a feed or an
        // unnamed folder. Popped at its end element.
        var folders = new Stack<string?>();
        bool inBody = false;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement)
            {
                if (reader.LocalName == "outline" && folders.Count > 0)
                {
                    folders.Pop();
                }
                else if (reader.LocalName == "body")
                {
                    inBody = false;
                }

                continue;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.LocalName == "title" && !inBody && title is null && reader.Depth == 2)
            {
                title = Clean(reader.ReadElementContentAsString());
                continue;
            }

            if (reader.LocalName == "body" && reader.Depth == 1)
            {
                inBody = !reader.IsEmptyElement;
                continue;
            }

            if (!inBody || reader.LocalName != "outline")
            {
                continue;
            }

            if (folders.Count >= MaxDepth)
            {
                throw new OpmlFormatException($"Outlines are nested more than {MaxDepth} deep (line {info.LineNumber}).");
            }

            int line = info.LineNumber;
            string? text = Clean(reader.GetAttribute("title")) ?? Clean(reader.GetAttribute("text"));
            string? xmlUrl = reader.GetAttribute("xmlUrl");
            bool empty = reader.IsEmptyElement;
            string? htmlUrl = Clean(reader.GetAttribute("htmlUrl"));
            if (xmlUrl is null && htmlUrl is not null && empty)
            {
                // A site without its feed's address: the import looks for the feed on the site.
                string? siteProblem = ReadFeed(reader, htmlUrl, text, line, folders, out OpmlFeed? site);
                if (site is not null)
                {
                    feeds.Add(site with { IsSite = true });
                }
                else
                {
                    problems.Add(new OpmlProblem(line, text ?? htmlUrl, siteProblem!));
                }

                continue;
            }

            if (xmlUrl is null)
            {
                if (empty)
                {
                    problems.Add(new OpmlProblem(line, text, "the outline has no xmlUrl"));
                }
                else
                {
                    folders.Push(text);
                }

                continue;
            }

            if (!empty)
            {
                // A feed with children: the children still count, under no extra tag.
                folders.Push(null);
            }

            if (string.IsNullOrWhiteSpace(xmlUrl))
            {
                problems.Add(new OpmlProblem(line, text, "the xmlUrl is empty"));
                continue;
            }

            string? problem = ReadFeed(reader, xmlUrl.Trim(), text, line, folders, out OpmlFeed? feed);
            if (feed is not null)
            {
                feeds.Add(feed);
            }
            else
            {
                problems.Add(new OpmlProblem(line, text ?? xmlUrl, problem!));
            }
        }

        return new OpmlDocument(title, feeds, problems);
    }

    private static string[]? Lines(string? text) =>
        text?.Split(OpmlNames.LineSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? ReadFeed(XmlReader reader, string url, string? title, int line, Stack<string?> folders, out OpmlFeed? feed)
    {
        feed = null;
        TimeSpan? interval = null;
        string? intervalText = reader.GetAttribute(OpmlNames.Interval, OpmlNames.FeedHubNamespace);
        if (intervalText is not null)
        {
            if (!TimeSpan.TryParse(intervalText, CultureInfo.InvariantCulture, out TimeSpan parsed) || !SourceIntervals.IsValid(parsed))
            {
                return $"feedhub:interval '{intervalText}' is not a duration {SourceIntervals.Range}";
            }

            interval = parsed;
        }

        bool? isOrigin = null;
        string? originText = reader.GetAttribute(OpmlNames.Origin, OpmlNames.FeedHubNamespace);
        if (originText is not null)
        {
            if (!bool.TryParse(originText, out bool parsed))
            {
                return $"feedhub:origin '{originText}' is neither true nor false";
            }

            isOrigin = parsed;
        }

        string? creditsText = reader.GetAttribute(OpmlNames.Credits, OpmlNames.FeedHubNamespace);
        IReadOnlyList<string>? credits = creditsText is null ? null : Distinct(creditsText.Split(OpmlNames.CreditSeparator));

        string? userAgent = reader.GetAttribute(OpmlNames.UserAgent, OpmlNames.FeedHubNamespace);
        TimeSpan? timeout = null;
        string? timeoutText = reader.GetAttribute(OpmlNames.Timeout, OpmlNames.FeedHubNamespace);
        if (timeoutText is not null)
        {
            if (!TimeSpan.TryParse(timeoutText, CultureInfo.InvariantCulture, out TimeSpan parsed))
            {
                return $"feedhub:timeout '{timeoutText}' is not a duration";
            }

            timeout = parsed;
        }

        long? maxBytes = null;
        string? maxBytesText = reader.GetAttribute(OpmlNames.MaxResponseBytes, OpmlNames.FeedHubNamespace);
        if (maxBytesText is not null)
        {
            if (!long.TryParse(maxBytesText, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed))
            {
                return $"feedhub:maxResponseBytes '{maxBytesText}' is not a number of bytes";
            }

            maxBytes = parsed;
        }

        Dictionary<string, string>? headers = null;
        string[]? headerLines = Lines(reader.GetAttribute(OpmlNames.Headers, OpmlNames.FeedHubNamespace));
        if (headerLines is not null)
        {
            headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string headerLine in headerLines)
            {
                int colon = headerLine.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    return "feedhub:headers has a line that is not 'Name: value'";
                }

                headers[headerLine[..colon].Trim()] = headerLine[(colon + 1)..].TrimStart();
            }
        }

        // Folder names outermost first; Stack enumerates innermost first.
        IEnumerable<string> folderTags = folders.Reverse().OfType<string>();
        IEnumerable<string> categoryTags = (reader.GetAttribute("category") ?? "")
            .Split(',')
            .SelectMany(category => category.Split('/'));

        feed = new OpmlFeed
        {
            Url = url,

            // OPML requires text; writers put the URL there when a feed has no title.
            Title = string.Equals(title, url, StringComparison.Ordinal) ? null : title,
            SiteUrl = Clean(reader.GetAttribute("htmlUrl")),
            Tags = Distinct(folderTags.Concat(categoryTags)),
            Interval = interval,
            IsOrigin = isOrigin,
            Credits = credits,
            UserAgent = userAgent,
            Timeout = timeout,
            MaxResponseBytes = maxBytes,
            Headers = headers,
            KeepRules = Lines(reader.GetAttribute(OpmlNames.KeepRules, OpmlNames.FeedHubNamespace)),
            BlockRules = Lines(reader.GetAttribute(OpmlNames.BlockRules, OpmlNames.FeedHubNamespace)),
            Line = line,
        };
        return null;
    }

    private static string[] Distinct(IEnumerable<string> values) =>
        values.Select(Clean).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    private static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        string collapsed = string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length == 0 ? null : collapsed;
    }
}
