using FeedHub.Core.Items;
using FeedHub.Core.Text;

namespace FeedHub.Core.Rules;

/// <summary>The text of an item that rules read, as plain text: title, summary and content together
/// as "content", each category on its own, the author.</summary>
public sealed record RuleSubject(string Title, string Content, IReadOnlyList<string> Categories, string Author)
{
    public static RuleSubject From(FeedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return From(item.Title, item.Summary, item.ContentHtml, item.Categories, item.Author);
    }

    /// <param name="summaryHtml">Sanitized HTML, as stored.</param>
    /// <param name="contentHtml">Sanitized HTML, as stored.</param>
    public static RuleSubject From(string? title, string? summaryHtml, string? contentHtml, IReadOnlyList<string> categories, string? author) =>
        new(
            title ?? "",
            (PlainText.FromHtml(summaryHtml) + "\n" + PlainText.FromHtml(contentHtml)).Trim(),
            categories,
            author ?? "");
}
