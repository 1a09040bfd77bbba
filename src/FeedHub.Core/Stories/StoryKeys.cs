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
        var specific = new List<ulong>(features.Shingles.Count);
        foreach (ulong shingle in features.Shingles)
        {
            if (!boilerplate.Contains(shingle))
            {
                specific.Add(shingle);
            }
        }

        if (specific.Count == 0)
        {
            // All boilerplate: still findable through its own text rather than not at all.
            specific.AddRange(features.Shingles);
        }

        var keys = new List<long>();
        foreach (ulong shingle in specific)
        {
            if (shingle % (ulong)samplingRate == 0)
            {
                keys.Add(unchecked((long)shingle));
            }
        }

        if (keys.Count < MinKeys)
        {
            specific.Sort();
            foreach (ulong shingle in specific.Take(MinKeys))
            {
                long key = unchecked((long)shingle);
                if (!keys.Contains(key))
                {
                    keys.Add(key);
                }
            }
        }

        return keys;
    }
}
