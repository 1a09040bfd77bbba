using System.Text;

namespace FeedHub.Core.Text;

/// <summary>Titles, of items and of feeds, as stored: plain text that is also harmless read as HTML.
/// Many readers render an RSS title as HTML, so a title the feed double-encoded
/// (<c>&amp;amp;lt;img onerror=…&amp;amp;gt;</c>) must not come out of decoding as a tag.</summary>
public static class TitleText
{
    /// <summary>Plain text of <paramref name="html"/> with every tag-like sequence the decoding
    /// produced removed, shortened to <paramref name="maxLength"/>; null when nothing is left.</summary>
    public static string? From(string? html, int maxLength)
    {
        if (html is null)
        {
            return null;
        }

        // Cut first like any field (8× the limit: markup and tags removed below take room), so the
        // decoding and the tag removal work on a bounded string.
        string text = XmlChars.RemoveIllegal(PlainText.FromHtml(Truncation.Cut(html, maxLength * 8)));
        text = PlainText.CollapseWhitespace(RemoveTagLike(text));
        return text.Length == 0 ? null : Truncation.Shorten(text, maxLength);
    }

    /// <summary>Removes what an HTML parser would take for markup: '&lt;' followed by a letter, '/',
    /// '!' or '?', up to the next '&gt;' or the end. "3 &lt; 5" is left alone. One pass, in linear
    /// time: a removal that joins the pieces of another tag ("&lt;&lt;b&gt;img …&gt;") is caught
    /// as it forms, when a tag's first character follows a kept '&lt;'.</summary>
    public static string RemoveTagLike(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.IndexOf('<', StringComparison.Ordinal) < 0)
        {
            return text;
        }

        var kept = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            bool opensHere = c == '<' && i + 1 < text.Length && StartsTag(text[i + 1]);
            bool joinsKept = StartsTag(c) && kept.Length > 0 && kept[^1] == '<';
            if (!opensHere && !joinsKept)
            {
                kept.Append(c);
                i++;
                continue;
            }

            if (joinsKept)
            {
                kept.Length--;
            }

            int end = text.IndexOf('>', i + 1);
            i = end < 0 ? text.Length : end + 1;
        }

        return kept.ToString();
    }

    private static bool StartsTag(char c) => char.IsAsciiLetter(c) || c is '/' or '!' or '?';
}
