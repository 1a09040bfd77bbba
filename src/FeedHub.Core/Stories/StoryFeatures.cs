using System.Buffers;

namespace FeedHub.Core.Stories;

/// <summary>What the decision compares: the shingles of an item's matching text and the figures
/// it states. Built from the stored matching text, for the incoming item and its candidates alike.</summary>
/// <remarks>The shingles are held as one sorted array (8 bytes each, against ~20 in a hash set),
/// compared by merging (<see cref="SortedShingleSets"/>), with where each first occurs in the text
/// (4 bytes each) so index keys keep the order they always had.</remarks>
public sealed class StoryFeatures
{
    private readonly ulong[] _sorted;
    private readonly int[] _firstSeen;
    private HashSet<ulong>? _set;

    private StoryFeatures(ulong[] sorted, int[] firstSeen, HashSet<string> figures, int words)
    {
        _sorted = sorted;
        _firstSeen = firstSeen;
        Figures = figures;
        WordCount = words;
    }

    /// <summary>The distinct shingles, ascending.</summary>
    public ReadOnlySpan<ulong> SortedShingles => _sorted;

    public int ShingleCount => _sorted.Length;

    /// <summary>The shingles as a set, made on first use; matching itself reads
    /// <see cref="SortedShingles"/>.</summary>
    public HashSet<ulong> Shingles => _set ??= [.. _sorted];

    /// <summary>Numbers of the text (amounts, counts, dates): what tells two releases written
    /// from one template apart.</summary>
    public HashSet<string> Figures { get; }

    public int WordCount { get; }

    /// <summary>For each of <see cref="SortedShingles"/>, the position of its first occurrence
    /// among the text's shingles.</summary>
    internal ReadOnlySpan<int> FirstSeen => _firstSeen;

    public static StoryFeatures From(string matchText)
    {
        ArgumentNullException.ThrowIfNull(matchText);
        var figures = new HashSet<string>(StringComparer.Ordinal);
        int words = 0;
        int i = 0;
        while (i < matchText.Length)
        {
            char c = matchText[i];
            if (c is ' ' or '\n')
            {
                i++;
                continue;
            }

            int start = i;
            while (i < matchText.Length && matchText[i] is not (' ' or '\n'))
            {
                i++;
            }

            words++;
            if (char.IsDigit(c))
            {
                // Only figures become strings: they are compared by value across texts.
                string word = matchText[start..i];
                if (MatchingText.IsNumber(word) && !IsYear(word))
                {
                    figures.Add(word);
                }
            }
        }

        (ulong[] sorted, int[] firstSeen) = Distinct(matchText);
        return new StoryFeatures(sorted, firstSeen, figures, words);
    }

    private static (ulong[] Sorted, int[] FirstSeen) Distinct(string matchText)
    {
        ulong[] hashes = ArrayPool<ulong>.Shared.Rent(Math.Max(16, matchText.Length / 4));
        int[] positions = [];
        try
        {
            int count = Stories.Shingles.Hash(matchText, ref hashes);
            positions = ArrayPool<int>.Shared.Rent(Math.Max(1, count));
            for (int p = 0; p < count; p++)
            {
                positions[p] = p;
            }

            Array.Sort(hashes, positions, 0, count);
            int distinct = 0;
            for (int p = 0; p < count; p++)
            {
                if (p == 0 || hashes[p] != hashes[p - 1])
                {
                    hashes[distinct] = hashes[p];
                    positions[distinct] = positions[p];
                    distinct++;
                }
                else if (positions[p] < positions[distinct - 1])
                {
                    // The sort is not stable: a repeat keeps the earliest position.
                    positions[distinct - 1] = positions[p];
                }
            }

            return (hashes.AsSpan(0, distinct).ToArray(), positions.AsSpan(0, distinct).ToArray());
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(hashes);
            if (positions.Length > 0)
            {
                ArrayPool<int>.Shared.Return(positions);
            }
        }
    }

    // The year is in every release of that year: it tells none of them apart.
    private static bool IsYear(string word) => word.Length == 4 && word[0] is '1' or '2' && word.CompareTo("1900") >= 0 && word.CompareTo("2100") <= 0;
}
