using FeedHub.Core.Text;

namespace FeedHub.Core.Stories;

/// <summary>The two texts stored with a new item that read its body: the matching text and the
/// search text. The body (content, else summary) is read once for both: its paragraphs give the
/// matching text and, joined, the plain text the search text folds.</summary>
public static class NewItemTexts
{
    /// <summary><see cref="StoryText.From(string?, string?)"/> of the title and body, and
    /// <paramref name="searchText"/>, <see cref="SearchFold.ItemText"/> of the three fields.</summary>
    public static StoryText Read(string? title, string? summaryHtml, string? contentHtml, out string searchText)
    {
        StoryText story = StoryText.From(title, contentHtml ?? summaryHtml, out string bodyText);
        string titleText = PlainText.FromHtml(title);
        searchText = contentHtml is null
            ? SearchFold.ItemTextOfPlainTexts(titleText, bodyText, string.Empty)
            : SearchFold.ItemTextOfPlainTexts(titleText, PlainText.FromHtml(summaryHtml), bodyText);
        return story;
    }
}
