using System.Text;
using System.Xml.Linq;

namespace FeedHub.Ingestion.Parsing;

/// <summary>Reads element text the way feeds mean it: escaped HTML is already HTML after XML
/// decoding (and is never decoded a second time); inline XHTML is serialized back to markup.</summary>
internal static class MarkupText
{
    /// <summary>The element's text; when it holds child elements, its inner markup.</summary>
    public static string Read(XElement element) =>
        Demoronize(element.HasElements ? SerializeChildren(element) : element.Value);

    /// <summary>C1 control characters (U+0080-U+009F) never mean themselves in a feed: they are
    /// windows-1252 punctuation ("&amp;#146;" for ’) that went through a Latin-1 step.</summary>
    public static string Demoronize(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\u0080', '\u009F') < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            builder.Append(c is >= '\u0080' and <= '\u009F' ? Windows1252.GetString([(byte)c]) : c.ToString());
        }

        return builder.ToString();
    }

    private static readonly Encoding Windows1252 = CreateWindows1252();

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    /// <summary>Inner markup, with the XHTML namespace dropped so that it reads as plain HTML.
    /// An Atom-style single wrapping &lt;div&gt; is not part of the content.</summary>
    public static string SerializeChildren(XElement element, bool unwrapDiv = true)
    {
        XElement container = element;
        var significant = element.Nodes().Where(n => n is not XText t || !string.IsNullOrWhiteSpace(t.Value)).ToList();
        if (unwrapDiv && significant is [XElement { Name.LocalName: "div" } div] && div.Name.Namespace == FeedNamespaces.Xhtml)
        {
            container = div;
        }

        var builder = new StringBuilder();
        foreach (XNode node in container.Nodes())
        {
            Write(node, builder, 0);
        }

        return builder.ToString();
    }

    public static string EscapeText(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        AppendEscaped(builder, text, false);
        return builder.ToString();
    }

    /// <summary>Markup nested deeper than this is cut off: no real article needs it, and
    /// recursion on hostile nesting (100,000 &lt;div&gt;s) would overflow the stack.</summary>
    public const int MaxDepth = 128;

    private static void Write(XNode node, StringBuilder builder, int depth)
    {
        switch (node)
        {
            case XCData cdata:
                AppendEscaped(builder, cdata.Value, false);
                break;
            case XText text:
                AppendEscaped(builder, text.Value, false);
                break;
            case XElement element when depth < MaxDepth:
                WriteElement(element, builder, depth);
                break;
        }
    }

    /// <summary>Elements are written by local name, as HTML has no prefixes; an element entering a
    /// foreign vocabulary (SVG, MathML) declares it, as HTML's own serialization does.</summary>
    private static void WriteElement(XElement element, StringBuilder builder, int depth)
    {
        string name = element.Name.LocalName;
        builder.Append('<').Append(name);
        XNamespace ns = element.Name.Namespace;
        XNamespace parentNs = element.Parent?.Name.Namespace ?? XNamespace.None;
        if (ns != XNamespace.None && ns != FeedNamespaces.Xhtml && ns != parentNs)
        {
            builder.Append(" xmlns=\"");
            AppendEscaped(builder, ns.NamespaceName, true);
            builder.Append('"');
        }

        foreach (XAttribute attribute in element.Attributes().Where(a => !a.IsNamespaceDeclaration))
        {
            string attributeName = AttributeName(element, attribute.Name, out string? declaration);
            if (declaration is not null)
            {
                builder.Append(' ').Append(declaration);
            }

            builder.Append(' ').Append(attributeName).Append("=\"");
            AppendEscaped(builder, attribute.Value, true);
            builder.Append('"');
        }

        if (element.IsEmpty)
        {
            builder.Append(" />");
            return;
        }

        builder.Append('>');
        foreach (XNode child in element.Nodes())
        {
            Write(child, builder, depth + 1);
        }

        builder.Append("</").Append(name).Append('>');
    }

    private static string AttributeName(XElement scope, XName name, out string? declaration)
    {
        declaration = null;
        if (name.Namespace == XNamespace.None)
        {
            return name.LocalName;
        }

        if (name.Namespace == XNamespace.Xml)
        {
            return "xml:" + name.LocalName;
        }

        string prefix = scope.GetPrefixOfNamespace(name.Namespace) ?? "ns";
        if (scope.Attributes().Any(a => a.IsNamespaceDeclaration && a.Value == name.Namespace.NamespaceName))
        {
            declaration = $"xmlns:{prefix}=\"{name.Namespace.NamespaceName}\"";
        }

        return prefix + ":" + name.LocalName;
    }

    private static void AppendEscaped(StringBuilder builder, string text, bool attribute)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '&':
                    builder.Append("&amp;");
                    break;
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '"' when attribute:
                    builder.Append("&quot;");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }
}
