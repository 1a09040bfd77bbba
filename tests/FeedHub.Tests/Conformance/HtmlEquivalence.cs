using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace FeedHub.Tests.Conformance;

/// <summary>Compares two HTML fragments as the DOM a browser builds from them: attribute order,
/// quoting, entity spelling and void-tag syntax do not matter; names, values and text do.</summary>
public static partial class HtmlEquivalence
{
    public static bool LooksLikeMarkup(string value) => TagPattern().IsMatch(value);

    public static bool Same(string left, string right) => Canonical(left) == Canonical(right);

    private static string Canonical(string html)
    {
        IDocument document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><body>" + html.Trim() + "</body></html>");
        var builder = new StringBuilder();
        foreach (INode node in document.Body!.ChildNodes)
        {
            Write(node, builder);
        }

        return builder.ToString();
    }

    private static void Write(INode node, StringBuilder builder)
    {
        switch (node)
        {
            case IElement element:
                builder.Append('<').Append(element.LocalName);
                foreach (IAttr attribute in element.Attributes.Where(a => !a.Name.StartsWith("xmlns", StringComparison.Ordinal)).OrderBy(a => a.Name, StringComparer.Ordinal))
                {
                    builder.Append(' ').Append(attribute.Name).Append("=[").Append(attribute.Value).Append(']');
                }

                builder.Append('>');
                foreach (INode child in element.ChildNodes)
                {
                    Write(child, builder);
                }

                builder.Append("</").Append(element.LocalName).Append('>');
                break;
            case IText text:
                builder.Append(text.Data);
                break;
            case IComment comment:
                builder.Append("<!--").Append(comment.Data).Append("-->");
                break;
        }
    }

    [GeneratedRegex("<[A-Za-z]")]
    private static partial Regex TagPattern();
}
