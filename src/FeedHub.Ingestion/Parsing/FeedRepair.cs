using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace FeedHub.Ingestion.Parsing;

/// <summary>The one repair pass tried after an <see cref="System.Xml.XmlException"/>, for the
/// breakage real feeds ship: bare '&amp;' (WordPress titles and URLs), HTML named entities such as
/// &amp;nbsp; with no DTD to define them, text before the first tag, and a last end tag cut short.
/// Then, well-known prefixes used without a declaration are declared, and a mismatched end tag or
/// two is mended. CDATA sections and comments are copied untouched.</summary>
public static partial class FeedRepair
{
    private static readonly HashSet<string> XmlEntities = new(StringComparer.Ordinal) { "amp", "lt", "gt", "quot", "apos" };

    public static string Repair(string text)
    {
        var builder = new StringBuilder(text.Length + 64);
        int i = LeadingJunkLength(text);
        while (i < text.Length)
        {
            if (Matches(text, i, "<![CDATA["))
            {
                i = CopyPast(text, i, "]]>", builder);
                continue;
            }

            if (Matches(text, i, "<!--"))
            {
                i = CopyPast(text, i, "-->", builder);
                continue;
            }

            if (text[i] == '&')
            {
                i = RepairAmpersand(text, i, builder);
                continue;
            }

            builder.Append(text[i]);
            i++;
        }

        CompleteTruncatedEndTag(builder);
        string repaired = DeclareWellKnownPrefixes(builder.ToString());
        return BalanceEndTags(repaired) ?? repaired;
    }

    /// <summary>Prefixes RSS generators use without declaring them (a template copied without its
    /// &lt;rss xmlns:...&gt; line): each used but declared nowhere is declared on the root with
    /// the namespace it always means. Other undeclared prefixes stay an error.</summary>
    private static readonly (string Prefix, string Uri)[] WellKnownPrefixes =
    [
        ("atom", "http://www.w3.org/2005/Atom"),
        ("content", "http://purl.org/rss/1.0/modules/content/"),
        ("dc", "http://purl.org/dc/elements/1.1/"),
        ("media", "http://search.yahoo.com/mrss/"),
        ("itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"),
    ];

    private static string DeclareWellKnownPrefixes(string text)
    {
        StringBuilder? declarations = null;
        foreach ((string prefix, string uri) in WellKnownPrefixes)
        {
            if (text.Contains("<" + prefix + ":", StringComparison.Ordinal) && !text.Contains("xmlns:" + prefix + "=", StringComparison.Ordinal))
            {
                (declarations ??= new StringBuilder()).Append(" xmlns:").Append(prefix).Append("=\"").Append(uri).Append('"');
            }
        }

        if (declarations is null)
        {
            return text;
        }

        int root = RootElementStart(text);
        if (root < 0)
        {
            return text;
        }

        Match name = ElementName().Match(text, root + 1);
        return name.Success ? text.Insert(name.Index + name.Length, declarations.ToString()) : text;
    }

    /// <summary>Most end-tag corrections one document may need before it counts as broken rather
    /// than nearly well-formed.</summary>
    public const int MaxTagCorrections = 8;

    /// <summary>Mends a mismatched end tag or two: an end tag that closes an element opened further
    /// out first closes the ones left open inside it (as in "&lt;title&gt;A &lt;b&gt;B&lt;/title&gt;"),
    /// an end tag matching only by case takes the open element's name, and an end tag matching
    /// nothing open is dropped. Only end tags are written or removed, never text; null when more than
    /// <see cref="MaxTagCorrections"/> were needed.</summary>
    private static string? BalanceEndTags(string text)
    {
        var builder = new StringBuilder(text.Length + 64);
        var open = new List<string>();
        int corrections = 0;
        int i = 0;
        while (i < text.Length)
        {
            int lt = text.IndexOf('<', i);
            if (lt < 0)
            {
                builder.Append(text, i, text.Length - i);
                break;
            }

            builder.Append(text, i, lt - i);
            if (Matches(text, lt, "<![CDATA["))
            {
                i = CopyPast(text, lt, "]]>", builder);
                continue;
            }

            if (Matches(text, lt, "<!--"))
            {
                i = CopyPast(text, lt, "-->", builder);
                continue;
            }

            if (Matches(text, lt, "<?") || Matches(text, lt, "<!"))
            {
                i = CopyPast(text, lt, ">", builder);
                continue;
            }

            int end = TagEnd(text, lt);
            if (end < 0)
            {
                builder.Append(text, lt, text.Length - lt);
                break;
            }

            if (text[lt + 1] == '/')
            {
                string name = text[(lt + 2)..end].Trim();
                int index = open.LastIndexOf(name);
                if (index < 0)
                {
                    index = open.FindLastIndex(o => o.Equals(name, StringComparison.OrdinalIgnoreCase));
                    corrections++;
                }

                if (index >= 0)
                {
                    for (int k = open.Count - 1; k > index; k--)
                    {
                        builder.Append("</").Append(open[k]).Append('>');
                        corrections++;
                    }

                    builder.Append("</").Append(open[index]).Append('>');
                    open.RemoveRange(index, open.Count - index);
                }
            }
            else
            {
                Match name = ElementName().Match(text, lt + 1);
                if (!name.Success)
                {
                    return null;
                }

                builder.Append(text, lt, end - lt + 1);
                if (text[end - 1] != '/')
                {
                    open.Add(name.Value);
                }
            }

            if (corrections > MaxTagCorrections)
            {
                return null;
            }

            i = end + 1;
        }

        return builder.ToString();
    }

    /// <summary>The '&gt;' closing the tag at <paramref name="start"/>, outside attribute quotes; -1 if none.</summary>
    private static int TagEnd(string text, int start)
    {
        char quote = '\0';
        for (int i = start + 1; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i;
            }
            else if (c == '<')
            {
                return -1;
            }
        }

        return -1;
    }

    private static int RootElementStart(string text)
    {
        int i = 0;
        while ((i = text.IndexOf('<', i)) >= 0)
        {
            if (i + 1 < text.Length && (char.IsLetter(text[i + 1]) || text[i + 1] == '_'))
            {
                return i;
            }

            i++;
        }

        return -1;
    }

    private static int RepairAmpersand(string text, int i, StringBuilder builder)
    {
        Match reference = Reference().Match(text, i);
        if (!reference.Success)
        {
            builder.Append("&amp;");
            return i + 1;
        }

        if (reference.Groups["num"].Success)
        {
            // "&#X41;" is HTML, not XML; and a reference to a character XML forbids is dropped.
            string value = reference.Value.Replace("&#X", "&#x", StringComparison.Ordinal);
            bool hex = value.StartsWith("&#x", StringComparison.Ordinal);
            string digits = value[(hex ? 3 : 2)..^1];
            if (int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out int code)
                && IsXmlChar(code))
            {
                builder.Append(value);
            }

            return i + reference.Length;
        }

        string name = reference.Groups["name"].Value;
        if (XmlEntities.Contains(name))
        {
            builder.Append(reference.Value);
            return i + reference.Length;
        }

        string decoded = WebUtility.HtmlDecode(reference.Value);
        if (decoded == reference.Value)
        {
            // Not an entity anyone defines: the '&' was meant literally ("AT&T;", "?a=1&b;").
            builder.Append("&amp;");
            return i + 1;
        }

        for (int k = 0; k < decoded.Length; k++)
        {
            int codePoint = char.ConvertToUtf32(decoded, k);
            if (char.IsHighSurrogate(decoded[k]))
            {
                k++;
            }

            builder.Append("&#").Append(codePoint.ToString(CultureInfo.InvariantCulture)).Append(';');
        }

        return i + reference.Length;
    }

    /// <summary>PHP warnings and stray bytes printed before the document: drop them up to the
    /// first '&lt;' that starts a declaration, comment or element.</summary>
    private static int LeadingJunkLength(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '<' && i + 1 < text.Length && (text[i + 1] is '?' or '!' || char.IsLetter(text[i + 1])))
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>A document whose very last end tag lost its '&gt;' ("&lt;/rss") is completed.</summary>
    private static void CompleteTruncatedEndTag(StringBuilder builder)
    {
        int end = builder.Length;
        while (end > 0 && char.IsWhiteSpace(builder[end - 1]))
        {
            end--;
        }

        int open = end - 1;
        while (open >= 0 && (char.IsLetterOrDigit(builder[open]) || builder[open] is ':' or '-' or '_' or '.'))
        {
            open--;
        }

        if (open >= 1 && open < end - 1 && builder[open] == '/' && builder[open - 1] == '<')
        {
            builder.Length = end;
            builder.Append('>');
        }
    }

    private static bool IsXmlChar(int code) =>
        code is 0x9 or 0xA or 0xD || (code >= 0x20 && code <= 0xD7FF) || (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF);

    private static int CopyPast(string text, int position, string terminator, StringBuilder builder)
    {
        // A comment's "-->" cannot overlap its own "<!--".
        int from = Math.Min(text.Length, position + (terminator == "-->" ? 4 : 2));
        int end = text.IndexOf(terminator, from, StringComparison.Ordinal);
        int stop = end < 0 ? text.Length : end + terminator.Length;
        builder.Append(text, position, stop - position);
        return stop;
    }

    private static bool Matches(string text, int position, string value) =>
        string.CompareOrdinal(text, position, value, 0, value.Length) == 0;

    [GeneratedRegex(@"\G[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?", RegexOptions.CultureInvariant)]
    private static partial Regex ElementName();

    [GeneratedRegex(@"\G&(?:(?<num>#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};)|(?<name>[A-Za-z][A-Za-z0-9]{0,31});)", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
