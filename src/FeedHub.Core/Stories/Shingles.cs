namespace FeedHub.Core.Stories;

/// <summary>Word 3-grams of a matching text as 64-bit hashes. Shingles never cross a line, so
/// the title and each paragraph stand on their own and a dropped paragraph costs only its own.
/// The hash is fixed (no per-process seed): index keys derived from it are stored.</summary>
public static class Shingles
{
    public const int Size = 3;

    public static HashSet<ulong> Of(string matchText)
    {
        var shingles = new HashSet<ulong>();
        foreach (string line in matchText.Split('\n'))
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            // A line shorter than a shingle (a two-word title) still counts as one.
            int count = Math.Max(1, words.Length - Size + 1);
            for (int start = 0; start < count; start++)
            {
                ulong hash = 14695981039346656037UL;
                for (int w = start; w < Math.Min(start + Size, words.Length); w++)
                {
                    hash = Add(hash, words[w]);
                    hash = (hash ^ ' ') * 1099511628211UL;
                }

                shingles.Add(Mix(hash));
            }
        }

        return shingles;
    }

    private static ulong Add(ulong hash, string word)
    {
        foreach (char c in word)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    // FNV-1a spreads poorly over high bits on short inputs; the MurmurHash3 finalizer fixes that.
    private static ulong Mix(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9a53fe5334dUL;
        hash ^= hash >> 33;
        return hash;
    }
}
