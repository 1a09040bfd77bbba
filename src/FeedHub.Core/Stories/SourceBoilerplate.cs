using System.Runtime.InteropServices;

namespace FeedHub.Core.Stories;

/// <summary>Shingles a source repeats across different stories: its footer, its "Ikuti kami"
/// line, the template sentences of an office's releases, the officials it names every day.
/// Learned per source from its recent items rather than from a hand list, and left out of both
/// sides of every comparison, so what remains is what is specific to one story.</summary>
public sealed class SourceBoilerplate
{
    public static readonly SourceBoilerplate None = new([]);

    private readonly HashSet<ulong> _shingles;

    private SourceBoilerplate(HashSet<ulong> shingles)
    {
        _shingles = shingles;
    }

    public int Count => _shingles.Count;

    public bool Contains(ulong shingle) => _shingles.Contains(shingle);

    /// <summary>Shingles found in at least <paramref name="minItems"/> distinct texts of
    /// <paramref name="recentMatchTexts"/> (the source's recent items; identical texts count once,
    /// so a re-posted item does not turn its own sentences into boilerplate).</summary>
    public static SourceBoilerplate Learn(IEnumerable<string> recentMatchTexts, int minItems)
    {
        ArgumentNullException.ThrowIfNull(recentMatchTexts);
        return Learn(recentMatchTexts.Distinct(StringComparer.Ordinal).Select(Shingles.Of), minItems);
    }

    /// <summary>The same, from the shingle sets of distinct texts.</summary>
    public static SourceBoilerplate Learn(IEnumerable<IReadOnlySet<ulong>> recentShingles, int minItems)
    {
        ArgumentNullException.ThrowIfNull(recentShingles);
        ArgumentOutOfRangeException.ThrowIfLessThan(minItems, 2);
        var counts = new Dictionary<ulong, int>();
        foreach (IReadOnlySet<ulong> shingles in recentShingles)
        {
            foreach (ulong shingle in shingles)
            {
                // One lookup per shingle: every new item of every poll counts the source's recent items.
                CollectionsMarshal.GetValueRefOrAddDefault(counts, shingle, out _)++;
            }
        }

        var learned = new HashSet<ulong>();
        foreach ((ulong shingle, int count) in counts)
        {
            if (count >= minItems)
            {
                learned.Add(shingle);
            }
        }

        return new SourceBoilerplate(learned);
    }
}
