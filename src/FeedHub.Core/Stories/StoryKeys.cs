namespace FeedHub.Core.Stories;

/// <summary>The index keys a story is found by: a content-defined sample of an item's shingles
/// (those whose hash is 0 modulo the sampling rate), with the source's boilerplate left out.
/// Two texts that share a passage of n shingles share a key with probability 1 − (1 − 1/rate)^n,
/// whatever else either adds: unlike MinHash bands, which estimate resemblance, this finds a copy
/// that is a small part of a long release (containment). Short texts fall back to their lowest
/// hashes so they always have a few keys.</summary>
public static class StoryKeys
{
    public const int MinKeys = 4;

    public static List<long> For(StoryFeatures features, SourceBoilerplate boilerplate, int samplingRate)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(boilerplate);
        ReadOnlySpan<ulong> shingles = features.SortedShingles;
        ReadOnlySpan<int> firstSeen = features.FirstSeen;
        ReadOnlySpan<ulong> common = boilerplate.SortedShingles;

        // The specific shingles (positions in the sorted array), by merging with the boilerplate.
        var specific = new List<int>(shingles.Length);
        int j = 0;
        for (int i = 0; i < shingles.Length; i++)
        {
            while (j < common.Length && common[j] < shingles[i])
            {
                j++;
            }

            if (j >= common.Length || common[j] != shingles[i])
            {
                specific.Add(i);
            }
        }

        if (specific.Count == 0)
        {
            // All boilerplate: still findable through its own text rather than not at all.
            for (int i = 0; i < shingles.Length; i++)
            {
                specific.Add(i);
            }
        }

        // Keys in the order their shingles first occur in the text, as they always were: the
        // candidate ranking adds up key weights in this order.
        var sampled = new List<(int FirstSeen, long Key)>();
        foreach (int i in specific)
        {
            if (shingles[i] % (ulong)samplingRate == 0)
            {
                sampled.Add((firstSeen[i], unchecked((long)shingles[i])));
            }
        }

        sampled.Sort((x, y) => x.FirstSeen.CompareTo(y.FirstSeen));
        List<long> keys = sampled.ConvertAll(key => key.Key);
        if (keys.Count < MinKeys)
        {
            // specific is ascending already: its first ones are the lowest hashes.
            foreach (int i in specific.Take(MinKeys))
            {
                long key = unchecked((long)shingles[i]);
                if (!keys.Contains(key))
                {
                    keys.Add(key);
                }
            }
        }

        return keys;
    }
}
