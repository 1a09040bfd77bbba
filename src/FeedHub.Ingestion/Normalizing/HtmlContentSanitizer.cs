using System.Collections.Frozen;
using System.Net;
using AngleSharp.Dom;
using FeedHub.Core.Text;
using Ganss.Xss;

namespace FeedHub.Ingestion.Normalizing;

/// <summary>
/// Makes item HTML safe to republish: an explicit allow-list of tags and attributes (no scripts,
/// styles, forms, frames, SVG or MathML, no event handlers), http/https/mailto URLs only, relative
/// URLs made absolute against the item's base, every srcset entry checked, and every link marked
/// rel="noopener noreferrer nofollow". Size and nesting are capped before the parser runs.
/// Thread-safe: one instance can serve every source.
/// </summary>
public sealed class HtmlContentSanitizer
{
    public const string LinkRel = "noopener noreferrer nofollow";

    private static readonly string[] AllowedTags =
    [
        "p", "br", "hr", "div", "span", "a", "b", "strong", "i", "em", "u", "s", "del", "ins", "mark",
        "small", "sub", "sup", "abbr", "time", "bdi", "wbr", "blockquote", "q", "cite", "code", "pre",
        "kbd", "samp", "var", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "img", "figure", "figcaption", "picture", "source", "audio", "video", "track", "table", "caption",
        "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td", "article", "section", "header",
        "footer", "aside", "details", "summary", "address",
    ];

    private static readonly string[] AllowedAttributes =
    [
        "href", "src", "srcset", "sizes", "alt", "title", "width", "height", "loading", "colspan",
        "rowspan", "scope", "headers", "span", "datetime", "cite", "controls", "poster", "preload", "loop",
        "muted", "playsinline", "type", "media", "start", "reversed", "value", "lang", "dir", "abbr",
        "kind", "srclang", "label", "open",
    ];

    // Removed with everything inside: their content is code, not text a reader should see.
    private static readonly FrozenSet<string> DroppedWithContent = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object", "embed",
        "applet", "svg", "math", "form", "button", "select", "textarea", "input", "option", "head",
        "title", "meta", "link", "base", "noembed", "noframes", "xmp", "plaintext", "canvas", "dialog");

    [ThreadStatic]
    private static AngleSharp.Html.Parser.HtmlParser? t_parser;

    // Built at the first fragment the fast path cannot prove: its set-up (AngleSharp's CSS tables)
    // costs a short process that sanitizes nothing, a refresh whose sources all answer 304, about
    // a tenth of a second of CPU.
    private readonly Lazy<HtmlSanitizer> _sanitizer;
    private readonly bool _fastPath;

    public HtmlContentSanitizer()
        : this(fastPath: true)
    {
    }

    /// <param name="fastPath">Whether fragments <see cref="AllowListFastPath"/> proves safe skip
    /// HtmlSanitizer; off only to compare the two paths.</param>
    internal HtmlContentSanitizer(bool fastPath)
    {
        _fastPath = fastPath;
        _sanitizer = new Lazy<HtmlSanitizer>(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether HtmlSanitizer has been built (for the tests that pin when it is).</summary>
    internal bool HtmlSanitizerBuilt => _sanitizer.IsValueCreated;

    private static HtmlSanitizer Build()
    {
        HtmlSanitizerOptions options = HtmlSanitizerOptions.Empty();
        options.AllowedTags.UnionWith(AllowedTags);
        options.AllowedAttributes.UnionWith(AllowedAttributes);
        options.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        options.UriAttributes.UnionWith(["href", "src", "cite", "poster"]);
        options.UriListAttributes.UnionWith(["srcset"]);

        var sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };

        // HtmlSanitizer's default factory builds a parser and browsing context per call; AngleSharp's
        // parser is reusable (one document per call) but not concurrently, so each thread keeps one.
        Func<AngleSharp.Html.Parser.HtmlParser> createParser = sanitizer.HtmlParserFactory;
        sanitizer.HtmlParserFactory = () => t_parser ??= createParser();
        sanitizer.RemovingTag += (_, e) =>
        {
            if (DroppedWithContent.Contains(e.Tag.LocalName))
            {
                e.Tag.InnerHtml = string.Empty;
            }
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { LocalName: "a" } link)
            {
                link.SetAttribute("rel", LinkRel);
            }
        };
        return sanitizer;
    }

    /// <summary>Safe HTML for <paramref name="html"/>, at most <paramref name="maxLength"/>
    /// characters; null when nothing is left.</summary>
    /// <param name="baseUri">What relative URLs resolve against (the item's base).</param>
    public string? Sanitize(string? html, Uri baseUri, int maxLength = FieldLimits.Content)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrWhiteSpace(html))
        {
            return null;
        }

        string input = Truncation.Cut(html, maxLength);
        string output = SanitizeOnce(ref input, baseUri);

        // Absolute URLs, rel attributes and escaping make the output longer than its input; cut
        // the input further and sanitize again rather than cut the output mid-tag.
        for (int attempt = 0; output.Length > maxLength && attempt < 3; attempt++)
        {
            int shorter = (int)((long)input.Length * maxLength / output.Length * 9 / 10);
            input = Truncation.Cut(input, shorter);
            output = SanitizeOnce(ref input, baseUri);
        }

        if (output.Length > maxLength)
        {
            output = WebUtility.HtmlEncode(Truncation.Cut(PlainText.FromHtml(input), maxLength / 6));
        }

        output = output.Trim();
        return output.Length == 0 ? null : output;
    }

    /// <summary>HtmlSanitizer's output for <paramref name="html"/> alone (nesting capped first),
    /// without the fast path, size limit or trimming: what the fast path is held to.</summary>
    internal string SanitizeWithHtmlSanitizer(string html, Uri baseUri) =>
        _sanitizer.Value.Sanitize(HtmlNestingLimiter.Limit(html), baseUri.AbsoluteUri);

    /// <summary>One sanitizing pass; <paramref name="input"/> becomes what HtmlSanitizer was given
    /// (nesting capped), so a retry cuts the same text.</summary>
    private string SanitizeOnce(ref string input, Uri baseUri)
    {
        if (_fastPath && AllowListFastPath.TryApply(input, baseUri, out string? proven))
        {
            return proven;
        }

        input = HtmlNestingLimiter.Limit(input);
        return _sanitizer.Value.Sanitize(input, baseUri.AbsoluteUri);
    }
}
