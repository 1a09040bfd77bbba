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
        var lines = new List<string>(paragraphs.Count + 1) { string.Join(' ', MatchingText.Words(RepublisherEdits.CleanTitle(title))) };
        foreach (string paragraph in paragraphs)
        {
            List<string> words = MatchingText.Words(paragraph);
            if (words.Count > 0)
            {
                lines.Add(string.Join(' ', words));
            }
        }

        return new StoryText(string.Join('\n', lines), credits);
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
