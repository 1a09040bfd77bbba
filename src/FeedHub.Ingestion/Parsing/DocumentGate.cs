using System.Text;
using System.Text.RegularExpressions;

namespace FeedHub.Ingestion.Parsing;

public enum DocumentKind
{
    Xml,
    Json,
}

/// <summary>Text that may be handed to a parser: no DOCTYPE left, no entity to expand.</summary>
public sealed record GatedDocument(string Text, DocumentKind Kind);

/// <summary>Stands between decoded text and any parser. Refuses what is not a feed (empty, binary,
/// HTML, plain text) and removes the DOCTYPE so that no parser ever sees a DTD: external DTDs and
/// SYSTEM/PUBLIC entities are never fetched, and entity bombs are refused before any expansion.</summary>
/// <remarks>Internal entities are tolerated only in their harmless form (a short literal with no
/// reference or markup in it, as in <c>&lt;!ENTITY id "tag:example.com,"&gt;</c>); the gate
/// substitutes those itself, under a total size cap. Parameter entities only ever pull in external
/// DTDs, which are never read, so they are dropped.</remarks>
public sealed partial class DocumentGate(FeedParserOptions options)
{
    private const int BinarySampleChars = 4096;

    public GatedDocument Pass(string text)
    {
        int start = SkipWhitespace(text, 0);
        if (start >= text.Length)
        {
            throw new FeedParseException("document is empty");
        }

        ReadOnlySpan<char> sample = text.AsSpan(start, Math.Min(BinarySampleChars, text.Length - start));
        int suspicious = XmlCharFilter.CountSuspicious(sample);
        if (suspicious >= 8 && suspicious * 20 > sample.Length)
        {
            throw new FeedParseException("document is binary data, not a feed");
        }

        char first = text[start];
        if (first is '{' or '[')
        {
            return new GatedDocument(text[start..], DocumentKind.Json);
        }

        int markup = text.IndexOf('<', start);
        if (markup < 0)
        {
            throw new FeedParseException("document is neither XML nor JSON, not a feed");
        }

        return new GatedDocument(Neutralize(text[start..]), DocumentKind.Xml);
    }

    private string Neutralize(string text)
    {
        int position = 0;
        while (true)
        {
            position = SkipWhitespace(text, position);
            if (Matches(text, position, "<?"))
            {
                position = SkipPast(text, position, "?>");
            }
            else if (Matches(text, position, "<!--"))
            {
                position = SkipPast(text, position, "-->");
            }
            else if (MatchesIgnoreCase(text, position, "<!DOCTYPE"))
            {
                int end = FindDoctypeEnd(text, position);
                string doctype = text[position..end];
                Dictionary<string, string> entities = ReadEntities(doctype);
                string rest = text[end..];
                if (entities.Count > 0)
                {
                    rest = Substitute(rest, entities);
                }

                text = text[..position] + rest;
            }
            else
            {
                break;
            }

            if (position >= text.Length)
            {
                break;
            }
        }

        if (position < text.Length && text[position] == '<')
        {
            Match root = ElementName().Match(text, position + 1);
            if (root.Success)
            {
                CheckNotHtml(root.Value);
            }
        }

        return text;
    }

    private static void CheckNotHtml(string name)
    {
        string local = name.Contains(':', StringComparison.Ordinal) ? name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..] : name;
        if (local.Equals("html", StringComparison.OrdinalIgnoreCase) || local.Equals("body", StringComparison.OrdinalIgnoreCase)
            || local.Equals("head", StringComparison.OrdinalIgnoreCase))
        {
            throw new FeedParseException("document is an HTML page, not a feed");
        }
    }

    private Dictionary<string, string> ReadEntities(string doctype)
    {
        var entities = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match declaration in EntityDeclaration().Matches(doctype))
        {
            if (declaration.Groups["param"].Success)
            {
                continue;
            }

            string name = declaration.Groups["name"].Value;
            if (declaration.Groups["external"].Success)
            {
                throw new FeedParseException($"document declares the external entity '{name}' (SYSTEM/PUBLIC); external entities are refused");
            }

            string value = declaration.Groups["dq"].Success ? declaration.Groups["dq"].Value : declaration.Groups["sq"].Value;
            if (value.AsSpan().IndexOfAny('&', '%', '<') >= 0)
            {
                throw new FeedParseException($"document declares the entity '{name}' with references or markup inside; entity expansion is refused");
            }

            if (value.Length > options.MaxEntityValueChars)
            {
                throw new FeedParseException($"document declares the entity '{name}' of {value.Length} characters; entity expansion is refused");
            }

            entities[name] = value.Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&apos;", StringComparison.Ordinal);
            if (entities.Count > options.MaxDeclaredEntities)
            {
                throw new FeedParseException($"document declares more than {options.MaxDeclaredEntities} entities; entity expansion is refused");
            }
        }

        return entities;
    }

    private string Substitute(string text, Dictionary<string, string> entities)
    {
        var builder = new StringBuilder(text.Length);
        long added = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (Matches(text, i, "<![CDATA["))
            {
                int end = SkipPast(text, i, "]]>");
                builder.Append(text, i, end - i);
                i = end;
                continue;
            }

            if (Matches(text, i, "<!--"))
            {
                int end = SkipPast(text, i, "-->");
                builder.Append(text, i, end - i);
                i = end;
                continue;
            }

            if (text[i] == '&')
            {
                int semicolon = text.IndexOf(';', i + 1, Math.Min(64, text.Length - i - 1));
                if (semicolon > 0 && entities.TryGetValue(text[(i + 1)..semicolon], out string? value))
                {
                    added += value.Length;
                    if (added > options.MaxEntityExpansionChars)
                    {
                        throw new FeedParseException("document expands its entities beyond the allowed size; entity expansion is refused");
                    }

                    builder.Append(value);
                    i = semicolon + 1;
                    continue;
                }
            }

            builder.Append(text[i]);
            i++;
        }

        return builder.ToString();
    }

    /// <summary>End of the DOCTYPE declaration: past its '>' once outside quotes and the internal subset.</summary>
    private static int FindDoctypeEnd(string text, int start)
    {
        int depth = 0;
        char quote = '\0';
        for (int i = start + "<!DOCTYPE".Length; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (depth > 0 && Matches(text, i, "<!--"))
            {
                i = SkipPast(text, i, "-->") - 1;
                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '[':
                    depth++;
                    break;
                case ']':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '>' when depth == 0:
                    return i + 1;
            }
        }

        throw new FeedParseException("document has an unterminated DOCTYPE");
    }

    private static int SkipWhitespace(string text, int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return position;
    }

    private static int SkipPast(string text, int position, string terminator)
    {
        int end = text.IndexOf(terminator, position + 2, StringComparison.Ordinal);
        return end < 0 ? text.Length : end + terminator.Length;
    }

    private static bool Matches(string text, int position, string value) =>
        string.CompareOrdinal(text, position, value, 0, value.Length) == 0;

    private static bool MatchesIgnoreCase(string text, int position, string value) =>
        position + value.Length <= text.Length && text.AsSpan(position, value.Length).Equals(value, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\G[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?", RegexOptions.CultureInvariant)]
    private static partial Regex ElementName();

    [GeneratedRegex("""<!ENTITY\s+(?<param>%\s+)?(?<name>[^\s%"']+)\s+(?:(?<external>SYSTEM|PUBLIC)\b|"(?<dq>[^"]*)"|'(?<sq>[^']*)')""", RegexOptions.CultureInvariant)]
    private static partial Regex EntityDeclaration();
}
