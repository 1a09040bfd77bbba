using System.Text.Json;
using FeedHub.Storage.Search;

namespace FeedHub.Storage.SqlServer;

/// <summary>A search as SQL Server's dialect matches it against item_search_terms: per phrase, the
/// range of terms its seek token covers and, where the token alone cannot decide, a LIKE pattern
/// for the item's folded text. The phrase to seek first goes first (its token is the longest,
/// which usually matches fewest items).</summary>
internal static class SqlServerSearch
{
    /// <summary>The collation of item_search_terms.term: tokens are already folded, so they are
    /// compared as code points.</summary>
    public const string Collation = "Latin1_General_100_BIN2";

    /// <summary>The longest token item_search_terms holds whole (its key's limit).</summary>
    public const int MaxTermLength = 400;

    /// <summary>Above every character SearchFold keeps (letters, digits, marks): a prefix's range ends here.</summary>
    private const char AfterEveryToken = '\uFFFF';

    public static string Value(SearchTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var phrases = terms.Phrases
            .Select(Phrase)
            .OrderByDescending(phrase => phrase.Low.Length)
            .ToList();
        return JsonSerializer.Serialize(phrases.Select(phrase => new Dictionary<string, string?>
        {
            ["low"] = phrase.Low,
            ["high"] = phrase.High,
            ["like"] = phrase.Like,
        }));
    }

    /// <summary>One phrase: its longest token sought as a prefix (a whole token is a prefix of
    /// itself, so the range finds a superset that the pattern narrows); a phrase of one token no
    /// longer than a term is decided by the range alone.</summary>
    private static (string Low, string High, string? Like) Phrase(string[] tokens)
    {
        string longest = tokens.MaxBy(token => token.Length) ?? "";
        string low = longest.Length > MaxTermLength ? longest[..MaxTermLength] : longest;
        bool decidedByTerm = tokens.Length == 1 && longest.Length <= MaxTermLength;
        // The text is tokens joined by single spaces; with one space before it, " covid 19" at a
        // token's start is the phrase, the last token a word prefix.
        string? like = decidedByTerm ? null : "% " + EscapeLike(string.Join(' ', tokens)) + "%";
        return (low, low + AfterEveryToken, like);
    }

    // Tokens hold letters, digits and marks only; escaped all the same, so no text is a pattern.
    private static string EscapeLike(string text) =>
        text.Replace("[", "[[]", StringComparison.Ordinal)
            .Replace("%", "[%]", StringComparison.Ordinal)
            .Replace("_", "[_]", StringComparison.Ordinal);
}
