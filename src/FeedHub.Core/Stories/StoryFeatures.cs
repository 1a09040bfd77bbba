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
        ulong[] hashes = ArrayPool<ulong>.Shared.Rent((matchText.Length / 2) + 1);
        try
        {
            int count = Stories.Shingles.Hash(matchText, ref hashes, out int words, figures);
            (ulong[] sorted, int[] firstSeen) = Distinct(hashes, count);
            return new StoryFeatures(sorted, firstSeen, figures, words);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(hashes);
        }
    }

    /// <summary>Adds a word that starts with a digit to the figures unless it is a year. Only
    /// figures become strings: they are compared by value across texts.</summary>
    internal static void AddFigure(HashSet<string> figures, ReadOnlySpan<char> word)
    {
        if (!IsYear(word))
        {
            // A figure repeated in the text is found by its characters, not made a string again.
            figures.GetAlternateLookup<ReadOnlySpan<char>>().Add(word);
        }
    }

    private static (ulong[] Sorted, int[] FirstSeen) Distinct(ulong[] hashes, int count)
    {
        int[] positions = ArrayPool<int>.Shared.Rent(Math.Max(1, count));
        try
        {
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
            ArrayPool<int>.Shared.Return(positions);
        }
    }

    // The year is in every release of that year: it tells none of them apart. A year is four ASCII
    // digits from 1900 to 2100; an amount with its unit (20jt, 19kg, 20rb) is a figure, whatever the
    // culture (a culture's comparison put those between 1900 and 2100 and dropped them).
    private static bool IsYear(ReadOnlySpan<char> word) =>
        word.Length == 4
        && char.IsAsciiDigit(word[0]) && char.IsAsciiDigit(word[1]) && char.IsAsciiDigit(word[2]) && char.IsAsciiDigit(word[3])
        && word.SequenceCompareTo("1900") >= 0 && word.SequenceCompareTo("2100") <= 0;
}
