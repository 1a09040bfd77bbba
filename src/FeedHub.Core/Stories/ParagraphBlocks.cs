using System.Buffers;
using System.Text.RegularExpressions;
using FeedHub.Core.Text;

namespace FeedHub.Core.Stories;

/// <summary>Splits a body into its paragraphs' plain texts where <see cref="BlockBreak"/> splits
/// it (a closing block tag, a line break tag or a line break), reading each block in place instead
/// of a string per block. Reading the blocks also tells whether the body's own plain text is its
/// paragraphs joined by spaces, so the search text need not read the same HTML again.</summary>
internal static partial class ParagraphBlocks
{
    private static readonly SearchValues<char> BreakStarts = SearchValues.Create("<\r\n");

    /// <summary>The paragraphs (blank ones left out) as Regex.Split by <see cref="BlockBreak"/> and
    /// <see cref="PlainText.FromHtml(string?)"/> of each block gave them. <paramref name="bodyText"/>
    /// is (when <paramref name="readBodyText"/>) PlainText.FromHtml of the whole body when the blocks prove it equal to the paragraphs
    /// joined by spaces (every break read as whitespace by both, no markup or character reference
    /// running across a break), else null.</summary>
    public static List<string> Read(string? bodyHtml, bool readBodyText, out string? bodyText)
    {
        var paragraphs = new List<string>();
        if (string.IsNullOrWhiteSpace(bodyHtml))
        {
            bodyText = string.Empty;
            return paragraphs;
        }

        ReadOnlySpan<char> html = bodyHtml;
        bool joinable = true;
        int blockStart = 0;
        int i = 0;
        while (i < html.Length)
        {
            int found = html[i..].IndexOfAny(BreakStarts);
            if (found < 0)
            {
                break;
            }

            int at = i + found;
            int end = html[at] == '<' ? TagBreakEnd(bodyHtml, at, ref joinable) : LineBreakEnd(html, at);
            if (end < 0)
            {
                i = at + 1;
                continue;
            }

            if (html[at] != '<' && ReferenceMayCross(html[blockStart..at]))
            {
                joinable = false;
            }

            Add(paragraphs, html[blockStart..at], ref joinable);
            blockStart = end;
            i = end;
        }

        Add(paragraphs, html[blockStart..], ref joinable);
        bodyText = readBodyText && joinable ? Joined(bodyHtml, paragraphs) : null;
        return paragraphs;
    }

    private static void Add(List<string> paragraphs, ReadOnlySpan<char> block, ref bool joinable)
    {
        string text = PlainText.FromHtml(block, out bool cutShort);
        joinable &= !cutShort;
        if (!string.IsNullOrWhiteSpace(text))
        {
            paragraphs.Add(text);
        }
    }

    /// <summary>The whole body's plain text from its paragraphs. A block without markup is only
    /// collapsed (as PlainText reads markup-free text), while the whole body, if it has markup,
    /// also loses the characters XML forbids: a joined text still holding one is not the body's.</summary>
    private static string? Joined(string bodyHtml, List<string> paragraphs)
    {
        string joined = string.Join(' ', paragraphs);
        bool bodyHasMarkup = bodyHtml.AsSpan().IndexOfAny('<', '&') >= 0;
        return bodyHasMarkup && XmlChars.IndexOfIllegal(joined) >= 0 ? null : joined;
    }

    /// <summary>End of a line break matched at <paramref name="at"/> (`\r?\n\s*\r?\n`, else
    /// `\r?\n`), or -1: a lone carriage return is no break.</summary>
    private static int LineBreakEnd(ReadOnlySpan<char> html, int at)
    {
        int afterFirst;
        if (html[at] == '\n')
        {
            afterFirst = at + 1;
        }
        else if (at + 1 < html.Length && html[at + 1] == '\n')
        {
            afterFirst = at + 2;
        }
        else
        {
            return -1;
        }

        int whitespaceEnd = afterFirst;
        while (whitespaceEnd < html.Length && char.IsWhiteSpace(html[whitespaceEnd]))
        {
            whitespaceEnd++;
        }

        // The greedy \s* gives back up to the last line feed of the whitespace that follows.
        int lastLineFeed = html[afterFirst..whitespaceEnd].LastIndexOf('\n');
        return lastLineFeed < 0 ? afterFirst : afterFirst + lastLineFeed + 1;
    }

    /// <summary>End of a break tag matched at <paramref name="at"/> (a '&lt;'), or -1. Any character
    /// outside ASCII where the pattern compares case-insensitively or at its word boundary is left to
    /// the pattern itself (invariant case folding matches the Kelvin sign to 'k', for one).</summary>
    private static int TagBreakEnd(string html, int at, ref bool joinable)
    {
        int nameStart = at + 1;
        while (nameStart < html.Length && char.IsWhiteSpace(html[nameStart]))
        {
            nameStart++;
        }

        if (nameStart >= html.Length)
        {
            return -1;
        }

        char first = html[nameStart];
        if (!char.IsAscii(first) || (first == '/' && nameStart + 1 < html.Length && !char.IsAscii(html[nameStart + 1])))
        {
            return ByPattern(html, at, ref joinable);
        }

        string? name = first == '/'
            ? (nameStart + 1 < html.Length ? (char)(html[nameStart + 1] | 0x20) : '\0') switch
            {
                'p' => "/p",
                'd' => "/div",
                'l' => "/li",
                'h' => "/h",
                'b' => "/blockquote",
                't' => "/tr",
                'f' => "/figcaption",
                _ => null,
            }
            : (char)(first | 0x20) switch
            {
                'b' => "br",
                'h' => "hr",
                _ => null,
            };
        return name is null ? -1 : MatchTagFrom(html, at, nameStart, name, ref joinable);
    }

    private static int MatchTagFrom(string html, int at, int nameStart, string name, ref bool joinable)
    {
        // "/h" is followed by one digit 1-6; the other names are compared as written.
        int nameEnd = nameStart + name.Length + (name == "/h" ? 1 : 0);
        if (nameEnd > html.Length)
        {
            return -1;
        }

        for (int k = nameStart; k < nameStart + name.Length; k++)
        {
            char c = html[k];
            if (!char.IsAscii(c))
            {
                return ByPattern(html, at, ref joinable);
            }

            if (char.ToLowerInvariant(c) != name[k - nameStart])
            {
                return -1;
            }
        }

        if (name == "/h" && html[nameEnd - 1] is < '1' or > '6')
        {
            return -1;
        }

        if (nameEnd < html.Length)
        {
            char next = html[nameEnd];
            if (!char.IsAscii(next))
            {
                return ByPattern(html, at, ref joinable);
            }

            if (char.IsAsciiLetterOrDigit(next) || next == '_')
            {
                return -1;
            }
        }

        int close = html.AsSpan(nameEnd).IndexOf('>');
        if (close < 0)
        {
            return -1;
        }

        int end = nameEnd + close + 1;

        // PlainText reads the same tag the same way (a breaking element, skipped to the same '>')
        // only when the name follows '<' directly, ends where PlainText's name ends, and no quote
        // can make it look past this '>'.
        joinable &= nameStart == at + 1
            && html[nameEnd] != '-'
            && html.AsSpan(nameEnd, end - nameEnd).IndexOfAny('"', '\'') < 0;
        return end;
    }

    /// <summary>The pattern's own answer at <paramref name="at"/>: rare markup, read as before and
    /// never joined.</summary>
    private static int ByPattern(string html, int at, ref bool joinable)
    {
        joinable = false;
        Match match = BlockBreak().Match(html, at);
        return match.Success && match.Index == at ? at + match.Length : -1;
    }

    /// <summary>Whether a character reference may run across a line break that ends
    /// <paramref name="block"/>. WebUtility.HtmlDecode reads from an '&amp;' to the next ';' (or
    /// '&amp;'); only a decimal reference allows whitespace in between (a sign, digits and leading or
    /// trailing white space, as an integer is parsed), so a reference can cross only when the block's
    /// last '&amp;' is followed by '#' and nothing but such characters up to the break.</summary>
    private static bool ReferenceMayCross(ReadOnlySpan<char> block)
    {
        int last = block.LastIndexOfAny('&', ';');
        if (last < 0 || block[last] != '&' || last + 1 >= block.Length || block[last + 1] != '#')
        {
            return last >= 0 && block[last] == '&' && last + 1 == block.Length;
        }

        foreach (char c in block[(last + 2)..])
        {
            if (!char.IsAsciiDigit(c) && c is not ('+' or '-') && !char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"<\s*(?:/p|br|/div|/li|/h[1-6]|/blockquote|/tr|/figcaption|hr)\b[^>]*>|\r?\n\s*\r?\n|\r?\n", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    internal static partial Regex BlockBreak();
}
