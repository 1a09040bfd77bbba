using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace FeedHub.Ingestion.Parsing;

/// <summary>The one repair pass tried after an <see cref="System.Xml.XmlException"/>, for the
/// breakage real feeds ship: bare '&amp;' (WordPress titles and URLs), HTML named entities such as
/// &amp;nbsp; with no DTD to define them, text before the first tag, and a last end tag cut short.
/// CDATA sections and comments are copied untouched.</summary>
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
        return builder.ToString();
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
        int end = text.IndexOf(terminator, position + 4, StringComparison.Ordinal);
        int stop = end < 0 ? text.Length : end + terminator.Length;
        builder.Append(text, position, stop - position);
        return stop;
    }

    private static bool Matches(string text, int position, string value) =>
        string.CompareOrdinal(text, position, value, 0, value.Length) == 0;

    [GeneratedRegex(@"\G&(?:(?<num>#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};)|(?<name>[A-Za-z][A-Za-z0-9]{0,31});)", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
