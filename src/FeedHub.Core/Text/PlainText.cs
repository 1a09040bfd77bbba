using System.Buffers;
using System.Net;
using System.Text;

namespace FeedHub.Core.Text;

/// <summary>Turns the HTML-ish strings feeds put in titles and author names into plain text,
/// the way a browser would display them: tags removed, entities decoded exactly once,
/// whitespace collapsed. The result is text, never markup: writers escape it again on output.</summary>
public static class PlainText
{
    // Tags whose content is not text a reader sees.
    private static readonly string[] RawTextElements = ["script", "style", "template", "noscript", "textarea", "title", "xmp", "iframe", "noembed", "noframes"];

    // Tags that separate words when rendered; dropping them must not glue words together.
    // Looked up by the tag name's span (the set's alternate lookup): no string per tag read.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> BreakingElements = new HashSet<string>(
        ["br", "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
         "tr", "td", "th", "table", "thead", "tbody", "tfoot", "caption", "blockquote", "pre", "hr",
         "section", "article", "header", "footer", "aside", "nav", "figure", "figcaption", "img",
         "address", "main", "details", "summary", "option"],
        StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Plain text of <paramref name="html"/>; empty for null or whitespace.</summary>
    public static string FromHtml(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return string.Empty;
        }

        if (html.AsSpan().IndexOfAny('<', '&') < 0)
        {
            return CollapseWhitespace(html);
        }

        return FromMarkup(html, out _);
    }

    /// <summary>Plain text of a piece of HTML read in place (a paragraph of a body, without a
    /// string of its own). <paramref name="cutShort"/> tells whether some markup (a tag, comment,
    /// CDATA section or raw-text element) was still open at the piece's end, i.e. whether the
    /// piece could read differently as part of a longer text.</summary>
    public static string FromHtml(ReadOnlySpan<char> html, out bool cutShort)
    {
        cutShort = false;
        if (html.IsEmpty)
        {
            return string.Empty;
        }

        if (html.IndexOfAny('<', '&') < 0)
        {
            return CollapseWhitespace(html);
        }

        return FromMarkup(html, out cutShort);
    }

    private static string FromMarkup(ReadOnlySpan<char> html, out bool cutShort)
    {
        cutShort = false;
        var text = new StringBuilder(html.Length);
        int runStart = 0;
        int i = 0;
        while (i < html.Length)
        {
            if (html[i] != '<' || i + 1 >= html.Length)
            {
                i++;
                continue;
            }

            char next = html[i + 1];
            bool startTag = char.IsAsciiLetter(next);
            bool endTag = next == '/';
            bool markup = next is '!' or '?';
            if (!startTag && !endTag && !markup)
            {
                i++;
                continue;
            }

            AppendDecoded(text, html[runStart..i]);
            i = SkipMarkup(html, i, text, ref cutShort);
            runStart = i;
        }

        AppendDecoded(text, html[runStart..]);

        // Character references can produce characters XML forbids (&#1;); they go, and the
        // whitespace around them collapses once more.
        string collapsed = CollapseWhitespace(text);
        string legal = XmlChars.RemoveIllegal(collapsed);
        // Collapsing is idempotent: only a text that lost characters needs a second pass.
        return ReferenceEquals(legal, collapsed) ? collapsed : CollapseWhitespace(legal);
    }

    /// <summary>Plain text of an HTML-ish field, shortened to <paramref name="maxLength"/> for display;
    /// null when nothing is left.</summary>
    public static string? Capped(string? html, int maxLength)
    {
        if (html is null)
        {
            return null;
        }

        // Cut before stripping too, so a hostile multi-megabyte field costs no more than a big one.
        string text = XmlChars.RemoveIllegal(FromHtml(Truncation.Cut(html, maxLength * 8)));
        return text.Length == 0 ? null : Truncation.Shorten(text, maxLength);
    }

    /// <summary>Trims and turns every run of whitespace (including no-break spaces) into one space.</summary>
    public static string CollapseWhitespace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsCollapsed(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        bool pendingSpace = false;
        bool changed = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                changed |= c != ' ' || pendingSpace || builder.Length == 0;
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        changed |= pendingSpace;
        return changed ? builder.ToString() : text;
    }

    /// <summary><see cref="CollapseWhitespace(string)"/> of a span (always a new string).</summary>
    private static string CollapseWhitespace(ReadOnlySpan<char> text)
    {
        char[] rented = ArrayPool<char>.Shared.Rent(Math.Max(text.Length, 1));
        int length = 0;
        bool pendingSpace = false;
        AppendCollapsed(text, rented, ref length, ref pendingSpace);
        string collapsed = new(rented, 0, length);
        ArrayPool<char>.Shared.Return(rented);
        return collapsed;
    }

    /// <summary><see cref="CollapseWhitespace(string)"/> of the builder's text, read from its
    /// chunks: the builder's string and the collapsed copy were two strings of the whole text.</summary>
    private static string CollapseWhitespace(StringBuilder text)
    {
        char[] rented = ArrayPool<char>.Shared.Rent(Math.Max(text.Length, 1));
        int length = 0;
        bool pendingSpace = false;
        foreach (ReadOnlyMemory<char> chunk in text.GetChunks())
        {
            AppendCollapsed(chunk.Span, rented, ref length, ref pendingSpace);
        }

        string collapsed = new(rented, 0, length);
        ArrayPool<char>.Shared.Return(rented);
        return collapsed;
    }

    /// <summary>Appends <paramref name="text"/> with each run of white space as one space, none
    /// leading; a run at its end stays pending, so that text read in pieces collapses as one.</summary>
    private static void AppendCollapsed(ReadOnlySpan<char> text, char[] target, ref int length, ref bool pendingSpace)
    {
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = length > 0;
                continue;
            }

            if (pendingSpace)
            {
                target[length++] = ' ';
                pendingSpace = false;
            }

            target[length++] = c;
        }
    }

    /// <summary>Whether the text has no whitespace to change: only single spaces, none at either end.</summary>
    private static bool IsCollapsed(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c) && (c != ' ' || i == 0 || i == text.Length - 1 || text[i + 1] == ' '))
            {
                return false;
            }
        }

        return true;
    }

    private static void AppendDecoded(StringBuilder text, ReadOnlySpan<char> run)
    {
        if (run.IsEmpty)
        {
            return;
        }

        if (run.Contains('&'))
        {
            text.Append(WebUtility.HtmlDecode(run.ToString()));
        }
        else
        {
            text.Append(run);
        }
    }

    /// <summary>Skips the markup starting at <paramref name="start"/> (a '&lt;'); returns the index after it.</summary>
    private static int SkipMarkup(ReadOnlySpan<char> html, int start, StringBuilder text, ref bool cutShort)
    {
        char next = html[start + 1];
        if (next == '!')
        {
            if (html[start..].StartsWith("<!--"))
            {
                return IndexAfter(html, start + 4, "-->", ref cutShort);
            }

            if (html[start..].StartsWith("<![CDATA["))
            {
                // A CDATA section in a title means the feed wrapped it twice; its content is the text.
                int found = html[(start + 9)..].IndexOf("]]>", StringComparison.Ordinal);
                int end = found < 0 ? -1 : start + 9 + found;
                int contentEnd = end < 0 ? html.Length : end;
                text.Append(html[(start + 9)..contentEnd]);
                cutShort |= end < 0;
                return end < 0 ? html.Length : end + 3;
            }

            return IndexAfter(html, start + 2, ">", ref cutShort);
        }

        if (next == '?')
        {
            return IndexAfter(html, start + 2, ">", ref cutShort);
        }

        bool endTag = next == '/';
        int nameStart = start + (endTag ? 2 : 1);
        if (endTag && (nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart])))
        {
            // "</>" vanishes; "</ x>" is a bogus comment; both are skipped to the next '>'.
            return IndexAfter(html, nameStart, ">", ref cutShort);
        }

        int nameEnd = nameStart;
        while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] == '-'))
        {
            nameEnd++;
        }

        ReadOnlySpan<char> name = html[nameStart..nameEnd];
        int after = SkipTagBody(html, nameEnd, ref cutShort);
        if (BreakingElements.Contains(name))
        {
            text.Append(' ');
        }

        if (!endTag && IsRawText(name))
        {
            int close = IndexOfEndTag(html, after, name);
            cutShort |= close < 0;
            return close < 0 ? html.Length : SkipTagBody(html, close + 2 + name.Length, ref cutShort);
        }

        return after;
    }

    /// <summary>Index after the '&gt;' closing a tag, honouring quoted attribute values.</summary>
    private static int SkipTagBody(ReadOnlySpan<char> html, int i, ref bool cutShort)
    {
        char quote = '\0';
        for (; i < html.Length; i++)
        {
            char c = html[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c == '>')
            {
                return i + 1;
            }
            else if ((c == '"' || c == '\'') && PrecededByEquals(html, i))
            {
                quote = c;
            }
        }

        cutShort = true;
        return html.Length;
    }

    private static bool PrecededByEquals(ReadOnlySpan<char> html, int i)
    {
        int j = i - 1;
        while (j >= 0 && char.IsWhiteSpace(html[j]))
        {
            j--;
        }

        return j >= 0 && html[j] == '=';
    }

    private static bool IsRawText(ReadOnlySpan<char> name)
    {
        foreach (string element in RawTextElements)
        {
            if (name.Equals(element, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static int IndexOfEndTag(ReadOnlySpan<char> html, int from, ReadOnlySpan<char> name)
    {
        for (int i = IndexOf(html, "</", from); i >= 0; i = IndexOf(html, "</", i + 2))
        {
            int nameEnd = i + 2 + name.Length;
            if (nameEnd <= html.Length
                && html.Slice(i + 2, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase)
                && (nameEnd == html.Length || !char.IsAsciiLetterOrDigit(html[nameEnd])))
            {
                return i;
            }
        }

        return -1;
    }

    private static int IndexAfter(ReadOnlySpan<char> html, int from, string terminator, ref bool cutShort)
    {
        int index = IndexOf(html, terminator, Math.Min(from, html.Length));
        cutShort |= index < 0;
        return index < 0 ? html.Length : index + terminator.Length;
    }

    /// <summary>As string.IndexOf(value, from, Ordinal), on a span.</summary>
    private static int IndexOf(ReadOnlySpan<char> html, string value, int from)
    {
        int found = html[from..].IndexOf(value, StringComparison.Ordinal);
        return found < 0 ? -1 : from + found;
    }
}
