using System.Collections.Frozen;
using System.Text;

namespace FeedHub.Ingestion.Normalizing;

/// <summary>
/// Bounds how deep an HTML parser's tree can get, before any parser sees the markup. AngleSharp's
/// tree building is quadratic in nesting depth (100,000 nested &lt;div&gt; take about a minute) and
/// deep trees threaten the stack of anything recursive downstream. A single linear pass models the
/// parser's stack of open elements and removes start tags (and their end tags) that would open
/// elements beyond <c>maxDepth</c>: the text stays, only structure below the limit is flattened.
/// </summary>
/// <remarks>
/// The model errs on the deep side: it follows the end tags the HTML tree builder honours (an end
/// tag never closes across a "special" element it doesn't name), a few implied closings (p, li, dt,
/// dd, table parts, headings), implied table parts, and formatting elements (b, i, a...) left open
/// by an end tag of their container, which the parser reopens at every later tag. Those are capped
/// separately, since reopening them at each tag is what makes "&lt;p&gt;&lt;b id=N&gt;&lt;/p&gt;"
/// repeated quadratic in node count.
/// </remarks>
public static class HtmlNestingLimiter
{
    public const int DefaultMaxDepth = 256;

    /// <summary>Implicitly closed formatting elements the parser may keep reopening. Each one is
    /// copied into every later paragraph, so the cap bounds how many nodes each tag can cost.</summary>
    public const int MaxReopenedFormatting = 4;

    private static readonly FrozenSet<string> VoidElements = FrozenSet.Create(
        StringComparer.Ordinal,
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input",
        "keygen", "link", "meta", "param", "source", "track", "wbr");

    // Content is text to the parser, up to the matching end tag.
    private static readonly FrozenSet<string> RawTextElements = FrozenSet.Create(
        StringComparer.Ordinal,
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes");

    private static readonly FrozenSet<string> FormattingElements = FrozenSet.Create(
        StringComparer.Ordinal,
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u");

    // The HTML standard's "special" category: an end tag for another element never closes them.
    private static readonly FrozenSet<string> SpecialElements = FrozenSet.Create(
        StringComparer.Ordinal,
        "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote", "body",
        "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div", "dl", "dt",
        "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3",
        "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img", "input", "keygen", "li",
        "link", "listing", "main", "marquee", "menu", "meta", "nav", "noembed", "noframes", "noscript",
        "object", "ol", "p", "param", "plaintext", "pre", "script", "search", "section", "select", "source",
        "style", "summary", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title",
        "tr", "track", "ul", "wbr", "xmp", "svg", "math", "foreignobject", "desc", "mi", "mo", "mn", "ms",
        "mtext", "annotation-xml");

    // Elements an end tag of a special element does not search past ("in scope").
    private static readonly FrozenSet<string> ScopeBoundaries = FrozenSet.Create(
        StringComparer.Ordinal,
        "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button", "svg", "math");

    // Start tags that close an open p first.
    private static readonly FrozenSet<string> ClosesParagraph = FrozenSet.Create(
        StringComparer.Ordinal,
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
        "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p",
        "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing", "form",
        "table", "hr", "xmp", "li", "dd", "dt");

    private static readonly FrozenSet<string> Headings = FrozenSet.Create(StringComparer.Ordinal, "h1", "h2", "h3", "h4", "h5", "h6");

    /// <summary>The markup with nesting beyond <paramref name="maxDepth"/> flattened; the same
    /// instance when nothing had to change.</summary>
    public static string Limit(string html, int maxDepth = DefaultMaxDepth)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        return new Scan(html, maxDepth).Run();
    }

    private readonly record struct OpenElement(string Name, string Key);

    private sealed class Scan(string html, int maxDepth)
    {
        private readonly List<OpenElement> _open = [];
        private readonly List<OpenElement> _reopenable = [];
        private readonly Dictionary<string, int> _droppedOpen = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _openCount = new(StringComparer.Ordinal);
        private StringBuilder? _output;
        private int _copiedUpTo;

        private int Depth => _open.Count + _reopenable.Count;

        public string Run()
        {
            int i = 0;
            while (i < html.Length)
            {
                int lt = html.IndexOf('<', i);
                if (lt < 0 || lt + 1 >= html.Length)
                {
                    break;
                }

                i = Step(lt);
            }

            if (_output is null)
            {
                return html;
            }

            _output.Append(html, _copiedUpTo, html.Length - _copiedUpTo);
            return _output.ToString();
        }

        /// <summary>Handles the markup at <paramref name="lt"/>; returns where scanning continues.</summary>
        private int Step(int lt)
        {
            char next = html[lt + 1];
            if (next == '!')
            {
                return html.AsSpan(lt).StartsWith("<!--")
                    ? IndexAfter(lt + 4, "-->")
                    : IndexAfter(lt + 2, ">");
            }

            if (next == '?')
            {
                return IndexAfter(lt + 2, ">");
            }

            bool isEnd = next == '/';
            int nameStart = lt + (isEnd ? 2 : 1);
            if (nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart]))
            {
                return isEnd ? IndexAfter(nameStart, ">") : lt + 1;
            }

            int nameEnd = nameStart;
            while (nameEnd < html.Length && !char.IsWhiteSpace(html[nameEnd]) && html[nameEnd] != '/' && html[nameEnd] != '>')
            {
                nameEnd++;
            }

            int tagEnd = SkipTagBody(nameEnd);
            if (tagEnd < 0)
            {
                // An unterminated tag at the end of input is dropped by the tokenizer.
                return html.Length;
            }

            string name = html[nameStart..nameEnd].ToLowerInvariant();
            if (isEnd)
            {
                if (!HandleEnd(name))
                {
                    Drop(lt, tagEnd);
                }

                return tagEnd;
            }

            bool kept = HandleStart(name, html[nameStart..(tagEnd - 1)]);
            if (!RawTextElements.Contains(name))
            {
                if (!kept)
                {
                    Drop(lt, tagEnd);
                }

                return tagEnd;
            }

            int close = IndexOfEndTag(tagEnd, name);
            int afterClose = close < 0 ? html.Length : Math.Max(SkipTagBody(close + 2 + name.Length), close + 2 + name.Length);
            if (!kept)
            {
                // The whole element goes, end tag included: left behind, its raw text would be
                // parsed as markup.
                _droppedOpen[name]--;
                Drop(lt, afterClose);
                return afterClose;
            }

            if (close >= 0)
            {
                HandleEnd(name);
            }

            return afterClose;
        }

        /// <summary>Models a start tag; false when it must be removed.</summary>
        private bool HandleStart(string name, string tagText)
        {
            if (VoidElements.Contains(name) || name is "html" or "body" or "head")
            {
                return true;
            }

            ApplyImpliedEndTags(name);
            bool isFormatting = FormattingElements.Contains(name);
            int implied = ImpliedTableParents(name);
            if (Depth + implied >= maxDepth || (isFormatting && _reopenable.Count >= MaxReopenedFormatting))
            {
                _droppedOpen[name] = _droppedOpen.GetValueOrDefault(name) + 1;
                return false;
            }

            PushImpliedTableParents(name);
            Push(new OpenElement(name, isFormatting ? tagText : name));
            return true;
        }

        /// <summary>Models an end tag; false when it closes an element whose start tag was removed.</summary>
        private bool HandleEnd(string name)
        {
            if (_droppedOpen.TryGetValue(name, out int dropped) && dropped > 0)
            {
                _droppedOpen[name] = dropped - 1;
                return false;
            }

            int index = FindOpen(name);
            if (index >= 0)
            {
                PopTo(index);
            }
            else if (FormattingElements.Contains(name))
            {
                int reopenable = _reopenable.FindLastIndex(element => element.Name == name);
                if (reopenable >= 0)
                {
                    _reopenable.RemoveAt(reopenable);
                }
            }

            return true;
        }

        /// <summary>Index of the element an end tag for <paramref name="name"/> closes, or -1.</summary>
        private int FindOpen(string name)
        {
            if (_openCount.GetValueOrDefault(name) == 0)
            {
                return -1;
            }

            bool special = SpecialElements.Contains(name);
            for (int i = _open.Count - 1; i >= 0; i--)
            {
                string open = _open[i].Name;
                if (open == name)
                {
                    return i;
                }

                if (special ? ScopeBoundaries.Contains(open) : SpecialElements.Contains(open))
                {
                    return -1;
                }
            }

            return -1;
        }

        private void ApplyImpliedEndTags(string name)
        {
            if (ClosesParagraph.Contains(name))
            {
                CloseNearest(["p"], stopAtSpecial: false);
            }

            if (name == "li")
            {
                CloseNearest(["li"], stopAtSpecial: true);
            }
            else if (name is "dd" or "dt")
            {
                CloseNearest(["dd", "dt"], stopAtSpecial: true);
            }
            else if (name is "td" or "th")
            {
                CloseNearest(["td", "th"], stopAtSpecial: false);
            }
            else if (name == "tr")
            {
                CloseNearest(["tr"], stopAtSpecial: false);
            }
            else if (name is "tbody" or "thead" or "tfoot")
            {
                CloseNearest(["tbody", "thead", "tfoot"], stopAtSpecial: false);
            }
            else if (name is "option" or "optgroup")
            {
                CloseNearest(["option"], stopAtSpecial: true);
            }

            if (Headings.Contains(name) && _open.Count > 0 && Headings.Contains(_open[^1].Name))
            {
                PopTo(_open.Count - 1);
            }
        }

        private void CloseNearest(ReadOnlySpan<string> names, bool stopAtSpecial)
        {
            bool anyOpen = false;
            foreach (string name in names)
            {
                anyOpen |= _openCount.GetValueOrDefault(name) > 0;
            }

            if (!anyOpen)
            {
                return;
            }

            for (int i = _open.Count - 1; i >= 0; i--)
            {
                string open = _open[i].Name;
                if (names.Contains(open))
                {
                    PopTo(i);
                    return;
                }

                if (ScopeBoundaries.Contains(open) || (stopAtSpecial && SpecialElements.Contains(open) && open is not ("address" or "div" or "p")))
                {
                    return;
                }
            }
        }

        private int ImpliedTableParents(string name)
        {
            string? top = _open.Count > 0 ? _open[^1].Name : null;
            return (name, top) switch
            {
                ("tr", "table") => 1,
                ("td" or "th", "table") => 2,
                ("td" or "th", "tbody" or "thead" or "tfoot") => 1,
                _ => 0,
            };
        }

        private void PushImpliedTableParents(string name)
        {
            int implied = ImpliedTableParents(name);
            if (implied == 2 || (implied == 1 && name == "tr"))
            {
                Push(new OpenElement("tbody", "tbody"));
            }

            if (implied >= 1 && name is "td" or "th")
            {
                Push(new OpenElement("tr", "tr"));
            }
        }

        private void Push(OpenElement element)
        {
            _open.Add(element);
            _openCount[element.Name] = _openCount.GetValueOrDefault(element.Name) + 1;
        }

        /// <summary>Pops the element at <paramref name="index"/> and everything above it; formatting
        /// elements closed this way stay on the parser's list to be reopened.</summary>
        private void PopTo(int index)
        {
            for (int i = _open.Count - 1; i >= index; i--)
            {
                _openCount[_open[i].Name]--;
                if (i > index && FormattingElements.Contains(_open[i].Name))
                {
                    Reopenable(_open[i]);
                }
            }

            _open.RemoveRange(index, _open.Count - index);
        }

        private void Reopenable(OpenElement element)
        {
            // The parser keeps at most three identical entries (the "Noah's Ark" clause).
            int identical = 0;
            int earliest = -1;
            for (int i = 0; i < _reopenable.Count; i++)
            {
                if (_reopenable[i].Key == element.Key)
                {
                    identical++;
                    earliest = earliest < 0 ? i : earliest;
                }
            }

            if (identical >= 3)
            {
                _reopenable.RemoveAt(earliest);
            }

            _reopenable.Add(element);
        }

        private void Drop(int start, int end)
        {
            _output ??= new StringBuilder(html.Length);
            _output.Append(html, _copiedUpTo, start - _copiedUpTo);
            _copiedUpTo = end;
        }

        /// <summary>Index after the '&gt;' ending a tag (quoted attribute values honoured), or -1.</summary>
        private int SkipTagBody(int i)
        {
            char quote = '\0';
            bool afterEquals = false;
            for (; i < html.Length; i++)
            {
                char c = html[i];
                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }

                    continue;
                }

                if (c == '>')
                {
                    return i + 1;
                }

                if (afterEquals && (c == '"' || c == '\''))
                {
                    quote = c;
                    afterEquals = false;
                }
                else if (c == '=')
                {
                    afterEquals = true;
                }
                else if (!char.IsWhiteSpace(c))
                {
                    afterEquals = false;
                }
            }

            return -1;
        }

        private int IndexOfEndTag(int from, string name)
        {
            for (int i = html.IndexOf("</", from, StringComparison.Ordinal); i >= 0; i = html.IndexOf("</", i + 2, StringComparison.Ordinal))
            {
                int nameEnd = i + 2 + name.Length;
                if (nameEnd <= html.Length
                    && html.AsSpan(i + 2, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase)
                    && (nameEnd == html.Length || html[nameEnd] is '>' or '/' || char.IsWhiteSpace(html[nameEnd])))
                {
                    return i;
                }
            }

            return -1;
        }

        private int IndexAfter(int from, string terminator)
        {
            int index = html.IndexOf(terminator, Math.Min(from, html.Length), StringComparison.Ordinal);
            return index < 0 ? html.Length : index + terminator.Length;
        }
    }
}
