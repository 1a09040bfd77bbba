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
        // Cut first like any field; the tag removal then works on a bounded string.
        string? text = PlainText.Capped(html, maxLength * 8);
        if (text is null)
        {
            return null;
        }

        text = PlainText.CollapseWhitespace(RemoveTagLike(text));
        return text.Length == 0 ? null : Truncation.Shorten(text, maxLength);
    }

    /// <summary>Removes what an HTML parser would take for markup: '&lt;' followed by a letter, '/',
    /// '!' or '?', up to the next '&gt;' or the end. Repeated until none is left, since removing
    /// one can join the pieces of another ("&lt;&lt;b&gt;img …&gt;"). "3 &lt; 5" is left alone.</summary>
    public static string RemoveTagLike(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        while (IndexOfTagStart(text, 0) >= 0)
        {
            var kept = new StringBuilder(text.Length);
            int from = 0;
            for (int start = IndexOfTagStart(text, 0); start >= 0; start = IndexOfTagStart(text, from))
            {
                kept.Append(text, from, start - from);
                int end = text.IndexOf('>', start + 1);
                from = end < 0 ? text.Length : end + 1;
            }

            kept.Append(text, from, text.Length - from);
            text = kept.ToString();
        }

        return text;
    }

    private static int IndexOfTagStart(string text, int from)
    {
        for (int i = text.IndexOf('<', from); i >= 0 && i + 1 < text.Length; i = text.IndexOf('<', i + 1))
        {
            char next = text[i + 1];
            if (char.IsAsciiLetter(next) || next is '/' or '!' or '?')
            {
                return i;
            }
        }

        return -1;
    }
}
