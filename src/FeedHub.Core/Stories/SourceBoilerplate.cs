using System.Buffers;

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
        ulong[] all = ArrayPool<ulong>.Shared.Rent(Math.Max(1, recentFeatures.Sum(features => features.ShingleCount)));
        try
        {
            int count = 0;
            foreach (StoryFeatures text in recentFeatures)
            {
                text.SortedShingles.CopyTo(all.AsSpan(count));
                count += text.ShingleCount;
            }

            return FromCounts(all.AsSpan(0, count), minItems);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(all);
        }
    }

    // Each text's shingles are distinct, so a shingle's run length after sorting all of them is
    // the number of texts having it; the runs come out ascending.
    private static SourceBoilerplate FromCounts(Span<ulong> all, int minItems)
    {
        all.Sort();
        var learned = new List<ulong>();
        int i = 0;
        while (i < all.Length)
        {
            int run = 1;
            while (i + run < all.Length && all[i + run] == all[i])
            {
                run++;
            }

            if (run >= minItems)
            {
                learned.Add(all[i]);
            }

            i += run;
        }

        return new SourceBoilerplate([.. learned]);
    }
}
