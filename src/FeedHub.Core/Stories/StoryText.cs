using System.Text;
using System.Text.RegularExpressions;
using FeedHub.Core.Text;

namespace FeedHub.Core.Stories;

/// <summary>What matching keeps of an item: its words with republishers' additions removed
/// (title on the first line, then one line per paragraph), and the names its credit lines give
/// as source. The text is stored with the item, so candidates never need to be re-cleaned.</summary>
public sealed partial record StoryText(string MatchText, IReadOnlyList<string> Credits)
{
    public static StoryText From(string? title, string? bodyHtml)
    {
        (List<string> paragraphs, List<string> credits) = RepublisherEdits.CleanBody(Paragraphs(bodyHtml));
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
    public static List<string> Paragraphs(string? bodyHtml)
    {
        var paragraphs = new List<string>();
        if (string.IsNullOrWhiteSpace(bodyHtml))
        {
            return paragraphs;
        }

        foreach (string block in BlockBreak().Split(bodyHtml))
        {
            string text = PlainText.FromHtml(block);
            if (!string.IsNullOrWhiteSpace(text))
            {
                paragraphs.Add(text);
            }
        }

        return paragraphs;
    }

    [GeneratedRegex(@"<\s*(?:/p|br|/div|/li|/h[1-6]|/blockquote|/tr|/figcaption|hr)\b[^>]*>|\r?\n\s*\r?\n|\r?\n", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BlockBreak();
}
