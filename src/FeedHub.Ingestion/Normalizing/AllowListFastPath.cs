using System.Buffers;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace FeedHub.Ingestion.Normalizing;

/// <summary>
/// The sanitizer's fast path: proves that a fragment is already inside
/// <see cref="HtmlContentSanitizer"/>'s allow-list profile, in a shape the HTML parser builds
/// without correcting anything, and writes it the way HtmlSanitizer serializes it, without a DOM.
/// Whatever it cannot prove (a tag outside its subset, a misnested or implicitly closed element,
/// comments, unknown character references, controls, srcset, a URL it cannot resolve the same way)
/// makes it answer false, and the caller runs HtmlSanitizer on the input unchanged.
/// </summary>
/// <remarks>
/// In terms of the HTML standard's tree construction ("in body"), what it accepts builds exactly the
/// tree its tokens describe: every end tag closes the current node; no start tag closes an open p,
/// li, heading or a implicitly; no tables, pre, raw text, foreign content or form elements; depth
/// at most <see cref="MaxDepth"/>, far below <see cref="HtmlNestingLimiter"/>'s limit. Attributes
/// outside the allow-list are dropped, as HtmlSanitizer drops them (no attribute changes how the
/// parser builds these elements). The output follows HtmlSanitizer's formatter: character
/// references decoded and '&amp;', '&lt;', '&gt;', U+00A0 (and '"' in attributes) escaped again,
/// CR and CRLF turned into LF as the input stream does, void elements without "/", relative URLs
/// resolved with the same <see cref="Uri"/> call, <c>rel</c> replaced on every link, elements left
/// open at the end closed. Tests hold it byte-identical to HtmlSanitizer's output on the corpus.
/// </remarks>
public static class AllowListFastPath
{
    /// <summary>Deepest nesting proven; deeper fragments go to HtmlSanitizer.</summary>
    public const int MaxDepth = 64;

    [ThreadStatic]
    private static Scratch? t_scratch;

    [Flags]
    private enum Rules
    {
        None = 0,
        Void = 1,
        ClosesParagraph = 2,
        Paragraph = 4,
        Heading = 8,
        Anchor = 16,
        ListItem = 32,
        List = 64,
    }

    private sealed record Element(string Name, Rules Rules);

    private static readonly FrozenDictionary<string, Element> Elements = BuildElements();

    private static readonly FrozenDictionary<string, Element>.AlternateLookup<ReadOnlySpan<char>> ElementLookup =
        Elements.GetAlternateLookup<ReadOnlySpan<char>>();

    // The allow-list's attributes, less srcset (HtmlSanitizer rewrites its list; not proven here).
    private static readonly FrozenSet<string> KeptAttributes = FrozenSet.Create(
        StringComparer.Ordinal,
        "href", "src", "sizes", "alt", "title", "width", "height", "loading", "colspan", "rowspan", "scope",
        "headers", "span", "datetime", "cite", "controls", "poster", "preload", "loop", "muted", "playsinline",
        "type", "media", "start", "reversed", "value", "lang", "dir", "abbr", "kind", "srclang", "label", "open");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> KeptAttributeLookup =
        KeptAttributes.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string> UrlAttributes = FrozenSet.Create(StringComparer.Ordinal, "href", "src", "cite", "poster");

    // Named references the fast path decodes (all with ';'); any other name is left to the parser.
    private static readonly FrozenDictionary<string, char> NamedReferences = new Dictionary<string, char>(StringComparer.Ordinal)
    {
        ["amp"] = '&', ["lt"] = '<', ["gt"] = '>', ["quot"] = '"', ["apos"] = '\'', ["nbsp"] = '\u00A0',
        ["ndash"] = '\u2013', ["mdash"] = '\u2014', ["hellip"] = '\u2026', ["lsquo"] = '\u2018',
        ["rsquo"] = '\u2019', ["sbquo"] = '\u201A', ["ldquo"] = '\u201C', ["rdquo"] = '\u201D',
        ["bdquo"] = '\u201E', ["laquo"] = '\u00AB', ["raquo"] = '\u00BB', ["copy"] = '\u00A9',
        ["reg"] = '\u00AE', ["trade"] = '\u2122', ["middot"] = '\u00B7', ["bull"] = '\u2022',
        ["deg"] = '\u00B0', ["times"] = '\u00D7', ["euro"] = '\u20AC',
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, char>.AlternateLookup<ReadOnlySpan<char>> NamedReferenceLookup =
        NamedReferences.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Characters that end a run of text copied as is.</summary>
    private static readonly SearchValues<char> TextStops = SearchValues.Create(TextStopChars());

    /// <summary>The named references decoded, for tests to hold against a reference decoder.</summary>
    public static IReadOnlyDictionary<string, char> DecodedNamedReferences => NamedReferences;

    /// <summary>True, with HtmlSanitizer's output for <paramref name="html"/>, when the fragment is
    /// proven inside the allow-list; false when HtmlSanitizer must decide.</summary>
    /// <param name="baseUri">What relative URLs resolve against (the item's base).</param>
    public static bool TryApply(string html, Uri baseUri, [NotNullWhen(true)] out string? sanitized)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(baseUri);
        sanitized = null;
        if (baseUri.Scheme is not ("http" or "https"))
        {
            return false;
        }

        Scratch scratch = t_scratch ??= new Scratch();
        scratch.Reset();
        try
        {
            if (!new Scan(html, baseUri, scratch).Run())
            {
                return false;
            }

            StringBuilder output = scratch.Output;
            sanitized = output.Equals(html.AsSpan()) ? html : output.ToString();
            return true;
        }
        finally
        {
            scratch.Release();
        }
    }

    private static FrozenDictionary<string, Element> BuildElements()
    {
        var rules = new Dictionary<string, Rules>(StringComparer.Ordinal);
        foreach (string name in new[] { "br", "img", "wbr" })
        {
            rules[name] = Rules.Void;
        }

        rules["hr"] = Rules.Void | Rules.ClosesParagraph;
        rules["p"] = Rules.ClosesParagraph | Rules.Paragraph;
        rules["a"] = Rules.Anchor;
        rules["li"] = Rules.ClosesParagraph | Rules.ListItem;
        rules["ul"] = Rules.ClosesParagraph | Rules.List;
        rules["ol"] = Rules.ClosesParagraph | Rules.List;
        foreach (string name in new[] { "h1", "h2", "h3", "h4", "h5", "h6" })
        {
            rules[name] = Rules.ClosesParagraph | Rules.Heading;
        }

        foreach (string name in new[]
        {
            "div", "blockquote", "figure", "figcaption", "article", "section", "header", "footer", "aside",
            "address", "details", "summary",
        })
        {
            rules[name] = Rules.ClosesParagraph;
        }

        foreach (string name in new[]
        {
            "span", "b", "strong", "i", "em", "u", "s", "small", "code", "del", "ins", "mark", "sub", "sup", "abbr",
            "time", "bdi", "q", "cite", "kbd", "samp", "var",
        })
        {
            rules[name] = Rules.None;
        }

        return rules.ToFrozenDictionary(pair => pair.Key, pair => new Element(pair.Key, pair.Value), StringComparer.Ordinal);
    }

    private static string TextStopChars()
    {
        var stops = new StringBuilder();
        for (char c = '\0'; c < ' '; c++)
        {
            stops.Append(c);
        }

        stops.Append("<>&");
        for (char c = '\u007F'; c <= '\u00A0'; c++)
        {
            stops.Append(c);
        }

        for (char c = '\uD800'; c <= '\uDFFF'; c++)
        {
            stops.Append(c);
        }

        for (char c = '\uFDD0'; c <= '\uFDEF'; c++)
        {
            stops.Append(c);
        }

        return stops.Append("\uFFFE\uFFFF").ToString();
    }

    /// <summary>Code points the fast path lets through as text: no controls but tab and LF (a CR
    /// from a reference is not normalized by the parser), no surrogates or noncharacters, nothing
    /// the parser remaps (NUL, 0x80-0x9F).</summary>
    private static bool IsPlain(int codePoint) =>
        codePoint is '\t' or '\n'
        || codePoint is >= 0x20 and < 0x7F
        || codePoint is >= 0xA0 and <= 0xD7FF
        || (codePoint is >= 0xE000 and <= 0xFFFD && codePoint is not (>= 0xFDD0 and <= 0xFDEF))
        || (codePoint is >= 0x10000 and <= 0x10FFFF && (codePoint & 0xFFFE) != 0xFFFE);

    private static bool IsTagSpace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';

    private static bool IsAttributeNameChar(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or ':' or '.';

    private static bool IsUnquotedValueChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '/' or ':' or '%' or '#' or '?' or '+' or ',';

    private static void AppendEscaped(StringBuilder output, int codePoint, bool inAttribute)
    {
        switch (codePoint)
        {
            case '&':
                output.Append("&amp;");
                return;
            case '<':
                output.Append("&lt;");
                return;
            case '>':
                output.Append("&gt;");
                return;
            case '\u00A0':
                output.Append("&nbsp;");
                return;
            case '"' when inAttribute:
                output.Append("&quot;");
                return;
        }

        if (codePoint <= 0xFFFF)
        {
            output.Append((char)codePoint);
            return;
        }

        Span<char> pair = stackalloc char[2];
        new Rune(codePoint).EncodeToUtf16(pair);
        output.Append(pair);
    }

    /// <summary>Buffers one thread reuses across calls, so a proven fragment costs no garbage
    /// beyond its output string (and none when the output is the input).</summary>
    private sealed class Scratch
    {
        private const int KeptCapacity = 64 * 1024;

        public StringBuilder Output { get; } = new(4096);

        public StringBuilder Value { get; } = new(256);

        public Element[] Open { get; } = new Element[MaxDepth];

        public List<Range> SeenAttributes { get; } = new(8);

        public void Reset()
        {
            Output.Clear();
            Value.Clear();
            SeenAttributes.Clear();
        }

        public void Release()
        {
            // A megabyte fragment should not pin its buffer to the thread for good.
            if (Output.Capacity > KeptCapacity)
            {
                Output.Clear();
                Output.Capacity = KeptCapacity;
            }
        }
    }

    private ref struct Scan(string html, Uri baseUri, Scratch scratch)
    {
        private readonly StringBuilder _output = scratch.Output;
        private readonly Element[] _open = scratch.Open;
        private int _depth;
        private int _openParagraphs;
        private int _openHeadings;
        private int _openAnchors;
        private int _i;

        public bool Run()
        {
            while (_i < html.Length)
            {
                int stop = html.AsSpan(_i).IndexOfAny(TextStops);
                if (stop < 0)
                {
                    _output.Append(html, _i, html.Length - _i);
                    break;
                }

                _output.Append(html, _i, stop);
                _i += stop;
                bool ok = html[_i] switch
                {
                    '<' => Tag(),
                    '&' => Reference(inAttribute: false, _output),
                    _ => SpecialChar(inAttribute: false, _output),
                };
                if (!ok)
                {
                    return false;
                }
            }

            // The parser closes whatever is still open at the end; the serializer writes the end tags.
            while (_depth > 0)
            {
                _output.Append("</").Append(_open[--_depth].Name).Append('>');
            }

            return true;
        }

        /// <summary>A character from <see cref="TextStops"/> other than '&lt;' and '&amp;'.</summary>
        private bool SpecialChar(bool inAttribute, StringBuilder target)
        {
            char c = html[_i];
            if (c == '\r')
            {
                // The input stream turns CRLF and CR into LF before tokenizing.
                target.Append('\n');
                _i += _i + 1 < html.Length && html[_i + 1] == '\n' ? 2 : 1;
                return true;
            }

            if (char.IsHighSurrogate(c))
            {
                if (_i + 1 >= html.Length || !char.IsLowSurrogate(html[_i + 1]) || !IsPlain(char.ConvertToUtf32(c, html[_i + 1])))
                {
                    return false;
                }

                target.Append(c).Append(html[_i + 1]);
                _i += 2;
                return true;
            }

            if (c != '>' && c != '\u00A0' && !IsPlain(c))
            {
                return false;
            }

            if (target == _output)
            {
                AppendEscaped(target, c, inAttribute);
            }
            else
            {
                target.Append(c);
            }

            _i++;
            return true;
        }

        /// <summary>A character reference at '&amp;': decoded into <paramref name="target"/>
        /// (escaped again when it is the output); false when not one the fast path knows.</summary>
        private bool Reference(bool inAttribute, StringBuilder target)
        {
            int i = _i + 1;
            if (i >= html.Length || !(char.IsAsciiLetterOrDigit(html[i]) || html[i] == '#'))
            {
                // A lone ampersand is text.
                Emit('&', inAttribute, target);
                _i = i;
                return true;
            }

            int codePoint;
            if (html[i] == '#')
            {
                i++;
                bool hex = i < html.Length && html[i] is 'x' or 'X';
                i += hex ? 1 : 0;
                int start = i;
                codePoint = 0;
                while (i < html.Length && i - start < (hex ? 6 : 7) && (hex ? char.IsAsciiHexDigit(html[i]) : char.IsAsciiDigit(html[i])))
                {
                    codePoint = (codePoint * (hex ? 16 : 10)) + (char.IsAsciiDigit(html[i]) ? html[i] - '0' : (html[i] | 0x20) - 'a' + 10);
                    i++;
                }

                if (i == start || i >= html.Length || html[i] != ';' || !IsPlain(codePoint))
                {
                    return false;
                }
            }
            else
            {
                int start = i;
                while (i < html.Length && i - start < 8 && char.IsAsciiLetterOrDigit(html[i]))
                {
                    i++;
                }

                if (i >= html.Length || html[i] != ';' || !NamedReferenceLookup.TryGetValue(html.AsSpan(start, i - start), out char named))
                {
                    return false;
                }

                codePoint = named;
            }

            Emit(codePoint, inAttribute, target);
            _i = i + 1;
            return true;
        }

        private readonly void Emit(int codePoint, bool inAttribute, StringBuilder target)
        {
            if (target == _output)
            {
                AppendEscaped(target, codePoint, inAttribute);
            }
            else if (codePoint <= 0xFFFF)
            {
                target.Append((char)codePoint);
            }
            else
            {
                Span<char> pair = stackalloc char[2];
                new Rune(codePoint).EncodeToUtf16(pair);
                target.Append(pair);
            }
        }

        private bool Tag()
        {
            int nameStart = _i + 1;
            bool isEnd = nameStart < html.Length && html[nameStart] == '/';
            nameStart += isEnd ? 1 : 0;
            int nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterLower(html[nameEnd]) || (nameEnd > nameStart && char.IsAsciiDigit(html[nameEnd]))))
            {
                nameEnd++;
            }

            if (nameEnd == nameStart || nameEnd >= html.Length || !ElementLookup.TryGetValue(html.AsSpan(nameStart, nameEnd - nameStart), out Element? element))
            {
                // Comments, doctype, uppercase or unknown names, a '<' that is text: not proven.
                return false;
            }

            return isEnd ? EndTag(element, nameEnd) : StartTag(element, nameEnd);
        }

        private bool EndTag(Element element, int nameEnd)
        {
            if (html[nameEnd] != '>' || _depth == 0 || !ReferenceEquals(_open[_depth - 1], element))
            {
                return false;
            }

            Pop();
            _output.Append("</").Append(element.Name).Append('>');
            _i = nameEnd + 1;
            return true;
        }

        private bool StartTag(Element element, int nameEnd)
        {
            if (!(IsTagSpace(html[nameEnd]) || html[nameEnd] is '>' or '/') || !Fits(element))
            {
                return false;
            }

            _output.Append('<').Append(element.Name);
            _i = nameEnd;
            scratch.SeenAttributes.Clear();
            while (true)
            {
                while (_i < html.Length && IsTagSpace(html[_i]))
                {
                    _i++;
                }

                if (_i >= html.Length)
                {
                    // An unterminated tag at the end is dropped by the tokenizer.
                    return false;
                }

                if (html[_i] == '>')
                {
                    _i++;
                    break;
                }

                if (html[_i] == '/')
                {
                    // Self-closing is only a no-op on void elements.
                    if (_i + 1 >= html.Length || html[_i + 1] != '>' || (element.Rules & Rules.Void) == 0)
                    {
                        return false;
                    }

                    _i += 2;
                    break;
                }

                if (!Attribute())
                {
                    return false;
                }
            }

            if ((element.Rules & Rules.Anchor) != 0)
            {
                _output.Append(" rel=\"").Append(HtmlContentSanitizer.LinkRel).Append('"');
            }

            _output.Append('>');
            if ((element.Rules & Rules.Void) == 0)
            {
                Push(element);
            }

            return true;
        }

        /// <summary>Whether the parser inserts <paramref name="element"/> where it stands, closing nothing.</summary>
        private readonly bool Fits(Element element)
        {
            Rules rules = element.Rules;
            if ((rules & Rules.ClosesParagraph) != 0 && _openParagraphs > 0)
            {
                return false;
            }

            if (((rules & Rules.Heading) != 0 && _openHeadings > 0) || ((rules & Rules.Anchor) != 0 && _openAnchors > 0))
            {
                return false;
            }

            if ((rules & Rules.ListItem) != 0 && (_depth == 0 || (_open[_depth - 1].Rules & Rules.List) == 0))
            {
                return false;
            }

            return (rules & Rules.Void) != 0 || _depth < MaxDepth;
        }

        private void Push(Element element)
        {
            _open[_depth++] = element;
            Count(element.Rules, 1);
        }

        private void Pop() => Count(_open[--_depth].Rules, -1);

        private void Count(Rules rules, int delta)
        {
            _openParagraphs += (rules & Rules.Paragraph) != 0 ? delta : 0;
            _openHeadings += (rules & Rules.Heading) != 0 ? delta : 0;
            _openAnchors += (rules & Rules.Anchor) != 0 ? delta : 0;
        }

        private bool Attribute()
        {
            int nameStart = _i;
            if (!char.IsAsciiLetterLower(html[_i]))
            {
                return false;
            }

            while (_i < html.Length && IsAttributeNameChar(html[_i]))
            {
                _i++;
            }

            if (_i >= html.Length || !(IsTagSpace(html[_i]) || html[_i] is '=' or '>' or '/'))
            {
                return false;
            }

            ReadOnlySpan<char> name = html.AsSpan(nameStart, _i - nameStart);
            foreach (Range seen in scratch.SeenAttributes)
            {
                if (name.SequenceEqual(html.AsSpan()[seen]))
                {
                    // The parser keeps the first of duplicates; not worth proving.
                    return false;
                }
            }

            bool kept = KeptAttributeLookup.TryGetValue(name, out string? keptName);
            if (name.SequenceEqual("srcset"))
            {
                return false;
            }

            scratch.SeenAttributes.Add(new Range(nameStart, _i));
            StringBuilder value = scratch.Value.Clear();
            int afterName = _i;
            while (_i < html.Length && IsTagSpace(html[_i]))
            {
                _i++;
            }

            if (_i < html.Length && html[_i] == '=')
            {
                _i++;
                while (_i < html.Length && IsTagSpace(html[_i]))
                {
                    _i++;
                }

                if (!Value(value))
                {
                    return false;
                }
            }
            else
            {
                // No value: the whitespace belongs before the next attribute.
                _i = afterName;
            }

            if (!kept)
            {
                // Dropped, as HtmlSanitizer drops attributes outside the allow-list.
                return true;
            }

            string? url = null;
            if (UrlAttributes.Contains(keptName!) && !TrySanitizeUrl(value, out url))
            {
                return false;
            }

            _output.Append(' ').Append(keptName).Append("=\"");
            if (url is not null)
            {
                foreach (char c in url)
                {
                    AppendEscaped(_output, c, inAttribute: true);
                }
            }
            else
            {
                foreach (ReadOnlyMemory<char> chunk in value.GetChunks())
                {
                    foreach (char c in chunk.Span)
                    {
                        AppendEscaped(_output, c, inAttribute: true);
                    }
                }
            }

            _output.Append('"');
            return true;
        }

        /// <summary>Reads an attribute value (decoded) after '='.</summary>
        private bool Value(StringBuilder value)
        {
            if (_i >= html.Length)
            {
                return false;
            }

            char quote = html[_i];
            if (quote is not ('"' or '\''))
            {
                int start = _i;
                while (_i < html.Length && IsUnquotedValueChar(html[_i]))
                {
                    _i++;
                }

                if (_i == start || _i >= html.Length || !(IsTagSpace(html[_i]) || html[_i] == '>'))
                {
                    return false;
                }

                value.Append(html, start, _i - start);
                return true;
            }

            _i++;
            while (true)
            {
                int stop = html.AsSpan(_i).IndexOfAny(TextStops);
                int close = html.IndexOf(quote, _i);
                if (close < 0)
                {
                    return false;
                }

                if (stop < 0 || _i + stop > close)
                {
                    value.Append(html, _i, close - _i);
                    _i = close + 1;
                    break;
                }

                value.Append(html, _i, stop);
                _i += stop;
                bool ok = html[_i] switch
                {
                    '&' => Reference(inAttribute: true, value),
                    '<' or '>' => AppendRaw(value),
                    _ => SpecialChar(inAttribute: true, value),
                };
                if (!ok)
                {
                    return false;
                }
            }

            // The tokenizer wants a separator after a quoted value.
            return _i < html.Length && (IsTagSpace(html[_i]) || html[_i] is '>' or '/');
        }

        private bool AppendRaw(StringBuilder value)
        {
            value.Append(html[_i]);
            _i++;
            return true;
        }

        /// <summary>What HtmlSanitizer makes of a URL attribute, for the URLs whose outcome is
        /// certain: absolute http, https and mailto URLs stay as they are; relative ones resolve
        /// against the base with the same <see cref="Uri"/> call. Anything else is not proven.</summary>
        private readonly bool TrySanitizeUrl(StringBuilder value, [NotNullWhen(true)] out string? url)
        {
            url = null;
            if (value.Length == 0 || value.Length > 4096)
            {
                return false;
            }

            string text = value.ToString();
            foreach (char c in text)
            {
                if (c <= ' ' || c == '\\' || c == '\u007F' || c == '\u00A0')
                {
                    return false;
                }
            }

            if (text.StartsWith("http://", StringComparison.Ordinal)
                || text.StartsWith("https://", StringComparison.Ordinal)
                || text.StartsWith("mailto:", StringComparison.Ordinal))
            {
                url = text;
                return true;
            }

            // HtmlSanitizer reads a scheme before any ':' (or encoded colon) ahead of the first '/' or '#'.
            int pathStart = text.AsSpan().IndexOfAny('/', '#');
            ReadOnlySpan<char> head = pathStart < 0 ? text : text.AsSpan(0, pathStart);
            if (head.Contains(':') || text.Contains("&#", StringComparison.Ordinal))
            {
                return false;
            }

            if (!Uri.TryCreate(baseUri, text, out Uri? resolved) || resolved.Scheme is not ("http" or "https"))
            {
                return false;
            }

            url = resolved.AbsoluteUri;
            return true;
        }
    }
}
