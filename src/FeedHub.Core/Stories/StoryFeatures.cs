namespace FeedHub.Core.Stories;

/// <summary>What the decision compares: the shingles of an item's matching text and the figures
/// it states. Built from the stored matching text, for the incoming item and its candidates alike.</summary>
public sealed class StoryFeatures
{
    private StoryFeatures(HashSet<ulong> shingles, HashSet<string> figures, int words)
    {
        Shingles = shingles;
        Figures = figures;
        WordCount = words;
    }

    public HashSet<ulong> Shingles { get; }

    /// <summary>Numbers of the text (amounts, counts, dates): what tells two releases written
    /// from one template apart.</summary>
    public HashSet<string> Figures { get; }

    public int WordCount { get; }

    public static StoryFeatures From(string matchText)
    {
        ArgumentNullException.ThrowIfNull(matchText);
        var figures = new HashSet<string>(StringComparer.Ordinal);
        int words = 0;
        foreach (string word in matchText.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            words++;
            if (MatchingText.IsNumber(word) && !IsYear(word))
            {
                figures.Add(word);
            }
        }

        return new StoryFeatures(Stories.Shingles.Of(matchText), figures, words);
    }

    // The year is in every release of that year: it tells none of them apart.
    private static bool IsYear(string word) => word.Length == 4 && word[0] is '1' or '2' && word.CompareTo("1900") >= 0 && word.CompareTo("2100") <= 0;
}
