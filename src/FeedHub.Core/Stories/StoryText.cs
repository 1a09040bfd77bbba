using System.Text;
using FeedHub.Core.Text;

namespace FeedHub.Core.Stories;

/// <summary>What matching keeps of an item: its words with republishers' additions removed
/// (title on the first line, then one line per paragraph), and the names its credit lines give
/// as source. The text is stored with the item, so candidates never need to be re-cleaned.</summary>
public sealed record StoryText(string MatchText, IReadOnlyList<string> Credits)
{
    public static StoryText From(string? title, string? bodyHtml) => Build(title, Paragraphs(bodyHtml));

    /// <summary>As <see cref="From(string?, string?)"/>; <paramref name="bodyText"/> is
    /// <see cref="PlainText.FromHtml(string?)"/> of the body, read along with its paragraphs (the
    /// search text needs it too).</summary>
    public static StoryText From(string? title, string? bodyHtml, out string bodyText)
    {
        List<string> blocks = ParagraphBlocks.Read(bodyHtml, readBodyText: true, out string? joined);
        bodyText = joined ?? PlainText.FromHtml(bodyHtml);
        return Build(title, blocks);
    }

    private static StoryText Build(string? title, List<string> blocks)
    {
        (List<string> paragraphs, List<string> credits) = RepublisherEdits.CleanBody(blocks);
        string cleanTitle = RepublisherEdits.CleanTitle(title);
        int capacity = cleanTitle.Length;
        foreach (string paragraph in paragraphs)
        {
            capacity += paragraph.Length + 1;
        }

        // The title's line (empty or not), then one line per paragraph that has words: written
        // straight into one builder, as joining word strings by spaces and lines by line feeds did.
        var text = new StringBuilder(capacity);
        MatchingText.AppendWords(text, cleanTitle);
        foreach (string paragraph in paragraphs)
        {
            int lineStart = text.Length;
            text.Append('\n');
            if (MatchingText.AppendWords(text, paragraph) == 0)
            {
                text.Length = lineStart;
            }
        }

        return new StoryText(text.ToString(), credits);
    }

    /// <summary>Plain-text paragraphs: block tags and line breaks end a paragraph, so a credit
    /// line on its own line is recognised as one.</summary>
    public static List<string> Paragraphs(string? bodyHtml) => ParagraphBlocks.Read(bodyHtml, readBodyText: false, out _);
}
