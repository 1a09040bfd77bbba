using System.Buffers;
using System.Numerics;

namespace FeedHub.Core.Stories;

/// <summary>Shingles a source repeats across different stories: its footer, its "Ikuti kami"
/// line, the template sentences of an office's releases, the officials it names every day.
/// Learned per source from its recent items rather than from a hand list, and left out of both
/// sides of every comparison, so what remains is what is specific to one story.</summary>
public sealed class SourceBoilerplate
{
    public static readonly SourceBoilerplate None = new([]);

    // Ascending: compared with texts' sorted shingles by merging.
    private readonly ulong[] _shingles;

    private SourceBoilerplate(ulong[] shingles)
    {
        _shingles = shingles;
    }

    public int Count => _shingles.Length;

    /// <summary>The learned shingles, ascending.</summary>
    public ReadOnlySpan<ulong> SortedShingles => _shingles;

    public bool Contains(ulong shingle) => SortedShingleSets.Contains(_shingles, shingle);

    /// <summary>Shingles found in at least <paramref name="minItems"/> distinct texts of
    /// <paramref name="recentMatchTexts"/> (the source's recent items; identical texts count once,
    /// so a re-posted item does not turn its own sentences into boilerplate).</summary>
    public static SourceBoilerplate Learn(IEnumerable<string> recentMatchTexts, int minItems)
    {
        ArgumentNullException.ThrowIfNull(recentMatchTexts);
        return Learn([.. recentMatchTexts.Distinct(StringComparer.Ordinal).Select(StoryFeatures.From)], minItems);
    }

    /// <summary>The same, from the features of distinct texts.</summary>
    public static SourceBoilerplate Learn(IReadOnlyCollection<StoryFeatures> recentFeatures, int minItems)
    {
        ArgumentNullException.ThrowIfNull(recentFeatures);
        ArgumentOutOfRangeException.ThrowIfLessThan(minItems, 2);
        int total = recentFeatures.Sum(features => features.ShingleCount);
        if (total == 0)
        {
            return None;
        }

        // Counted in an open-addressed table rather than by sorting all the texts' shingles
        // together: every changed poll learns from ~60 texts (thousands of shingles), and the sort
        // was most of that cost. Only the few shingles that reach minItems are sorted.
        int bits = Math.Max(4, BitOperations.Log2((uint)total) + 2);
        int size = 1 << bits;
        ulong[] keys = ArrayPool<ulong>.Shared.Rent(size);
        int[] counts = ArrayPool<int>.Shared.Rent(size);
        try
        {
            Span<int> countSpan = counts.AsSpan(0, size);
            countSpan.Clear();
            int mask = size - 1;
            var learned = new List<ulong>();
            foreach (StoryFeatures text in recentFeatures)
            {
                // A text's shingles are distinct, so a shingle's count is the number of texts having it.
                foreach (ulong shingle in text.SortedShingles)
                {
                    int slot = (int)((shingle * 0x9E3779B97F4A7C15UL) >> (64 - bits));
                    while (countSpan[slot] != 0 && keys[slot] != shingle)
                    {
                        slot = (slot + 1) & mask;
                    }

                    keys[slot] = shingle;
                    if (++countSpan[slot] == minItems)
                    {
                        learned.Add(shingle);
                    }
                }
            }

            learned.Sort();
            return new SourceBoilerplate([.. learned]);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(counts);
        }
    }
}
